"""Synthetic Norwegian identity numbers, computed when the tests run.

Valid numbers are never written into the repository: a file holding one would trip the
privacy guard (and the pre-submit check) itself. These are built from a birth date and an
individual number by the published mod-11 rule.
"""

from __future__ import annotations

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    return 0 if remainder == 11 else None if remainder == 10 else remainder


def identity_number(day: int, month: int, year: int, *, d_number: bool = False) -> str:
    """The first valid fødselsnummer (or D-nummer) for a birth date."""
    date_part = f"{day + (40 if d_number else 0):02d}{month:02d}{year % 100:02d}"
    for individual in range(500):
        number = with_check_digits(f"{date_part}{individual:03d}")
        if number is not None:
            return number
    raise AssertionError("no valid individual number for that date")


def with_check_digits(first_nine: str) -> str | None:
    """Nine digits (date part and individual number) with both check digits added, or None
    when a check digit would be 10 (no such number is given out)."""
    digits = [int(c) for c in first_nine]
    first = _check(digits, _WEIGHTS_1)
    if first is None:
        return None
    second = _check([*digits, first], _WEIGHTS_2)
    return None if second is None else f"{first_nine}{first}{second}"


def broken(number: str) -> str:
    """The same number with its last check digit wrong."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)
