"""`samarbeid conflicts`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from, today_from


def conflicts(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. aukra.")
    ],
    period: Annotated[
        str | None,
        typer.Option(help="YYYY-H1 or YYYY-H2. Default: the coming half-year (as schedule)."),
    ] = None,
    gap: Annotated[
        int,
        typer.Option(min=0, help="Also report meetings less than this many minutes apart."),
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the pairs as JSON.")] = False,
    today: Annotated[
        str | None,
        typer.Option(help="Pretend today is this date (YYYY-MM-DD) when choosing the period."),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """List double bookings: pairs of meetings in the half-year that overlap (or leave less
    than --gap minutes) where one role or service is expected at both.

    Expected at a meeting: the chair, the conveners (unless only one of them convenes) and the
    standing participants that are not optional, case-only or there only some times a year.

    Exit codes: 0 ok (with or without double bookings); 1 invalid data; 2 usage error.
    """
    from rich.console import Console

    from samarbeid_cli.loading.workspace import load_valid
    from samarbeid_cli.renderers import conflicts as render
    from samarbeid_cli.services.conflicts import conflicts_in
    from samarbeid_cli.services.periods import Period, coming_period

    workspace = load_valid(data_dir_from(data)).workspace
    chosen = Period.parse(period) if period else coming_period(today_from(today))
    found = conflicts_in(workspace, municipality, chosen, gap)
    if as_json:
        typer.echo(render.as_json(found))
    else:
        render.to_terminal(Console(soft_wrap=True), found, municipality, chosen)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(conflicts.__doc__, EXAMPLES))(conflicts)


EXAMPLES = [
    ("samarbeid conflicts -m aukra", "Double bookings in Aukra's coming half-year."),
    (
        "samarbeid conflicts -m inderoy --period 2027-H1 --gap 15",
        "Also meetings less than 15 minutes apart, in spring 2027.",
    ),
]
