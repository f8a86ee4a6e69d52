"""Every assumption the data records, and every default filled in where the data is silent,
with file:line: one checklist for a coordinator to verify with the municipality."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import N_, _
from samarbeid_cli.loading.yaml_source import Path_, SourceMap, dotted
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.defaults import DEFAULTS
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.frequency import EveryNWeeks, FrequencyNotStated, Monthly, PerYear
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.schedule import Series
from samarbeid_cli.services.units import units_of

Kind = Literal["assumption", "not_stated", "default", "derived", "anchor", "school_calendar"]


@dataclass(frozen=True)
class Assumption:
    """One thing to verify."""

    municipality: str
    path: str
    line: int
    column: int
    field: str
    kind: Kind
    """assumption: written in the data; not_stated: the data says the source does not give
    it, a decision to make; default: filled in by samarbeid (see `models.defaults`); derived:
    worked out by samarbeid, such as a yearly count's split; anchor: the date an every-N-weeks
    series keeps step with; school_calendar: a school year not from the adopted skolerute."""
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.text} [{self.kind}]"


class _File:
    def __init__(self, municipality: str, path: str, source: SourceMap | None) -> None:
        self.municipality = municipality
        self.path = path
        self.source = source or SourceMap()
        self.found: list[Assumption] = []

    def written(self, field: Path_) -> bool:
        return field in self.source.values

    def add(self, field: Path_, kind: Kind, text: str) -> None:
        where = self.source.written(field)
        line, column = self.source.value(where)
        self.found.append(
            Assumption(self.municipality, self.path, line, column, dotted(where), kind, text)
        )


def _of_municipality(record: Municipality, file: _File) -> None:
    for index, text in enumerate(record.assumptions):
        file.add(("assumptions", index), "assumption", text)
    for key, year in record.school_years.items():
        if year.source is None or "assum" in year.source.lower():
            file.add(
                ("school_years", key),
                "school_calendar",
                (
                    _("school year {key} ({first}..{last}) is marked {source}")
                    if year.source
                    else _(
                        "school year {key} ({first}..{last}) has no source; verify it against "
                        "the adopted skolerute"
                    )
                ).format(
                    key=key, first=year.first_day, last=year.last_day, source=repr(year.source)
                ),
            )
    if record.meeting_free_first_school_days:  # 0 says what the default does: none kept free
        file.add(
            ("meeting_free_first_school_days",),
            "assumption",
            _(
                "meetings of arenas bound to the school calendar are kept out of the first "
                "{count} school days of each school year; a choice of the data, not a rule of "
                "the routines: verify it with the schools"
            ).format(count=record.meeting_free_first_school_days),
        )
    for name, calendar in record.calendars.items():
        if calendar.source is None or "assum" in calendar.source.lower():
            file.add(
                ("calendars", name),
                "school_calendar",
                (
                    _("calendar {name} is marked {source}")
                    if calendar.source
                    else _("calendar {name} has no source; verify its closed days with the units")
                ).format(name=repr(name), source=repr(calendar.source)),
            )


DECISIONS: dict[tuple[str, ...], str] = {
    ("details",): N_(
        "the routine's details: level, mandate, participants, convener, meeting and frequency"
    ),
    ("level",): N_("the level (individ, system or tjeneste) the arena works on"),
    ("mandate",): N_("the arena's mandate"),
    ("convener",): N_("who convenes the arena"),
    ("meeting", "form"): N_("whether it meets digitally, physically or both"),
    ("frequency",): N_("how often it meets (or write kind: on_demand if it meets as needed)"),
    ("frequency", "weekday"): N_("the meeting day"),
    ("frequency", "week"): N_("which week of the month it meets"),
    ("frequency", "anchor"): N_("the date the series keeps step with"),
    ("meeting", "start"): N_("the start time"),
}
"""What to decide for each field the data may give as not stated."""
CALENDAR_FIELDS = {
    ("details",),
    ("frequency", "weekday"),
    ("frequency", "week"),
    ("frequency", "anchor"),
    ("meeting", "start"),
}
"""The fields without which a series cannot be scheduled."""


def _not_stated(arena: Arena) -> list[tuple[str, ...]]:
    """The fields the arena gives as not stated, in the order of `DECISIONS`."""
    if arena.details_missing:
        # One decision: the fields it leaves out are not stated because nothing is written.
        return [("details",)]
    frequency = arena.frequency
    empty = {
        ("details",): False,
        ("level",): not arena.level,
        ("mandate",): not arena.mandate,
        ("convener",): not arena.convener,
        ("meeting", "form"): arena.meeting.form is None,
        ("frequency",): isinstance(frequency, FrequencyNotStated),
        ("frequency", "weekday"): getattr(frequency, "weekday", True) is None,
        ("frequency", "week"): isinstance(frequency, Monthly) and frequency.week is None,
        ("frequency", "anchor"): isinstance(frequency, EveryNWeeks) and frequency.anchor is None,
        ("meeting", "start"): arena.has_series and arena.meeting.start is None,
    }
    return [field for field in DECISIONS if empty[field]]


def _of_arena(arena: Arena, record: Municipality, file: _File) -> None:
    for index, text in enumerate(arena.assumptions):
        file.add(("assumptions", index), "assumption", text)
    for field in _not_stated(arena):
        decision = _(DECISIONS[field])
        text = (
            _("not stated in the source; decide {decision}; until then the series is not scheduled")
            if field in CALENDAR_FIELDS
            else _("not stated in the source; decide {decision}")
        )
        file.add(field, "not_stated", text.format(decision=decision))
    if arena.details_missing:
        return
    if not arena.agenda.lead_days_stated:
        file.add(
            ("agenda", "lead_days"),
            "default",
            _(
                "the data gives no lead time for the agenda; samarbeid assumes {days} days and "
                "does not print it as the municipality's rule"
            ).format(days=arena.agenda.lead_days),
        )
    if arena.meeting.duration_minutes is None:
        duration = DEFAULTS["meeting.duration_minutes"]
        file.add(
            ("meeting", "duration_minutes"),
            "default",
            _(
                "the data gives no meeting length; {value} minutes assumed for calendars and "
                "invitations; documents say it is not decided"
            ).format(value=duration.value),
        )
    if arena.revision is not None and not file.written(("revision", "interval_months")):
        interval = DEFAULTS["revision.interval_months"]
        file.add(
            ("revision", "interval_months"),
            "default",
            _(
                "the data gives no revision interval; {value} months assumed between revisions"
            ).format(value=interval.value),
        )
    if isinstance(arena.frequency, PerYear):
        file.add(
            ("frequency", "per_year"),
            "derived",
            (
                _(
                    "{count} meetings a year, spread by samarbeid over the school year's open "
                    "weeks, one month at a time; the split is derived, not the source's"
                )
                if arena.school_calendar
                else _(
                    "{count} meetings a year, spread by samarbeid over the calendar year's open "
                    "weeks, one month at a time; the split is derived, not the source's"
                )
            ).format(count=arena.frequency.per_year),
        )
    if isinstance(arena.frequency, EveryNWeeks) and arena.frequency.anchor is not None:
        file.add(
            ("frequency", "anchor"),
            "anchor",
            _(
                "the series keeps step with {anchor}; verify that a meeting is (or would be) "
                "held that day"
            ).format(anchor=arena.frequency.anchor.isoformat()),
        )
    units = units_of(arena, record)
    if arena.per_unit is not None and arena.per_unit.stagger and arena.has_series and units:
        names = ", ".join(unit.name for _slug, unit in units)
        file.add(
            ("per_unit",),
            "default",
            _(
                "each unit gets its own slot, staggered in this order: {names}; verify the days "
                "with the units, or set stagger: false"
            ).format(names=names),
        )


def unscheduled(
    all_series: Sequence[Series], workspace: Workspace, sources: Mapping[str, SourceMap]
) -> list[Finding]:
    """One finding per field that keeps a series out of the calendars: the data gives its
    weekday, anchor or start time as not stated. Each names the file, the field and the
    decision to make; the other series go ahead."""
    found = []
    for series in all_series:
        if not series.undecided:
            continue
        path = workspace.arena_files[(series.municipality, series.routine_slug)]
        source = sources.get(path) or SourceMap()
        for field in series.undecided:
            where = source.written(field)
            line, column = source.value(where)
            found.append(
                Finding(
                    path,
                    line,
                    column,
                    dotted(where),
                    _("not stated, so {series} is not scheduled; decide {decision}").format(
                        series=series.arena_slug, decision=_(DECISIONS[field])
                    ),
                    "warning",
                )
            )
    return found


def assumptions(
    workspace: Workspace, sources: Mapping[str, SourceMap], municipality: str | None = None
) -> list[Assumption]:
    """Every assumption and filled-in default, municipality by municipality, file by file.

    Raises:
        UsageError: `municipality` is not in the data.
    """
    if municipality is not None and municipality not in workspace.municipalities:
        known = ", ".join(sorted(workspace.municipalities)) or _("none")
        raise UsageError(
            _("--municipality: no municipality {slug}; known: {known}").format(
                slug=repr(municipality), known=known
            )
        )
    chosen = [municipality] if municipality else list(workspace.municipalities)
    found: list[Assumption] = []
    for slug in chosen:
        record = workspace.municipalities[slug]
        path = workspace.municipality_files[slug]
        file = _File(slug, path, sources.get(path))
        _of_municipality(record, file)
        found.extend(sorted(file.found, key=lambda item: (item.line, item.column)))
        for arena_slug, arena in workspace.arenas_of(slug).items():
            path = workspace.arena_files[(slug, arena_slug)]
            file = _File(slug, path, sources.get(path))
            _of_arena(arena, record, file)
            found.extend(sorted(file.found, key=lambda item: (item.line, item.column)))
    return found
