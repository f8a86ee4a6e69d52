"""What `validate` reports beyond errors: counts per municipality and things to look at."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from samarbeid_cli.errors import InputError, UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.yaml_source import Path_, SourceMap, dotted
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.frequency import (
    EveryNWeeks,
    FrequencyNotStated,
    OnDemand,
    PerTerm,
    PerYearRange,
    Weekly,
    weekdays_named_in,
)
from samarbeid_cli.models.types import Level
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.conflicts import find_conflicts
from samarbeid_cli.services.periods import Period, coming_period
from samarbeid_cli.services.schedule import Series, schedule
from samarbeid_cli.services.school_year_counts import count_findings

if TYPE_CHECKING:
    # Only `diff` and `check-revisions` ask about revisions; validate need not import them.
    from samarbeid_cli.loading.at_revision import DataAtRevision


@dataclass(frozen=True)
class MunicipalitySummary:
    """One row of the validate summary."""

    slug: str
    name: str
    kommunenummer: str
    malform: str
    arenas: int
    by_level: dict[str, int]
    on_demand: int
    not_stated: int
    assumptions: int


def summarize(workspace: Workspace) -> list[MunicipalitySummary]:
    """Arena counts per municipality, by main level (the first level an arena lists)."""
    rows = []
    for slug, municipality in workspace.municipalities.items():
        arenas = workspace.arenas_of(slug).values()
        levels = Counter(arena.level[0].value for arena in arenas if arena.level)
        rows.append(
            MunicipalitySummary(
                slug=slug,
                name=municipality.name,
                kommunenummer=municipality.kommunenummer,
                malform=municipality.malform,
                arenas=len(arenas),
                by_level={level.value: levels.get(level.value, 0) for level in Level},
                on_demand=sum(isinstance(arena.frequency, OnDemand) for arena in arenas),
                not_stated=sum(isinstance(arena.frequency, FrequencyNotStated) for arena in arenas),
                assumptions=len(municipality.assumptions)
                + sum(len(arena.assumptions) for arena in arenas),
            )
        )
    return rows


class _Schedules:
    """Every series of a municipality in a period, each computed once in an audit.

    The counts per school year and the double bookings ask for the same half-years (the
    coming one is one of the school year's two), and the half-years of one calendar year share
    one calendar, which remembers its answer per day (issue 19).
    """

    def __init__(self) -> None:
        self._calendars: dict[tuple[str, tuple[int, ...]], Calendar] = {}
        self._series: dict[tuple[str, Period], list[Series] | None] = {}

    def __call__(
        self, workspace: Workspace, municipality: str, period: Period
    ) -> list[Series] | None:
        """Every series of the municipality in the period, or None when its calendar lacks a
        school year the period needs (reported on its own)."""
        key = (municipality, period)
        if key not in self._series:
            self._series[key] = self._computed(workspace, municipality, period)
        return self._series[key]

    def _computed(
        self, workspace: Workspace, municipality: str, period: Period
    ) -> list[Series] | None:
        years = (period.year - 1, period.year, period.year + 1)
        calendar = self._calendars.get((municipality, years))
        if calendar is None:
            calendar = Calendar(
                workspace.municipalities[municipality],
                workspace.municipality_files[municipality],
                years,
            )
            self._calendars[(municipality, years)] = calendar
        try:
            return schedule(municipality, workspace.arenas_of(municipality), period, calendar)
        except InputError:
            return None


def _conflict_warnings(
    workspace: Workspace,
    municipality: str,
    period: Period,
    locate: _Locator,
    series_of: _Schedules,
) -> list[Finding]:
    all_series = series_of(workspace, municipality, period)
    warnings = []
    for conflict in find_conflicts(all_series or []):
        first, second = conflict.first, conflict.second
        path = workspace.arena_files[(municipality, first.routine)]
        line, column = locate(path, ("participants",))
        when = f"{first.start:%Y-%m-%d %H:%M}-{first.end:%H:%M}"
        warnings.append(
            Finding(
                path,
                line,
                column,
                "participants",
                _(
                    "{first} on {when} overlaps {second} ({times}), and {shared} is expected at "
                    "both (double booking in {period}; see samarbeid conflicts)"
                ).format(
                    first=first.series,
                    when=when,
                    second=second.series,
                    times=f"{second.start:%H:%M}-{second.end:%H:%M}",
                    shared=", ".join(conflict.shared),
                    period=period,
                ),
                "warning",
            )
        )
    return warnings


class _Locator:
    """Line and column of a field in a loaded file, or 1:1 when unknown."""

    def __init__(self, sources: Mapping[str, SourceMap]) -> None:
        self.sources = sources

    def __call__(self, path: str, field: Path_) -> tuple[int, int]:
        source = self.sources.get(path)
        return source.value(source.written(field)) if source else (1, 1)


def audit(
    workspace: Workspace, today: dt.date, sources: Mapping[str, SourceMap] | None = None
) -> list[Finding]:
    """Findings beyond the files' own: overdue revisions, school calendars that do not reach
    the coming half-year, stated counts the schedule misses and double bookings in the coming
    half-year (warnings), and series that meet not once in a school year and revision dates
    after today (errors)."""
    locate = _Locator(sources or {})
    audited = {
        slug: _audit_municipality(workspace, slug, today, locate)
        for slug in workspace.municipalities
    }
    return _in_order(audited, list(workspace.arenas), list(workspace.municipalities))


_Audited = tuple[list[Finding], list[Finding], list[Finding]]
"""One municipality's audit: its arenas' own findings, its counts and double bookings, its
overdue milestones."""


def _in_order(
    audited: Mapping[str, _Audited], with_arenas: list[str], municipalities: list[str]
) -> list[Finding]:
    """The audits of several municipalities as `validate` has always listed them: every
    arena's own findings (municipalities in the order of their arena folders), then the counts
    and double bookings, then the milestones (in the order of the municipality files)."""
    return [
        *(finding for slug in with_arenas for finding in audited[slug][0]),
        *(finding for slug in municipalities for finding in audited[slug][1]),
        *(finding for slug in municipalities for finding in audited[slug][2]),
    ]


def _audit_municipality(
    workspace: Workspace, municipality_slug: str, today: dt.date, locate: _Locator
) -> _Audited:
    """The audit of one municipality of `workspace`: nothing in it looks at another one."""
    own = []
    coming = coming_period(today)
    municipality = workspace.municipalities[municipality_slug]
    arenas = workspace.arenas.get(municipality_slug, {})
    for arena_slug, arena in arenas.items():
        path = workspace.arena_files[(municipality_slug, arena_slug)]
        own.extend(_stale_frequency_text(arena, path, locate))
        own.extend(_phone_numbers_published(arena, path, locate))
        own.extend(_details_beside_written(arena, path, locate))
        revision = arena.revision
        if revision and revision.last_revised and revision.last_revised > today:
            # A mistyped year (2062 for 2026) would silence every reminder until then.
            own.append(
                Finding(
                    path,
                    *locate(path, ("revision", "last_revised")),
                    "revision.last_revised",
                    _(
                        "is after today ({today}; got {date}): write the day the routine "
                        "was last revised"
                    ).format(today=today.isoformat(), date=revision.last_revised.isoformat()),
                )
            )
        elif revision and revision.last_revised:
            due = revision.last_revised + relativedelta(months=revision.interval_months)
            if due < today:
                own.append(
                    Finding(
                        path,
                        1,
                        1,
                        "revision.last_revised",
                        _(
                            "routine revision was due {due} (last revised {last}, every "
                            "{months} months)"
                        ).format(
                            due=due.isoformat(),
                            last=revision.last_revised.isoformat(),
                            months=revision.interval_months,
                        ),
                        "warning",
                    )
                )
    needs_calendar = any(
        arena.school_calendar or isinstance(arena.frequency, PerTerm | PerYearRange)
        for arena in arenas.values()
    )
    if needs_calendar and coming.school_year_key() not in municipality.school_years:
        own.append(
            Finding(
                workspace.municipality_files[municipality_slug],
                1,
                1,
                "school_years",
                _(
                    "has no school year {key}, which the coming half-year {coming} needs; "
                    "add it before running schedule for {coming}"
                ).format(key=coming.school_year_key(), coming=coming),
                "warning",
            )
        )
    series_of = _Schedules()  # one municipality's at a time: its series are let go after
    scheduled = count_findings(workspace, municipality_slug, series_of, locate)
    scheduled += _conflict_warnings(workspace, municipality_slug, coming, locate, series_of)
    return own, scheduled, _overdue_milestones(workspace, municipality_slug, today, locate)


@dataclass
class Verdict:
    """What `validate` found in a data folder."""

    errors: list[Finding]
    warnings: list[Finding]
    summary: list[MunicipalitySummary]


def check_folder(data_dir: Path, today: Callable[[], dt.date]) -> Verdict:
    """Every check `validate` makes, one municipality at a time (issue 19): a municipality's
    records and positions are let go before the next is read, and only findings and the
    summary are kept.

    The topics are checked when no file has an error, the topics without a meeting and the
    audit when neither files nor topics have one; each municipality's are worked out as it
    is read, as long as nothing so far rules them out, and kept only when nothing later does.

    Args:
        today: The day to judge revisions by; asked for only when the audit runs, so a bad
            `--today` is not reported over the data's own errors.

    Raises:
        InputError: `data_dir` is not a data folder at all.
        UsageError: `today` refused the date, and the audit needed it.
    """
    from samarbeid_cli.loading import topics
    from samarbeid_cli.loading.workspace import Stream

    stream = Stream(data_dir)
    summary: list[MunicipalitySummary] = []
    topic_problems: list[Finding] = []
    unmet: dict[str, list[Finding]] = {}
    audited: dict[str, _Audited] = {}
    municipalities: list[str] = []
    files_erred = topics_erred = False
    day: dt.date | None = None
    refused: UsageError | None = None
    for part in stream:
        workspace = part.workspace
        summary += summarize(workspace)
        municipalities += workspace.municipalities
        files_erred = files_erred or _erred(part.findings)
        if files_erred:
            continue
        extras, problems = topics.load_extras(data_dir, workspace)
        topic_problems += problems
        topics_erred = topics_erred or _erred(problems)
        if topics_erred:
            continue
        for slug in workspace.municipalities:
            unmet[slug] = []
            if extras.topics:
                from samarbeid_cli.services.agenda import topics_without_a_meeting

                unmet[slug] = topics_without_a_meeting(workspace, extras.topics)
        if day is None and refused is None:
            try:
                day = today()
            except UsageError as err:
                refused = err
        if day is not None:
            locate = _Locator(part.sources)
            for slug in workspace.municipalities:
                audited[slug] = _audit_municipality(workspace, slug, day, locate)
    findings = list(stream.findings)
    if not _erred(findings):
        findings += sorted(topic_problems)
        if not _erred(topic_problems):
            findings += [finding for slug in stream.arena_order for finding in unmet[slug]]
    found: list[Finding] = []
    if not _erred(findings):
        if refused is not None:
            raise refused
        if day is None:
            day = today()  # a folder without municipalities: the audit has nothing to look at
        found = _in_order(audited, stream.arena_order, municipalities)
    return Verdict(
        errors=[
            *(finding for finding in findings if finding.severity == "error"),
            *(finding for finding in found if finding.severity == "error"),
        ],
        warnings=[
            *(finding for finding in findings if finding.severity == "warning"),
            *(finding for finding in found if finding.severity != "error"),
        ],
        summary=summary,
    )


def _details_beside_written(arena: Arena, path: str, locate: _Locator) -> list[Finding]:
    """`details: not_stated` says none of the routine is written; next to a written main
    field the file contradicts itself, and the documents would say "detaljer mangler" over
    details they show (issue 18)."""
    if not arena.details_missing:
        return []
    meeting = arena.meeting
    written = {
        "level": bool(arena.level),
        "mandate": bool(arena.mandate),
        "participants": bool(arena.participants or arena.participants_text),
        "convener": bool(arena.convener),
        "meeting": any(
            value is not None
            for value in (meeting.form, meeting.location, meeting.start, meeting.duration_minutes)
        ),
        "frequency": not isinstance(arena.frequency, FrequencyNotStated),
    }
    fields = [name for name, given in written.items() if given]
    if not fields:
        return []
    line, column = locate(path, ("details",))
    return [
        Finding(
            path,
            line,
            column,
            "details",
            _(
                "is not_stated, but the file gives {fields}: the details are written, so "
                "remove details: not_stated"
            ).format(fields=", ".join(fields)),
            "warning",
        )
    ]


def _erred(findings: list[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


# How the seeds write "every nth week": "hver 6. uke", "kvar sjette veke", "kvar tredje tysdag",
# "annenhver uke", "hver uke".
_ORDINALS = {
    "annen": 2, "andre": 2, "anna": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6,
    "sjuende": 7, "syvende": 7, "sjuande": 7, "åttende": 8, "åttande": 8, "niende": 9,
    "niande": 9, "tiende": 10, "tiande": 10,
}  # fmt: skip
_EVERY = r"\b(?:hver|hvert|kvar|kvart)\s+"
_NTH_WEEK = re.compile(_EVERY + r"(\d{1,2})\.?\s*(?:uke|veke)\b")
_NTH_WORD = re.compile(_EVERY + r"(" + "|".join(_ORDINALS) + r")\b")
_EVERY_OTHER = re.compile(r"\b(?:annenhver|annakvar|annakvart|annen\s*hver)\b")
_EVERY_WEEK = re.compile(_EVERY + r"(?:uke|veke)\b")


def weeks_stated(text: str) -> set[int]:
    """Every number of weeks between meetings a frequency text states ("hver 6. uke" -> 6,
    "kvar tredje tysdag" -> 3, "annenhver uke" -> 2, "kvar veke" -> 1)."""
    lowered = text.lower()
    stated = {int(number) for number in _NTH_WEEK.findall(lowered)}
    stated |= {_ORDINALS[word] for word in _NTH_WORD.findall(lowered)}
    if _EVERY_OTHER.search(lowered):
        stated.add(2)
    if _EVERY_WEEK.search(lowered):
        stated.add(1)
    return stated


_PHONE_NUMBER = re.compile(
    r"(?<![\w.,:/+-])(?:(?:\+|00)47 ?)?"
    r"(?:[2-9]\d{7}|[2-9]\d (?:\d\d ){2}\d\d|[2-9]\d\d \d\d \d{3}|[2-9]\d{3} \d{4})"
    r"(?!\w|[.,:/-]\d| \d)"
)
"""What looks like a Norwegian phone number: eight digits (the first 2-9), alone or grouped
as "71 23 45 67", "712 34 567" or "7123 4567", with or without +47."""
_PHONE_DIGITS = re.compile(
    r"[2-9]\d{7}|[2-9]\d (?:\d\d ){2}\d\d|[2-9]\d\d \d\d \d{3}|[2-9]\d{3} \d{4}"
)
"""The digits of `_PHONE_NUMBER` without what stands around them: found in every text that
holds a phone number (and in some that do not)."""
_NOT_PUBLISHED = {"contact", "assumptions", "internal_notes"}
"""What `_phone_numbers_published` leaves out: the public contact, and what `Arena.public`
empties."""


def _texts(value: object, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _phone_numbers_published(arena: Arena, path: str, locate: _Locator) -> list[Finding]:
    """A phone number in the free text that the overview and the site publish: a note once
    carried a person's name and number to the public routine. A public contact belongs in
    `contact:` (a role or service with a public phone); the internal fields are not checked."""
    # The question asked of the whole arena as JSON first (digits and spaces are written as
    # they are there): only an arena that holds a run of digits like a phone number is gone
    # through text by text.
    if not _PHONE_DIGITS.search(arena.model_dump_json(exclude=_NOT_PUBLISHED)):
        return []
    public = arena.public().model_dump(mode="json", exclude={"contact"})
    found = []
    for field, text in _texts(public, ()):
        if not _PHONE_NUMBER.search(text):
            continue
        line, column = locate(path, field)
        found.append(
            Finding(
                path,
                line,
                column,
                dotted(field),
                _(
                    "holds what looks like a phone number, and this text is published on the "
                    "overview and the site; give a role's public number in contact: instead, "
                    "never a person's own"
                ),
                "warning",
            )
        )
    return found


def _stale_frequency_text(arena: Arena, path: str, locate: _Locator) -> list[Finding]:
    """A frequency text that names another weekday or start time than the rule: the text goes
    into invitations, routines and the public overview, so an edit of the rule alone leaves
    them saying something else."""
    frequency = arena.frequency
    text = getattr(frequency, "text", None)
    weekday = getattr(frequency, "weekday", None)
    if not text:
        return []
    problems = []
    named = weekdays_named_in(text)
    if weekday is not None and named and weekday not in named:
        days = ", ".join(sorted(day.value for day in named))
        problems.append(
            _("names {days}, but the rule meets on {weekday}").format(
                days=days, weekday=weekday.value
            )
        )
    weeks = (
        frequency.every_weeks
        if isinstance(frequency, EveryNWeeks)
        else 1
        if isinstance(frequency, Weekly)
        else None
    )
    stated = weeks_stated(text)
    if weeks is not None and stated and weeks not in stated:
        problems.append(
            _("says every {stated} weeks, but the rule meets every {weeks} weeks").format(
                stated="/".join(str(number) for number in sorted(stated)), weeks=weeks
            )
        )
    start = arena.meeting.start
    clocks = {
        (int(hour), int(minute))
        for hour, minute in re.findall(r"\b(?:kl\.?\s*)(\d{1,2})[.:](\d{2})", text)
    }
    if start is not None and clocks and (start.hour, start.minute) not in clocks:
        shown = ", ".join(f"{hour:02d}.{minute:02d}" for hour, minute in sorted(clocks))
        problems.append(
            _("says kl. {shown}, but the meeting starts at {start}").format(
                shown=shown, start=f"{start:%H.%M}"
            )
        )
    if not problems:
        return []
    line, column = locate(path, ("frequency", "text"))
    return [
        Finding(
            path,
            line,
            column,
            "frequency.text",
            "; ".join(problems)
            + _("; this text goes into invitations and documents, so update it with the rule"),
            "warning",
        )
    ]


def _overdue_milestones(
    workspace: Workspace, slug: str, today: dt.date, locate: _Locator
) -> list[Finding]:
    """Milestones of the annual wheel whose date has passed without `done: true`."""
    warnings = []
    wheel = workspace.municipalities[slug].annual_wheel
    for index, milestone in enumerate(wheel.milestones if wheel else []):
        if milestone.date < today and not milestone.done:
            path = workspace.municipality_files[slug]
            # A wheel in a companion file points at the line in the municipality file
            # that names it.
            line, column = locate(path, ("annual_wheel", "milestones", index))
            warnings.append(
                Finding(
                    path,
                    line,
                    column,
                    f"annual_wheel.milestones[{index}]",
                    _("{milestone} was due {date} and is not marked done: true").format(
                        milestone=repr(milestone.due), date=milestone.date.isoformat()
                    ),
                    "warning",
                )
            )
    return warnings


def introduced_warnings(
    old: DataAtRevision, new: DataAtRevision, today: dt.date
) -> tuple[Finding, ...]:
    """The warnings `validate` gives for the new revision and not for the old one, matched by
    file (whatever the revision's prefix), field and message."""

    def warnings(side: DataAtRevision) -> list[Finding]:
        found = side.loaded.warnings + audit(side.workspace, today, side.loaded.sources)
        return [finding for finding in found if finding.severity == "warning"]

    def key(side: DataAtRevision, finding: Finding) -> tuple[str, str, str]:
        return finding.path.removeprefix(side.prefix), finding.field, finding.message

    before = {key(old, finding) for finding in warnings(old)}
    return tuple(
        sorted(
            {finding for finding in warnings(new) if key(new, finding) not in before},
            key=lambda finding: (finding.path, finding.line, finding.column, finding.message),
        )
    )
