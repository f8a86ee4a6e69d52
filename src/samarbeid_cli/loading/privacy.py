"""The privacy guard: data files describe roles, never children.

One function decides what is an identity number, over one normalised text
(`models.identity_number.identity_number_spans`: references and escapes decoded, NFKC,
invisible characters removed, any run of characters that are neither letters nor digits read
as a separator). This module runs it wherever text enters samarbeid, so every command gets the
same answer:

- the raw text of every file under the data folder, loaded or not, line by line with comments;
- every key and value as YAML reads it (lines joined by folding, `\\x30` escapes decoded);
- the name of every file and folder, and its path below the data folder (a number may be
  split over a folder and a file name);
- a consent register's cells (`loading.consent_register`) and the arguments of every command
  (`cli.options.Command`).

A file under the data folder that is not UTF-8 text (an office document, a PDF, UTF-16 or
Latin-1 text) cannot be read this way, so it is refused by name with the reason, unless the
data folder's allow-list (`.binary-files`, README: Privacy) names it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from samarbeid_cli.i18n import N_, _
from samarbeid_cli.loading.yaml_source import Path_, SourceMap
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.identity_number import (
    contains_identity_number,
    identity_number_spans,
    is_identity_number,
)

__all__ = [
    "ALLOW_LIST",
    "FIELD",
    "AllowList",
    "find_identity_numbers",
    "in_file_name",
    "in_text",
    "in_values",
    "is_identity_number",
    "is_privacy_finding",
    "not_text",
]

FIELD = "privacy"
MESSAGE = N_(
    "looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "data files describe roles, never people"
)
NAME_MESSAGE = N_(
    "the file name looks like a national identity number (fødselsnummer or D-nummer); "
    "rename the file: data files describe roles, never people"
)
ALLOW_LIST = ".binary-files"
"""The data folder's list of files that may be there although the guard cannot read them."""


def find_identity_numbers(text: str) -> list[tuple[int, int]]:
    """Line and column (1-based) of every identity number in `text`, comments included."""
    return [(line, column) for line, column, _ in _hits(text)]


def _hits(text: str) -> Iterator[tuple[int, int, str]]:
    # The whole text is asked once; only a text that holds a number is gone through by line.
    if not contains_identity_number(text, lines=True):
        return
    for line_number, line in enumerate(text.split("\n"), start=1):
        for start, _end, digits in identity_number_spans(line):
            yield line_number, start + 1, digits


def in_text(text: str, shown: str, message: str | None = None) -> tuple[list[Finding], set[str]]:
    """Findings for the raw text of one file, and the numbers found (to report each once)."""
    message = message or _(MESSAGE)
    findings = []
    numbers = set()
    for line, column, digits in _hits(text):
        findings.append(Finding(shown, line, column, FIELD, message))
        numbers.add(digits)
    return findings, numbers


def _written(data: Any) -> Iterator[tuple[str, Path_, bool]]:
    """Every key and every text value of parsed data, with its path and whether it is a key."""
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield value, path, False
        elif isinstance(value, dict):
            for key, item in value.items():
                child = (*path, key)
                if isinstance(key, str):
                    yield key, child, True
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


# Joins a file's texts so that one question asks about all of them: a letter, so no run of
# digits and separators reaches from one text into the next, and not an ASCII one, so no
# reference (`&amp;`, `\x31`, `%31`) does either. Joined, no number of any text is lost;
# one that only the joining made up merely sends the texts to be read one by one.
_JOINER = "\u0436"


def in_values(
    data: Any,
    source: SourceMap,
    shown: str,
    already: set[str],
    message: str | None = None,
    texts: list[str] | None = None,
) -> list[Finding]:
    """Findings for numbers that only YAML's reading reveals, at the value's position.

    Args:
        texts: Every key and text of `data` that may hold a number, when the parser gathered
            them (or more): asked first, all at once; `data` is gone through only when one of
            them holds a number.
    """
    if texts is not None and (not texts or not contains_identity_number(_JOINER.join(texts))):
        return []
    message = message or _(MESSAGE)
    written = [
        (text, path, is_key)
        for text, path, is_key in _written(data)
        if len(text) >= 11 or not text.isascii()
    ]
    if not written or not contains_identity_number(_JOINER.join(t for t, _, _ in written)):
        return []
    findings = []
    for text, path, is_key in written:
        for *_span, digits in identity_number_spans(text):
            if digits not in already:
                already.add(digits)
                line, column = source.key(path) if is_key else source.value(path)
                findings.append(Finding(shown, line, column, FIELD, message))
    return findings


def in_file_name(name: str, shown: str) -> Finding | None:
    """A finding if a file's or folder's name (or its path below the data folder, given as
    `name`) holds an identity number."""
    if identity_number_spans(name):
        return Finding(shown, 1, 1, FIELD, _(NAME_MESSAGE))
    return None


def is_privacy_finding(finding: Finding) -> bool:
    """Whether the guard made `finding` (a number in a text or a name)."""
    return finding.field == FIELD


# What a file that is not UTF-8 text most likely is, by how it begins.
_SIGNATURES = (
    (b"PK\x03\x04", N_("an office document or a zip archive (.docx, .xlsx, .odt, ...)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an office document of the old kind (.doc, .xls)")),
    (b"%PDF", N_("a PDF document")),
    (b"{\\rtf", N_("an RTF document")),
    (b"\x89PNG", N_("an image (PNG)")),
    (b"\xff\xd8\xff", N_("an image (JPEG)")),
    (b"GIF8", N_("an image (GIF)")),
)
_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def not_text(raw: bytes) -> str | None:
    """Why the guard cannot read a file's bytes as text, or None when they are UTF-8 text."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return _(
                "is {encoding} text, which the privacy guard does not read; save it as UTF-8"
            ).format(encoding=encoding)
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            return _(
                "is {kind}, which the privacy guard does not read; data/ holds text files "
                "only: remove it, or keep it elsewhere"
            ).format(kind=_(kind))
    if b"\0" in raw:
        return _(
            "is not UTF-8 text (it holds NUL bytes: UTF-16 without a byte-order mark, or "
            "binary data), which the privacy guard does not read; save it as UTF-8 text or "
            "remove it"
        )
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _(
            "is not UTF-8 text (another encoding, such as Latin-1 or Windows-1252), which the "
            "privacy guard does not read; save it as UTF-8"
        )
    return None


class AllowList:
    """The data folder's `.binary-files`: one pattern a line (`bilder/*.png`), relative to
    the data folder, `#` for a comment. A file it names may be something other than text."""

    def __init__(self, text: str = "", shown: str = ALLOW_LIST) -> None:
        self.shown = shown
        self.patterns: list[tuple[int, str]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            pattern = line.split("#", 1)[0].strip().lstrip("/")
            if pattern:
                self.patterns.append((number, pattern))
        self.used: set[int] = set()

    def allows(self, relative: str) -> bool:
        """Whether the file at `relative` (below the data folder, with `/`) is listed."""
        for number, pattern in self.patterns:
            if fnmatch.fnmatchcase(relative, pattern):
                self.used.add(number)
                return True
        return False

    def unused(self) -> list[Finding]:
        """A warning for each line that named no file."""
        return [
            Finding(
                self.shown,
                number,
                1,
                "",
                _("no file under data/ matches {pattern}").format(pattern=repr(pattern)),
                "warning",
            )
            for number, pattern in self.patterns
            if number not in self.used
        ]
