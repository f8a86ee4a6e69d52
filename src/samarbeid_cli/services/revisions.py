"""Routine revisions: which are due or overdue, and which routines changed after their recorded
revision date without the date being updated (seed 000: "revideres en gang hvert år").

Pure: the date and the arena files' git history come in as parameters.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta

from samarbeid_cli.loading.at_revision import ArenaVersion
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.services.revision_diff import name_of, routine_changed

DUE_WITHIN_DAYS = 30

State = Literal["overdue", "due", "no_date"]
Source = Literal["data", "git", "none"]


@dataclass(frozen=True)
class Due:
    """An arena whose routine revision is overdue, due soon, or has no recorded date."""

    municipality: str
    arena: str
    name: str
    path: str
    state: State
    last_revised: dt.date | None
    due: dt.date | None
    interval_months: int
    responsible: str | None
    """The responsible role's or service's name; None when the arena revises itself."""
    last_revised_from: Source = "data"
    """Where `last_revised` comes from: the data; git, the last commit that changed the
    routine's fields, standing in for a date the data does not record; or nowhere (neither
    the data nor git says, so the revision is due now)."""


@dataclass(frozen=True)
class WithoutPlan:
    """An arena whose data has no revision: block, so nothing says when it is revised."""

    municipality: str
    arena: str
    name: str
    path: str


@dataclass(frozen=True)
class Stale:
    """Routine fields changed after the recorded revision date, which stayed as it was."""

    municipality: str
    arena: str
    name: str
    path: str
    last_revised: dt.date
    commit: str | None
    """The commit that changed them; None for uncommitted changes in the working tree."""
    changed_on: dt.date | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RevisionReport:
    """Everything `check-revisions` reports."""

    as_of: dt.date
    due: tuple[Due, ...]
    stale: tuple[Stale, ...]
    history_checked: bool
    without_plan: tuple[WithoutPlan, ...] = ()
    shallow: bool = False
    """The data is in a shallow clone: its history was not checked, since it stops short."""

    @property
    def overdue(self) -> int:
        """How many revisions are past their date."""
        return sum(item.state == "overdue" for item in self.due)


def recorded_dates(
    workspace: Workspace, municipality: str | None
) -> dict[tuple[str, str], dt.date]:
    """The recorded revision date of every arena that has one (of one municipality, or all)."""
    return {
        (slug, arena_slug): arena.revision.last_revised
        for slug, arenas in workspace.arenas.items()
        if municipality in (None, slug)
        for arena_slug, arena in arenas.items()
        if arena.revision and arena.revision.last_revised
    }


def routine_last_changed(history: Sequence[ArenaVersion]) -> dt.date | None:
    """The day of the newest commit that changed the routine's fields (or added the file),
    from a history newest first; the working tree's uncommitted version does not count."""
    committed = [version for version in history if version.commit is not None]
    for newer, older in itertools.pairwise([*committed, ArenaVersion(None, None, None)]):
        if newer.arena is None:
            continue
        if older.arena is None or routine_changed(older.arena, newer.arena):
            return newer.day
    return None


def _due(
    workspace: Workspace,
    slug: str,
    arena_slug: str,
    arena: Arena,
    as_of: dt.date,
    history: Sequence[ArenaVersion] | None,
) -> Due | None:
    revision = arena.revision
    if revision is None:
        return None
    responsible = (
        None
        if revision.responsible == "arena"
        else name_of(revision.responsible, workspace.municipalities[slug])
    )
    path = workspace.arena_files[(slug, arena_slug)]
    last_revised = revision.last_revised
    source: Source = "data"
    state: State
    if last_revised is None:
        last_revised = routine_last_changed(history or [])
        source = "git" if last_revised is not None else "none"
    if last_revised is None:
        # Neither the data nor git says when the routine was last revised: nothing shows it
        # ever was, so it is overdue now.
        due, state = as_of, "overdue"
    else:
        due = last_revised + relativedelta(months=revision.interval_months)
        if due < as_of:
            state = "overdue"
        elif due <= as_of + dt.timedelta(days=DUE_WITHIN_DAYS):
            state = "due"
        elif source == "git":
            state = "no_date"
        else:
            return None
    return Due(
        slug,
        arena_slug,
        arena.name,
        path,
        state,
        last_revised,
        due,
        revision.interval_months,
        responsible,
        source,
    )


def _stale(
    workspace: Workspace,
    key: tuple[str, str],
    last_revised: dt.date,
    history: Sequence[ArenaVersion],
) -> list[Stale]:
    found = []
    slug, arena_slug = key
    name = workspace.arenas[slug][arena_slug].name
    # A version that is not a valid arena is stepped over, not a break in the comparison: a
    # change made through an invalid commit is still a change from the last valid version.
    valid = [version for version in history if version.arena is not None]
    for newer, older in itertools.pairwise(valid):
        if newer.day is not None and newer.day <= last_revised:
            break
        if newer.arena is None or older.arena is None:
            continue
        same_date = (newer.arena.revision and newer.arena.revision.last_revised) == (
            older.arena.revision and older.arena.revision.last_revised
        )
        fields = routine_changed(older.arena, newer.arena)
        if fields and same_date:
            found.append(
                Stale(
                    slug,
                    arena_slug,
                    name,
                    workspace.arena_files[key],
                    last_revised,
                    newer.commit,
                    newer.day,
                    fields,
                )
            )
    return found


def as_it_stood(
    history: Sequence[ArenaVersion], as_of: dt.date, working_tree: bool
) -> list[ArenaVersion]:
    """The versions of a history (newest first) that exist on `as_of`: commits made on or
    before that day, and the working tree's uncommitted version only when `working_tree`
    (it is today's, so a past `as_of` leaves it out)."""
    return [
        version
        for version in history
        if (version.day <= as_of if version.day is not None else working_tree)
    ]


def check(
    workspace: Workspace,
    as_of: dt.date,
    municipality: str | None,
    histories: Mapping[tuple[str, str], Sequence[ArenaVersion]] | None,
    *,
    working_tree: bool = True,
    shallow: bool = False,
) -> RevisionReport:
    """Revisions due within DUE_WITHIN_DAYS of `as_of` or overdue, and stale revision dates.

    Args:
        workspace: The valid data.
        as_of: The day to judge from.
        municipality: Only this municipality's arenas; None for all.
        histories: Each dated arena's versions, newest first (see
            `loading.at_revision.arena_histories`); None outside git or in a shallow clone.
        working_tree: Whether uncommitted changes count (they are today's; not for a past
            `as_of`).
        shallow: The data is in a shallow clone, which is why `histories` is None.
    """
    if histories is not None:
        histories = {
            key: as_it_stood(history, as_of, working_tree) for key, history in histories.items()
        }
    due = []
    without_plan = []
    for slug, arenas in workspace.arenas.items():
        if municipality not in (None, slug):
            continue
        for arena_slug, arena in arenas.items():
            if arena.revision is None:
                path = workspace.arena_files[(slug, arena_slug)]
                without_plan.append(WithoutPlan(slug, arena_slug, arena.name, path))
                continue
            history = (histories or {}).get((slug, arena_slug))
            item = _due(workspace, slug, arena_slug, arena, as_of, history)
            if item is not None:
                due.append(item)
    stale = []
    dates = recorded_dates(workspace, municipality)
    for key, history in (histories or {}).items():
        if key in dates:
            stale.extend(_stale(workspace, key, dates[key], history))
    order = {"overdue": 0, "due": 1, "no_date": 2}
    due.sort(key=lambda item: (item.municipality, order[item.state], item.due or as_of, item.arena))
    return RevisionReport(
        as_of, tuple(due), tuple(stale), histories is not None, tuple(without_plan), shallow
    )


def history_wanted(
    workspace: Workspace, municipality: str | None
) -> dict[tuple[str, str], dt.date]:
    """How far back each arena's git history is read: to its recorded revision date, and the
    whole history of a routine that records none (its last change stands in for the date)."""
    wanted = {
        (slug, arena_slug): dt.date.min
        for slug, arenas in workspace.arenas.items()
        if municipality in (None, slug)
        for arena_slug, arena in arenas.items()
        if arena.revision and arena.revision.last_revised is None
    }
    return {**wanted, **recorded_dates(workspace, municipality)}
