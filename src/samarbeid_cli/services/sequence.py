"""SEQUENCE numbers: a re-issued event that changed gets a higher one, so calendar clients
replace what they have instead of keeping the older version (RFC 5546 2.1.4)."""

from __future__ import annotations

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
