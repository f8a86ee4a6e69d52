"""How `assumptions` prints its checklist: a line per item, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

import typer

from samarbeid_cli.i18n import _
from samarbeid_cli.services.assumptions import Assumption


def as_json(found: Sequence[Assumption]) -> str:
    """A list of {municipality, path, line, column, field, kind, text}."""
    return json.dumps(
        [
            {
                "municipality": item.municipality,
                "path": item.path,
                "line": item.line,
                "column": item.column,
                "field": item.field,
                "kind": item.kind,
                "text": item.text,
            }
            for item in found
        ],
        ensure_ascii=False,
        indent=2,
    )


def to_terminal(found: Sequence[Assumption]) -> None:
    """`path:line:col: field: text [kind]` per item, then a count."""
    for item in found:
        typer.echo(str(item))
    files = len({item.path for item in found})
    typer.echo(_("{count} to verify in {files} file(s).").format(count=len(found), files=files))
