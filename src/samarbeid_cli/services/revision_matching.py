"""Which arena file at one revision is which at the other: by slug, and across a rename (the
new file states `renamed_from:`, or holds exactly what a removed file held).

Pure: both sides come in loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

from samarbeid_cli.loading.at_revision import DataAtRevision
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.municipality import Municipality

Version = tuple[Arena, Municipality, str]


def versions_by_slug(
    slug: str, old: DataAtRevision, new: DataAtRevision
) -> tuple[dict[str, tuple[Version | None, Version | None]], dict[str, list[str]]]:
    """Each arena's version at both sides (None where absent), and the sides at which an
    arena's file is present but does not load."""
    records = (old.workspace.municipalities.get(slug), new.workspace.municipalities.get(slug))
    keys = sorted(
        arena for municipality, arena in old.arena_files | new.arena_files if municipality == slug
    )
    versions: dict[str, tuple[Version | None, Version | None]] = {}
    unreadable: dict[str, list[str]] = {}
    for arena_slug in keys:
        found: list[Version | None] = []
        for which, side, record in (("old", old, records[0]), ("new", new, records[1])):
            arena = side.workspace.arenas_of(slug).get(arena_slug)
            if arena is not None and record is not None:
                found.append((arena, record, side.workspace.municipality_files[slug]))
                continue
            found.append(None)
            if (slug, arena_slug) in side.arena_files:
                unreadable.setdefault(arena_slug, []).append(which)
        versions[arena_slug] = (found[0], found[1])
    return versions, unreadable


def _without(arena: Arena, *fields: str) -> Arena:
    return arena.model_copy(update=dict.fromkeys(fields))


def renames(
    versions: Mapping[str, tuple[Version | None, Version | None]],
) -> dict[str, tuple[str, bool]]:
    """New slug -> (old slug, whether the data states it) for each arena file renamed: the new
    file says `renamed_from: <old slug>`, or it holds what a removed file held."""
    removed = [slug for slug, (old, new) in versions.items() if old and not new]
    added = [slug for slug, (old, new) in versions.items() if new and not old]
    found: dict[str, tuple[str, bool]] = {}
    for slug in added:
        arena = versions[slug][1]
        stated = arena[0].renamed_from if arena else None
        if stated in removed:
            found[slug] = (stated, True)
            removed.remove(stated)
    for slug in added:
        after = versions[slug][1]
        if slug in found or after is None:
            continue
        for old_slug in removed:
            before = versions[old_slug][0]
            if before and _without(before[0], "renamed_from") == _without(after[0], "renamed_from"):
                found[slug] = (old_slug, False)
                removed.remove(old_slug)
                break
    return found
