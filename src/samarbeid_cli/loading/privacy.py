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

"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from samarbeid_cli.loading.yaml_source import Path_, SourceMap
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.identity_number import (
    contains_identity_number,
    identity_number_spans,
    is_identity_number,
)

__all__ = [
    "FIELD",
    "find_identity_numbers",
    "in_file_name",
    "in_text",
    "in_values",
    "is_identity_number",
    "is_privacy_finding",
]

FIELD = "privacy"
MESSAGE = (
    "looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "data files describe roles, never people"
)
NAME_MESSAGE = (
    "the file name looks like a national identity number (fødselsnummer or D-nummer); "
    "rename the file: data files describe roles, never people"
)


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


def in_text(text: str, shown: str, message: str = MESSAGE) -> tuple[list[Finding], set[str]]:
    """Findings for the raw text of one file, and the numbers found (to report each once)."""
    findings = []
    numbers = set()
    for line, column, digits in _hits(text):
        findings.append(Finding(shown, line, column, FIELD, message))
        numbers.add(digits)
    return findings, numbers


def _texts(data: Any, source: SourceMap) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every key and every text value of parsed data, with its position in the file."""
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield value, source.value(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                child = (*path, key)
                if isinstance(key, str):
                    yield key, source.key(child)
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


def in_values(
    data: Any, source: SourceMap, shown: str, already: set[str], message: str = MESSAGE
) -> list[Finding]:
    """Findings for numbers that only YAML's reading reveals, at the value's position."""
    findings = []
    for text, (line, column) in _texts(data, source):
        if len(text) < 11 and text.isascii():
            continue
        for *_span, digits in identity_number_spans(text):
            if digits not in already:
                already.add(digits)
                findings.append(Finding(shown, line, column, FIELD, message))
    return findings


def in_file_name(name: str, shown: str) -> Finding | None:
    """A finding if a file's or folder's name (or its path below the data folder, given as
    `name`) holds an identity number."""
    if identity_number_spans(name):
        return Finding(shown, 1, 1, FIELD, NAME_MESSAGE)
    return None


def is_privacy_finding(finding: Finding) -> bool:
    """Whether the guard made `finding` (a number in a text or a name)."""
    return finding.field == FIELD
