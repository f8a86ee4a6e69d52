"""An independent oracle for closed days: Norway's public holidays from Easter (dateutil),
not from the holidays package the engine uses, and a synthetic school calendar per year."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from dateutil.easter import easter

from samarbeid_cli.models.municipality import Municipality

DAY = dt.timedelta(days=1)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """Helligdager (helligdagsloven) and 1. and 17. mai, Sundays left out."""
    sunday = easter(year)
    moveable = {sunday + DAY * offset for offset in (-3, -2, 1, 39, 50)}
    fixed = {
        dt.date(year, month, day) for month, day in ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    }
    return frozenset(moveable | fixed)


def is_public_holiday(day: dt.date) -> bool:
    """Whether no meeting may be held on `day` in any arena."""
    return day in public_holidays(day.year)


def _monday_of_week(year: int, week: int) -> dt.date:
    return dt.date.fromisocalendar(year, week, 1)


def school_year(start: int) -> dict[str, Any]:
    """A plausible skolerute for school year start-(start+1), as data."""
    first_day = _monday_of_week(start, 34) + DAY * 2
    last_day = _monday_of_week(start + 1, 25) + DAY * 4
    easter_sunday = easter(start + 1)
    return {
        "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(),
        "breaks": {
            "høstferie": span(_monday_of_week(start, 40), 4),
            "juleferie": {
                "start": dt.date(start, 12, 21).isoformat(),
                "end": dt.date(start + 1, 1, 2).isoformat(),
            },
            "vinterferie": span(_monday_of_week(start + 1, 9), 4),
            "påskeferie": span(easter_sunday - DAY * 6, 7),
        },
        "planning_days": [(first_day - DAY * 2).isoformat()],
    }


def span(start: dt.date, days: int) -> dict[str, str]:
    """A break from `start` lasting `days` more days."""
    return {"start": start.isoformat(), "end": (start + DAY * days).isoformat()}


def municipality(
    first_year: int = 2024, last_year: int = 2041, malform: str = "nb"
) -> Municipality:
    """A municipality with a school calendar for every school year in the range."""
    return Municipality.model_validate(
        {
            "name": "Testvik kommune",
            "kommunenummer": "9999",
            "malform": malform,
            "roles": {"koordinator": {"name": "Koordinator"}},
            "school_years": {
                f"{year}-{(year + 1) % 100:02d}": school_year(year)
                for year in range(first_year, last_year)
            },
        }
    )


def in_school_break(day: dt.date, town: Municipality) -> bool:
    """Whether `day` is no school day in `town`'s calendar (summer included)."""
    start = day.year if day.month >= 7 else day.year - 1
    year = town.school_years[f"{start}-{(start + 1) % 100:02d}"]
    if not year.first_day <= day <= year.last_day:
        return True
    return day in year.planning_days or any(day in span for span in year.breaks.values())
