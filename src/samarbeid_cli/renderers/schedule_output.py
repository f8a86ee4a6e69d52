"""`schedule` on the terminal (rich, in the municipality's written standard) and as JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.i18n import _
from samarbeid_cli.models.frequency import OnDemand
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.renderers import texts
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Series


def as_json(all_series: Sequence[Series], timezone: str) -> str:
    """One object per meeting; the stable interface the README documents (see `rows`)."""
    return json_text(rows(all_series, timezone))


def json_text(value: object, depth: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, as nested `depth` levels deep.

    The json module indents in pure Python, a quarter of `schedule --municipality all`; here
    each text goes through its C string encoder and the rest is joined (issue 19).
    tests/test_streaming.py holds the two side by side.
    """
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        if not value:
            return "{}"
        items = (
            inner + encode_basestring(key) + ": " + json_text(item, depth + 1)
            for key, item in value.items()
        )
        return "{" + ",".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = (inner + json_text(item, depth + 1) for item in value)
        return "[" + ",".join(items) + "\n" + "  " * depth + "]"
    written = json.dumps(value, ensure_ascii=False, indent=2)
    return written.replace("\n", "\n" + "  " * depth)


def rows(all_series: Sequence[Series], timezone: str) -> list[dict[str, object]]:
    """One object per meeting; the stable interface the README documents.

    Each object: municipality, arena, name, period, start, end (ISO 8601 with UTC offset),
    timezone, location, uid, recurrence_id (the rule date's start for a series, else null),
    moved_from ({date, reason} or null) and skipped (every {date, reason} the series skips in
    the period; the same list on each meeting of a series).
    """
    found: list[dict[str, object]] = []
    for series in all_series:
        skipped = [
            {"date": item.date.isoformat(), "reason": item.reason} for item in series.skipped
        ]
        for uid, meetings in series.by_uid():
            for meeting in meetings:
                recurrence_id = None
                if series.rule is not None and meeting.slot is not None:
                    recurrence_id = meeting.start.replace(
                        year=meeting.slot.year, month=meeting.slot.month, day=meeting.slot.day
                    ).isoformat()
                found.append(
                    {
                        "municipality": series.municipality,
                        "arena": series.arena_slug,
                        "name": series.arena.name,
                        "period": str(series.period),
                        "start": meeting.start.isoformat(),
                        "end": meeting.end.isoformat(),
                        "timezone": timezone,
                        "location": meeting.location,
                        "uid": uid,
                        "recurrence_id": recurrence_id,
                        "moved_from": (
                            {"date": meeting.slot.isoformat(), "reason": meeting.moved_because}
                            if meeting.moved and meeting.slot
                            else None
                        ),
                        "skipped": skipped,
                    }
                )
    return found


def to_terminal(
    console: Console,
    all_series: Sequence[Series],
    municipality: Municipality,
    period: Period,
    chosen_on: dt.date | None,
    *,
    verbose: bool = False,
) -> None:
    """Per arena: its meetings, then every skipped or moved date with the reason.

    Every word is in the municipality's written standard. The arena is shown by its name;
    `verbose` adds its slug (what --arena takes).

    Args:
        console: Where to print.
        all_series: The series to show.
        municipality: Whose schedule it is (name, malform).
        period: The half-year shown.
        chosen_on: The date the period was chosen from, when no period was given.
        verbose: Show each arena's slug too.
    """
    malform = municipality.malform
    heading = f"[bold]{escape(municipality.name)}[/bold]: {texts.period_text(period, malform)}"
    why = f", {texts.chosen_text(chosen_on, malform)}" if chosen_on else ""
    console.print(f"{heading} [dim]({period}{escape(why)})[/dim]")
    for series in all_series:
        arena = series.arena
        frequency = arena.frequency.text or texts.frequency_text(arena.frequency, malform)
        slug = f" ({escape(series.arena_slug)})" if verbose else ""
        console.print()
        console.print(
            f"[bold cyan]{escape(arena.name)}[/bold cyan][dim]{slug}: {escape(frequency)}[/dim]"
        )
        if series.on_demand and not series.undecided:
            met_on_demand = isinstance(arena.frequency, OnDemand)
            console.print(
                f"  {texts.word(malform, 'on_demand' if met_on_demand else 'not_stated')}"
            )
            continue
        if series.undecided:
            console.print(f"  [yellow]{texts.undecided_text(series.undecided, malform)}[/yellow]")
            continue
        if not series.meetings:
            console.print(f"  [yellow]{texts.word(malform, 'no_meetings')}[/yellow]")
        for meeting in series.meetings:
            line = f"  {texts.meeting_text(meeting.start, meeting.end, malform)}"
            if meeting.location:
                line += f"  [dim]{escape(meeting.location)}[/dim]"
            if meeting.moved and meeting.slot:
                moved = texts.word(
                    malform,
                    "moved",
                    date=texts.day_text(meeting.slot, malform),
                    reason=meeting.moved_because,
                )
                line += f"  [yellow]{escape(moved)}[/yellow]"
            console.print(line)
        for skipped in series.skipped:
            console.print(
                f"  [yellow]✗ {texts.day_text(skipped.date, malform)}: "
                f"{escape(skipped.reason)}[/yellow]"
            )
        if series.shortfall:
            weekday = (
                texts.weekday_name(series.meetings[0].start.date(), malform)
                if series.meetings
                else ""
            )
            console.print(
                "  [red]"
                + escape(
                    texts.word(
                        malform,
                        "shortfall",
                        found=len(series.meetings),
                        weekday=weekday,
                        wanted=len(series.meetings) + series.shortfall,
                    )
                )
                + "[/red]"
            )


def report_invitations(
    console: Console,
    written: Sequence[str],
    without_organizer: Sequence[str],
    without_address: Mapping[str, Sequence[str]],
) -> None:
    """What happened to the invitations, including whom they could not reach."""
    for name in written:
        console.print(_("wrote {path}").format(path=escape(name)))
    for slug in without_organizer:
        console.print(
            "[yellow]"
            + _("no invitation for {slug}: no convener has an address in the roster").format(
                slug=escape(slug)
            )
            + "[/yellow]"
        )
    for slug, names in without_address.items():
        console.print(
            "[yellow]"
            + _("{slug}: no address in the roster for {names}; they are not invited").format(
                slug=escape(slug), names=escape(", ".join(names))
            )
            + "[/yellow]"
        )
