"""Every assumption the data records, and every default filled in where the data is silent,
with file:line: one checklist for a coordinator to verify with the municipality."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.yaml_source import Path_, SourceMap, dotted
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.frequency import EveryNWeeks
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.units import units_of

Kind = Literal["assumption", "default", "anchor", "school_calendar"]


@dataclass(frozen=True)
class Assumption:
    """One thing to verify."""

    municipality: str
    path: str
    line: int
    column: int
    field: str
    kind: Kind
    """assumption: written in the data; default: filled in by samarbeid; anchor: the date an
    every-N-weeks series keeps step with; school_calendar: a school year not from the adopted
    skolerute."""
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


def _of_arena(arena: Arena, record: Municipality, file: _File) -> None:
    for index, text in enumerate(arena.assumptions):
        file.add(("assumptions", index), "assumption", text)
    if not arena.agenda.lead_days_stated:
        file.add(
            ("agenda", "lead_days"),
            "default",
            _(
                "the data gives no lead time for the agenda; samarbeid assumes {days} days and "
                "does not print it as the municipality's rule"
            ).format(days=arena.agenda.lead_days),
        )
    if arena.has_series and not file.written(("meeting", "duration_minutes")):
        file.add(
            ("meeting", "duration_minutes"),
            "default",
            _("the data gives no meeting length; {minutes} minutes assumed").format(
                minutes=arena.meeting.duration_minutes
            ),
        )
    if isinstance(arena.frequency, EveryNWeeks):
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
