"""`samarbeid invite`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import (
    Command,
    Publish,
    data_dir_from,
    help_from,
    in_planned_years,
    stamp_from,
)
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _


def _day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("--date must be a date such as 2027-03-10 (got {value})").format(value=repr(text))
        ) from None
    return in_planned_years(day, "--date", text)


def _location(text: str | None) -> str | None:
    """The place as the data's `meeting.location` must be: one line (it ends up in a calendar
    field and an e-mail, where a line break starts a new one)."""
    from samarbeid_cli.models.types import one_line

    if text is None:
        return None
    try:
        return one_line(text)
    except ValueError as err:
        raise UsageError(f"--location {err}") from None


def _clock(text: str) -> dt.time:
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", text.strip())
    if not match:
        raise UsageError(
            _("--start must be a clock time such as 09:00 or 9.00 (got {value})").format(
                value=repr(text)
            )
        )
    return dt.time(int(match[1]), int(match[2]))


def invite(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. aukra.")
    ],
    arena: Annotated[str, typer.Option("--arena", "-a", help="The arena's slug.")],
    date: Annotated[str, typer.Option("--date", help="The meeting's date, YYYY-MM-DD.")],
    start: Annotated[str, typer.Option("--start", help="Start time, e.g. 09:00.")],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the .ics and the .eml invitation here (needed without --publish)."
        ),
    ] = None,
    duration: Annotated[
        int | None,
        typer.Option(min=5, max=600, help="Minutes; default: the arena's meeting length."),
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option(
            "--participant",
            "-p",
            help="Invite this role or service (slug) instead of the arena's participants; "
            "repeat for more. The convener always organizes.",
        ),
    ] = None,
    convener: Annotated[
        str | None,
        typer.Option(
            help="Which of the arena's conveners calls this meeting (a role or service slug), "
            "e.g. barnevern where the routine says 'the coordinator, or the child welfare "
            "service in child-welfare cases'. Default: the first convener the data lists, the "
            "one that sends the series.",
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option(
            help="A pseudonymous case reference for the subject, e.g. AG-2027-014. Never a "
            "child's name."
        ),
    ] = None,
    location: Annotated[
        str | None, typer.Option(help="Room or Teams; default: the arena's place.")
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send", help="Send the invitation over SMTP, as `schedule --send` does (README)."
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse when someone invited has no address."),
    ] = False,
    publish: Annotated[
        Publish | None,
        typer.Option(
            help="Make the meeting in the convener's Outlook calendar through Microsoft Graph "
            "instead (as schedule --publish outlook); Exchange sends the invitation.",
        ),
    ] = None,
    allow_closed_day: Annotated[
        bool,
        typer.Option(
            "--allow-closed-day", help="Allow a public holiday or (school arenas) a school break."
        ),
    ] = False,
    stamp: Annotated[
        str | None, typer.Option(help="DTSTAMP as ISO date-time with offset; default now.")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(help="The issue history file (see schedule).", envvar="SAMARBEID_HISTORY"),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """Invite to one meeting: an ansvarsgruppe or a samarbeidsmøte about one child, or an extra
    meeting of a regular arena, as .ics and .eml (and sent, with --send) under the same rules
    and issue history as `schedule`.

    The subject is the arena and the case reference you give; names of children never appear.
    A date that is a public holiday (or, for school arenas, in a school break) is refused.

    Exit codes: 0 ok; 1 invalid data or input, or sending failed; 2 usage error; 3 a bug in
    samarbeid; 130 interrupted.

    Examples:

    samarbeid invite -m aukra -a ansvarsgruppemote --date 2027-03-10 --start 09:00
    --case AG-2027-014 -p pp-kontakt -p rektor --out out/invite

    samarbeid invite -m selbu -a samordningsteam-barn-og-unge --date 2027-04-16
    --start 08:30 --out out/extra --send
    """
    from samarbeid_cli.cli import run_invite
    from samarbeid_cli.services.one_off import OneOff, case_reference

    request = OneOff(
        arena_slug=arena,
        day=_day(date),
        start=_clock(start),
        duration_minutes=duration,
        location=_location(location),
        participants=tuple(participant or ()),
        case=case_reference(case) if case is not None else None,
        allow_closed_day=allow_closed_day,
        convener=convener,
    )
    run_invite.run(
        data_dir=data_dir_from(data),
        municipality=municipality,
        request=request,
        out=out,
        send=send,
        strict=strict,
        stamp=stamp_from(stamp),
        history_file=history,
        now=lambda: dt.datetime.now(dt.UTC),
        publish=publish.value if publish else None,
    )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(invite.__doc__))(invite)
