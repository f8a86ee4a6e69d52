"""How `validate` shows its verdict."""

from __future__ import annotations

import json
from collections.abc import Sequence

import typer
from rich.console import Console
from rich.table import Table

from samarbeid_cli.i18n import N_, _, ngettext
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.services.validation import MunicipalitySummary


def as_json(
    errors: Sequence[Finding], warnings: Sequence[Finding], summary: Sequence[MunicipalitySummary]
) -> str:
    """`{"valid", "errors", "warnings", "municipalities"}` as documented in the README; each
    municipality's `on_demand` counts only `kind: on_demand`, `not_stated` the arenas whose
    frequency (or all details) is not stated."""
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
                    "not_stated": row.not_stated,
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
        # Not inside the f-string: pybabel does not extract a call written there.
        typer.echo(f"{finding} (" + _("warning") + ")", err=True)
    if errors:
        files = len({finding.path for finding in errors})
        typer.echo(
            "samarbeid: "
            + _("{count} problem(s) in {files} file(s).").format(count=len(errors), files=files),
            err=True,
        )
        return
    # The two "no series" columns make the table wide: to fit 80 columns the municipality's
    # name keeps its line, its number, slug and målform go on a line of their own, and the
    # two headings wrap (a min_width alone makes rich crop the last column instead).
    table = Table(title=_("Valid data"), title_justify="left")
    table.add_column(
        _("Municipality"), min_width=max((len(row.name) for row in summary), default=0)
    )
    for heading in (N_("Arenas"), "Individ", "System", "Tjeneste"):
        table.add_column(_(heading), justify="right")
    for heading in (N_("On demand"), N_("Not stated")):
        table.add_column(_(heading), justify="right", max_width=8)
    for row in summary:
        table.add_row(
            f"{row.name}\n{row.kommunenummer} ({row.slug}, {row.malform})",
            str(row.arenas),
            *(str(row.by_level[level]) for level in ("individ", "system", "tjeneste")),
            str(row.on_demand),
            str(row.not_stated),
        )
    console = Console(soft_wrap=False)
    console.print(table)
    total = sum(row.arenas for row in summary)
    console.print(
        ngettext(
            # English says "1 municipalities" as it always has; the translation need not.
            "{count} municipalities, {arenas} arenas, {warnings} warning(s).",
            "{count} municipalities, {arenas} arenas, {warnings} warning(s).",
            len(summary),
        ).format(count=len(summary), arenas=total, warnings=len(warnings))
        + (
            " " + _("Assumed facts are marked in the files: verify them against the sources.")
            if any(row.assumptions for row in summary)
            else ""
        )
    )
