"""Meeting series: an arena's frequency rule -> its meetings in a half-year.

Pure functions: the period, the calendar and every id come in as parameters.

Rules, per frequency kind:
- every_n_weeks / weekly / monthly: the rule's dates in the period ("slots"). Every-N-weeks
  counts from the anchor date, so a series stays in step across half-years. A slot on a closed
  day is skipped, or moved to the nearest open day earlier or later in the same week when the
  arena says so (never onto or past a neighbouring meeting).
- monthly (unless `stay_in_month: false`): "once a month" means every month that is open, so a
  closed slot moves to the nearest open same weekday of its month, else the nearest open
  weekday of the month (ties go the way on_closed_day says, else later); only a month closed
  throughout is skipped. A school-bound monthly arena thus meets August-June, never July.
- per_term / range: the term's open days on the preferred weekday (inside the rule's window,
  if it has one), and the meetings spread evenly over them: the middle of each of N equal
  stretches, unless that puts two in a month while an open month holds none; then month by
  month (`spread_over_months`).
  Terms are the school year's autumn (first school day - 31 December) and spring
  (1 January - last school day).
- Arenas bound to the school calendar also keep off the first N school days of each school
  year where the municipality says so (`meeting_free_first_school_days`; default none).
- per-unit arenas: one series per unit (see `services.units`), slug `<arena>--<unit>`.
- per_year ("8 ganger i året", a count alone): the school year's open days on the weekday
  (the calendar year's for an arena not bound to school), spread by month (`spread_by_month`)
  so no month holds two while an open month holds none; the period keeps its part.
- on_demand, not_stated: no meetings; the arena still shows in every overview.
- A series whose weekday, anchor or start time the data gives as not_stated has no meetings
  either: `Series.undecided` names the fields, for the commands to refuse it by name; an
  arena whose details are not written yet (`details: not_stated`) names `details`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from samarbeid_cli.models.arena import Arena, OnClosedDay
from samarbeid_cli.models.frequency import (
    NO_SERIES,
    EveryNWeeks,
    Monthly,
    PerTerm,
    PerYear,
    PerYearRange,
    Weekly,
    Window,
)
from samarbeid_cli.models.municipality import SCHOOL_CALENDAR
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.units import instances

WEEK = dt.timedelta(weeks=1)
T = TypeVar("T")


@dataclass(frozen=True)
class Skipped:
    """A date the rule gave that has no meeting, and why."""

    date: dt.date
    reason: str


@dataclass(frozen=True)
class Meeting:
    """One meeting of a series."""

    start: dt.datetime
    end: dt.datetime
    location: str | None
    slot: dt.date | None = None
    """The rule's date this meeting stands for (its RECURRENCE-ID); None outside a rule."""
    moved_because: str | None = None

    @property
    def moved(self) -> bool:
        """Whether the meeting was moved off its rule date."""
        return self.slot is not None and self.slot != self.start.date()


@dataclass(frozen=True)
class Rule:
    """The recurrence a series follows, in iCalendar's terms."""

    freq: Literal["WEEKLY", "MONTHLY"]
    interval: int
    weekday: int
    nth: int | None = None
    """For MONTHLY: 1-4, or -1 for the last weekday of the month."""


@dataclass(frozen=True)
class Series:
    """An arena's meetings in one half-year."""

    municipality: str
    arena_slug: str
    arena: Arena
    period: Period
    uid: str
    rule: Rule | None
    meetings: list[Meeting] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    shortfall: int = 0
    """Meetings the frequency asks for that found no open day (per-term arenas)."""
    routine: str = ""
    """The arena file's slug; differs from `arena_slug` for one unit's series of a per-unit
    arena (`arena_slug` is then `<routine>--<unit>`). Empty means the same as `arena_slug`."""
    unit: str | None = None
    """The unit's slug, for a per-unit arena's series."""
    undecided: tuple[tuple[str, ...], ...] = ()
    """The fields a calendar needs that the data gives as not stated (`("frequency",
    "weekday")`, `("meeting", "start")`): the series has no meetings until they are decided."""

    @property
    def routine_slug(self) -> str:
        """The slug of the arena file this series comes from."""
        return self.routine or self.arena_slug

    @property
    def on_demand(self) -> bool:
        """Whether the arena has no series at all (on demand, or its frequency not stated)."""
        return isinstance(self.arena.frequency, NO_SERIES)

    def by_uid(self) -> list[tuple[str, list[Meeting]]]:
        """The meetings grouped as calendar clients will see them: a regular series is one
        UID; meetings without a rule have a UID each (`...-1@samarbeid`, `...-2@...`)."""
        if not self.meetings:
            return []
        if self.rule is not None:
            return [(self.uid, list(self.meetings))]
        local, _, domain = self.uid.partition("@")
        return [
            (f"{local}-{index + 1}@{domain}", [meeting])
            for index, meeting in enumerate(self.meetings)
        ]


def series_uid(municipality: str, arena: str, period: Period) -> str:
    """Stable UID: the same municipality, arena and half-year give the same UID, so a
    re-issued file updates the events instead of duplicating them."""
    return f"{municipality}-{arena}-{str(period).lower()}@samarbeid"


def identity_slug(arena_slug: str, arena: Arena) -> str:
    """The slug a series' UID is made from: the arena's, or the one it had before a rename
    the data states (`renamed_from:`), so calendars keep the series already sent. A unit's
    instance (`<arena>--<unit>`) keeps its unit part."""
    if arena.renamed_from is None:
        return arena_slug
    _routine, separator, unit = arena_slug.partition("--")
    return f"{arena.renamed_from}{separator}{unit}"


def _every(first: dt.date, step: dt.timedelta, period: Period) -> list[dt.date]:
    count = (period.last_day - first) // step + 1 if first <= period.last_day else 0
    return [first + step * index for index in range(count)]


def _slots_every_n_weeks(frequency: EveryNWeeks, anchor: dt.date, period: Period) -> list[dt.date]:
    step = WEEK * frequency.every_weeks
    offset = (period.first_day - anchor).days
    return _every(anchor + step * -(-offset // step.days), step, period)


def _slots_weekly(weekday: int, period: Period) -> list[dt.date]:
    first = period.first_day + dt.timedelta(days=(weekday - period.first_day.weekday()) % 7)
    return _every(first, WEEK, period)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-4) or last (-1) given weekday of a month."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7) + WEEK * (nth - 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _nth(frequency: Monthly) -> int:
    assert frequency.week is not None, "undecided() names a missing week"
    return -1 if frequency.week == "last" else int(frequency.week)


def _slots_monthly(frequency: Monthly, weekday: int, period: Period) -> list[dt.date]:
    nth = _nth(frequency)
    months = range(period.first_day.month, period.last_day.month + 1)
    return [nth_weekday(period.year, month, weekday, nth) for month in months]


def _rule_of(frequency: EveryNWeeks | Weekly | Monthly, weekday: int) -> Rule:
    if isinstance(frequency, EveryNWeeks):
        return Rule("WEEKLY", frequency.every_weeks, weekday)
    if isinstance(frequency, Weekly):
        return Rule("WEEKLY", 1, weekday)
    nth = _nth(frequency)
    return Rule("MONTHLY", 1, weekday, nth)


def undecided(arena: Arena) -> tuple[tuple[str, ...], ...]:
    """The fields a calendar needs that the arena gives as not stated: its meeting day, the
    date an every-N-weeks series keeps step with, and its start time; `details` for an arena
    whose details are not written yet. Empty for an arena with no series, and for one whose
    series can be made."""
    if arena.details_missing:
        return (("details",),)
    frequency = arena.frequency
    if isinstance(frequency, NO_SERIES):
        return ()
    missing: list[tuple[str, ...]] = []
    if frequency.weekday is None:
        missing.append(("frequency", "weekday"))
    if isinstance(frequency, Monthly) and frequency.week is None:
        missing.append(("frequency", "week"))
    if isinstance(frequency, EveryNWeeks) and frequency.anchor is None:
        missing.append(("frequency", "anchor"))
    if arena.meeting.start is None:
        missing.append(("meeting", "start"))
    return tuple(missing)


def _moved_day(
    slot: dt.date,
    direction: OnClosedDay,
    after: dt.date,
    before: dt.date,
    is_open: Callable[[dt.date], bool],
) -> dt.date | None:
    """The nearest open day in `direction` within the slot's week, strictly between the
    previous meeting or period start (`after`) and the next slot or period end (`before`)."""
    step = dt.timedelta(days=-1 if direction is OnClosedDay.earlier else 1)
    day = slot + step
    while day.isocalendar()[:2] == slot.isocalendar()[:2] and day.weekday() < 5:
        if after < day < before and is_open(day):
            return day
        day += step
    return None


def _day_in_month(
    slot: dt.date, direction: OnClosedDay, is_open: Callable[[dt.date], bool]
) -> dt.date | None:
    """The open day of the slot's month nearest to it: the same weekday first, then any
    weekday; on a tie the direction decides (earlier, else later)."""
    first = slot.replace(day=1)
    days = []
    day = first
    while day.month == slot.month:
        if day != slot and is_open(day):
            days.append(day)
        day += dt.timedelta(days=1)
    earlier_first = direction is OnClosedDay.earlier

    def preference(day: dt.date) -> tuple[bool, int, bool]:
        gap = (day - slot).days
        return day.weekday() != slot.weekday(), abs(gap), (gap > 0) == earlier_first

    return min(days, key=preference, default=None)


def _meeting(
    arena: Arena,
    day: dt.date,
    zone: ZoneInfo,
    index: int,
    slot: dt.date | None = None,
    moved_because: str | None = None,
) -> Meeting:
    start_time = arena.meeting.start
    assert start_time is not None, "validated: series arenas have a start time"
    # Wall-clock time in the municipality's zone: 08:30 stays 08:30 across DST changes.
    start = dt.datetime.combine(day, start_time, tzinfo=zone)
    return Meeting(
        start=start,
        end=start + arena.duration(),
        location=arena.meeting.place_of(index),
        slot=slot,
        moved_because=moved_because,
    )


def _from_rule(
    arena: Arena,
    slots: list[dt.date],
    calendar: Calendar,
    zone: ZoneInfo,
    period: Period,
    first_index: int,
) -> tuple[list[Meeting], list[Skipped]]:
    school_bound, own = arena.school_calendar, arena.unit_calendar

    def is_open(day: dt.date) -> bool:
        return calendar.closed_reason(day, school_bound=school_bound, unit_calendar=own) is None

    meetings: list[Meeting] = []
    skipped: list[Skipped] = []
    for position, slot in enumerate(slots):
        index = first_index + position
        reason = calendar.closed_reason(slot, school_bound=school_bound, unit_calendar=own)
        if reason is None:
            meetings.append(_meeting(arena, slot, zone, index, slot=slot))
            continue
        frequency = arena.frequency
        if isinstance(frequency, Monthly) and frequency.stay_in_month:
            day = _day_in_month(slot, arena.on_closed_day, is_open)
            if day is not None:
                meetings.append(_meeting(arena, day, zone, index, slot=slot, moved_because=reason))
                continue
        elif arena.on_closed_day is not OnClosedDay.skip:
            after = meetings[-1].start.date() if meetings else period.first_day - dt.timedelta(1)
            before = (
                slots[position + 1]
                if position + 1 < len(slots)
                else period.last_day + dt.timedelta(1)
            )
            day = _moved_day(slot, arena.on_closed_day, after, before, is_open)
            if day is not None:
                meetings.append(_meeting(arena, day, zone, index, slot=slot, moved_because=reason))
                continue
        skipped.append(Skipped(slot, reason))
    return meetings, skipped


def _term(calendar: Calendar, period: Period) -> tuple[dt.date, dt.date]:
    year = calendar.school_year(period.first_day if period.half == 2 else period.last_day)
    if period.half == 1:
        return period.first_day, min(year.last_day, period.last_day)
    return max(year.first_day, period.first_day), period.last_day


def spread(candidates: list[T], count: int) -> list[T]:
    """`count` of the candidates, evenly spread: the middle of each of `count` equal stretches.

    Deterministic, and never picks the same day twice.
    """
    if count >= len(candidates):
        return list(candidates)
    return [candidates[(2 * index + 1) * len(candidates) // (2 * count)] for index in range(count)]


def spread_by_month(candidates: list[dt.date], count: int) -> list[dt.date]:
    """`count` of the candidates, month by month: every month with a candidate gets its share
    (the months that get one more are spread evenly), so no month holds two meetings while a
    month with an open day holds none; within a month, spread as `spread` does."""
    if count >= len(candidates):
        return list(candidates)
    months: dict[tuple[int, int], list[dt.date]] = {}
    for day in candidates:
        months.setdefault((day.year, day.month), []).append(day)
    days_by_month = list(months.values())
    base, extra = divmod(count, len(days_by_month))
    more = set(spread(list(range(len(days_by_month))), extra))
    shares = [base + (index in more) for index in range(len(days_by_month))]
    # A month with fewer open days than its share passes the rest on to the months that can
    # take one more, the fullest first.
    left = 0
    for index, days in enumerate(days_by_month):
        if shares[index] > len(days):
            left += shares[index] - len(days)
            shares[index] = len(days)
    while left:
        roomy = [index for index, days in enumerate(days_by_month) if shares[index] < len(days)]
        index = min(roomy, key=lambda index: (shares[index], -len(days_by_month[index]), index))
        shares[index] += 1
        left -= 1
    return [
        day
        for days, share in zip(days_by_month, shares, strict=True)
        for day in spread(days, share)
    ]


def _crowded(chosen: list[dt.date], candidates: list[dt.date]) -> bool:
    """Whether a month holds two of the chosen days while a month with a candidate holds
    none."""
    months = Counter((day.year, day.month) for day in chosen)
    open_months = {(day.year, day.month) for day in candidates}
    return max(months.values(), default=0) > 1 and len(months) < len(open_months)


def spread_over_months(candidates: list[dt.date], count: int) -> list[dt.date]:
    """`count` of the candidates, evenly spread (`spread`), unless that puts two in one month
    while a month with an open day gets none (four autumn meetings: two in September, none in
    October after its høstferie); then month by month (`spread_by_month`)."""
    chosen = spread(candidates, count)
    return spread_by_month(candidates, count) if _crowded(chosen, candidates) else chosen


def _open_days(
    start: dt.date,
    end: dt.date,
    weekday: int,
    calendar: Calendar,
    window: Window | None,
    school_bound: bool,
    unit_calendar: str = SCHOOL_CALENDAR,
) -> list[dt.date]:
    days = []
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    while day <= end:
        in_window = window is None or day in window
        reason = calendar.closed_reason(day, school_bound=school_bound, unit_calendar=unit_calendar)
        if in_window and reason is None:
            days.append(day)
        day += WEEK
    return days


def _per_term(
    arena: Arena,
    frequency: PerTerm | PerYearRange,
    weekday: int,
    period: Period,
    calendar: Calendar,
) -> tuple[list[dt.date], int]:
    wanted = frequency.meetings_in(period.half)
    if wanted == 0:
        return [], 0
    start, end = _term(calendar, period)
    # Term weeks are school weeks: every per-term arena keeps off breaks and holidays (a
    # unit with a calendar of its own keeps off what that calendar closes instead).
    candidates = _open_days(
        start,
        end,
        weekday,
        calendar,
        frequency.window,
        school_bound=True,
        unit_calendar=arena.unit_calendar,
    )
    chosen = spread_over_months(candidates, wanted)
    return chosen, wanted - len(chosen)


def per_year_days(
    arena: Arena, frequency: PerYear, weekday: int, period: Period, calendar: Calendar
) -> tuple[list[dt.date], int]:
    """The meeting days of a yearly count in the period, and how many of the year's share
    found no open day. The whole year is spread at once, so the autumn and spring halves
    fit together: the school year for a school-bound arena, else the calendar year."""
    if arena.school_calendar and arena.unit_calendar == SCHOOL_CALENDAR:
        year = calendar.school_year(period.first_day if period.half == 2 else period.last_day)
        start, end = year.first_day, year.last_day
    else:
        # A unit with a calendar of its own (a kindergarten's, or none) counts the calendar
        # year, as an arena not bound to school does.
        start, end = dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    school_bound = arena.school_calendar
    candidates = _open_days(
        start, end, weekday, calendar, frequency.window, school_bound, arena.unit_calendar
    )
    chosen = spread_by_month(candidates, frequency.per_year)
    in_period = [day for day in chosen if period.first_day <= day <= period.last_day]
    # The year's shortfall is counted once: in the half that holds its first meeting.
    first = chosen[0] if chosen else start
    short = frequency.per_year - len(chosen)
    return in_period, short if period.first_day <= first <= period.last_day else 0


def build_series(
    municipality: str,
    arena_slug: str,
    arena: Arena,
    period: Period,
    calendar: Calendar,
    zone: ZoneInfo,
) -> Series:
    """The meetings (and skipped dates) of one arena in one half-year.

    Raises:
        InputError: The arena needs a school year the municipality's data does not have.
    """
    uid = series_uid(municipality, identity_slug(arena_slug, arena), period)
    frequency = arena.frequency
    missing = undecided(arena)
    if isinstance(frequency, NO_SERIES) or missing:
        return Series(municipality, arena_slug, arena, period, uid, rule=None, undecided=missing)
    assert frequency.weekday is not None, "undecided() names a missing weekday"
    weekday = frequency.weekday.number
    if isinstance(frequency, PerTerm | PerYearRange | PerYear):
        if isinstance(frequency, PerYear):
            days, shortfall = per_year_days(arena, frequency, weekday, period, calendar)
        else:
            days, shortfall = _per_term(arena, frequency, weekday, period, calendar)
        meetings = [_meeting(arena, day, zone, index) for index, day in enumerate(days)]
        return Series(
            municipality, arena_slug, arena, period, uid, None, meetings, shortfall=shortfall
        )
    if isinstance(frequency, EveryNWeeks):
        anchor = frequency.anchor
        assert anchor is not None, "undecided() names a missing anchor"
        slots = _slots_every_n_weeks(frequency, anchor, period)
        # Alternating venues follow the count from the anchor, so they alternate across
        # half-years too.
        step_days = 7 * frequency.every_weeks
        first_index = (slots[0] - anchor).days // step_days if slots else 0
    elif isinstance(frequency, Weekly):
        slots, first_index = _slots_weekly(weekday, period), 0
    else:
        slots, first_index = _slots_monthly(frequency, weekday, period), 0
    meetings, skipped = _from_rule(arena, slots, calendar, zone, period, first_index)
    rule = _rule_of(frequency, weekday)
    return Series(municipality, arena_slug, arena, period, uid, rule, meetings, skipped)


def schedule(
    municipality: str,
    arenas: dict[str, Arena],
    period: Period,
    calendar: Calendar,
) -> list[Series]:
    """Every arena's series for one half-year, in arena order.

    Raises:
        InputError: An arena needs a school year the municipality's data does not have.
    """
    zone = ZoneInfo(calendar.municipality.timezone)
    result = []
    for instance in instances(arenas, calendar.municipality):
        series = build_series(municipality, instance.slug, instance.arena, period, calendar, zone)
        if instance.unit is not None:
            series = replace(series, routine=instance.routine, unit=instance.unit)
        result.append(series)
    return result
