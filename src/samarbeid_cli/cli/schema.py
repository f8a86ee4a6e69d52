"""`samarbeid schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, help_from
from samarbeid_cli.i18n import _

EXAMPLES = [
    ("samarbeid schema", "Write the schemas to schemas/, where the bundled data points."),
    ("samarbeid schema --out skjema", "Write them to skjema/ instead."),
]


def schema(
    out: Annotated[Path, typer.Option(help="Folder to write the *.schema.json files to.")] = Path(
        "schemas"
    ),
) -> None:
    """Write the JSON Schema of municipality, arena and annual-wheel files.

    Editors that use yaml-language-server (VS Code's YAML extension, Neovim, ...) then check
    the files as you type: the bundled data points at schemas/ with a
    '# yaml-language-server: $schema=...' line, and .vscode/settings.json maps the folders.
    """
    from samarbeid_cli.delivery.writing import check_output_folder, write_all
    from samarbeid_cli.services.schema import schemas

    check_output_folder(out, "--out")

    files = {
        out / name: (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode()
        for name, content in schemas().items()
    }
    write_all(files)
    for path in files:
        typer.echo(_("wrote {path}").format(path=path))


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(schema.__doc__, EXAMPLES))(schema)
