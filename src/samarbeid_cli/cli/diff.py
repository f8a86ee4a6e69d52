"""`samarbeid diff`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from, today_from
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _

EXAMPLES = [
    ("samarbeid diff", "HEAD against the working tree."),
    ("samarbeid diff main...HEAD --format md", "A pull request, as a comment."),
    ("samarbeid diff v2025 v2026 --json", "Two tagged revisions, as JSON."),
]


class Format(StrEnum):
    """How the changes are printed."""

    text = "text"
    md = "md"


def diff(
    first: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_A",
            help="The old revision (default HEAD), or a range: main...HEAD compares HEAD with "
            "where it branched off main (what a pull request changes).",
        ),
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(metavar="REV_B", help="The new revision. Default: the working tree."),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option("--format", "-f", help="text for a terminal, md for a pull-request comment."),
    ] = Format.text,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    period: Annotated[
        str | None,
        typer.Option(
            help="Compare the meetings of this half-year (YYYY-H1 or YYYY-H2) only. Default: "
            "the rest of the current half-year and the whole coming one."
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(help="Pretend today is this date (YYYY-MM-DD) when choosing the half-year."),
    ] = None,
    history_file: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="The issue history that says which series were sent (see schedule). "
            "Default: .samarbeid/issued/<municipality>.json beside the data folder.",
            envvar="SAMARBEID_HISTORY",
        ),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """Show what changed in the data between two git revisions, in words.

    Per municipality and arena, in the municipality's målform: arenas added, removed or
    renamed (and what that does to a series already sent), participants added or removed,
    and every other field as old → new ("hver 6. uke på fredag kl. 08.30 → hver 4. uke på
    fredag kl. 08.30"), texts word by word; then each changed series' meetings before and
    after for the rest of the current half-year and the whole coming one, with why a date
    dropped, and the warnings of validate that the change brings. Data that fails validation
    at either revision is listed, and what could not be read is left out of the comparison.

    Exit codes: 0 the changes were printed (also when a revision's data is invalid); 1 not in a
    git repository, an unknown revision, or an identity number in a file or file name at either
    revision (only where it was found is printed); 2 usage error.
    """
    from samarbeid_cli.delivery.history import sent_series
    from samarbeid_cli.loading.at_revision import load_pair
    from samarbeid_cli.renderers import revision_diff as render
    from samarbeid_cli.services.periods import Period
    from samarbeid_cli.services.revision_diff import compare
    from samarbeid_cli.services.revision_plan import windows

    if as_json and output_format is not Format.text:
        raise UsageError(_("--json and --format md exclude each other"))
    data_dir = data_dir_from(data)
    old, new = load_pair(data_dir, first, second)
    day = today_from(today)
    chosen = windows(day, Period.parse(period) if period else None)
    municipalities = old.municipality_files | new.municipality_files
    sent = sent_series(data_dir, sorted(municipalities), history_file)
    comparison = compare(old, new, chosen, day, sent)
    if as_json:
        typer.echo(render.as_json(comparison))
    else:
        typer.echo(render.as_text(comparison, md=output_format is Format.md), nl=False)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(diff.__doc__, EXAMPLES))(diff)
