"""One arena's changes between two versions, in the order a reader looks: values, not words
(`renderers.revision_diff` words them in the municipality's målform)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samarbeid_cli.models.arena import Approval, Arena, Meeting, Minutes, Ref
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.services import word_diff

# What a routine revision reviews: everything but the revision record itself and the notes
# about where the data came from.
NOT_ROUTINE = frozenset({"revision", "notes", "assumptions", "renamed_from", "source_wording"})
ROUTINE_FIELDS = tuple(name for name in Arena.model_fields if name not in NOT_ROUTINE)

# Texts shown old → new with the words that changed, and lists of texts shown item by item.
TEXT_FIELDS = ("legal_basis", "participants_text", "participants_open", "convener_condition")
TEXT_LISTS = ("mandate", "tasks", "notes")

# Fields worded on their own lines; a change to any other field is listed by its label.
_WORDED = frozenset(
    {"name", "frequency", "meeting", "convener", "chair", "deputy_chair", "minutes"}
    | {"participants", "revision", "renamed_from", *TEXT_FIELDS, *TEXT_LISTS}
)


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
    edits: tuple[tuple[word_diff.Segment, ...], ...] = ()
    """Texts edited rather than replaced, word by word: a list item each, or the one text."""


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


def _list_change(aspect: str, old: list[str], new: list[str]) -> Change | None:
    """Items added and removed; an item edited shows as its words changed."""
    pairs, removed, added = word_diff.pair_edits(
        [item for item in old if item not in new], [item for item in new if item not in old]
    )
    if not (pairs or removed or added):
        return None
    edits = tuple(word_diff.segments(before, after) for before, after in pairs)
    return Change(aspect, added=tuple(added), removed=tuple(removed), edits=edits)


def _text_change(aspect: str, old: str | None, new: str | None) -> Change | None:
    if old == new:
        return None
    edits = (word_diff.segments(old, new),) if old is not None and new is not None else ()
    return Change(aspect, old, new, edits=edits)


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


@dataclass(frozen=True)
class ApprovalShown:
    """An approval with the approver named as the municipality names the role."""

    date: dt.date
    by: str
    meeting: str | None
    meeting_on: dt.date | None


def approval_shown(
    approved: Approval | None,
    municipality: Municipality,
    arena_names: Mapping[str, str] | None = None,
) -> ApprovalShown | None:
    """An approval with the role and (where `arena_names` knows its slug) the meeting named."""
    if approved is None:
        return None
    meeting = approved.meeting
    names = arena_names or {}
    return ApprovalShown(
        approved.date,
        name_of(approved.by, municipality),
        names.get(meeting.arena, meeting.arena) if meeting else None,
        meeting.date if meeting else None,
    )


def arena_changes(
    old: Arena,
    new: Arena,
    old_m: Municipality,
    new_m: Municipality,
    arena_names: Mapping[str, str] | None = None,
) -> tuple[Change, ...]:
    """Every difference between two versions of an arena, in the order a reader looks;
    `arena_names` (slug -> name) names the meeting an approval was decided in."""
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
    for aspect in TEXT_FIELDS:
        text = _text_change(aspect, getattr(old, aspect), getattr(new, aspect))
        if text:
            changes.append(text)
    frequency_text = _text_change(
        "frequency.text", getattr(old.frequency, "text", None), getattr(new.frequency, "text", None)
    )
    if frequency_text:
        changes.append(frequency_text)
    for aspect in TEXT_LISTS:
        listed = _list_change(aspect, getattr(old, aspect), getattr(new, aspect))
        if listed:
            changes.append(listed)
    old_revised = old.revision.last_revised if old.revision else None
    new_revised = new.revision.last_revised if new.revision else None
    if old_revised != new_revised:
        changes.append(Change("revision.last_revised", old_revised, new_revised))
    approvals = (
        approval_shown(old.revision.approved if old.revision else None, old_m, arena_names),
        approval_shown(new.revision.approved if new.revision else None, new_m, arena_names),
    )
    if approvals[0] != approvals[1]:
        changes.append(Change("revision.approved", *approvals))
    other = [
        name
        for name in Arena.model_fields
        if name not in _WORDED and getattr(old, name) != getattr(new, name)
    ]
    if old.participants != new.participants and not (added or removed):
        other.append("participants")
    worded = {"last_revised": None, "approved": None}
    if (old.revision and old.revision.model_copy(update=worded)) != (
        new.revision and new.revision.model_copy(update=worded)
    ):
        other.append("revision")
    if other:
        changes.append(Change("other", added=tuple(other)))
    return tuple(changes)


def routine_changed(old: Arena, new: Arena) -> tuple[str, ...]:
    """The routine fields (all but revision, notes and assumptions) that differ."""
    return tuple(name for name in ROUTINE_FIELDS if getattr(old, name) != getattr(new, name))
