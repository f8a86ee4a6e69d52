"""The privacy guard: data files describe roles, never children.

A Norwegian national identity number (fødselsnummer, or D-nummer with 4 added to the first
digit) is eleven digits, `DDMMYY` and five more, the last two of which are mod-11 check digits.
Requiring both check digits to hold and the date part to be a real day and month is what keeps
phone numbers, kommunenummer, dates and long counts from tripping the guard.
"""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"(?<![\d])(\d{6}) ?(\d{5})(?![\d])")
_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if remainder == 11:
        return 0
    return None if remainder == 10 else remainder


def is_identity_number(number: str) -> bool:
    """Whether eleven digits form a valid fødselsnummer or D-nummer.

    Also accepts H-numbers (month + 40) and the synthetic test numbers of Skatteetaten's Tenor
    (month + 80), since those too must never sit in a data file.
    """
    if not re.fullmatch(r"\d{11}", number):
        return False
    digits = [int(c) for c in number]
    day = digits[0] * 10 + digits[1]
    month = digits[2] * 10 + digits[3]
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    first = _check_digit(digits, _WEIGHTS_1)
    if first is None or first != digits[9]:
        return False
    second = _check_digit(digits, _WEIGHTS_2)
    return second is not None and second == digits[10]


def find_identity_numbers(text: str) -> list[tuple[int, int]]:
    """Line and column (1-based) of every identity number in `text`, comments included."""
    hits = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in _CANDIDATE.finditer(line):
            if is_identity_number(match[1] + match[2]):
                hits.append((line_number, match.start() + 1))
    return hits
