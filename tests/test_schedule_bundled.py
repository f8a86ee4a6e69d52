"""Every bundled arena with a series, every half-year from 2026-H2 to 2028-H1: no meeting on a
public holiday, none in a school break where the arena is bound to it, and the same local
start time on both sides of the daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from samarbeid_cli.loading.workspace import load_valid
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import schedule
from tests.calendar_oracle import in_school_break, is_public_holiday
from tests.decided import DECIDED_DATA

WORKSPACE = load_valid(DECIDED_DATA).workspace
PERIODS = [Period(2026, 2), Period(2027, 1), Period(2027, 2), Period(2028, 1)]


@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize("municipality", sorted(WORKSPACE.municipalities))
def test_bundled_series_avoid_closed_days(municipality: str, period: Period) -> None:
    """The invariants hold for every arena of the municipality in the half-year."""
    town = WORKSPACE.municipalities[municipality]
    calendar = Calendar(town, municipality, (period.year - 1, period.year, period.year + 1))
    all_series = schedule(municipality, WORKSPACE.arenas_of(municipality), period, calendar)

    assert {series.routine_slug for series in all_series} == set(WORKSPACE.arenas_of(municipality))
    for series in all_series:
        arena = series.arena
        for meeting in series.meetings:
            local = meeting.start
            assert not is_public_holiday(local.date()), (series.arena_slug, local)
            if arena.school_calendar:
                assert not in_school_break(local.date(), town), (series.arena_slug, local)
            assert local.time() == arena.meeting.start, series.arena_slug
            assert str(local.tzinfo) == town.timezone == "Europe/Oslo"
            assert meeting.end - meeting.start == arena.duration()
        assert series.shortfall == 0, series.arena_slug


def test_bundled_arenas_with_a_series_meet_in_both_halves_of_a_school_year() -> None:
    """Every arena with a series has meetings in autumn 2026 or spring 2027 (a rule whose every
    date is closed would be a data mistake worth catching)."""
    for municipality in WORKSPACE.municipalities:
        town = WORKSPACE.municipalities[municipality]
        calendar = Calendar(town, municipality, (2026, 2027))
        autumn = schedule(
            municipality, WORKSPACE.arenas_of(municipality), Period(2026, 2), calendar
        )
        spring = schedule(
            municipality, WORKSPACE.arenas_of(municipality), Period(2027, 1), calendar
        )
        for before, after in zip(autumn, spring, strict=True):
            if before.on_demand:
                continue
            assert before.meetings or after.meetings, before.arena_slug


def test_summer_time_changes_inside_the_bundled_half_years() -> None:
    """The periods tested span both DST changes, so the constant-time check means something."""
    offsets = set()
    for period in PERIODS:
        municipality = "selbu"
        town = WORKSPACE.municipalities[municipality]
        calendar = Calendar(town, municipality, (period.year - 1, period.year, period.year + 1))
        for series in schedule(municipality, WORKSPACE.arenas_of(municipality), period, calendar):
            offsets |= {meeting.start.utcoffset() for meeting in series.meetings}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
