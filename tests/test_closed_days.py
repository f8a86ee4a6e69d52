"""A calendar's answers do not depend on what it was asked before, nor on other calendars.

Scheduling a whole country asks each calendar about the same days many times, and every
calendar about the same years, so the answers are remembered; these tests hold them to the
independent oracle whatever the order of the questions.
"""

from __future__ import annotations

import datetime as dt

from samarbeid_cli.services.closed_days import Calendar
from tests.calendar_oracle import in_school_break, is_public_holiday, municipality

TOWN = municipality()
SCHOOL_YEAR = [dt.date(2026, 8, 1) + dt.timedelta(days=offset) for offset in range(334)]


def closed(calendar: Calendar, days: list[dt.date], school_bound: bool) -> dict[dt.date, bool]:
    """Whether each day is closed, asked in the given order."""
    return {day: calendar.closed_reason(day, school_bound=school_bound) is not None for day in days}


def oracle(day: dt.date, school_bound: bool) -> bool:
    """Whether `day` is closed, from the independent oracle."""
    return (
        day.weekday() >= 5
        or is_public_holiday(day)
        or (school_bound and in_school_break(day, TOWN))
    )


def test_school_bound_and_not_are_answered_apart_whatever_is_asked_first() -> None:
    calendar = Calendar(TOWN, "testvik.yaml", (2026, 2027))
    school_first = closed(calendar, SCHOOL_YEAR, school_bound=True)
    open_after = closed(calendar, list(reversed(SCHOOL_YEAR)), school_bound=False)

    fresh = Calendar(TOWN, "testvik.yaml", (2026, 2027))
    open_first = closed(fresh, SCHOOL_YEAR, school_bound=False)
    school_after = closed(fresh, SCHOOL_YEAR, school_bound=True)

    for answers, school_bound in [
        (school_first, True),
        (school_after, True),
        (open_first, False),
        (open_after, False),
    ]:
        assert answers == {day: oracle(day, school_bound) for day in SCHOOL_YEAR}
    # 2026-10-01 lies in høstferie: closed for school arenas only.
    assert school_after[dt.date(2026, 10, 1)] is True
    assert open_after[dt.date(2026, 10, 1)] is False


def test_calendars_of_other_years_get_their_own_public_holidays() -> None:
    for years in [(2026,), (2027, 2028), (2026,)]:
        calendar = Calendar(TOWN, "testvik.yaml", years)
        for year in years:
            # Weekdays only: the oracle leaves out Sundays, the holidays package names pinsedag.
            may = [
                dt.date(year, 5, day) for day in range(1, 32) if dt.date(year, 5, day).weekday() < 5
            ]
            assert {day for day in may if calendar.holiday(day)} == {
                day for day in may if is_public_holiday(day)
            }
        assert {day.year for day in calendar.public_holidays} == set(years)
