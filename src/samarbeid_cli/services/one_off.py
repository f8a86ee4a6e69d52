"""A single meeting outside the half-year's series: an ansvarsgruppe or a samarbeidsmøte about
one child, or an extra meeting of a regular arena (`samarbeid invite`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from samarbeid_cli.errors import InputError, UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.arena import Arena, Participant, Ref
from samarbeid_cli.models.identity_number import identity_number_spans
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Meeting, Series

# A case is named by a reference the service keeps elsewhere (e.g. "AG-2027-014"), never by
# a child's name: letters alone are refused, a digit is required.
_CASE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,31}")


def case_reference(text: str) -> str:
    """A pseudonymous case reference, checked.

    Raises:
        UsageError: It could be a name, or holds an identity number.
    """
    if identity_number_spans(text):
        raise UsageError(
            _(
                "--case looks like a national identity number; use the case's "
                "reference in your case system instead (e.g. AG-2027-014)"
            )
        )
    if not _CASE.fullmatch(text) or not any(c.isdigit() for c in text):
        raise UsageError(
            _(
                "--case must be a case reference such as AG-2027-014: letters, digits "
                "and - . / _ with at least one digit, at most 32 characters (got "
                "{count} characters); never a child's name"
            ).format(count=len(text))
        )
    return text


@dataclass(frozen=True)
class OneOff:
    """What the coordinator asks for."""

    arena_slug: str
    day: dt.date
    start: dt.time
    duration_minutes: int | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()
    """Role or service slugs; empty: the arena's own participants."""
    case: str | None = None
    allow_closed_day: bool = False
    convener: str | None = None
    """Which of the arena's conveners calls this meeting (role or service slug); None: the
    first the data lists, as for the series."""


def _participant(slug: str, municipality: Municipality) -> Participant:
    if slug in municipality.roles:
        return Participant(role=slug)
    if slug in municipality.services:
        return Participant(service=slug)
    known = sorted({*municipality.roles, *municipality.services})
    close = difflib.get_close_matches(slug, known, n=1)
    hint = _("did you mean {name}? ").format(name=repr(close[0])) if close else ""
    raise UsageError(
        _("--participant: no role or service {slug}; {hint}known: {value}").format(
            slug=repr(slug), hint=hint, value=", ".join(known)
        )
    )


def _conveners(arena: Arena, chosen: str) -> list[Ref]:
    """The arena's conveners with `chosen` first, so that it organizes; under "A eller B"
    (any_of) `chosen` alone, since the other does not call this meeting.

    Raises:
        UsageError: `chosen` is not one of the arena's conveners.
    """
    found = [ref for ref in arena.convener if ref.slug == chosen]
    if not found:
        known = ", ".join(ref.slug for ref in arena.convener)
        raise UsageError(
            _("--convener: {slug} is not a convener of {arena}; its conveners: {known}").format(
                slug=repr(chosen), arena=arena.name, known=known
            )
        )
    if arena.convener_rule == "any_of":
        return found
    return [*found, *(ref for ref in arena.convener if ref.slug != chosen)]


def file_stem(request: OneOff) -> str:
    """`ansvarsgruppe-2027-03-10-0900` (and the case reference, made safe for a file name)."""
    stem = f"{request.arena_slug}-{request.day.isoformat()}-{request.start:%H%M}"
    if request.case:
        stem += "-" + case_slug(request.case)
    return stem


def case_slug(case: str) -> str:
    """The case reference as file names and UIDs carry it: "AG-2027-014" -> "ag-2027-014"."""
    return re.sub(r"[^a-z0-9]+", "-", case.lower()).strip("-")


def last_meeting_of_case(
    uids: Iterable[str], municipality_slug: str, arena_slug: str, case: str, before: dt.date
) -> dt.date | None:
    """The day of the case's last meeting before `before`, among the UIDs `invite` issued
    (`<municipality>-<arena>-<date>-<hhmm>-<case>-<n>@samarbeid`); None when it has none.

    Args:
        uids: The issued UIDs that are not cancelled (the issue history's).
    """
    pattern = re.compile(
        re.escape(f"{municipality_slug}-{arena_slug}-")
        + r"(\d{4}-\d{2}-\d{2})-\d{4}-"
        + re.escape(case_slug(case))
        + r"(?:-\d+)?@samarbeid"
    )
    days = []
    for uid in uids:
        match = pattern.fullmatch(uid)
        if match:
            with contextlib.suppress(ValueError):
                days.append(dt.date.fromisoformat(match[1]))
    earlier = [day for day in days if day < before]
    return max(earlier) if earlier else None


def invited_start(
    uids: Iterable[str], municipality_slug: str, arena_slug: str, case: str | None, day: dt.date
) -> dt.time | None:
    """The wall-clock start of the meeting on `day` that `invite` issued for the arena (for
    `case`, or without a case when `case` is None), read from its UID
    (`<municipality>-<arena>-<date>-<hhmm>[-<case>]-<n>@samarbeid`); None when there is none,
    or several at different times (which one is meant, the history cannot tell).

    Args:
        uids: The issued UIDs that are not cancelled (the issue history's).
    """
    starts = set(_invitations(uids, municipality_slug, arena_slug, case, day).values())
    return starts.pop() if len(starts) == 1 else None


def invited_uids(
    uids: Iterable[str], municipality_slug: str, arena_slug: str, case: str | None, day: dt.date
) -> list[str]:
    """The UIDs of the invitation `invited_start` reads the start of (all at that start);
    empty when it finds none, or several at different times."""
    found = _invitations(uids, municipality_slug, arena_slug, case, day)
    return sorted(found) if len(set(found.values())) == 1 else []


def _invitations(
    uids: Iterable[str], municipality_slug: str, arena_slug: str, case: str | None, day: dt.date
) -> dict[str, dt.time]:
    tail = "-" + re.escape(case_slug(case)) if case else ""
    pattern = re.compile(
        re.escape(f"{municipality_slug}-{arena_slug}-{day.isoformat()}-")
        + r"([01]\d|2[0-3])([0-5]\d)"
        + tail
        + r"(?:-\d+)?@samarbeid"
    )
    return {
        uid: dt.time(int(match[1]), int(match[2]))
        for uid, match in ((uid, pattern.fullmatch(uid)) for uid in uids)
        if match
    }


def chosen_participants(
    slugs: Iterable[str], municipality: Municipality
) -> list[Participant] | None:
    """The participants an invitation chose (`-p`, as the issue history records them); None
    when it chose none, or one the data no longer knows (the arena's own then stand)."""
    chosen = list(slugs)
    if not chosen or any(
        slug not in municipality.roles and slug not in municipality.services for slug in chosen
    ):
        return None
    return [_participant(slug, municipality) for slug in chosen]


def _exists(moment: dt.datetime) -> bool:
    """Whether a wall-clock time is one the zone's clocks show (not skipped in spring)."""
    return moment.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(
        tzinfo=None
    ) == moment.replace(tzinfo=None)


def _check_clock(request: OneOff, minutes: int, zone: ZoneInfo) -> None:
    """A one-off meeting ends the day it starts, at wall-clock times that exist.

    Raises:
        UsageError: It would end after midnight, or starts or ends in the hour the clocks skip
            when summer time begins (refused rather than moved: an invitation at a time the
            coordinator did not write is worse than a question).
    """
    start = request.start.hour * 60 + request.start.minute
    if start + minutes > 24 * 60:
        latest = 24 * 60 - minutes
        raise UsageError(
            _(
                "--start {start} with a {minutes}-minute meeting would end after "
                "midnight; start at {value}:{value2} or earlier, or give a shorter "
                "--duration"
            ).format(
                start=format(request.start, "%H:%M"),
                minutes=minutes,
                value=format(latest // 60, "02d"),
                value2=format(latest % 60, "02d"),
            )
        )
    begins = dt.datetime.combine(request.day, request.start, tzinfo=zone)
    ends = begins + dt.timedelta(minutes=minutes)
    for moment in (begins, ends):
        if not _exists(moment):
            raise UsageError(
                _(
                    "--start {start}: the meeting would start or end at {moment} on {day}, "
                    "a time that does not exist in {key} (the clocks are put forward for "
                    "summer time); choose another time"
                ).format(
                    start=format(request.start, "%H:%M"),
                    moment=format(moment, "%H:%M"),
                    day=request.day.isoformat(),
                    key=zone.key,
                )
            )


def one_off_series(
    municipality_slug: str,
    municipality: Municipality,
    arena: Arena,
    request: OneOff,
    calendar: Calendar,
) -> Series:
    """One meeting as a series without a rule, with its own stable UID.

    Raises:
        InputError: The day is a public holiday, a weekend or (for school arenas) in a break.
        UsageError: The meeting would end after midnight, or at a time the clocks skip.
    """
    reason = calendar.closed_reason(
        request.day, school_bound=arena.school_calendar, unit_calendar=arena.unit_calendar
    )
    if reason and not request.allow_closed_day:
        raise InputError(
            _(
                "{day} is closed for {name} ({reason}); choose another day, or pass "
                "--allow-closed-day if the meeting must be held then"
            ).format(day=request.day.isoformat(), name=arena.name, reason=reason)
        )
    update: dict[str, object] = {}
    if request.participants:
        update["participants"] = [_participant(slug, municipality) for slug in request.participants]
    if request.case:
        update["name"] = f"{arena.name} (sak {request.case})"
    if request.convener is not None:
        conveners = _conveners(arena, request.convener)
        update["convener"] = conveners
        if len(conveners) == 1:
            update |= {"convener_rule": "all", "convener_condition": None}
    changed = arena.model_copy(update=update) if update else arena
    zone = ZoneInfo(municipality.timezone)
    minutes = request.duration_minutes or int(arena.duration().total_seconds() // 60)
    _check_clock(request, minutes, zone)
    start = dt.datetime.combine(request.day, request.start, tzinfo=zone)
    location = request.location or arena.meeting.place_of(0)
    period = Period(request.day.year, 1 if request.day.month <= 6 else 2)
    uid = f"{municipality_slug}-{file_stem(request)}@samarbeid"
    meeting = Meeting(start, start + dt.timedelta(minutes=minutes), location)
    return Series(municipality_slug, request.arena_slug, changed, period, uid, None, [meeting])
