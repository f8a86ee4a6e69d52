"""`samarbeid site`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from, stamp_from, today_from

EXAMPLES = [
    ("samarbeid site -m aukra --out public", "Aukra's site in public/, ready for Pages."),
    (
        "samarbeid site -m selbu --out nettside --period 2027-H1 --period 2027-H2",
        "The feeds hold exactly these two half-years.",
    ),
    (
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) samarbeid site -m selbu --out public",
        "The same commit gives the same bytes (DTSTAMP from the last commit).",
    ),
]


def site(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. aukra.")
    ],
    out: Annotated[
        Path,
        typer.Option(
            help="The site's folder (created, or updated all at once): upload it as it is."
        ),
    ],
    period: Annotated[
        list[str] | None,
        typer.Option(
            help="A half-year in the feeds, YYYY-H1 or YYYY-H2; repeat for more. Default: the "
            "current half-year and the coming one."
        ),
    ] = None,
    school_year: Annotated[
        bool,
        typer.Option(
            "--school-year",
            help="Show the wheel for the school year (August-July), not the calendar year.",
        ),
    ] = False,
    stamp: Annotated[
        str | None,
        typer.Option(
            help="DTSTAMP of the feeds (ISO date-time with offset); default SOURCE_DATE_EPOCH, "
            "else now. With a fixed stamp two builds give byte-identical folders."
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            help="Pretend today is this date (YYYY-MM-DD) when choosing the half-years and "
            "the wheel's year."
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            help="The issue history 'schedule' keeps, read (never written) so that a feed "
            "carries the SEQUENCE its invitations carried. Default: .samarbeid/issued/ beside "
            "the data folder.",
            envvar="SAMARBEID_HISTORY",
        ),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """Build the municipality's public site: one static folder for any web server, GitHub
    Pages or GitLab Pages.

    index.html is the public overview of the arenas; arena/<arena>.html holds each arena's
    routine; arshjul.html and arshjul.svg the annual wheel; <municipality>.ics and
    kalender/<series>.ics are calendars to subscribe to by URL (no METHOD, the same UIDs as
    'schedule'), so a subscribed calendar follows every change of the plan. Only what is
    already public goes in: roles and services, never the roster's names or addresses. The
    pages work without JavaScript and print well.

    Exit codes: 0 ok; 1 invalid data, or the folder cannot be written; 2 usage error.
    """
    from samarbeid_cli.cli import run_site

    data_dir = data_dir_from(data)
    run_site.run(
        data_dir=data_dir,
        municipality=municipality,
        out=out,
        periods=period or [],
        school_year=school_year,
        stamp=stamp_from(stamp),
        today=today_from(today),
        history_file=history,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(site.__doc__, EXAMPLES))(site)
