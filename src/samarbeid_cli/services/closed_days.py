"""Which days a meeting must avoid, and why: public holidays for every arena, and the
municipality's school breaks (and the first school days it keeps free) for arenas bound to the
school calendar, or a unit's own calendar where the unit names one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property

from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.municipality import (
    NO_CALENDAR,
    SCHOOL_CALENDAR,
    Municipality,
    SchoolYear,
)

# The holidays package names Norwegian holidays in bokmål only; these are the two words the
# school calendar adds on its own.
_SUMMER_BREAK = {"nb": "sommerferie", "nn": "sommarferie"}
_PLANNING_DAY = {"nb": "planleggingsdag", "nn": "planleggingsdag"}
_SCHOOL_START = {"nb": "skolestart", "nn": "skulestart"}


def school_year_key(day: dt.date) -> str:
    """The school year a date belongs to: 1 July starts a new one."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


@cache
def _norwegian_holidays(years: tuple[int, ...]) -> tuple[tuple[dt.date, str], ...]:
    """Norwegian public holidays of `years`, named in Norwegian on any machine.

    Computed once per set of years: scheduling every municipality of the country asks for the
    same years hundreds of times, and the holidays package takes a millisecond or two each.
    """
    import holidays

    # include_sundays=False: the package otherwise lists every Sunday as a holiday.
    norway = holidays.country_holidays("NO", years=years, language="no", include_sundays=False)
    return tuple((day, str(name)) for day, name in sorted(norway.items()))


@dataclass(frozen=True)
class Calendar:
    """A municipality's closed days over some years, asked day by day.

    Args:
        municipality: The municipality whose school calendar and closed days apply.
        municipality_path: The file it came from, for messages.
        years: The calendar years asked about (holidays are computed for these).
    """

    municipality: Municipality
    municipality_path: str
    years: tuple[int, ...]

    @cached_property
    def public_holidays(self) -> dict[dt.date, str]:
        """Norwegian public holidays by date, named in Norwegian on any machine."""
        return dict(_norwegian_holidays(self.years))

    def holiday(self, day: dt.date) -> str | None:
        """Why `day` is closed for every arena (public holiday or an extra closed day)."""
        if day in self.public_holidays:
            return self.public_holidays[day]
        for closed in self.municipality.closed_days:
            if closed.covers(day):
                return closed.reason
        return None

    def school_year(self, day: dt.date) -> SchoolYear:
        """The school year `day` falls in.

        Raises:
            InputError: The municipality's data has no such school year.
        """
        key = school_year_key(day)
        year = self.municipality.school_years.get(key)
        if year is None:
            raise InputError(
                _(
                    "{municipality_path}: school_years: no school year {key}, needed for "
                    "{day}; add it from the adopted skolerute"
                ).format(
                    municipality_path=self.municipality_path, key=repr(key), day=day.isoformat()
                )
            )
        return year

    def school_break(self, day: dt.date) -> str | None:
        """Why `day` is no school day (a break, a planning day or the summer), if it is not.

        A break or planning day the data lists gives its own reason even outside the school
        days: the teachers' planning days before the first school day fall in the pupils'
        summer, but the data says what they are (issue 18).
        """
        year = self.school_year(day)
        for name, span in year.breaks.items():
            if day in span:
                return name
        if day in year.planning_days:
            return _PLANNING_DAY[self.municipality.malform]
        if day < year.first_day or day > year.last_day:
            return _SUMMER_BREAK[self.municipality.malform]
        return None

    def unit_closed(self, day: dt.date, calendar: str) -> str | None:
        """Why `day` is closed in a unit's own calendar (`calendars.<name>.closed`), if it is.

        Raises:
            InputError: The municipality has no calendar of that name (validate reports it at
                the unit's line first).
        """
        own = self.municipality.calendars.get(calendar)
        if own is None:
            raise InputError(
                _(
                    "{municipality_path}: calendars: no calendar {name}; add it, or give the "
                    "unit calendar: school or calendar: none"
                ).format(municipality_path=self.municipality_path, name=repr(calendar))
            )
        for closed in own.closed:
            if closed.covers(day):
                return closed.reason
        return None

    @cached_property
    def _school_start(self) -> dict[str, frozenset[dt.date]]:
        # School year key -> its first N school days (`meeting_free_first_school_days`).
        return {}

    def school_start(self, day: dt.date) -> bool:
        """Whether `day` is one of the first N school days of its school year that the
        municipality keeps free of meetings (`meeting_free_first_school_days`)."""
        count = self.municipality.meeting_free_first_school_days
        if not count:  # not given, or 0: none kept free
            return False
        key = school_year_key(day)
        if key not in self._school_start:
            year = self.school_year(day)
            days: list[dt.date] = []
            current = year.first_day
            while len(days) < count and current <= year.last_day:
                if (
                    current.weekday() < 5
                    and self.holiday(current) is None
                    and self.school_break(current) is None
                ):
                    days.append(current)
                current += dt.timedelta(days=1)
            self._school_start[key] = frozenset(days)
        return day in self._school_start[key]

    @cached_property
    def _closed_reasons(self) -> dict[tuple[dt.date, bool, str], str | None]:
        # Every arena of a municipality asks about the same weekdays of the same half-year.
        return {}

    def closed_reason(
        self, day: dt.date, *, school_bound: bool, unit_calendar: str = SCHOOL_CALENDAR
    ) -> str | None:
        """Why a meeting cannot be held on `day`, or None when it can.

        A school-bound arena keeps off the school breaks and the first school days the
        municipality keeps free (`meeting_free_first_school_days`); one unit's series keeps off
        what the unit's own calendar closes instead (`unit_calendar`: `school`, `none`, or the
        name of one of the municipality's `calendars`, e.g. a kindergarten's: open in the
        school breaks).

        Raises:
            InputError: `school_bound` and the municipality has no school year for `day`.
        """
        key = (day, school_bound, unit_calendar)
        if key in self._closed_reasons:
            return self._closed_reasons[key]
        if day.weekday() >= 5:
            reason: str | None = "helg"
        else:
            reason = self.holiday(day)
            if reason is None and school_bound and unit_calendar != NO_CALENDAR:
                if unit_calendar == SCHOOL_CALENDAR:
                    reason = self.school_break(day)
                    if reason is None and self.school_start(day):
                        reason = _SCHOOL_START[self.municipality.malform]
                else:
                    reason = self.unit_closed(day, unit_calendar)
        self._closed_reasons[key] = reason
        return reason
