"""How `validate` shows its verdict."""

from __future__ import annotations

import json
from collections.abc import Sequence

import typer
from rich.console import Console
from rich.table import Table

from samarbeid_cli.models.finding import Finding
from samarbeid_cli.services.validation import MunicipalitySummary


def as_json(
    errors: Sequence[Finding], warnings: Sequence[Finding], summary: Sequence[MunicipalitySummary]
) -> str:
    """`{"valid", "errors", "warnings", "municipalities"}` as documented in the README."""
    return json.dumps(
        {
            "valid": not errors,
            "errors": [finding.as_json() for finding in errors],
            "warnings": [finding.as_json() for finding in warnings],
            "municipalities": [
                {
                    "slug": row.slug,
                    "name": row.name,
                    "kommunenummer": row.kommunenummer,
                    "malform": row.malform,
                    "arenas": row.arenas,
                    "by_level": row.by_level,
                    "on_demand": row.on_demand,
                    "assumptions": row.assumptions,
                }
                for row in summary
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def to_terminal(
    errors: Sequence[Finding], warnings: Sequence[Finding], summary: Sequence[MunicipalitySummary]
) -> None:
    """Problems to stderr, one greppable line each; the summary to stdout."""
    for finding in errors:
        typer.echo(str(finding), err=True)
    for finding in warnings:
        typer.echo(f"{finding} (warning)", err=True)
    if errors:
        files = len({finding.path for finding in errors})
        typer.echo(f"samarbeid: {len(errors)} problem(s) in {files} file(s).", err=True)
        return
    table = Table(title="Valid data", title_justify="left")
    table.add_column("Municipality")
    for heading in ("Nr.", "Arenas", "Individ", "System", "Tjeneste", "On demand"):
        table.add_column(heading, justify="right")
    for row in summary:
        table.add_row(
            f"{row.name} ({row.slug}, {row.malform})",
            row.kommunenummer,
            str(row.arenas),
            *(str(row.by_level[level]) for level in ("individ", "system", "tjeneste")),
            str(row.on_demand),
        )
    console = Console(soft_wrap=False)
    console.print(table)
    total = sum(row.arenas for row in summary)
    console.print(
        f"{len(summary)} municipalities, {total} arenas, {len(warnings)} warning(s)."
        + (
            " Assumed facts are marked in the files: verify them against the sources."
            if any(row.assumptions for row in summary)
            else ""
        )
    )
