"""Checks across files and fields: every role and service an arena names exists in its
municipality, school years and closed days make sense, kommunenummer are unique."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from samarbeid_cli.i18n import _
from samarbeid_cli.loading import git
from samarbeid_cli.loading.yaml_source import Path_, SourceMap, dotted
from samarbeid_cli.models.arena import Arena, Ref
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.municipality import (
    NO_CALENDAR,
    SCHOOL_CALENDAR,
    Municipality,
    UnitCalendar,
    school_year_start,
)
from samarbeid_cli.models.types import NOT_STATED
from samarbeid_cli.models.workspace import Workspace

_LONGEST_BREAK_DAYS = 31


class _Reporter:
    def __init__(self, display_path: str, source: SourceMap) -> None:
        self.display_path = display_path
        self.source = source
        self.findings: list[Finding] = []

    def __call__(self, path: Path_, message: str, severity: str = "error") -> None:
        written = self.source.written(path)
        line, column = self.source.value(written)
        self.findings.append(
            Finding(
                self.display_path,
                line,
                column,
                dotted(written),
                message,
                "warning" if severity == "warning" else "error",
            )
        )


def _suggest(slug: str, known: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(slug, list(known), n=1, cutoff=0.6)
    return _("; did you mean {name}?").format(name=repr(close[0])) if close else ""


def unknown_ref(kind: str, slug: str, hint: str = "", municipality_path: str | None = None) -> str:
    """ "unknown role 'x'": the kind in the user's language, not the key's English word."""
    if municipality_path is None:
        if kind == "role":
            return _("unknown role {slug}{value}").format(slug=repr(slug), value=hint)
        return _("unknown service {slug}{value}").format(slug=repr(slug), value=hint)
    if kind == "role":
        text = _("unknown role {slug}{value} (roles are defined in {municipality_path})")
    else:
        text = _("unknown service {slug}{value} (services are defined in {municipality_path})")
    return text.format(slug=repr(slug), value=hint, municipality_path=municipality_path)


def _arena_refs(arena: Arena) -> Iterator[tuple[Path_, Ref]]:
    for index, participant in enumerate(arena.participants):
        yield ("participants", index), participant
    for index, convener in enumerate(arena.convener):
        yield ("convener", index), convener
    if arena.chair:
        yield ("chair",), arena.chair
    if arena.deputy_chair:
        yield ("deputy_chair",), arena.deputy_chair
    if arena.contact:
        yield ("contact",), arena.contact
    if arena.minutes:
        if arena.minutes.writer:
            yield ("minutes", "writer"), arena.minutes.writer
        for index, ref in enumerate(arena.minutes.recipients):
            yield ("minutes", "recipients", index), ref
        for index, ref in enumerate(arena.minutes.electronic_dispatch):
            yield ("minutes", "electronic_dispatch", index), ref
    for index, ref in enumerate(arena.agenda.prepared_with):
        yield ("agenda", "prepared_with", index), ref
    if arena.revision and isinstance(arena.revision.responsible, Ref):
        yield ("revision", "responsible"), arena.revision.responsible
    if arena.revision and arena.revision.approved:
        yield ("revision", "approved", "by"), arena.revision.approved.by


def check_arena(
    arena: Arena, municipality: Municipality, municipality_path: str, report: _Reporter
) -> None:
    """Every reference of one arena resolves in its municipality."""
    for path, ref in _arena_refs(arena):
        known: Mapping[str, object] = (
            municipality.roles if ref.kind == "role" else municipality.services
        )
        if ref.slug not in known:
            report(
                (*path, ref.kind),
                unknown_ref(ref.kind, ref.slug, _suggest(ref.slug, known), municipality_path),
            )
    if arena.per_unit is not None:
        _check_per_unit(arena, municipality, municipality_path, report)
    if arena.has_series and "start" not in arena.meeting.model_fields_set:
        report(
            ("meeting", "start"),
            _(
                "is required for an arena that meets in a series (frequency kind "
                "{kind}); add e.g. 'start: 08:30', or 'start: {not_stated}' where the source "
                "does not say"
            ).format(kind=arena.frequency.kind, not_stated=NOT_STATED),
        )


def _check_links(slug: str, arena: Arena, arenas: Mapping[str, Arena], report: _Reporter) -> None:
    """`leads_to` and `see_also` name other arena files of the same municipality."""
    for field in ("leads_to", "see_also"):
        for index, other in enumerate(getattr(arena, field)):
            if other == slug:
                report((field, index), _("names the arena itself; name another arena"))
            elif other not in arenas:
                report(
                    (field, index),
                    _("no arena {slug} in this municipality{hint} (known: {known})").format(
                        slug=repr(other),
                        hint=_suggest(other, arenas),
                        known=", ".join(sorted(arenas)),
                    ),
                )


def _check_per_unit(
    arena: Arena, municipality: Municipality, municipality_path: str, report: _Reporter
) -> None:
    per_unit = arena.per_unit
    assert per_unit is not None
    known_kinds = sorted({unit.kind for unit in municipality.units.values()})
    for index, kind in enumerate(per_unit.kinds):
        if kind not in known_kinds:
            report(
                ("per_unit", "kinds", index),
                _(
                    "no unit of kind {kind} in {municipality_path}{value} (known kinds: {value2})"
                ).format(
                    kind=repr(kind),
                    municipality_path=municipality_path,
                    value=_suggest(kind, dict.fromkeys(known_kinds)),
                    value2=", ".join(known_kinds) or _("none; add units:"),
                ),
            )
    for index, slug in enumerate(per_unit.units):
        if slug not in municipality.units:
            report(
                ("per_unit", "units", index),
                _("unknown unit {slug}{value} (units are defined in {municipality_path})").format(
                    slug=repr(slug),
                    value=_suggest(slug, municipality.units),
                    municipality_path=municipality_path,
                ),
            )


def _check_ref(ref: Ref, municipality: Municipality, path: Path_, report: _Reporter) -> None:
    known: Mapping[str, object] = (
        municipality.roles if ref.kind == "role" else municipality.services
    )
    if ref.slug not in known:
        report((*path, ref.kind), unknown_ref(ref.kind, ref.slug, _suggest(ref.slug, known)))


def _check_unit_refs(municipality: Municipality, report: _Reporter) -> None:
    for slug, unit in municipality.units.items():
        for index, ref in enumerate(unit.leader):
            _check_ref(ref, municipality, ("units", slug, "leader", index), report)
        for general, own in unit.roles.items():
            if general not in municipality.roles:
                report(
                    ("units", slug, "roles", general),
                    _(
                        "unknown role {general}{value}; the keys are the municipality's roles "
                        "that this unit has its own holder of"
                    ).format(general=repr(general), value=_suggest(general, municipality.roles)),
                )
            _check_ref(own, municipality, ("units", slug, "roles", general), report)


def _check_unit_calendars(municipality: Municipality, report: _Reporter) -> None:
    named = (SCHOOL_CALENDAR, NO_CALENDAR)
    for slug, unit in municipality.units.items():
        if unit.calendar not in named and unit.calendar not in municipality.calendars:
            known = dict.fromkeys([*named, *municipality.calendars])
            report(
                ("units", slug, "calendar"),
                _(
                    "unknown calendar {name}{value}; name school, none, or a calendar defined "
                    "under calendars: (known: {known})"
                ).format(
                    name=repr(unit.calendar),
                    value=_suggest(unit.calendar, known),
                    known=", ".join(known),
                ),
            )


def _check_calendar_names(municipality: Municipality, report: _Reporter) -> None:
    for name in municipality.calendars:
        if name in (SCHOOL_CALENDAR, NO_CALENDAR):
            report(
                ("calendars", name),
                _(
                    "{name} is a word units use for the school calendar or for none; give "
                    "this calendar another name, e.g. barnehage"
                ).format(name=repr(name)),
            )


def _check_role_services(municipality: Municipality, report: _Reporter) -> None:
    for slug, role in municipality.roles.items():
        if role.service and role.service not in municipality.services:
            report(
                ("roles", slug, "service"),
                f"unknown service {role.service!r}{_suggest(role.service, municipality.services)}",
            )


def _check_roster(municipality: Municipality, report: _Reporter) -> None:
    for slug in municipality.roster:
        if slug not in municipality.roles and slug not in municipality.services:
            known = {**municipality.roles, **municipality.services}
            report(
                ("roster", slug),
                _("{slug} is neither a role nor a service{value}").format(
                    slug=repr(slug), value=_suggest(slug, known)
                ),
            )


def _check_log_control(municipality: Municipality, report: _Reporter) -> None:
    if municipality.log_control:
        for index, ref in enumerate(municipality.log_control.responsible):
            if ref.role not in municipality.roles:
                report(
                    ("log_control", "responsible", index, "role"),
                    f"unknown role {ref.role!r}{_suggest(ref.role, municipality.roles)}",
                )
        for unit_index, unit in enumerate(municipality.log_control.units):
            for index, leader in enumerate(unit.leader):
                path = ("log_control", "units", unit_index, "leader", index)
                _check_ref(leader, municipality, path, report)


def _check_wheel(municipality: Municipality, report: _Reporter) -> None:
    if municipality.annual_wheel:
        for entry_index, entry in enumerate(municipality.annual_wheel.entries):
            for index, ref in enumerate(entry.responsible):
                if ref.role not in municipality.roles:
                    report(
                        ("annual_wheel", "entries", entry_index, "responsible", index, "role"),
                        f"unknown role {ref.role!r}{_suggest(ref.role, municipality.roles)}",
                    )


def _check_school_years(municipality: Municipality, report: _Reporter) -> None:
    for key, year in municipality.school_years.items():
        start_year = school_year_start(key)
        window_start = dt.date(start_year, 7, 1)
        window_end = dt.date(start_year + 1, 6, 30)
        base = ("school_years", key)
        if not window_start <= year.first_day <= dt.date(start_year, 9, 30):
            report(
                (*base, "first_day"),
                _(
                    "must fall between {window_start} and {start_year}-09-30 for school "
                    "year {key} (got {first_day})"
                ).format(
                    window_start=window_start,
                    start_year=start_year,
                    key=key,
                    first_day=year.first_day,
                ),
            )
        if not dt.date(start_year + 1, 5, 1) <= year.last_day <= window_end:
            report(
                (*base, "last_day"),
                _(
                    "must fall between {value}-05-01 and {window_end} for school year "
                    "{key} (got {last_day})"
                ).format(
                    value=start_year + 1, window_end=window_end, key=key, last_day=year.last_day
                ),
            )
        spans = sorted(year.breaks.items(), key=lambda item: item[1].start)
        for name, span in spans:
            if not (year.first_day <= span.start and span.end <= year.last_day):
                report(
                    (*base, "breaks", name),
                    f"{span.start}..{span.end} lies outside the school year "
                    f"{year.first_day}..{year.last_day}",
                )
            elif (span.end - span.start).days >= _LONGEST_BREAK_DAYS:
                report(
                    (*base, "breaks", name),
                    _("{start}..{end} is {value} days long; is a year or month mistyped?").format(
                        start=span.start, end=span.end, value=(span.end - span.start).days + 1
                    ),
                )
        for (name, span), (next_name, next_span) in itertools.pairwise(spans):
            if next_span.start <= span.end:
                report(
                    (*base, "breaks", next_name),
                    f"overlaps {name} ({span.start}..{span.end})",
                    "warning",
                )
        for index, day in enumerate(year.planning_days):
            if not window_start <= day <= window_end:
                report(
                    (*base, "planning_days", index),
                    f"{day} lies outside school year {key} ({window_start}..{window_end})",
                )
            elif day.weekday() >= 5:
                report(
                    (*base, "planning_days", index),
                    _("{day} is a weekend day").format(day=day),
                    "warning",
                )


_MUNICIPALITY_CHECKS: list[tuple[tuple[str, ...], Callable[[Municipality, _Reporter], None]]] = [
    (("roles", "services"), _check_role_services),
    (("roster", "roles", "services"), _check_roster),
    (("log_control", "roles", "services"), _check_log_control),
    (("annual_wheel", "roles"), _check_wheel),
    (("units", "roles", "services"), _check_unit_refs),
    (("units", "calendars.keys"), _check_unit_calendars),
    (("calendars.keys",), _check_calendar_names),
    (("school_years",), _check_school_years),
]
"""Each check inside a municipality file, with the sections it reads (`name.keys`: only the
names under the section): on a file with schema errors, a check runs where those sections are
valid (`check_valid_sections`)."""


def check_municipality(municipality: Municipality, report: _Reporter) -> None:
    """References inside a municipality file, and a sane school calendar.

    closed_days[].end and calendars.*.closed[].end before start: the model refuses them.
    """
    for _sections, check in _MUNICIPALITY_CHECKS:
        check(municipality, report)


def check_valid_sections(data: object, source: SourceMap, display_path: str) -> list[Finding]:
    """The checks of `check_municipality` that can run on a file the model refused: each where
    the sections it reads are valid on their own (or left out), so that an unknown unit
    calendar comes in the same round as a schema error elsewhere; a check reading a section
    with errors is left out rather than guessed (issue 18)."""
    if not isinstance(data, dict):
        return []
    valid: dict[str, Any] = {}
    invalid: set[str] = set()
    for name in {name for sections, _check in _MUNICIPALITY_CHECKS for name in sections}:
        if name.endswith(".keys") or name not in data:
            continue
        field = Municipality.model_fields[name]
        # The field's type with its constraints, as the model validates it.
        kind: Any = field.annotation
        if field.metadata:
            kind = Annotated[kind, *field.metadata]
        try:
            adapter: TypeAdapter[Any] = TypeAdapter(kind)
            valid[name] = adapter.validate_python(data[name])
        except ValidationError:
            invalid.add(name)
    calendars = data.get("calendars", {})
    names_only = isinstance(calendars, dict) and all(isinstance(key, str) for key in calendars)
    if "calendars" not in valid and names_only:
        # Only the names are read: a calendar with a bad date still has its name.
        valid["calendars"] = dict.fromkeys(calendars, UnitCalendar.model_construct())
    elif "calendars" not in valid:
        invalid.add("calendars.keys")
    partial = Municipality.model_construct(**valid)
    report = _Reporter(display_path, source)
    for sections, check in _MUNICIPALITY_CHECKS:
        if invalid.isdisjoint(sections):
            check(partial, report)
    return report.findings


def _committed(paths: list[str]) -> set[str]:
    """Those of `paths` that git tracks; none when git or a repository is not there."""
    folders = {str(Path(path).resolve().parent) for path in paths}
    tracked: set[str] = set()
    for folder in folders:
        try:
            listed = subprocess.run(
                git.command("ls-files", "-z", "--full-name", "."),
                cwd=folder,
                env=git.environment(),
                capture_output=True,
                check=True,
                timeout=10,
            )
            top = subprocess.run(
                git.command("rev-parse", "--show-toplevel"),
                cwd=folder,
                env=git.environment(),
                capture_output=True,
                check=True,
                timeout=10,
                text=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        for name in listed.stdout.decode().split("\0"):
            if name:
                tracked.add(str((Path(top) / name).resolve()))
    return {path for path in paths if str(Path(path).resolve()) in tracked}


def duplicate_numbers(numbers: Mapping[str, str], files: Mapping[str, str]) -> dict[str, str]:
    """Municipality slug -> the slug whose kommunenummer it repeats: the blame goes to a file
    not yet committed, else to the later one in sort order; never only to the old one.

    Args:
        numbers: Each municipality's kommunenummer, by slug.
        files: Each municipality's file as messages show it, by slug.
    """
    by_number: dict[str, list[str]] = {}
    for slug, number in numbers.items():
        by_number.setdefault(number, []).append(slug)
    groups = [sorted(slugs) for slugs in by_number.values() if len(slugs) > 1]
    if not groups:
        return {}
    committed = _committed([files[slug] for group in groups for slug in group])
    blamed = {}
    for group in groups:
        old = [slug for slug in group if files[slug] in committed]
        keeper = old[0] if old else group[0]
        for slug in group:
            if slug != keeper:
                blamed[slug] = keeper
    return blamed


def duplicate_number_message(kommunenummer: str, other: str, other_file: str) -> str:
    """What a municipality file whose kommunenummer `other` has too is told."""
    return _(
        "{kommunenummer} is already the kommunenummer of {other} ({value}); "
        "one of the two files has the wrong number"
    ).format(kommunenummer=kommunenummer, other=repr(other), value=other_file)


def check_workspace(
    workspace: Workspace,
    municipality_sources: Mapping[str, SourceMap],
    arena_sources: Mapping[tuple[str, str], SourceMap],
    *,
    across: bool = True,
) -> list[Finding]:
    """Every cross-file and cross-field problem of a loaded data folder.

    Args:
        across: Whether to look across municipalities too (a kommunenummer used twice);
            a workspace of one municipality at a time leaves that to the caller.
    """
    findings: list[Finding] = []
    numbers = {slug: record.kommunenummer for slug, record in workspace.municipalities.items()}
    blamed = duplicate_numbers(numbers, workspace.municipality_files) if across else {}
    for slug, municipality in workspace.municipalities.items():
        report = _Reporter(workspace.municipality_files[slug], municipality_sources[slug])
        check_municipality(municipality, report)
        if slug in blamed:
            other = blamed[slug]
            report(
                ("kommunenummer",),
                duplicate_number_message(
                    municipality.kommunenummer, other, workspace.municipality_files[other]
                ),
            )
        findings.extend(report.findings)
    for municipality_slug, arenas in workspace.arenas.items():
        municipality = workspace.municipalities[municipality_slug]
        for arena_slug, arena in arenas.items():
            key = (municipality_slug, arena_slug)
            report = _Reporter(workspace.arena_files[key], arena_sources[key])
            check_arena(
                arena, municipality, workspace.municipality_files[municipality_slug], report
            )
            _check_links(arena_slug, arena, arenas, report)
            findings.extend(report.findings)
    return findings
