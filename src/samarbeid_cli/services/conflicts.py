"""Double bookings: two meetings that overlap (or leave less than a gap between them) where
one role or service is expected at both.

Expected at a meeting: its chair, its conveners (all of them, unless only one of them convenes
at a time), and every standing participant that is not optional, not case-only and not one
that takes part only some times a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.arena import Arena, Ref
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Meeting, Series, schedule


@dataclass(frozen=True)
class Booking:
    """One meeting of one series."""

    series: str
    """The series' slug (`<arena>--<unit>` for one unit's series)."""
    routine: str
    """The arena file's slug."""
    name: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Conflict:
    """Two bookings that need the same role or service at once."""

    first: Booking
    second: Booking
    shared: tuple[str, ...]
    """The roles and services expected at both, as `role:<slug>` or `service:<slug>`."""


def _key(ref: Ref) -> str:
    return f"{ref.kind}:{ref.slug}"


def expected(arena: Arena) -> frozenset[str]:
    """The roles and services expected at every meeting of the arena (see the module)."""
    refs: list[Ref] = [
        participant
        for participant in arena.standing_participants
        if not participant.optional and participant.attends_per_year is None
    ]
    if arena.convener_rule == "all":
        refs.extend(arena.convener)
    if arena.chair is not None:
        refs.append(arena.chair)
    return frozenset(_key(ref) for ref in refs)


def _booking(series: Series, meeting: Meeting) -> Booking:
    return Booking(
        series.arena_slug, series.routine_slug, series.arena.name, meeting.start, meeting.end
    )


def find_conflicts(all_series: Sequence[Series], gap_minutes: int = 0) -> list[Conflict]:
    """Every pair of meetings of different series that overlap, or are closer than the gap,
    and share an expected role or service; in order of the first meeting's start."""
    gap = dt.timedelta(minutes=gap_minutes)
    meetings = sorted(
        (
            (meeting.start, meeting.end, series, expected(series.arena), meeting)
            for series in all_series
            for meeting in series.meetings
        ),
        key=lambda item: (item[0], item[2].arena_slug),
    )
    conflicts = []
    for index, (start, end, series, people, meeting) in enumerate(meetings):
        for other_start, _end, other, other_people, other_meeting in meetings[index + 1 :]:
            if other_start >= end + gap:
                break
            if other.arena_slug == series.arena_slug:
                continue
            shared = people & other_people
            if shared and start < other_meeting.end + gap:
                conflicts.append(
                    Conflict(
                        _booking(series, meeting),
                        _booking(other, other_meeting),
                        tuple(sorted(shared)),
                    )
                )
    return conflicts


def conflicts_in(
    workspace: Workspace, municipality: str, period: Period, gap_minutes: int = 0
) -> list[Conflict]:
    """The double bookings of one municipality's arenas in one half-year.

    Raises:
        UsageError: No such municipality.
        InputError: An arena needs a school year the municipality's data does not have.
    """
    if municipality not in workspace.municipalities:
        known = ", ".join(sorted(workspace.municipalities)) or "none"
        raise UsageError(
            _("--municipality: no municipality {municipality}; known: {known}").format(
                municipality=repr(municipality), known=known
            )
        )
    record = workspace.municipalities[municipality]
    calendar = Calendar(
        record,
        workspace.municipality_files[municipality],
        (period.year - 1, period.year, period.year + 1),
    )
    all_series = schedule(municipality, workspace.arenas_of(municipality), period, calendar)
    return find_conflicts(all_series, gap_minutes)
