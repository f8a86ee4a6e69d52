"""Norwegian national identity numbers: recognising them in any text, and blanking them out.

A fødselsnummer (or D-nummer, with 4 added to the first digit) is eleven digits, `DDMMYY` and
five more, the last two of which are mod-11 check digits. Requiring both check digits to hold
and the date part to be a real day and month is what keeps phone numbers, kommunenummer, dates
and long counts from being taken for one.

People write them with separators (`ddmmåå iiikk`, `ddmmåå-iii kk`, `dd.mm.åå iiikk`, with tabs
or no-break spaces), so digits are read in groups joined by whitespace, `.` or `-`, and every
run of whole groups that adds up to eleven digits is checked. Whole groups only: a run of
twelve digits without separators is not an identity number. Account numbers written with their
dots (`1234.56.78903`) have their own grouping and are never taken for one.

This lives beside the models because every finding blanks out identity numbers in its text
(`models.finding`), and models import nothing from the layers above them.
"""

from __future__ import annotations

import re

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_SPACE = r"[^\S\n]"
# Whitespace as `repr` writes it in a message that echoes a value (`(got '150312\\t10140')`).
_ESCAPED_SPACE = r"\\[tnr]|\\xa0|\\u(?:00a0|2007|202f)"
_SEPARATOR = rf"(?:{_SPACE}*[.\-\u2010-\u2013]{_SPACE}*|(?:\s|{_ESCAPED_SPACE})+)"
_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}\d+)*(?!\d)")
_GROUP = re.compile(rf"(?:{_ESCAPED_SPACE})|(\d+)")
_ACCOUNT_GROUPS = (4, 2, 5)
REDACTED = "[identity number removed]"


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


def identity_number_spans(text: str) -> list[tuple[int, int, str]]:
    """Start, end and digits of every identity number in `text`, separators allowed."""
    spans = []
    for run in _RUN.finditer(text):
        if len(run[0]) < 11:
            continue
        groups = [group for group in _GROUP.finditer(run[0]) if group[1]]
        next_free = 0
        for first in range(len(groups)):
            if first < next_free:
                continue
            digits = ""
            for last in range(first, len(groups)):
                digits += groups[last][0]
                if len(digits) >= 11:
                    break
            lengths = tuple(len(group[0]) for group in groups[first : last + 1])
            if len(digits) == 11 and lengths != _ACCOUNT_GROUPS and is_identity_number(digits):
                start = run.start() + groups[first].start()
                spans.append((start, run.start() + groups[last].end(), digits))
                next_free = last + 1
    return spans


def redact(text: str) -> str:
    """`text` with every identity number in it replaced by a placeholder."""
    if _RUN.search(text) is None:
        return text
    for start, end, _ in reversed(identity_number_spans(text)):
        text = text[:start] + REDACTED + text[end:]
    return text
