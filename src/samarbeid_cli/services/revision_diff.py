"""What changed in the data between two revisions, arena by arena, and what the change does to
the coming half-year's meetings.

Pure: both sides come in loaded, the half-year as a parameter. The changes carry values, not
words; `renderers.revision_diff` words them in the municipality's målform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from samarbeid_cli.errors import InputError
from samarbeid_cli.loading.at_revision import DataAtRevision
from samarbeid_cli.models.arena import Arena, Meeting, Minutes, Ref
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import build_series

# What a routine revision reviews: everything but the revision record itself and the notes
# about where the data came from.
NOT_ROUTINE = frozenset({"revision", "notes", "assumptions", "source_wording"})
ROUTINE_FIELDS = tuple(name for name in Arena.model_fields if name not in NOT_ROUTINE)

# Fields worded on their own lines; a change to any other field is listed by its name.
_WORDED = frozenset(
    {"name", "frequency", "meeting", "convener", "chair", "deputy_chair", "minutes", "mandate"}
    | {"participants", "revision"}
)

Status = Literal["added", "removed", "changed", "unreadable"]


@dataclass(frozen=True)
class Schedule:
    """A frequency with the start time it is worded with ("hver 6. uke på fredag kl. 08.30")."""

    frequency: Any
    start: dt.time | None
    show_anchor: bool = False


@dataclass(frozen=True)
class Change:
    """One aspect of an arena that differs: old → new, or what was added and removed."""

    aspect: str
    old: Any = None
    new: Any = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingEffect:
    """How the coming half-year's meeting dates differ."""

    added: tuple[dt.date, ...] = ()
    dropped: tuple[dt.date, ...] = ()
    problem: str | None = None
    """Why the dates could not be worked out at one of the revisions."""

    def __bool__(self) -> bool:
        return bool(self.added or self.dropped or self.problem)


@dataclass(frozen=True)
class ArenaDiff:
    """One arena's changes."""

    slug: str
    name: str
    status: Status
    changes: tuple[Change, ...] = ()
    meetings: MeetingEffect = MeetingEffect()
    unreadable_at: tuple[str, ...] = ()
    """"old" and/or "new": the sides at which the arena's file does not load."""


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
    period: Period
    municipalities: tuple[MunicipalityDiff, ...]

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


def name_of(ref: Ref, municipality: Municipality) -> str:
    """A role's or service's name as the municipality writes it."""
    table = municipality.roles if ref.kind == "role" else municipality.services
    record = table.get(ref.slug)
    return record.name if record is not None else ref.slug


def _names(refs: list[Ref], municipality: Municipality) -> tuple[str, ...]:
    return tuple(name_of(ref, municipality) for ref in refs)


def _added_removed(
    old: Sequence[Ref], new: Sequence[Ref], old_m: Municipality, new_m: Municipality
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    old_keys = {(ref.kind, ref.slug) for ref in old}
    new_keys = {(ref.kind, ref.slug) for ref in new}
    added = tuple(name_of(ref, new_m) for ref in new if (ref.kind, ref.slug) not in old_keys)
    removed = tuple(name_of(ref, old_m) for ref in old if (ref.kind, ref.slug) not in new_keys)
    return added, removed


def _list_change(aspect: str, old: list[Any], new: list[Any]) -> Change | None:
    added = tuple(item for item in new if item not in old)
    removed = tuple(item for item in old if item not in new)
    return Change(aspect, added=added, removed=removed) if added or removed else None


def _ignoring(frequency: Any, *fields: str) -> Any:
    return frequency.model_copy(
        update={name: None for name in fields if name in type(frequency).model_fields}
    )


def _schedule_changes(old: Arena, new: Arena) -> list[Change]:
    if _ignoring(old.frequency, "text") != _ignoring(new.frequency, "text"):
        only_anchor = _ignoring(old.frequency, "text", "anchor") == _ignoring(
            new.frequency, "text", "anchor"
        )
        return [
            Change(
                "frequency",
                Schedule(old.frequency, old.meeting.start, only_anchor),
                Schedule(new.frequency, new.meeting.start, only_anchor),
            )
        ]
    if old.meeting.start != new.meeting.start:
        return [Change("time", old.meeting.start, new.meeting.start)]
    return []


def _place(meeting: Meeting) -> tuple[object, ...]:
    return meeting.form, meeting.place_of(0), tuple(meeting.alternating_locations)


def _minutes_changes(
    old: Arena, new: Arena, old_m: Municipality, new_m: Municipality
) -> list[Change]:
    before, after = old.minutes or Minutes(), new.minutes or Minutes()
    changes: list[Change] = []
    writers = (
        name_of(before.writer, old_m) if before.writer else None,
        name_of(after.writer, new_m) if after.writer else None,
    )
    if writers[0] != writers[1]:
        changes.append(Change("minutes.writer", *writers))
    if before.archive != after.archive:
        changes.append(Change("minutes.archive", before.archive, after.archive))
    if before.all_participants_receive != after.all_participants_receive:
        changes.append(
            Change(
                "minutes.all_participants_receive",
                before.all_participants_receive,
                after.all_participants_receive,
            )
        )
    for aspect in ("recipients", "electronic_dispatch"):
        added, removed = _added_removed(
            getattr(before, aspect), getattr(after, aspect), old_m, new_m
        )
        if added or removed:
            changes.append(Change(f"minutes.{aspect}", added=added, removed=removed))
    if before.attach_to_next_invitation != after.attach_to_next_invitation:
        changes.append(
            Change(
                "minutes.attach_to_next_invitation",
                before.attach_to_next_invitation,
                after.attach_to_next_invitation,
            )
        )
    return changes


def arena_changes(
    old: Arena, new: Arena, old_m: Municipality, new_m: Municipality
) -> tuple[Change, ...]:
    """Every difference between two versions of an arena, in the order a reader looks."""
    changes: list[Change] = []
    if old.name != new.name:
        changes.append(Change("name", old.name, new.name))
    changes.extend(_schedule_changes(old, new))
    if old.meeting.duration_minutes != new.meeting.duration_minutes:
        changes.append(
            Change("duration", old.meeting.duration_minutes, new.meeting.duration_minutes)
        )
    if _place(old.meeting) != _place(new.meeting):
        changes.append(Change("place", old.meeting, new.meeting))
    added, removed = _added_removed(old.participants, new.participants, old_m, new_m)
    if added or removed:
        changes.append(Change("participants", added=added, removed=removed))
    conveners = (_names(old.convener, old_m), _names(new.convener, new_m))
    if conveners[0] != conveners[1]:
        changes.append(Change("convener", *conveners))
    for aspect in ("chair", "deputy_chair"):
        refs: tuple[Ref | None, Ref | None] = (getattr(old, aspect), getattr(new, aspect))
        names = (
            name_of(refs[0], old_m) if refs[0] else None,
            name_of(refs[1], new_m) if refs[1] else None,
        )
        if names[0] != names[1]:
            changes.append(Change(aspect, *names))
    changes.extend(_minutes_changes(old, new, old_m, new_m))
    mandate = _list_change("mandate", old.mandate, new.mandate)
    if mandate:
        changes.append(mandate)
    old_revised = old.revision.last_revised if old.revision else None
    new_revised = new.revision.last_revised if new.revision else None
    if old_revised != new_revised:
        changes.append(Change("revision.last_revised", old_revised, new_revised))
    other = [
        name
        for name in Arena.model_fields
        if name not in _WORDED and getattr(old, name) != getattr(new, name)
    ]
    if old.participants != new.participants and not (added or removed):
        other.append("participants")
    if old.frequency != new.frequency and _ignoring(old.frequency, "text") == _ignoring(
        new.frequency, "text"
    ):
        other.append("frequency.text")
    if (old.revision and old.revision.model_copy(update={"last_revised": None})) != (
        new.revision and new.revision.model_copy(update={"last_revised": None})
    ):
        other.append("revision")
    if other:
        changes.append(Change("other", added=tuple(other)))
    return tuple(changes)


def routine_changed(old: Arena, new: Arena) -> tuple[str, ...]:
    """The routine fields (all but revision, notes and assumptions) that differ."""
    return tuple(name for name in ROUTINE_FIELDS if getattr(old, name) != getattr(new, name))


def _dates(
    municipality_slug: str,
    arena_slug: str,
    arena: Arena,
    municipality: Municipality,
    municipality_file: str,
    period: Period,
) -> set[dt.date]:
    if not arena.has_series:
        return set()
    calendar = Calendar(
        municipality, municipality_file, (period.year - 1, period.year, period.year + 1)
    )
    series = build_series(
        municipality_slug, arena_slug, arena, period, calendar, ZoneInfo(municipality.timezone)
    )
    return {meeting.start.date() for meeting in series.meetings}


def _effect(
    slug: str,
    arena_slug: str,
    old: tuple[Arena, Municipality, str] | None,
    new: tuple[Arena, Municipality, str] | None,
    period: Period,
) -> MeetingEffect:
    try:
        before = _dates(slug, arena_slug, *old, period) if old else set()
        after = _dates(slug, arena_slug, *new, period) if new else set()
    except InputError as err:
        return MeetingEffect(problem=str(err))
    return MeetingEffect(tuple(sorted(after - before)), tuple(sorted(before - after)))


def _arena_diffs(
    slug: str, old: DataAtRevision, new: DataAtRevision, period: Period
) -> tuple[ArenaDiff, ...]:
    old_m, new_m = old.workspace.municipalities.get(slug), new.workspace.municipalities.get(slug)
    keys = sorted(
        arena for municipality, arena in old.arena_files | new.arena_files if municipality == slug
    )
    diffs = []
    for arena_slug in keys:
        versions: list[tuple[Arena, Municipality, str] | None] = []
        unreadable = []
        for which, side, record in (("old", old, old_m), ("new", new, new_m)):
            arena = side.workspace.arenas_of(slug).get(arena_slug)
            if arena is not None and record is not None:
                versions.append((arena, record, side.workspace.municipality_files[slug]))
                continue
            versions.append(None)
            if (slug, arena_slug) in side.arena_files:
                unreadable.append(which)
        before, after = versions
        name = (after or before or (None, None, ""))[0]
        shown = name.name if isinstance(name, Arena) else arena_slug
        if unreadable:
            diffs.append(
                ArenaDiff(arena_slug, shown, "unreadable", unreadable_at=tuple(unreadable))
            )
            continue
        effect = _effect(slug, arena_slug, before, after, period)
        if before is None and after is not None:
            schedule = Schedule(after[0].frequency, after[0].meeting.start)
            diffs.append(
                ArenaDiff(arena_slug, shown, "added", (Change("frequency", new=schedule),), effect)
            )
        elif after is None and before is not None:
            diffs.append(ArenaDiff(arena_slug, shown, "removed", (), effect))
        elif before is not None and after is not None:
            changes = arena_changes(before[0], after[0], before[1], after[1])
            if changes or effect:
                diffs.append(ArenaDiff(arena_slug, shown, "changed", changes, effect))
    return tuple(diffs)


def compare(old: DataAtRevision, new: DataAtRevision, period: Period) -> Comparison:
    """What changed from `old` to `new`, per municipality and arena, and what it does to the
    meetings of `period`."""
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
        arenas = _arena_diffs(slug, old, new, period)
        if status != "changed" or fields or arenas:
            result.append(MunicipalityDiff(slug, name, malform, status, fields, arenas))
    return Comparison(old, new, period, tuple(result))
