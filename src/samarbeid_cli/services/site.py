"""What a municipality's published site holds: which pages and which calendar feeds.

Pure: the arenas, the half-years and the school calendar come in as values. The site is
what the municipality has already decided and may publish: the public overview, each arena
file's routine, the annual wheel, and the meeting series as feeds to subscribe to. Who is
in the roster (names, addresses) is for invitations only and has no place here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.frequency import NO_SERIES
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.documents import (
    OverviewDocument,
    RoutineDocument,
    overview_document,
    routine_document,
)
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Series, schedule, undecided
from samarbeid_cli.services.units import instances
from samarbeid_cli.services.wheel import Span, WheelItem, wheel_items

INDEX = "index.html"
WHEEL_PAGE = "arshjul.html"
WHEEL_PICTURE = "arshjul.svg"


def other_wheel_files(span: Span) -> tuple[str, str]:
    """The page and picture of the other year's wheel: `arshjul-2026.html`, `.svg`."""
    return f"arshjul-{span.label()}.html", f"arshjul-{span.label()}.svg"


ARENA_FOLDER = "arena"
FEED_FOLDER = "kalender"


def feed_periods(today: dt.date, count: int = 2) -> list[Period]:
    """The half-year `today` is in and the ones after it, `count` in all.

    Two by default: the current half-year, and the coming one that the coordinator sends in
    June and December, so a subscribed calendar already shows the next term when it is
    decided.
    """
    current = Period(today.year, 1 if today.month <= 6 else 2)
    periods = [current]
    while len(periods) < count:
        periods.append(periods[-1].following())
    return periods


def wheel_span(today: dt.date, school_year: bool) -> Span:
    """The wheel's twelve months that hold `today`: its calendar year, or its school year
    (August to July)."""
    if not school_year:
        return Span(today.year, False)
    return Span(today.year if today.month >= 8 else today.year - 1, True)


def _span_of(period: Period, school_year: bool) -> Span:
    """The calendar or school year a half-year belongs to (spring: the one begun in August)."""
    if not school_year:
        return Span(period.year, False)
    return Span(period.year - 1 if period.half == 1 else period.year, True)


def wheel_spans(today: dt.date, school_year: bool) -> tuple[Span, Span | None]:
    """The wheel the site shows first, and the other one it links to (None when the current
    and the coming half-year belong to the same year).

    In June and December, when the coordinator sends the coming half-year, the site shows the
    year that half-year belongs to (in December 2026: 2027), and links the one that is ending;
    in the other months the current year, linking the coming one.
    """
    current = Period(today.year, 1 if today.month <= 6 else 2)
    coming = current.following()
    shown, other = (coming, current) if today.month in (6, 12) else (current, coming)
    first, second = _span_of(shown, school_year), _span_of(other, school_year)
    return first, (second if second != first else None)


@dataclass(frozen=True)
class Feed:
    """One subscribable calendar: a series (one arena, or one unit's) or the whole
    municipality, over every chosen half-year."""

    path: str
    """Relative to the site's root, e.g. `kalender/skoleteam--julsundet-skole.ics`."""
    name: str
    """The calendar's name as a subscriber sees it."""
    series: list[Series]


@dataclass(frozen=True)
class ArenaPage:
    """One arena file's page: its routine and the feeds of its series."""

    slug: str
    path: str
    """Relative to the site's root: `arena/<slug>.html`."""
    routine: RoutineDocument
    feeds: list[Feed]
    """One per series (per unit for a per-unit arena); none for an arena met on demand or
    whose frequency, weekday or start time is not stated."""


@dataclass(frozen=True)
class Site:
    """Every page and feed of one municipality's site."""

    slug: str
    municipality: Municipality
    periods: list[Period]
    overview: OverviewDocument
    arenas: list[ArenaPage]
    feed: Feed
    """The whole municipality's series in one calendar."""
    span: Span
    wheel: list[WheelItem]
    other_span: Span | None = None
    """The other year's wheel, which the wheel page links to."""
    other_wheel: list[WheelItem] = field(default_factory=list)

    @property
    def feeds(self) -> list[Feed]:
        """The municipality's feed first, then each arena's in page order."""
        return [self.feed, *(feed for page in self.arenas for feed in page.feeds)]


def arena_path(slug: str) -> str:
    """Where an arena file's page is, relative to the site's root."""
    return f"{ARENA_FOLDER}/{slug}.html"


def site(
    slug: str,
    municipality: Municipality,
    arenas: Mapping[str, Arena],
    periods: Sequence[Period],
    calendar: Calendar,
    span: Span,
    other_span: Span | None = None,
) -> Site:
    """Plan the site of one municipality.

    Raises:
        InputError: An arena needs a school year the municipality's data does not have for
            one of the half-years.
    """
    chosen = dict(arenas)
    by_series: dict[str, list[Series]] = {}
    for period in periods:
        for series in schedule(slug, chosen, period, calendar):
            by_series.setdefault(series.arena_slug, []).append(series)
    pages = []
    for arena_slug, arena in chosen.items():
        feeds = [
            Feed(
                f"{FEED_FOLDER}/{instance.slug}.ics",
                instance.arena.name,
                by_series.get(instance.slug, []),
            )
            for instance in instances({arena_slug: arena}, municipality)
            if not isinstance(instance.arena.frequency, NO_SERIES) and not undecided(instance.arena)
        ]
        pages.append(
            ArenaPage(
                arena_slug,
                arena_path(arena_slug),
                routine_document(arena_slug, arena.public(), municipality, chosen),
                feeds,
            )
        )
    everything = [series for page in pages for feed in page.feeds for series in feed.series]
    return Site(
        slug=slug,
        municipality=municipality,
        periods=list(periods),
        overview=overview_document(chosen, municipality),
        arenas=pages,
        feed=Feed(f"{slug}.ics", municipality.name, everything),
        span=span,
        wheel=wheel_items(municipality, chosen, span),
        other_span=other_span,
        other_wheel=wheel_items(municipality, chosen, other_span) if other_span else [],
    )
