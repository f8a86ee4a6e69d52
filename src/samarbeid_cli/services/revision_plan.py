"""What a change does to an arena's meeting plan: the meetings before and after, for the rest
of the current half-year and the whole coming one, and why each dropped date dropped.

Pure: the arena at both revisions comes in loaded, "today" as a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from samarbeid_cli.errors import InputError
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period, coming_period
from samarbeid_cli.services.schedule import Series, build_series

Why = Literal["rule", "closed", "moved", "removed"]


@dataclass(frozen=True)
class Window:
    """A half-year, counted from `first_day` (its first day, or today for the current one)."""

    period: Period
    first_day: dt.date

    @property
    def whole(self) -> bool:
        """Whether the window is the whole half-year."""
        return self.first_day <= self.period.first_day


@dataclass(frozen=True)
class Dropped:
    """A date the old plan had and the new one has not, and why."""

    day: dt.date
    why: Why
    reason: str | None = None
    """For `closed`: the holiday, break or weekend the day falls on under the new rule."""
    moved_to: dt.date | None = None
    """For `moved`: where the new plan holds that meeting instead."""


@dataclass(frozen=True)
class Plan:
    """One window's meetings before and after the change."""

    window: Window
    before: tuple[dt.date, ...]
    after: tuple[dt.date, ...]
    dropped: tuple[Dropped, ...] = ()

    @property
    def added(self) -> tuple[dt.date, ...]:
        """Dates the new plan has and the old one has not."""
        old = set(self.before)
        return tuple(day for day in self.after if day not in old)

    @property
    def changed(self) -> bool:
        """Whether the dates differ."""
        return self.before != self.after


@dataclass(frozen=True)
class MeetingEffect:
    """How the meeting plan differs, window by window."""

    plans: tuple[Plan, ...] = ()
    problem: str | None = None
    """Why the dates could not be worked out at one of the revisions."""

    @property
    def added(self) -> tuple[dt.date, ...]:
        """Every date added, over all windows."""
        return tuple(day for plan in self.plans for day in plan.added)

    @property
    def dropped(self) -> tuple[dt.date, ...]:
        """Every date dropped, over all windows."""
        return tuple(item.day for plan in self.plans for item in plan.dropped)

    def __bool__(self) -> bool:
        return bool(self.problem) or any(plan.changed for plan in self.plans)


def windows(today: dt.date, period: Period | None) -> tuple[Window, ...]:
    """The chosen half-year whole; or else the rest of the current one and the whole coming
    one (in December the coordinator reviews what is left of the autumn and sends the spring).

    Raises:
        UsageError: The coming half-year lies after the last year samarbeid plans for.
    """
    if period is not None:
        return (Window(period, period.first_day),)
    current = Period(today.year, 1 if today.month <= 6 else 2)
    coming = coming_period(today)
    return Window(current, today), Window(coming, coming.first_day)


Version = tuple[Arena, Municipality, str]


def _series(slug: str, arena_slug: str, version: Version, period: Period) -> Series | None:
    arena, municipality, municipality_file = version
    if not arena.has_series:
        return None
    calendar = Calendar(
        municipality, municipality_file, (period.year - 1, period.year, period.year + 1)
    )
    return build_series(slug, arena_slug, arena, period, calendar, ZoneInfo(municipality.timezone))


def _days(series: Series | None, window: Window) -> tuple[dt.date, ...]:
    if series is None:
        return ()
    days = {meeting.start.date() for meeting in series.meetings}
    return tuple(sorted(day for day in days if day >= window.first_day))


def _why(day: dt.date, after: Series | None, removed: bool) -> Dropped:
    if removed:
        return Dropped(day, "removed")
    if after is not None:
        for meeting in after.meetings:
            if meeting.slot == day and meeting.moved:
                return Dropped(day, "moved", moved_to=meeting.start.date())
        for skipped in after.skipped:
            if skipped.date == day:
                return Dropped(day, "closed", reason=skipped.reason)
    return Dropped(day, "rule")


def effect(
    slug: str,
    arena_slug: str,
    old: Version | None,
    new: Version | None,
    chosen: Sequence[Window],
) -> MeetingEffect:
    """The plan before and after for each window; a rule that cannot be worked out at either
    revision (a missing school year) is reported as the problem instead."""
    plans = []
    try:
        for window in chosen:
            before = _series(slug, arena_slug, old, window.period) if old else None
            after = _series(slug, arena_slug, new, window.period) if new else None
            old_days, new_days = _days(before, window), _days(after, window)
            kept = set(new_days)
            dropped = tuple(_why(day, after, new is None) for day in old_days if day not in kept)
            plans.append(Plan(window, old_days, new_days, dropped))
    except InputError as err:
        return MeetingEffect(problem=str(err))
    return MeetingEffect(tuple(plans))
