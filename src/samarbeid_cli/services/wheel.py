"""The annual wheel (årshjul) of one year: what the data lists, and what samarbeid derives.

From the data: the wheel's entries (each activity over each run of consecutive months) and its
dated milestones. Derived: the log-control rounds (`log_control.months`), the send-out of the
meeting series (June for the autumn, December for the spring) and the routine revisions that
fall due in the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.municipality import Municipality, RoleRef
from samarbeid_cli.services.checklist import Round


class Category(StrEnum):
    """The rings of the wheel, from the outside in."""

    wheel = "wheel"
    log_control = "log_control"
    series = "series"
    revision = "revision"
    milestone = "milestone"


class Derived(StrEnum):
    """What a derived item is, so that the renderer can word it."""

    log_control = "log_control"
    series_autumn = "series_autumn"
    series_spring = "series_spring"
    revision = "revision"


@dataclass(frozen=True)
class WheelItem:
    """One item of the wheel, from `start` to `end` (both included)."""

    key: str
    category: Category
    start: dt.date
    end: dt.date
    title: str
    """The data's own words; for a derived item its subject (arena name, round number)."""
    responsible: tuple[str, ...] = ()
    derived: Derived | None = None
    done: bool = False


@dataclass(frozen=True)
class Span:
    """The twelve months the wheel shows: a calendar year, or a school year from August."""

    year: int
    school_year: bool

    @property
    def months(self) -> list[tuple[int, int]]:
        """(year, month) in the wheel's order."""
        if not self.school_year:
            return [(self.year, month) for month in range(1, 13)]
        return [(self.year, month) for month in range(8, 13)] + [
            (self.year + 1, month) for month in range(1, 8)
        ]

    @property
    def first_day(self) -> dt.date:
        """The first day shown."""
        year, month = self.months[0]
        return dt.date(year, month, 1)

    @property
    def last_day(self) -> dt.date:
        """The last day shown."""
        year, month = self.months[-1]
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def label(self) -> str:
        """ "2027", or "2027-28" for a school year."""
        return f"{self.year}-{(self.year + 1) % 100:02d}" if self.school_year else str(self.year)


def _key(category: Category, start: dt.date, title: str) -> str:
    digest = hashlib.sha256(title.encode()).hexdigest()[:10]
    return f"{category.value}-{start:%Y%m%d}-{digest}"


def _runs(months: Sequence[int], span: Span) -> list[tuple[dt.date, dt.date]]:
    """Each run of consecutive months in the wheel's order, as first and last day."""
    wanted = set(months)
    runs: list[tuple[dt.date, dt.date]] = []
    current: list[tuple[int, int]] = []
    for year, month in [*span.months, (0, 0)]:
        if month in wanted:
            current.append((year, month))
            continue
        if current:
            (first_year, first_month), (last_year, last_month) = current[0], current[-1]
            runs.append(
                (
                    dt.date(first_year, first_month, 1),
                    dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1]),
                )
            )
            current = []
    return runs


def _names(refs: Sequence[RoleRef], municipality: Municipality) -> tuple[str, ...]:
    return tuple(
        municipality.roles[ref.role].name if ref.role in municipality.roles else ref.role
        for ref in refs
    )


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def wheel_items(
    municipality: Municipality, arenas: Mapping[str, Arena], span: Span
) -> list[WheelItem]:
    """Every item of the span, sorted by start, ring and title."""
    items: list[WheelItem] = []
    wheel = municipality.annual_wheel
    for entry in wheel.entries if wheel else []:
        responsible = _names(entry.responsible, municipality)
        for start, end in _runs(entry.months, span):
            for activity in entry.activities:
                items.append(
                    WheelItem(
                        _key(Category.wheel, start, activity),
                        Category.wheel,
                        start,
                        end,
                        activity,
                        responsible,
                    )
                )
    for milestone in wheel.milestones if wheel else []:
        if span.first_day <= milestone.date <= span.last_day:
            items.append(
                WheelItem(
                    _key(Category.milestone, milestone.date, milestone.due),
                    Category.milestone,
                    milestone.date,
                    milestone.date,
                    milestone.due,
                    _names([milestone.owner], municipality),
                    done=milestone.done,
                )
            )
    control = municipality.log_control
    if control:
        rounds = sorted(control.months)
        responsible = _names(control.responsible, municipality)
        for year, month in span.months:
            if month in rounds:
                start, end = _month(year, month)
                number = rounds.index(month) + 1
                items.append(
                    WheelItem(
                        _key(Category.log_control, start, str(number)),
                        Category.log_control,
                        start,
                        end,
                        Round(year, number, month).name(municipality.malform),
                        responsible,
                        Derived.log_control,
                    )
                )
    if any(arena.has_series for arena in arenas.values()):
        for year, month in span.months:
            if month in (6, 12):
                start, end = _month(year, month)
                derived = Derived.series_autumn if month == 6 else Derived.series_spring
                items.append(
                    WheelItem(
                        _key(Category.series, start, derived.value),
                        Category.series,
                        start,
                        end,
                        str(year if month == 6 else year + 1),
                        (),
                        derived,
                    )
                )
    for arena in arenas.values():
        revision = arena.revision
        if revision is None or revision.last_revised is None:
            continue
        due = revision.last_revised + relativedelta(months=revision.interval_months)
        while due < span.first_day:
            due += relativedelta(months=revision.interval_months)
        if due <= span.last_day:
            owner = (
                ()
                if revision.responsible == "arena"
                else (
                    municipality.roles[revision.responsible.slug].name
                    if revision.responsible.slug in municipality.roles
                    else municipality.services[revision.responsible.slug].name
                    if revision.responsible.slug in municipality.services
                    else revision.responsible.slug,
                )
            )
            items.append(
                WheelItem(
                    _key(Category.revision, due, arena.name),
                    Category.revision,
                    due,
                    due,
                    arena.name,
                    owner,
                    Derived.revision,
                )
            )
    order = list(Category)
    items.sort(key=lambda item: (item.start, order.index(item.category), item.end, item.title))
    return _unique_keys(items)


def _unique_keys(items: list[WheelItem]) -> list[WheelItem]:
    """The same words on the same day twice still give two UIDs."""
    seen: dict[str, int] = {}
    unique = []
    for item in items:
        seen[item.key] = seen.get(item.key, 0) + 1
        count = seen[item.key]
        unique.append(item if count == 1 else replace(item, key=f"{item.key}-{count}"))
    return unique
