"""Norwegian national identity numbers: recognising them in any text, and blanking them out.

A fødselsnummer (or D-nummer, with 4 added to the first digit) is eleven digits, `DDMMYY` and
five more, the last two of which are mod-11 check digits. Requiring both check digits to hold
and the date part to be a real day and month is what keeps phone numbers, kommunenummer, dates
and long counts from being taken for one.

There is one guard, `identity_number_spans`, and it reads one text: `normalised(text)`, what a
reader sees once the text is shown. HTML and XML character references (`&#49;`, `&#x31;`,
`&nbsp;`, also escaped twice), backslash escapes (`\\x31`, `\\u200b`, `\\t`: YAML's, and those
`repr` writes when a message echoes a value) and percent-encoding (`%E2%80%8B`) are decoded;
the text is brought to Unicode NFKC (fullwidth and other compatibility digits become 0-9),
digits of other scripts become 0-9, and every invisible character (format characters, Unicode
category Cf, such as a zero-width space, word joiner or soft hyphen, and the other default
ignorable code points) is removed. In that text any run of characters that are neither
letters nor digits separates groups of digits (`ddmmåå iiikk`, `ddmmåå-iii kk`,
`dd.mm.åå iiikk`, `ddmmåå—iiikk`, `ddmmåå/iiikk`), and every run of whole groups that adds up
to eleven digits is checked. Letters end a run, and whole groups only: a run of twelve digits
without separators is not an identity number. Account numbers written in their own grouping
(`1234.56.78903`, `1234 56 78903`) are never taken for one; an account number written as
eleven plain digits can be an identity number (every fødselsnummer passes the account
number's mod-11 check) and is judged as one.

Spans are given in the text as it was written, so a finding points at the number's first
character and `redact` blanks out exactly what the reader would have seen as the number.

This lives beside the models because every finding blanks out identity numbers in its text
(`models.finding`), and models import nothing from the layers above them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
REDACTED = "[identity number removed]"

# Character references, backslash escapes and percent-encoding, each decoded as one unit.
_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?"
    r"|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtnvfreNLP_ \\/\"'])"
    r"|(?:%[0-9a-fA-F]{2})+"
)
# A reference escaped twice (`&amp;#49;`) is decoded twice; a third round is a bound, not a need.
_ROUNDS = 3
# Every format character (Unicode category Cf, checked against the running Python's Unicode
# database by the tests) and the other default ignorable code points (DerivedCoreProperties
# of Unicode 15.1): what a reader does not see, so it neither joins nor separates digits.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
# JSON writes a character beyond U+FFFF as two escapes (`\ud835\udfcf`), and YAML decodes them
# one by one: the halves are joined into the character they stand for.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Eleven digits as whole groups: from a group's first digit to a group's last, any run of
# characters that are neither letters nor digits between them. In a file's raw text a line
# break ends a run (the values YAML reads are checked across lines on their own).
_RUN = r"[0-9](?:{separator}*[0-9]){{10}}"
_ELEVEN = r"(?<![0-9])(?=(" + _RUN + r")(?![0-9]))"
_CANDIDATE = re.compile(_ELEVEN.format(separator=r"[\W_]"))
_CANDIDATE_IN_LINE = re.compile(_ELEVEN.format(separator=r"(?:[^\w\n]|_)"))
# The same runs without what must stand around them, which the regular expression engine
# can look for from a digit on rather than asking both lookarounds at every character: a
# text without one holds no candidate (issue 19; most data files hold none).
_RUNS = {
    _CANDIDATE: re.compile(_RUN.format(separator=r"[\W_]")),
    _CANDIDATE_IN_LINE: re.compile(_RUN.format(separator=r"(?:[^\w\n]|_)")),
}
_NOT_DIGIT = re.compile(r"[^0-9]+")
_ACCOUNT = re.compile(r"[0-9]{4}([. ])[0-9]{2}\1[0-9]{5}")

Span = tuple[int, int, str]


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
    if len(number) != 11 or not number.isascii() or not number.isdigit():
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


def _decoded(match: re.Match[str]) -> str:
    """One reference, escape or percent-encoded run as the character(s) it stands for.

    A line break it stands for becomes a space: only a line break as written ends a run.
    """
    written = match[0]
    if written[0] == "&":
        text = html.unescape(written)
    elif written[0] == "%":
        text = unquote(written, errors="replace")
    elif written[1] in "xuU":
        code = int(written[2:], 16)
        text = chr(code) if code <= 0x10FFFF else written
    else:
        # \t, \n, \_ (YAML's no-break space), \\ and the rest: all separate digit groups.
        text = " "
    return text.replace("\n", " ")


def _joined_surrogates(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _fold(text: str) -> str:
    """NFKC, invisible characters removed, and every decimal digit written 0-9."""
    # Each pattern matches single characters: asked of the text's distinct characters first,
    # it is asked of the whole text only where one of them is there (issue 19).
    distinct = "".join(set(text))
    if _SURROGATE.search(distinct):
        text = _joined_surrogates(text)
    text = unicodedata.normalize("NFKC", text)
    distinct = "".join(set(text))
    if _INVISIBLE.search(distinct):
        text = _INVISIBLE.sub("", text)
    if _OTHER_DIGIT.search(distinct):
        text = _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit[0])), text)
    return text


def _may_refer(text: str) -> bool:
    """Whether `text` has a character a reference begins with (`&`, a backslash, `%`)."""
    return "&" in text or "\\" in text or "%" in text


def normalised(text: str) -> str:
    """The text the guard reads: references decoded, NFKC, invisible characters removed."""
    for _ in range(_ROUNDS):
        previous = text
        if _may_refer(text):
            text = _REFERENCE.sub(_decoded, text)
        if not text.isascii():
            text = _fold(text)
        if text == previous or not _may_refer(text) or _REFERENCE.search(text) is None:
            break
    return text


def _mapped(text: str) -> tuple[str, list[int], list[int]]:
    """`normalised(text)` character by character, with where each character came from:
    its first and its end offset in `text`."""
    units = [(character, offset, offset + 1) for offset, character in enumerate(text)]
    joined = text
    for _ in range(_ROUNDS):
        previous = joined
        decoded: list[tuple[str, int, int]] = []
        position = 0
        for match in _REFERENCE.finditer(joined):
            decoded.extend(units[position : match.start()])
            start, end = units[match.start()][1], units[match.end() - 1][2]
            decoded.extend((character, start, end) for character in _decoded(match))
            position = match.end()
        decoded.extend(units[position:])
        units = []
        index = 0
        while index < len(decoded):
            character, start, end = decoded[index]
            after = decoded[index + 1][0] if index + 1 < len(decoded) else ""
            if "\ud800" <= character <= "\udbff" and "\udc00" <= after <= "\udfff":
                character, end = character + after, decoded[index + 1][2]
                index += 1
            index += 1
            units.extend(
                (folded, start, end)
                for folded in (character if character.isascii() else _fold(character))
            )
        joined = "".join(unit[0] for unit in units)
        if joined == previous or _REFERENCE.search(joined) is None:
            break
    return joined, [unit[1] for unit in units], [unit[2] for unit in units]


def _hits(text: str, candidates: re.Pattern[str]) -> list[Span]:
    """Start, end and digits of every identity number in an already normalised text."""
    hits: list[Span] = []
    if _RUNS[candidates].search(text) is None:
        return hits
    free = 0
    for match in candidates.finditer(text):
        start, end = match.start(1), match.end(1)
        if start < free:
            continue
        digits = _NOT_DIGIT.sub("", match[1])
        if is_identity_number(digits) and not _ACCOUNT.fullmatch(match[1]):
            hits.append((start, end, digits))
            free = end
    return hits


def contains_identity_number(text: str, *, lines: bool = False) -> bool:
    """Whether `text` holds an identity number; with `lines`, no number runs over a line break.

    The quick question, asked of whole files before their lines are looked at one by one.
    """
    return bool(_hits(normalised(text), _CANDIDATE_IN_LINE if lines else _CANDIDATE))


def identity_number_spans(text: str) -> list[Span]:
    """Start, end and digits of every identity number in `text`, however it is written.

    Start and end are offsets in `text` as written; the digits are the number's eleven.
    """
    if len(text) < 11 and text.isascii():
        return []
    quick = _hits(normalised(text), _CANDIDATE)
    if not quick:
        return []
    mapped, starts, ends = _mapped(text)
    hits = _hits(mapped, _CANDIDATE)
    if not hits:
        # Folding character by character gave another text than folding the whole (no such
        # text is known): blank out all of it rather than let the number through.
        return [(0, len(text), quick[0][2])]
    return [(starts[start], ends[end - 1], digits) for start, end, digits in hits]


def redact(text: str) -> str:
    """`text` with every identity number in it replaced by a placeholder."""
    spans: list[list[int]] = []
    for start, end, _ in identity_number_spans(text):
        # Two numbers inside one percent-encoded run share their source: blank it out once.
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    for start, end in reversed(spans):
        text = text[:start] + REDACTED + text[end:]
    return text
