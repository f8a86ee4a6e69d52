"""Which meeting a document is for: a date, the next one, the ones around it, and the agendas
due to go out. Meeting dates come from `services.schedule`, never computed again here.

A meeting belongs to a series slug as `schedule` names it: an arena file's slug, or for a
per-unit arena one unit's `<arena>--<unit>` (see `services.units`).

Pure: today and the window are parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.frequency import OnDemand
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.topic import SubmittedTopic
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Meeting, Series, schedule
from samarbeid_cli.services.units import Instance, instances


@dataclass(frozen=True)
class ArenaMeeting:
    """One meeting of one arena, with the dates its documents refer to."""

    municipality: str
    arena_slug: str
    arena: Arena
    start: dt.datetime
    end: dt.datetime
    location: str | None
    scheduled: bool
    """False for a meeting of an on-demand arena, called outside any series."""
    routine: str = ""
    """The arena file's slug; differs from `arena_slug` for one unit's series of a per-unit
    arena. Empty means the same as `arena_slug`."""
    unit: str | None = None
    """The unit's slug, for one unit's series of a per-unit arena."""
    start_stated: bool = True
    """False where neither an invitation nor the data gives the clock time of a meeting called
    outside any series: `start` is then the day's midnight, for the date alone."""
    end_stated: bool = True
    """False where the end is not known (no length in the data, or a time from an invitation
    whose length the issue history does not keep): documents show the start alone."""

    @property
    def routine_slug(self) -> str:
        """The slug of the arena file the meeting's series comes from."""
        return self.routine or self.arena_slug

    @property
    def date(self) -> dt.date:
        """The meeting's day, in the municipality's time zone."""
        return self.start.date()

    @property
    def send_by(self) -> dt.date:
        """The agenda goes out at the latest this day (the arena's agenda lead time)."""
        return self.date - dt.timedelta(days=self.arena.agenda.lead_days)


def period_of(day: dt.date) -> Period:
    """The half-year a day falls in."""
    return Period(day.year, 1 if day.month <= 6 else 2)


def series_of(
    workspace: Workspace, municipality: str, arenas: dict[str, Arena], period: Period
) -> list[Series]:
    """The arenas' series in one half-year, as `schedule` computes them."""
    record = workspace.municipalities[municipality]
    calendar = Calendar(
        record,
        workspace.municipality_files[municipality],
        (period.year - 1, period.year, period.year + 1),
    )
    return schedule(municipality, arenas, period, calendar)


def as_arena_meeting(series: Series, meeting: Meeting, *, scheduled: bool = True) -> ArenaMeeting:
    """One meeting of `series` with what its documents refer to; `scheduled=False` for a
    meeting called outside the series (`invite`)."""
    return ArenaMeeting(
        series.municipality,
        series.arena_slug,
        series.arena,
        meeting.start,
        meeting.end,
        meeting.location,
        scheduled=scheduled,
        routine=series.routine,
        unit=series.unit,
    )


def _meetings(
    workspace: Workspace,
    municipality: str,
    arenas: dict[str, Arena],
    periods: list[Period],
    only: str | None = None,
) -> Iterator[ArenaMeeting]:
    """The meetings of the arenas' series, or of the one series whose slug is `only`."""
    for period in periods:
        for series in series_of(workspace, municipality, arenas, period):
            if only is not None and series.arena_slug != only:
                continue
            for meeting in series.meetings:
                yield as_arena_meeting(series, meeting)


def _periods(first: Period, count: int) -> list[Period]:
    periods = [first]
    while len(periods) < count:
        periods.append(periods[-1].following())
    return periods


def _before(period: Period) -> Period:
    return Period(period.year, 1) if period.half == 2 else Period(period.year - 1, 2)


def instances_of(workspace: Workspace, municipality: str) -> list[Instance]:
    """Every series the municipality's arenas give: plain arenas, and per-unit arenas once
    per unit, in arena order."""
    record = workspace.municipalities[municipality]
    return instances(workspace.arenas_of(municipality), record)


def instance_of(workspace: Workspace, municipality: str, slug: str) -> Instance:
    """The arena (or one unit's instance of a per-unit arena) that a series slug names.

    Raises:
        KeyError: No series has this slug (commands check the slug before they get here).
    """
    for instance in instances_of(workspace, municipality):
        if instance.slug == slug:
            return instance
    raise KeyError(slug)


def series_named(workspace: Workspace, municipality: str, slug: str) -> list[Instance]:
    """The series a slug names: an arena file's slug names all its units' series (or the one
    series of a plain arena), a unit's series slug (`<arena>--<unit>`) that unit's alone.
    Empty when the slug names neither."""
    return [
        instance
        for instance in instances_of(workspace, municipality)
        if slug in (instance.slug, instance.routine)
    ]


def every_slug(workspace: Workspace, municipality: str) -> list[str]:
    """Every slug `--arena` takes: the arena files' and the units' series', sorted."""
    found = instances_of(workspace, municipality)
    return sorted({instance.slug for instance in found} | {i.routine for i in found})


def _routine_of(workspace: Workspace, municipality: str, instance: Instance) -> dict[str, Arena]:
    return {instance.routine: workspace.arenas_of(municipality)[instance.routine]}


def _scheduled_around(
    workspace: Workspace, municipality: str, arena: str, day: dt.date
) -> list[ArenaMeeting]:
    """The series' meetings from the half-year before `day`'s to the one after; a neighbour
    half-year without a school calendar is left out rather than failing the document."""
    arenas = _routine_of(workspace, municipality, instance_of(workspace, municipality, arena))
    found: list[ArenaMeeting] = []
    middle = period_of(day)
    for period in (_before(middle), middle, middle.following()):
        try:
            found.extend(_meetings(workspace, municipality, arenas, [period], only=arena))
        except InputError:
            if period == middle:
                raise
    return found


def meeting_on(
    workspace: Workspace,
    municipality: str,
    arena: str,
    day: dt.date,
    *,
    invited: dt.time | None = None,
    invited_end: dt.time | None = None,
) -> ArenaMeeting:
    """The series' meeting on `day`; `arena` is a slug as `schedule` names its series.

    An on-demand arena meets when it is called, on a day `invite` would call it (not a
    weekend, a public holiday or, for a school arena, a break, unless `invite
    --allow-closed-day` called it then).
    Its clock time is the invitation's (`invited`, from the issue history), else the arena's
    `meeting.start`, else not stated: never a time of samarbeid's own.

    Args:
        invited: The start (wall clock) of the invitation `invite` issued for this meeting, if
            any; the day is then the one the coordinator chose, closed or not.
        invited_end: The end of that invitation, where the issue history records it.

    Raises:
        InputError: A scheduled arena has no meeting that day (names the nearest ones), or an
            on-demand arena's day is closed.
    """
    instance = instance_of(workspace, municipality, arena)
    record = instance.arena
    if not record.has_series:
        if invited is None:
            _check_open(workspace, municipality, record, day)
        zone = ZoneInfo(workspace.municipalities[municipality].timezone)
        clock = invited or record.meeting.start
        start = dt.datetime.combine(day, clock or dt.time(0, 0), tzinfo=zone)
        length = record.meeting.duration_minutes
        end = start + (dt.timedelta(minutes=length) if length else record.duration())
        if invited is not None and invited_end is not None and invited_end > invited:
            end = dt.datetime.combine(day, invited_end, tzinfo=zone)
        return ArenaMeeting(
            municipality,
            arena,
            record,
            start,
            end,
            record.meeting.place_of(0),
            scheduled=False,
            routine=instance.routine if instance.unit else "",
            unit=instance.unit,
            start_stated=clock is not None,
            end_stated=(invited is not None and invited_end is not None and invited_end > invited)
            or (clock is not None and invited is None and length is not None),
        )
    meetings = _scheduled_around(workspace, municipality, arena, day)
    for meeting in meetings:
        if meeting.date == day:
            return meeting
    earlier = [m.date for m in meetings if m.date < day][-1:]
    later = [m.date for m in meetings if m.date > day][:1]
    nearest = ", ".join(d.isoformat() for d in (*earlier, *later)) or _("none in a year")
    raise InputError(
        _("--date: {name} ({arena}) has no meeting on {day}; the nearest: {nearest}").format(
            name=record.name, arena=arena, day=day.isoformat(), nearest=nearest
        )
    )


def _check_open(workspace: Workspace, municipality: str, arena: Arena, day: dt.date) -> None:
    """An on-demand meeting is called on a day `invite` calls it.

    Raises:
        InputError: The day is a weekend, a public holiday or (school arenas) in a break.
    """
    calendar = Calendar(
        workspace.municipalities[municipality],
        workspace.municipality_files[municipality],
        (day.year - 1, day.year, day.year + 1),
    )
    reason = calendar.closed_reason(
        day, school_bound=arena.school_calendar, unit_calendar=arena.unit_calendar
    )
    if reason:
        raise InputError(
            _(
                "--date: {day} is closed for {name} ({reason}); choose another day, or, if "
                "the meeting must be held then, call it first with invite --allow-closed-day"
            ).format(day=day.isoformat(), name=arena.name, reason=reason)
        )


def next_meeting(
    workspace: Workspace, municipality: str, arena: str, today: dt.date
) -> ArenaMeeting:
    """The arena's first meeting on or after `today`.

    Raises:
        InputError: The arena meets only on demand, or has no meeting within a year.
    """
    instance = instance_of(workspace, municipality, arena)
    record = instance.arena
    if isinstance(record.frequency, OnDemand):
        raise InputError(
            _(
                "--next: {name} ({arena}) meets on demand and has no next meeting; "
                "give the meeting's --date"
            ).format(name=record.name, arena=arena)
        )
    if not record.has_series:
        raise InputError(
            _(
                "--next: {name} ({arena}) has no series: its frequency is not stated (a "
                "decision to make, see samarbeid assumptions); give the meeting's --date"
            ).format(name=record.name, arena=arena)
        )
    arenas = _routine_of(workspace, municipality, instance)
    periods = _periods(period_of(today), 3)
    for meeting in _meetings(workspace, municipality, arenas, periods, only=arena):
        if meeting.date >= today:
            return meeting
    raise InputError(
        _("--next: {name} ({arena}) has no meeting in the coming year").format(
            name=record.name, arena=arena
        )
    )


def neighbours(
    workspace: Workspace, meeting: ArenaMeeting
) -> tuple[ArenaMeeting | None, ArenaMeeting | None]:
    """The arena's meetings just before and just after `meeting`, where the schedule has them."""
    if not meeting.arena.has_series:
        return None, None
    around = _scheduled_around(workspace, meeting.municipality, meeting.arena_slug, meeting.date)
    earlier = [m for m in around if m.date < meeting.date]
    later = [m for m in around if m.date > meeting.date]
    return (earlier[-1] if earlier else None), (later[0] if later else None)


def due(
    workspace: Workspace, municipalities: list[str], as_of: dt.date, within_days: int
) -> list[ArenaMeeting]:
    """Every meeting whose agenda must go out in the `within_days` days from `as_of`.

    The window is `as_of` up to but not including `as_of + within_days`, so a job that runs
    every `within_days` days lists each agenda exactly once. Sorted by send-by date, then
    municipality and arena.
    """
    end = as_of + dt.timedelta(days=within_days)
    longest_lead = max(
        (
            arena.agenda.lead_days
            for slug in municipalities
            for arena in workspace.arenas_of(slug).values()
        ),
        default=0,
    )
    last_meeting = end + dt.timedelta(days=longest_lead)
    periods = [period_of(as_of)]
    while periods[-1].last_day < last_meeting:
        periods.append(periods[-1].following())
    found = [
        meeting
        for slug in municipalities
        for meeting in _meetings(workspace, slug, workspace.arenas_of(slug), periods)
        if as_of <= meeting.send_by < end
    ]
    return sorted(found, key=lambda m: (m.send_by, m.municipality, m.start, m.arena_slug))


def topics_without_a_meeting(
    workspace: Workspace, topics: Mapping[tuple[str, str], list[SubmittedTopic]]
) -> list[Finding]:
    """A warning at every topic filed for a day its arena (or its unit) does not meet: it
    would be on no agenda. Names the nearest meetings before and after.

    Args:
        topics: The submitted topics by (municipality, arena file slug).
    """
    warnings = []
    for (municipality, routine), submitted in topics.items():
        named = series_named(workspace, municipality, routine)
        if not named or not named[0].arena.has_series:
            continue  # on demand: any day is its meeting
        record = workspace.municipalities[municipality]
        for topic in submitted:
            series = [i for i in named if topic.topic.unit in (None, i.unit)]
            around: dict[str, list[ArenaMeeting]] = {}
            try:
                for instance in series:
                    around[instance.slug] = _scheduled_around(
                        workspace, municipality, instance.slug, topic.date
                    )
            except InputError:
                continue  # no school calendar for that half-year: validate says so elsewhere
            every = [meeting for found in around.values() for meeting in found]
            if any(meeting.date == topic.date for meeting in every):
                continue
            # One series (a plain arena, or the unit the topic is for) goes by its own name;
            # a topic for every unit of a per-unit arena by the arena file's.
            name = (
                series[0].arena.name
                if len(series) == 1
                else workspace.arenas_of(municipality)[routine].name
            )
            if not every:
                message = _(
                    "{arena} has no planned meetings, so this topic is on no agenda: its "
                    "dates are not decided (see `samarbeid assumptions`)"
                ).format(arena=name)
            elif len(series) == 1:
                message = _(
                    "{arena} has no meeting on {date}, so this topic is on no agenda; "
                    "the nearest meetings: {nearest}; rename the file to one of those dates"
                ).format(
                    arena=name, date=topic.date.isoformat(), nearest=_nearest(every, topic.date)
                )
            else:
                nearest = "; ".join(
                    f"{_unit_name(record, instance.unit)} "
                    + (_nearest(around[instance.slug], topic.date) or _("no planned meetings"))
                    for instance in series
                )
                message = _(
                    "{arena} has no meeting on {date} in any of its units, so this topic is on "
                    "no agenda; the nearest meetings: {nearest}; rename the file to one of "
                    "those dates"
                ).format(arena=name, date=topic.date.isoformat(), nearest=nearest)
            warnings.append(Finding(topic.path, 1, 1, "", message, "warning"))
    return warnings


def _nearest(meetings: Sequence[ArenaMeeting], day: dt.date) -> str:
    """The last meeting day before `day` and the first after, "" when there are none."""
    earlier = sorted({m.date for m in meetings if m.date < day})[-1:]
    later = sorted({m.date for m in meetings if m.date > day})[:1]
    return ", ".join(found.isoformat() for found in earlier + later)


def _unit_name(municipality: Municipality, unit: str | None) -> str:
    """A unit's name as the municipality file gives it (its slug where it gives none)."""
    found = municipality.units.get(unit) if unit else None
    return found.name if found is not None else (unit or "")
