"""What changed in the data between two revisions, arena by arena, and what the change does to
the coming half-year's meetings.

Pure: both sides come in loaded, the half-year as a parameter. The changes carry values, not
words; `renderers.revision_diff` words them in the municipality's målform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from samarbeid_cli.loading.at_revision import DataAtRevision
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services.arena_changes import (
    Change,
    Schedule,
    arena_changes,
    name_of,
    routine_changed,
)
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.revision_matching import renames, versions_by_slug
from samarbeid_cli.services.revision_plan import MeetingEffect, Window, effect
from samarbeid_cli.services.validation import introduced_warnings

Status = Literal["added", "removed", "changed", "renamed", "unreadable"]


@dataclass(frozen=True)
class ArenaDiff:
    """One arena's changes."""

    slug: str
    name: str
    status: Status
    changes: tuple[Change, ...] = ()
    meetings: MeetingEffect = field(default_factory=MeetingEffect)
    unreadable_at: tuple[str, ...] = ()
    """"old" and/or "new": the sides at which the arena's file does not load."""
    renamed_from: str | None = None
    """For a rename: the arena's slug before."""
    rename_stated: bool = False
    """Whether the data says so (`renamed_from:`), which keeps the series' UIDs; else the
    rename was recognised by the file's content alone."""
    sent: bool = False
    """Whether the issue history records the series (of the old slug) as sent."""


@dataclass(frozen=True)
class MunicipalityDiff:
    """One municipality's changes, in its own målform."""

    slug: str
    name: str
    malform: str
    status: Status
    fields: tuple[str, ...] = ()
    """Fields of the municipality file that changed."""
    arenas: tuple[ArenaDiff, ...] = ()
    unreadable_at: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Everything `samarbeid diff` reports."""

    old: DataAtRevision
    new: DataAtRevision
    windows: tuple[Window, ...]
    municipalities: tuple[MunicipalityDiff, ...]
    warnings: tuple[Finding, ...] = ()
    """Warnings `validate` gives at the new revision and did not give at the old one."""

    @property
    def period(self) -> Period:
        """The half-year the coordinator sends next (the last window)."""
        return self.windows[-1].period

    @property
    def malform(self) -> str:
        """The målform of the report's frame: the municipalities', where they agree."""
        forms = {municipality.malform for municipality in self.municipalities}
        if not forms:
            forms = {
                record.malform
                for side in (self.old, self.new)
                for record in side.workspace.municipalities.values()
            }
        return forms.pop() if len(forms) == 1 else "nb"


def _arena_diffs(
    slug: str,
    old: DataAtRevision,
    new: DataAtRevision,
    chosen: Sequence[Window],
    sent: frozenset[str],
) -> tuple[ArenaDiff, ...]:
    versions, unreadable = versions_by_slug(slug, old, new)
    names = {
        arena_slug: arena.name
        for side in (old, new)
        for arena_slug, arena in side.workspace.arenas_of(slug).items()
    }
    renamed = renames(versions)
    gone = {old_slug for old_slug, _stated in renamed.values()}
    diffs = []
    for arena_slug, (before, after) in versions.items():
        if arena_slug in gone:
            continue
        shown = (after or before or (None, None, ""))[0]
        name = shown.name if isinstance(shown, Arena) else arena_slug
        if arena_slug in unreadable:
            sides = tuple(unreadable[arena_slug])
            diffs.append(ArenaDiff(arena_slug, name, "unreadable", unreadable_at=sides))
            continue
        if arena_slug in renamed:
            old_slug, stated = renamed[arena_slug]
            before = versions[old_slug][0]
        meetings = effect(slug, arena_slug, before, after, chosen)
        if arena_slug in renamed and before is not None and after is not None:
            old_slug, stated = renamed[arena_slug]
            changes = arena_changes(before[0], after[0], before[1], after[1], names)
            diffs.append(
                ArenaDiff(
                    arena_slug,
                    name,
                    "renamed",
                    changes,
                    meetings,
                    renamed_from=old_slug,
                    rename_stated=stated,
                    sent=old_slug in sent,
                )
            )
        elif before is None and after is not None:
            schedule = Schedule(after[0].frequency, after[0].meeting.start)
            diffs.append(
                ArenaDiff(arena_slug, name, "added", (Change("frequency", new=schedule),), meetings)
            )
        elif after is None and before is not None:
            diffs.append(
                ArenaDiff(arena_slug, name, "removed", (), meetings, sent=arena_slug in sent)
            )
        elif before is not None and after is not None:
            changes = arena_changes(before[0], after[0], before[1], after[1], names)
            if changes or meetings:
                diffs.append(ArenaDiff(arena_slug, name, "changed", changes, meetings))
    return tuple(diffs)


def compare(
    old: DataAtRevision,
    new: DataAtRevision,
    chosen: Sequence[Window],
    today: dt.date,
    sent: Mapping[str, frozenset[str]] | None = None,
) -> Comparison:
    """What changed from `old` to `new`, per municipality and arena, what it does to the
    meetings of each window, and which warnings it introduces.

    Args:
        old: The data at the old revision.
        new: The data at the new revision (or the working tree).
        chosen: The half-years whose meeting plans are compared (`revision_plan.windows`).
        today: The day `validate`'s warnings are judged on.
        sent: Per municipality, the arena slugs whose series the issue history records as sent.
    """
    result = []
    for slug in sorted(old.municipality_files | new.municipality_files):
        old_m = old.workspace.municipalities.get(slug)
        new_m = new.workspace.municipalities.get(slug)
        record = new_m or old_m
        name, malform = (record.name, record.malform) if record else (slug, "nb")
        unreadable = tuple(
            which
            for which, side in (("old", old), ("new", new))
            if slug in side.municipality_files and slug not in side.workspace.municipalities
        )
        if unreadable:
            result.append(
                MunicipalityDiff(slug, name, malform, "unreadable", unreadable_at=unreadable)
            )
            continue
        status: Status = "added" if old_m is None else "removed" if new_m is None else "changed"
        fields = (
            tuple(
                field
                for field in Municipality.model_fields
                if getattr(old_m, field) != getattr(new_m, field)
            )
            if old_m and new_m
            else ()
        )
        arenas = _arena_diffs(slug, old, new, chosen, (sent or {}).get(slug, frozenset()))
        if status != "changed" or fields or arenas:
            result.append(MunicipalityDiff(slug, name, malform, status, fields, arenas))
    return Comparison(old, new, tuple(chosen), tuple(result), introduced_warnings(old, new, today))


__all__ = [
    "ArenaDiff",
    "Change",
    "Comparison",
    "MunicipalityDiff",
    "Schedule",
    "arena_changes",
    "compare",
    "name_of",
    "routine_changed",
]
