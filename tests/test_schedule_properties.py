"""Properties of every schedule, over random rules, anchors and half-years 2025-2040.

The oracle for closed days is independent of the engine: Easter from dateutil for the
holidays, and the synthetic school calendar the test municipality is built from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from samarbeid_cli.models.arena import Arena
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Series, schedule
from tests.calendar_oracle import in_school_break, is_public_holiday, municipality

TOWN = municipality(2024, 2041)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]

periods = st.builds(Period, st.integers(2025, 2040), st.sampled_from([1, 2]))
weekdays = st.sampled_from(WEEKDAYS)


@st.composite
def every_n_weeks(draw: st.DrawFn) -> dict[str, Any]:
    """A random every-N-weeks rule with an anchor on its weekday."""
    weekday = draw(weekdays)
    day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2040, 12, 24)))
    anchor = day + dt.timedelta(days=(WEEKDAYS.index(weekday) - day.weekday()) % 7)
    every = draw(st.integers(1, 8))
    return {
        "kind": "every_n_weeks",
        "every_weeks": every,
        "weekday": weekday,
        "anchor": str(anchor),
    }


frequencies = st.one_of(
    every_n_weeks(),
    st.builds(lambda w: {"kind": "weekly", "weekday": w}, weekdays),
    st.builds(
        lambda w, n: {"kind": "monthly", "weekday": w, "week": n},
        weekdays,
        st.sampled_from([1, 2, 3, 4, "last"]),
    ),
    st.builds(
        lambda w, a, b: {"kind": "per_term", "weekday": w, "spring": a, "autumn": b},
        weekdays,
        st.integers(0, 8),
        st.integers(0, 8),
    ).filter(lambda frequency: frequency["spring"] + frequency["autumn"] > 0),
    st.builds(
        lambda w, low, extra: {
            "kind": "range",
            "weekday": w,
            "min_per_year": low,
            "max_per_year": low + extra,
        },
        weekdays,
        st.integers(1, 12),
        st.integers(0, 3),
    ),
)

arenas = st.builds(
    lambda frequency, bound, policy, start, minutes: Arena.model_validate(
        {
            "name": "Testteam",
            "level": "system",
            "mandate": "Drøfte felles tema.",
            "convener": {"role": "koordinator"},
            "meeting": {"form": "digital", "start": start, "duration_minutes": minutes},
            "frequency": frequency,
            "school_calendar": bound,
            "on_closed_day": policy,
        }
    ),
    frequencies,
    st.booleans(),
    st.sampled_from(["skip", "earlier", "later"]),
    st.sampled_from(["07:45", "08:30", "12:00", "14:15"]),
    st.sampled_from([30, 60, 90, 120]),
)


def build(arena: Arena, period: Period) -> Series:
    """The engine's series for one random arena."""
    calendar = Calendar(TOWN, "testvik.yaml", (period.year - 1, period.year, period.year + 1))
    return schedule("testvik", {"testteam": arena}, period, calendar)[0]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(arenas, periods)
def test_no_meeting_on_a_closed_day_and_wall_clock_time_constant(
    arena: Arena, period: Period
) -> None:
    """No meeting on a holiday, none in a break for bound arenas, same local time all year,
    all inside the period, in order and at most one a day."""
    series = build(arena, period)
    starts = [meeting.start for meeting in series.meetings]

    for meeting in series.meetings:
        day = meeting.start.date()
        assert not is_public_holiday(day), day
        assert day.weekday() < 5
        if arena.school_calendar:
            assert not in_school_break(day, TOWN), day
        assert meeting.start.time() == arena.meeting.start
        assert meeting.end - meeting.start == arena.duration()
        assert str(meeting.start.tzinfo) == "Europe/Oslo"
        assert period.first_day <= day <= period.last_day
    assert starts == sorted(starts)
    assert len({start.date() for start in starts}) == len(starts)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(arenas, periods)
def test_rule_dates_are_kept_or_explained(arena: Arena, period: Period) -> None:
    """For rule kinds, every rule date in the period is either held (perhaps moved within its
    week) or skipped with a reason; none is lost, none invented."""
    series = build(arena, period)
    if series.rule is None:
        return
    held = [meeting.slot for meeting in series.meetings]
    skipped = [item.date for item in series.skipped]
    rule_dates = sorted(slot for slot in held + skipped if slot is not None)

    assert len(rule_dates) == len(set(rule_dates)) == len(held) + len(skipped)
    assert all(item.reason for item in series.skipped)
    frequency = arena.frequency
    for meeting in series.meetings:
        assert meeting.slot is not None
        if frequency.kind == "monthly" and frequency.stay_in_month:
            assert meeting.slot.month == meeting.start.month
        else:
            assert meeting.slot.isocalendar()[:2] == meeting.start.date().isocalendar()[:2]
        assert meeting.moved == (meeting.moved_because is not None)
    if frequency.kind == "every_n_weeks":
        step = 7 * frequency.every_weeks
        anchor = frequency.anchor
        assert anchor is not None
        assert all((day - anchor).days % step == 0 for day in rule_dates)
        if rule_dates:
            assert (rule_dates[0] - period.first_day).days < step
            assert (period.last_day - rule_dates[-1]).days < step
    if frequency.kind == "weekly":
        assert frequency.weekday is not None
        expected = sum(
            1
            for offset in range((period.last_day - period.first_day).days + 1)
            if (period.first_day + dt.timedelta(days=offset)).weekday() == frequency.weekday.number
        )
        assert len(rule_dates) == expected
    if frequency.kind == "monthly":
        assert len(rule_dates) == 6
        assert len({day.month for day in rule_dates}) == 6
        if frequency.stay_in_month:
            # Only a month closed throughout loses its meeting (July, for school-bound arenas).
            for item in series.skipped:
                assert item.date.month == 7 and arena.school_calendar, item


@settings(max_examples=200, deadline=None, derandomize=True)
@given(arenas, periods)
def test_per_term_meets_as_often_as_asked_on_its_weekday(arena: Arena, period: Period) -> None:
    """Per-term and range arenas hold exactly their count for the half-year, on their weekday,
    in school weeks."""
    frequency = arena.frequency
    if frequency.kind not in {"per_term", "range"}:
        return
    series = build(arena, period)
    wanted = frequency.meetings_in(period.half)

    assert len(series.meetings) + series.shortfall == wanted
    assert series.shortfall == 0
    assert frequency.weekday is not None
    assert all(m.start.weekday() == frequency.weekday.number for m in series.meetings)
    assert all(not in_school_break(m.start.date(), TOWN) for m in series.meetings)
