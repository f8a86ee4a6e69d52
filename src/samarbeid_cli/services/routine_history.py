"""A routine's revisions from git: each committed version, with its revision date, its
approval and what it changed from the version before.

Pure: the versions come in loaded (`loading.at_revision.routine_versions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from samarbeid_cli.loading.at_revision import ArenaVersion
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services.arena_changes import ApprovalShown, approval_shown, arena_changes


@dataclass(frozen=True)
class RoutineRevision:
    """One committed version of a routine."""

    commit: str
    day: dt.date
    valid: bool
    """Whether this version is a valid arena; an invalid one says nothing else."""
    first: bool
    """The routine's first version in git."""
    changed: tuple[str, ...] = ()
    """The fields that differ from the version before (their keys, e.g. "frequency")."""
    last_revised: dt.date | None = None
    approved: ApprovalShown | None = None


def revisions(
    versions: Sequence[ArenaVersion],
    municipality: Municipality,
    arena_names: Mapping[str, str] | None = None,
) -> tuple[RoutineRevision, ...]:
    """Each version (oldest first) as a revision: its dates, its approval, what it changed;
    `arena_names` (slug -> name) names the meeting an approval was decided in."""
    result = []
    before = None
    for index, version in enumerate(versions):
        arena = version.arena
        commit, day = version.commit or "", version.day or dt.date.min
        if arena is None:
            result.append(RoutineRevision(commit, day, valid=False, first=index == 0))
            continue
        changed: tuple[str, ...] = ()
        if before is not None:
            changes = arena_changes(before, arena, municipality, municipality, arena_names)
            changed = tuple(
                aspect
                for change in changes
                for aspect in (change.added if change.aspect == "other" else (change.aspect,))
            )
            if arena.renamed_from and arena.renamed_from != before.renamed_from:
                changed += ("renamed_from",)
        revision = arena.revision
        result.append(
            RoutineRevision(
                commit,
                day,
                valid=True,
                first=index == 0,
                changed=changed,
                last_revised=revision.last_revised if revision else None,
                approved=approval_shown(
                    revision.approved if revision else None, municipality, arena_names
                ),
            )
        )
        before = arena
    return tuple(result)
