"""SEQUENCE numbers: a re-issued event that changed gets a higher one, so calendar clients
replace what they have instead of keeping the older version (RFC 5546 2.1.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Issued:
    """What was last issued under a UID: its SEQUENCE and a digest of its content."""

    sequence: int
    digest: str


def next_issue(previous: Mapping[str, Issued], digests: Mapping[str, str]) -> dict[str, Issued]:
    """The SEQUENCE to issue each UID with, given what was issued before.

    Unchanged content keeps its number; changed content goes up by one; new UIDs start at 0.
    UIDs not issued now are kept, so other half-years' history survives.
    """
    result = dict(previous)
    for uid, digest in digests.items():
        before = previous.get(uid)
        if before is None:
            result[uid] = Issued(0, digest)
        elif before.digest == digest:
            result[uid] = before
        else:
            result[uid] = Issued(before.sequence + 1, digest)
    return result


@dataclass(frozen=True)
class Change:
    """What a re-issue changed about a UID's first meeting; each field None where it did not
    change (or the earlier issue is not known)."""

    date: tuple[dt.date, dt.date] | None = None
    """(before, now)."""
    time: tuple[dt.time, dt.time] | None = None
    """(before, now), wall-clock in the meeting's time zone."""
    place: tuple[str, str] | None = None
    """(before, now); "" for no place."""

    def __bool__(self) -> bool:
        return any((self.date, self.time, self.place))


def change(
    was_start: str, was_location: str | None, start: dt.datetime, location: str | None
) -> Change:
    """What changed from the first meeting an earlier SEQUENCE issued (`was_start` ISO 8601,
    `was_location`, "" for none: either unknown when not recorded) to the one issued now."""
    date = time = place = None
    try:
        before = dt.datetime.fromisoformat(was_start) if was_start else None
    except ValueError:
        before = None
    if before is not None and before.tzinfo is not None and start.tzinfo is not None:
        before = before.astimezone(start.tzinfo)
        if before.date() != start.date():
            date = (before.date(), start.date())
        if before.time() != start.time():
            time = (before.time(), start.time())
    if was_location is not None and was_location != (location or ""):
        place = (was_location, location or "")
    return Change(date, time, place)
