"""The schedule rules, one frequency kind at a time, on the engine's pure functions."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from samarbeid_cli.errors import InputError
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period, coming_period
from samarbeid_cli.services.schedule import Series, schedule, spread
from tests.calendar_oracle import municipality

D = dt.date
TOWN = municipality()


def make_arena(frequency: dict[str, Any], **fields: Any) -> Arena:
    """An arena with the given frequency; other fields as small as valid."""
    return Arena.model_validate(
        {
            "name": "Testteam",
            "level": "system",
            "mandate": "Drøfte felles tema.",
            "convener": {"role": "koordinator"},
            "meeting": {"form": "digital", "start": "08:30", "duration_minutes": 90},
            "frequency": frequency,
            **fields,
        }
    )


def run(arena: Arena, period: str) -> Series:
    """The arena's series in `period` for the test municipality."""
    half = Period.parse(period)
    calendar = Calendar(TOWN, "testvik.yaml", (half.year - 1, half.year, half.year + 1))
    return schedule("testvik", {"testteam": arena}, half, calendar)[0]


def days(series: Series) -> list[dt.date]:
    """The meeting days of a series."""
    return [meeting.start.date() for meeting in series.meetings]


def test_every_n_weeks_stays_in_step_across_half_years() -> None:
    """Rule dates (held or skipped) are 6 weeks apart, across the turn of the year too."""
    arena = make_arena(
        {"kind": "every_n_weeks", "every_weeks": 6, "weekday": "friday", "anchor": "2026-08-28"}
    )
    slots = []
    for period in ("2026-H2", "2027-H1", "2027-H2"):
        series = run(arena, period)
        slots += [m.slot for m in series.meetings] + [s.date for s in series.skipped]
    ordered = sorted(slot for slot in slots if slot is not None)
    assert ordered[0] == D(2026, 7, 17)
    assert {(b - a).days for a, b in itertools.pairwise(ordered)} == {42}


def test_holidays_are_skipped_with_their_norwegian_names() -> None:
    """A rule date on a public holiday is skipped and listed with the holiday's name."""
    arena = make_arena(
        {"kind": "every_n_weeks", "every_weeks": 6, "weekday": "friday", "anchor": "2026-08-28"}
    )
    series = run(arena, "2027-H1")

    assert [(s.date, s.reason) for s in series.skipped] == [
        (D(2027, 1, 1), "Første nyttårsdag"),
        (D(2027, 3, 26), "Langfredag"),
    ]
    assert days(series) == [D(2027, 2, 12), D(2027, 5, 7), D(2027, 6, 18)]


def test_school_bound_arena_also_skips_breaks() -> None:
    """Bound to the school calendar, the arena skips vinterferie, påskeferie and summer."""
    arena = make_arena({"kind": "weekly", "weekday": "tuesday"}, school_calendar=True)
    series = run(arena, "2027-H1")
    reasons = {s.date: s.reason for s in series.skipped}

    assert reasons[D(2027, 3, 2)] == "vinterferie"
    assert reasons[D(2027, 3, 23)] == "påskeferie"
    assert reasons[D(2027, 6, 29)] == "sommerferie"
    assert min(days(series)) == D(2027, 1, 5)
    assert max(days(series)) == D(2027, 6, 22)  # last school day is Friday 25 June


def test_weekly_meets_every_week_and_skips_holidays() -> None:
    """Weekly on Thursday: skjærtorsdag and Kristi himmelfartsdag are skipped."""
    series = run(make_arena({"kind": "weekly", "weekday": "thursday"}), "2027-H1")

    assert [(s.date, s.reason) for s in series.skipped] == [
        (D(2027, 3, 25), "Skjærtorsdag"),
        (D(2027, 5, 6), "Kristi himmelfartsdag"),
    ]
    assert len(series.meetings) == 25 - 2  # 25 Thursdays from 7 January to 24 June
    assert all(day.weekday() == 3 for day in days(series))


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (
            1,
            [
                D(2027, 1, 7),
                D(2027, 2, 4),
                D(2027, 3, 4),
                D(2027, 4, 1),
                D(2027, 5, 6),
                D(2027, 6, 3),
            ],
        ),
        (
            "last",
            [
                D(2027, 1, 28),
                D(2027, 2, 25),
                D(2027, 3, 25),
                D(2027, 4, 29),
                D(2027, 5, 27),
                D(2027, 6, 24),
            ],
        ),
    ],
)
def test_monthly_nth_and_last_weekday(week: int | str, expected: list[dt.date]) -> None:
    """The nth or last Thursday of each month; holidays among them are skipped."""
    series = run(make_arena({"kind": "monthly", "weekday": "thursday", "week": week}), "2027-H1")
    rule_dates = sorted(
        [m.slot for m in series.meetings if m.slot] + [s.date for s in series.skipped]
    )

    assert rule_dates == expected
    held = set(days(series))
    assert D(2027, 5, 6) not in held  # Kristi himmelfartsdag
    assert D(2027, 3, 25) not in held  # Skjærtorsdag


def test_per_term_spreads_meetings_over_the_school_weeks() -> None:
    """3 spring meetings on Tuesdays: the middle of three equal stretches of open Tuesdays."""
    arena = make_arena({"kind": "per_term", "spring": 3, "autumn": 2, "weekday": "tuesday"})
    spring = run(arena, "2027-H1")
    autumn = run(arena, "2026-H2")

    # Open Tuesdays from 5 January to 22 June 2027, without vinterferie (2 March) and
    # påskeferie (23 March): 23 of them; the picks are the 4th, 12th and 20th.
    assert days(spring) == [D(2027, 1, 26), D(2027, 4, 6), D(2027, 6, 1)]
    assert len(days(autumn)) == 2
    assert all(D(2026, 8, 19) <= day <= D(2026, 12, 18) for day in days(autumn))
    assert spring.skipped == [] and spring.rule is None


def test_per_term_gives_each_meeting_its_own_uid() -> None:
    """Meetings without a rule are separate events, one UID each."""
    arena = make_arena({"kind": "per_term", "spring": 3, "autumn": 3, "weekday": "tuesday"})
    uids = [uid for uid, _ in run(arena, "2027-H1").by_uid()]

    assert uids == [
        "testvik-testteam-2027-h1-1@samarbeid",
        "testvik-testteam-2027-h1-2@samarbeid",
        "testvik-testteam-2027-h1-3@samarbeid",
    ]


@pytest.mark.parametrize(("minimum", "spring", "autumn"), [(4, 2, 2), (5, 3, 2), (1, 1, 0)])
def test_range_schedules_its_minimum(minimum: int, spring: int, autumn: int) -> None:
    """'4-6 møter i året' schedules the committed 4, spring taking the odd one."""
    arena = make_arena(
        {"kind": "range", "min_per_year": minimum, "max_per_year": 6, "weekday": "wednesday"}
    )

    assert len(run(arena, "2027-H1").meetings) == spring
    assert len(run(arena, "2027-H2").meetings) == autumn


def test_on_demand_has_no_meetings_but_is_listed() -> None:
    """'Ved behov' arenas are part of every schedule, with no dates."""
    series = run(make_arena({"kind": "on_demand", "text": "Ved behov"}), "2027-H1")

    assert series.on_demand
    assert series.meetings == [] and series.skipped == []


def test_move_earlier_finds_the_nearest_open_day_of_the_week() -> None:
    """Langfredag moves past Skjærtorsdag to Wednesday, with the reason kept."""
    arena = make_arena({"kind": "weekly", "weekday": "friday"}, on_closed_day="earlier")
    series = run(arena, "2027-H1")
    moved = [m for m in series.meetings if m.moved]

    assert [(m.slot, m.start.date(), m.moved_because) for m in moved] == [
        (D(2027, 3, 26), D(2027, 3, 24), "Langfredag")
    ]
    assert [(s.date, s.reason) for s in series.skipped] == [(D(2027, 1, 1), "Første nyttårsdag")]


def test_move_later_and_the_first_day_of_a_period() -> None:
    """Andre påskedag and andre pinsedag (Mondays) move to the Tuesday after."""
    arena = make_arena({"kind": "weekly", "weekday": "monday"}, on_closed_day="later")
    moved = {m.slot: m.start.date() for m in run(arena, "2027-H1").meetings if m.moved}

    assert moved == {D(2027, 3, 29): D(2027, 3, 30), D(2027, 5, 17): D(2027, 5, 18)}


def test_a_move_never_lands_on_or_past_a_neighbouring_meeting() -> None:
    """Friday cannot move later within its week: the meeting is skipped, not pushed on."""
    arena = make_arena({"kind": "weekly", "weekday": "friday"}, on_closed_day="later")
    series = run(arena, "2027-H1")

    assert not any(m.moved for m in series.meetings)
    assert (D(2027, 3, 26), "Langfredag") in [(s.date, s.reason) for s in series.skipped]
    starts = days(series)
    assert starts == sorted(set(starts))


def test_wall_clock_time_is_kept_across_daylight_saving() -> None:
    """08:30 is 08:30 in January (UTC+1) and in May (UTC+2)."""
    series = run(make_arena({"kind": "weekly", "weekday": "wednesday"}), "2027-H1")
    offsets = {m.start.utcoffset() for m in series.meetings}

    assert {m.start.time() for m in series.meetings} == {dt.time(8, 30)}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert {m.end - m.start for m in series.meetings} == {dt.timedelta(minutes=90)}


def test_missing_school_year_is_a_clear_error() -> None:
    """A school-bound arena outside the data's school years says which year to add."""
    arena = make_arena({"kind": "weekly", "weekday": "monday"}, school_calendar=True)

    with pytest.raises(InputError, match=r"no school year '2041-42', needed for 2041-07-01"):
        run(arena, "2041-H2")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 6, 10), Period(2026, 2)),
        (D(2026, 12, 3), Period(2027, 1)),
        (D(2026, 11, 22), Period(2027, 1)),
        (D(2027, 1, 15), Period(2027, 2)),
    ],
)
def test_coming_half_year(today: dt.date, expected: Period) -> None:
    """Run in June: the autumn; run in December (or any time July-December): next spring."""
    assert coming_period(today) == expected


def test_spread_is_even_and_deterministic() -> None:
    """Picks are the middles of equal stretches, never repeated, all when there are few."""
    candidates = [D(2027, 1, 1) + dt.timedelta(weeks=week) for week in range(10)]

    assert spread(candidates, 2) == [candidates[2], candidates[7]]
    assert spread(candidates, 5) == candidates[1::2]
    assert spread(candidates[:2], 3) == candidates[:2]
