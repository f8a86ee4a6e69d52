"""A text edit word by word, so a reviewer sees the two words that changed in a mandate
rather than one sentence removed and another added."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Literal

Kind = Literal["same", "removed", "added"]
Segment = tuple[Kind, str]

# Below this share of words in common two texts are different points, not one point edited.
SIMILAR = 0.5


def _words(text: str) -> list[str]:
    return text.split()


def segments(old: str, new: str) -> tuple[Segment, ...]:
    """`old` → `new` as runs of words kept, removed and added (each run's words joined by
    one space)."""
    before, after = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    result: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.append(("same", " ".join(before[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            result.append(("removed", " ".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            result.append(("added", " ".join(after[j1:j2])))
    return tuple(result)


def similarity(old: str, new: str) -> float:
    """The share of words two texts have in common, 0 to 1."""
    return difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False).ratio()


def pair_edits(
    removed: Sequence[str], added: Sequence[str]
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Which removed and added list items are one item edited: each removed item is paired
    with the most similar added one left, when they share at least SIMILAR of their words.

    Returns the pairs, then the removed and the added items left unpaired.
    """
    left = list(added)
    pairs: list[tuple[str, str]] = []
    unpaired: list[str] = []
    for old in removed:
        best = max(left, key=lambda new: similarity(old, new), default=None)
        if best is not None and similarity(old, best) >= SIMILAR:
            pairs.append((old, best))
            left.remove(best)
        else:
            unpaired.append(old)
    return pairs, unpaired, left
