"""`samarbeid schedule`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import (
    Command,
    Publish,
    data_dir_from,
    help_from,
    stamp_from,
    today_from,
)

EXAMPLES = [
    ("samarbeid schedule -m selbu", "The coming half-year's meetings for Selbu, as a table."),
    (
        "samarbeid schedule -m aukra --period 2027-H1 --out kalender",
        "One .ics file per arena in kalender/, to import into a calendar.",
    ),
    (
        "samarbeid schedule -m selbu --invitations innkallinger",
        "One e-mail invitation (.eml) per series in innkallinger/, to check before --send.",
    ),
]


class Format(StrEnum):
    """How the series are printed."""

    table = "table"
    json = "json"
    ics = "ics"


def schedule(
    municipality: Annotated[
        str,
        typer.Option(
            "--municipality",
            "-m",
            help="The municipality's slug, e.g. selbu; 'all' for every municipality (JSON or "
            "table, and --out DIR/<municipality>/).",
        ),
    ],
    arena: Annotated[
        list[str] | None,
        typer.Option("--arena", "-a", help="Only this arena (slug); repeat for more."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="YYYY-H1 (January-June) or YYYY-H2 (July-December). Default: the coming "
            "half-year: H2 when run in January-June, next year's H1 when run in July-December."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Write <arena>.ics per arena here (METHOD:PUBLISH, for import)."),
    ] = None,
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default on a terminal), json (default when piped) or ics.",
        ),
    ] = None,
    invitations: Annotated[
        Path | None,
        typer.Option(
            help="Write one .eml invitation per series here (METHOD:REQUEST: Outlook shows "
            "accept/decline), from the convener to every participant in the roster."
        ),
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Send the invitations over SMTP and report which reached whom. Server and "
            "sign-in from SAMARBEID_SMTP_* in your environment (see the README's 'Sending'): "
            "a relay, an OAuth token (Microsoft 365, Google Workspace) or a password. A re-run "
            "sends only what did not arrive.",
        ),
    ] = False,
    publish: Annotated[
        Publish | None,
        typer.Option(
            help="Publish the series as meetings in the convener's Outlook calendar through "
            "Microsoft Graph, a regular series as one Outlook series (one invitation per "
            "attendee): Exchange sends the invitations, digital meetings get a Teams "
            "link, answers come back to Outlook (see 'samarbeid responses'). A re-run updates "
            "changed meetings in place and cancels dropped ones. Sign in with 'samarbeid "
            "login' (see the README's 'Outlook through Microsoft Graph').",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse to write or send anything when a convener, chair or participant has "
            "no address in the roster, or a series is left out because its weekday or start "
            "time is not stated (without it they are listed, and the rest goes ahead).",
        ),
    ] = False,
    cancel: Annotated[
        list[str] | None,
        typer.Option(
            help="Withdraw this arena's series sent before for the period (METHOD:CANCEL to "
            "everyone who received it); repeat for more. With --publish outlook it stays "
            "cancelled on later publishes until --restore names it.",
        ),
    ] = None,
    restore: Annotated[
        list[str] | None,
        typer.Option(
            help="With --publish outlook: publish again this arena's series that --cancel "
            "withdrew for the period (until then later publishes leave it cancelled); repeat "
            "for more.",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Cancel series that were sent before but are gone from the data without asking.",
        ),
    ] = False,
    history: Annotated[
        Path | None,
        typer.Option(
            help="The issue history file (UIDs, SEQUENCE, who received what). Default: one "
            "file per municipality in .samarbeid/issued/ beside the data folder; commit it.",
            envvar="SAMARBEID_HISTORY",
        ),
    ] = None,
    stamp: Annotated[
        str | None,
        typer.Option(
            help="When the calendar files were made (DTSTAMP): a date and time with a UTC "
            "offset, e.g. 2026-12-01T09:00:00Z. Default: SOURCE_DATE_EPOCH, else now. With a "
            "fixed stamp two runs give byte-identical files."
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(help="Pretend today is this date (YYYY-MM-DD) when choosing the period."),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option(help="The data folder. Default: data/ of the workspace you are in."),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Show each arena's slug (what --arena takes) in the table."
        ),
    ] = False,
) -> None:
    """Make the half-year meeting series: dates, skipped holidays and breaks, calendar files
    and invitations.

    In June the coordinator sends the series for the autumn, in December for the spring.
    Meetings never land on a public holiday, and arenas bound to the school calendar never
    in a school break: such a date is skipped (or moved within its week, if the arena says so)
    and listed with its reason. Times are Europe/Oslo wall-clock times all year. Failed
    sending exits 1, like invalid data.
    """
    import datetime as dt

    from samarbeid_cli.cli import run_schedule

    chosen = output_format or (Format.table if sys.stdout.isatty() else Format.json)
    request = run_schedule.Request(
        data_dir=data_dir_from(data),
        municipality=municipality,
        arenas=arena or [],
        period_text=period,
        today=today_from(today),
        stamp=stamp_from(stamp),
        output_format=chosen.value,
        out=out,
        invitations_dir=invitations,
        send=send,
        strict=strict,
        cancel=tuple(cancel or ()),
        restore=tuple(restore or ()),
        assume_yes=yes,
        history_file=history,
        verbose=verbose,
        publish=publish.value if publish else None,
    )
    run_schedule.run(request, now=lambda: dt.datetime.now(dt.UTC), confirm=_confirm)


def _confirm(question: str) -> bool:
    """Ask yes or no, no by default, in the user's language: click's own confirm shows
    "[y/N]" and takes only y/n, so the suffix and the answers are ours ("[j/N]", j/ja/y)."""
    from samarbeid_cli.i18n import _

    # Translators: the answer that means yes comes first; keep the brackets.
    suffix = _("[y/N]")
    yes_words = {"y", "yes", "j", "ja"}
    while True:
        try:
            answer = typer.prompt(f"{question} {suffix}", default="", show_default=False, err=True)
        except typer.Abort:  # no answer (stdin closed): do not cancel
            return False
        word = answer.strip().lower()
        if not word or word in {"n", "no", "nei"}:
            return False
        if word in yes_words:
            return True
        typer.echo(_("answer {yes} or {no}").format(yes=suffix[1], no="n"), err=True)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(schedule.__doc__, EXAMPLES))(schedule)
