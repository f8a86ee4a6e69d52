"""YAML syntax errors in words a coordinator can act on.

The YAML library reports where its parser gave up (`mapping values are not allowed here` at
the colon of the *next* key), in its own vocabulary. Here each common mistake is recognised
from the error *and the file's text*, and told as one sentence that names the line where the
mistake is and what to write instead. The library's own text follows in parentheses for
those who know YAML. Both PyYAML's pure-Python parser and libyaml (CSafeLoader) word their
errors differently; the rules look at the text around the marks, and at words both share.

The error is read through its attributes only, so `loading.yaml_source` stays the one module
that imports yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from samarbeid_cli.i18n import _

Position = tuple[int, int]


class Mark(Protocol):
    """Where the parser stood: 0-based line and column."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class MarkedError(Protocol):
    """The parts of yaml.MarkedYAMLError this module reads."""

    @property
    def context(self) -> str | None: ...

    @property
    def context_mark(self) -> Mark | None: ...

    @property
    def problem(self) -> str | None: ...

    @property
    def problem_mark(self) -> Mark | None: ...


@dataclass(frozen=True)
class _Error:
    """The error with the file's lines at hand; lines and columns are 1-based."""

    context: str
    context_at: Position | None
    problem: str
    at: Position
    lines: list[str]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def char(self, position: Position) -> str:
        text = self.line(position[0])
        return text[position[1] - 1] if 1 <= position[1] <= len(text) else ""

    def before(self, position: Position) -> str:
        """The text of the line before `position`, without trailing spaces."""
        return self.line(position[0])[: position[1] - 1].rstrip()

    def content_line_before(self, number: int) -> int | None:
        """The nearest line above `number` that holds more than blanks or a comment."""
        for candidate in range(number - 1, 0, -1):
            stripped = self.line(candidate).strip()
            if stripped and not stripped.startswith("#"):
                return candidate
        return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _start(error: _Error, number: int) -> Position:
    """The first character of line `number` that is not a space."""
    return number, _indent(error.line(number)) + 1


_GLUED_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:(?=[^\s:/])")
"""`level:system`: a key, a colon and the value with no space between (not `http://`)."""
_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#'\"][^#]*?:(?:\s|$)")
"""A line that holds `key:` (with a space or the line's end after the colon)."""


def _quoted(line: str) -> str:
    """`mandate: Drøfte: tema` as it should be written: `mandate: "Drøfte: tema"`."""
    match = re.match(r"\s*(?:-\s+)?([^:#]+?):\s+(.*?)\s*$", line)
    if match is None:
        return _('key: "the text"')
    key, value = match[1].strip(), match[2]
    if '"' in value:
        escaped = value.replace("'", "''")
        return f"{key}: '{escaped}'"
    return f'{key}: "{value}"'


def _tab(error: _Error) -> tuple[Position, str] | None:
    number = error.at[0]
    text = error.line(number)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in indent:
        return (number, indent.index("\t") + 1), _(
            "line {number} is indented with a tab; use spaces instead"
        ).format(number=number)
    if error.char(error.at) == "\t":
        return error.at, _("line {number} has a tab between its parts; use a space instead").format(
            number=number
        )
    return None


def _unclosed_quote(error: _Error) -> tuple[Position, str] | None:
    if "quoted scalar" not in error.context or error.context_at is None:
        return None
    number = error.context_at[0]
    quote = error.char(error.context_at)
    return error.context_at, _(
        "line {number}: the quote {quote} that starts here is never closed; end the text "
        "with {quote} on the same line"
    ).format(number=number, quote=quote)


def _unclosed_bracket(error: _Error) -> tuple[Position, str] | None:
    if "flow sequence" in error.context:
        sentence = _(
            "line {number}: the [ that starts here is never closed; end the list with ] on the "
            "same line, or put quotes around the whole text if it is not a list"
        )
    elif "flow mapping" in error.context:
        sentence = _(
            "line {number}: the {{ that starts here is never closed; end the mapping with }} on "
            "the same line, or put quotes around the whole text if it is not a mapping"
        )
    else:
        return None
    at = error.context_at or error.at
    return at, sentence.format(number=at[0])


def _opening_quote(error: _Error, quote: str, closing: Position) -> Position | None:
    """Where the quoted text that ends at `closing` began (searching backwards)."""
    number, column = closing
    column -= 1
    while number >= 1:
        found = error.line(number).rfind(quote, 0, max(column - 1, 0))
        if found >= 0:
            return number, found + 1
        number -= 1
        column = len(error.line(number)) + 1
    return None


def _text_after_closing(error: _Error) -> tuple[Position, str] | None:
    """`name: "Testteam" (ny)`, `name: 'Ola's team'`, `mandate: [PPT] og skole`."""
    before = error.before(error.at)
    if not before or not _ended_too_soon(error.problem):
        return None
    last = before[-1]
    number = error.at[0]
    if last in "\"'":
        closing = (number, len(before))
        opening = _opening_quote(error, last, closing)
        if opening is not None and opening[0] < number:
            return opening, _(
                "line {number}: the quote {quote} that starts here is not closed on that "
                "line; end the text with {quote} on line {number}"
            ).format(number=opening[0], quote=last)
        if last == "'" and len(before) + 1 == error.at[1]:
            return (number, len(before)), _(
                "line {number}: an apostrophe inside '...' ends the text; write it twice "
                "('') or put the text in double quotes \"...\""
            ).format(number=number)
        return error.at, _(
            "line {number}: there is text after the closing quote {quote}; put the whole "
            "text inside the quotes"
        ).format(number=number, quote=last)
    if last in "]}":
        bracket = "[" if last == "]" else "{"
        return error.at, _(
            "line {number}: a text that starts with {bracket} needs quotes around all of it: "
            "{quoted}"
        ).format(number=number, bracket=bracket, quoted=_quoted(error.line(number)))
    return None


def _ended_too_soon(problem: str) -> bool:
    # PyYAML: "expected <block end>, but found ..."; libyaml: "did not find expected key".
    return "<block end>" in problem or "expected key" in problem


def _list_item(error: _Error) -> tuple[Position, str] | None:
    """A `-` line out of step: `-role: x`, `-- role: x`, or a `-` in the wrong column."""
    if not _ended_too_soon(error.problem) or error.before(error.at):
        return None
    first = error.context_at[0] if error.context_at else 1
    for number in range(first, error.at[0] + 1):
        stripped = error.line(number).lstrip(" ")
        if stripped.startswith("--") and not stripped.startswith("---"):
            return _start(error, number), _(
                "line {number} starts with two dashes; a list item starts with one - and a space"
            ).format(number=number)
        if re.match(r"-[^\s-]", stripped):
            return _start(error, number), _(
                "line {number}: put a space after - to make it a list item (- {item})"
            ).format(number=number, item=stripped[1:].strip())
    number = error.at[0]
    if not error.line(number).lstrip(" ").startswith("-"):
        return None
    above = error.content_line_before(number)
    if above is None:
        return None
    here, there = _indent(error.line(number)), _indent(error.line(above))
    if error.line(above).lstrip(" ").startswith("-"):
        sentence = (
            _(
                "line {number}: this list item is indented less than the one on line {above}; "
                "start every - of a list in the same column"
            )
            if here < there
            else _(
                "line {number}: this list item is indented more than the one on line {above}; "
                "start every - of a list in the same column"
            )
        )
        return _start(error, number), sentence.format(number=number, above=above)
    if here <= there:
        return _start(error, number), _(
            "line {number}: a list item cannot stand among keys; put it under a key ending "
            "in a colon (such as 'participants:') and indent it"
        ).format(number=number)
    return None


def _indentation(error: _Error) -> tuple[Position, str] | None:
    """A line that starts in another column than the block around it."""
    if not _ended_too_soon(error.problem) or error.before(error.at):
        return None
    number = error.at[0]
    above = error.content_line_before(number)
    if above is None:
        return None
    here, there = _indent(error.line(number)), _indent(error.line(above))
    if here < there:
        return _start(error, number), _(
            "line {number} is indented less than the block it belongs to (line {above}); "
            "indent it like line {above}"
        ).format(number=number, above=above)
    if here > there:
        return _start(error, number), _(
            "line {number} is indented more than line {above}; indent it like line {above}"
        ).format(number=number, above=above)
    return None


def _colon(error: _Error) -> tuple[Position, str] | None:
    """`mapping values are not allowed here`: a colon the parser could not place."""
    if "mapping values are not allowed" not in error.problem:
        return None
    number = error.at[0]
    before = error.before(error.at)
    if _KEY.match(before):
        if re.search(r"\s-\s", before[before.index(":") :]):
            return error.at, _(
                "line {number} holds two list items; start each - on a line of its own"
            ).format(number=number)
        return error.at, _(
            "line {number}: a colon followed by a space inside a text needs quotes around "
            "the whole text: {quoted}"
        ).format(number=number, quoted=_quoted(error.line(number)))
    above = error.content_line_before(number)
    if above is None:
        return None
    glued = _glued(error, above)
    if glued is not None:
        return glued
    if ":" not in error.line(above) and _indent(error.line(number)) == _indent(error.line(above)):
        return _start(error, above), _no_colon().format(number=above)
    if _indent(error.line(number)) > _indent(error.line(above)):
        return _start(error, number), _(
            "line {number} is indented more than line {above}, but line {above} already has "
            "a value after its colon; indent line {number} like line {above}"
        ).format(number=number, above=above)
    return None


def _glued(error: _Error, number: int) -> tuple[Position, str] | None:
    match = _GLUED_COLON.match(error.line(number))
    if match is None or _KEY.match(error.line(number)):
        return None
    line = error.line(number).strip()
    colon = line.index(":")
    return (number, match.end()), _("line {number}: put a space after the colon: {fixed}").format(
        number=number, fixed=f"{line[: colon + 1]} {line[colon + 1 :]}"
    )


def _no_colon() -> str:
    """One sentence, said by two rules."""
    return _("line {number} has no colon; write it as 'key: value', or as a list item '- value'")


def _missing_colon(error: _Error) -> tuple[Position, str] | None:
    """`could not find expected ':'`: the line a key started on has no `key: value`."""
    if "expected ':'" not in error.problem or error.context_at is None:
        return None
    number = error.context_at[0]
    glued = _glued(error, number)
    if glued is not None:
        return glued
    return _start(error, number), _no_colon().format(number=number)


def _dash_after_key(error: _Error) -> tuple[Position, str] | None:
    if "sequence entries are not allowed" not in error.problem:
        return None
    number = error.at[0]
    return error.at, _(
        "line {number}: a list item (- ...) cannot follow a key on the same line; start it on "
        "the next line, indented under the key"
    ).format(number=number)


def _start_character(error: _Error) -> tuple[Position, str] | None:
    """`mandate: *viktig* tema`, `@ppt`, a backtick: characters YAML reserves."""
    if "alias" in error.context or "alias" in error.problem:
        at = error.context_at or error.at
    elif "anchor" in error.context:
        at = error.context_at or error.at
    elif "cannot start any token" in error.problem or "node content" in error.problem:
        at = error.at
    else:
        return None
    character = error.char(at)
    if not character or character.isspace():
        return None
    return at, _(
        "line {number}: a text cannot start with {character}; put quotes around the whole "
        "text: {quoted}"
    ).format(number=at[0], character=character, quoted=_quoted(error.line(at[0])))


def _block_scalar(error: _Error) -> tuple[Position, str] | None:
    if "block scalar" not in error.context or error.context_at is None:
        return None
    at = error.context_at
    character = error.char(at)
    return at, _(
        "line {number}: after {character} the text must start on the next line, indented; "
        "or put quotes around a text that starts with {character}"
    ).format(number=at[0], character=character)


_RULES: tuple[Callable[[_Error], tuple[Position, str] | None], ...] = (
    _tab,
    _unclosed_quote,
    _unclosed_bracket,
    _text_after_closing,
    _list_item,
    _colon,
    _missing_colon,
    _dash_after_key,
    _start_character,
    _block_scalar,
    _indentation,
)


def _position(mark: Mark | None) -> Position | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def explain(err: MarkedError, text: str) -> tuple[Position, str]:
    """Where the mistake is and what to do about it, followed by the library's own words.

    Args:
        err: PyYAML's error (yaml.MarkedYAMLError or one of its subclasses).
        text: The text that was parsed.

    Returns:
        The mistake's line and column (1-based) and the message.
    """
    context_at = _position(err.context_mark)
    at = _position(err.problem_mark) or context_at or (1, 1)
    problem = err.problem or err.context or _("not valid YAML")
    if "expected a single document" in f"{err.context} {err.problem}":
        return at, _("YAML syntax error: holds more than one YAML document; keep one per file")
    error = _Error(
        err.context or "", context_at, problem, at, text.replace("\r\n", "\n").split("\n")
    )
    library = f"{err.context}, {problem}" if err.context else problem
    for rule in _RULES:
        found = rule(error)
        if found is not None:
            position, sentence = found
            return position, f"{sentence} (YAML: {library})"
    return at, _("YAML syntax error: {problem}").format(problem=problem)
