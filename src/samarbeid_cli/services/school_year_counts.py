"""Meetings per school year against what the source promises: a stated count (`per_year`)
the schedule misses is a warning naming the months that lost a meeting; a series that meets
not once in a whole school year is an error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from samarbeid_cli.i18n import N_, _
from samarbeid_cli.loading.yaml_source import Path_
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.frequency import NO_SERIES
from samarbeid_cli.models.municipality import school_year_start
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Series

MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

SeriesOf = Callable[[Workspace, str, Period], list[Series] | None]
Locate = Callable[[str, Path_], tuple[int, int]]


@dataclass
class _Tally:
    routine: str
    meetings: int = 0
    shortfall: int = 0
    lost: list[str] = field(default_factory=list)


def _tally(halves: list[list[Series]]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for half in halves:
        for series in half:
            if isinstance(series.arena.frequency, NO_SERIES) or series.undecided:
                continue
            tally = tallies.setdefault(series.arena_slug, _Tally(series.routine_slug))
            tally.meetings += len(series.meetings)
            tally.shortfall += series.shortfall
            for skipped in series.skipped:
                month = f"{_(MONTH_NAMES[skipped.date.month - 1])} {skipped.date.year}"
                entry = f"{month} ({skipped.reason})"
                if entry not in tally.lost:
                    tally.lost.append(entry)
    return tallies


def _unit_text(series_slug: str, routine: str) -> str:
    if series_slug == routine:
        return ""
    return _(" for unit {unit}").format(unit=repr(series_slug.removeprefix(routine + "--")))


def count_findings(
    workspace: Workspace, municipality: str, series_of: SeriesOf, locate: Locate
) -> list[Finding]:
    """Per school year of the municipality's calendar: stated counts missed (warnings) and
    series without a single meeting (errors)."""
    findings = []
    for key in workspace.municipalities[municipality].school_years:
        start = school_year_start(key)
        autumn = series_of(workspace, municipality, Period(start, 2))
        spring = series_of(workspace, municipality, Period(start + 1, 1))
        if autumn is None or spring is None:
            continue
        for slug, tally in _tally([autumn, spring]).items():
            arena = workspace.arenas_of(municipality)[tally.routine]
            path = workspace.arena_files[(municipality, tally.routine)]
            unit = _unit_text(slug, tally.routine)
            if tally.meetings == 0:
                line, column = locate(path, ("frequency",))
                findings.append(
                    Finding(
                        path,
                        line,
                        column,
                        "frequency",
                        _(
                            "gives no meeting at all in school year {key}{unit}: every date it "
                            "gives is closed or outside its window; change the rule, or use "
                            "kind: on_demand"
                        ).format(key=key, unit=unit),
                    )
                )
                continue
            stated = getattr(arena.frequency, "per_year", None)
            if stated is None or stated == tally.meetings:
                continue
            why = []
            # Lost months explain fewer meetings, not more.
            if tally.lost and tally.meetings < stated:
                why.append(_("lost: {months}").format(months=", ".join(tally.lost)))
            if tally.shortfall:
                why.append(_("{count} found no open day").format(count=tally.shortfall))
            line, column = locate(path, ("frequency", "per_year"))
            findings.append(
                Finding(
                    path,
                    line,
                    column,
                    "frequency.per_year",
                    _(
                        "the source states {stated} meetings a year, but school year {key} has "
                        "{meetings}{unit}"
                    ).format(stated=stated, key=key, meetings=tally.meetings, unit=unit)
                    + (f" ({'; '.join(why)})" if why else ""),
                    "warning",
                )
            )
    return findings
