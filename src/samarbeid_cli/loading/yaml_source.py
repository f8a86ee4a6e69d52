"""YAML text -> plain values, with the line and column of every node.

PyYAML's constructors apply YAML 1.1: `0301` becomes 193, `NO` becomes False and `8:30`
becomes 510. We stop at PyYAML's node graph and build the values ourselves: every scalar stays
the text the author wrote (only a plain `null`, `~` or nothing is None), and the pydantic
model decides what it means. This is the only module that imports yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from samarbeid_cli.i18n import _
from samarbeid_cli.models.characters import CONTROL_BUT_TAB_AND_LINE_FEED
from samarbeid_cli.models.finding import Finding

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# The tags PyYAML's resolver gives plain scalars and collections; any other tag
# (`!!python/object`, `!custom`) is refused rather than silently read as text.
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# Aliases can expand a small file into billions of values ("billion laughs"); no real arena
# file comes near this many.
_MAX_NODES = 200_000
# No data file needs more than a handful of levels; far deeper nesting is a mistake or an attack.
_MAX_DEPTH = 64


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    pass


# libyaml reads ~20 times faster than PyYAML's pure-Python reader; the events, marks and
# errors are PyYAML's classes either way, and `_Composer` builds the nodes itself.
_EventSource: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TOO_DEEP = f"lists or mappings nested more than {_MAX_DEPTH} levels deep"


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def value(self, path: Path_) -> Position:
        """Position of the value at `path`, or of its nearest enclosing value."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def written(self, path: Path_) -> Path_:
        """`path` as the file writes it: a single item may stand where a list is allowed,
        so `convener[0].role` is `convener.role` when the file gives one convener."""
        if path in self.values:
            return path
        for cut in range(len(path) - 1, -1, -1):
            if path[cut] == 0 and path[:cut] in self.values:
                shorter = path[:cut] + path[cut + 1 :]
                if shorter in self.values or cut == len(path) - 1:
                    return shorter
        return path

    def key(self, path: Path_) -> Position:
        """Position of the key that holds `path`, falling back to the value."""
        return self.keys.get(path) or self.value(path)


@dataclass
class Document:
    """A parsed YAML file: its values, where they stand, and what was wrong on the way."""

    data: Any
    source: SourceMap
    problems: list[Finding]
    controlled: set[Position] = field(default_factory=set)
    """Where a value or key holds a control character, already reported: the schema's own
    complaint about the same value would only repeat it."""
    complete: bool = True
    """False when a value could not be read at all (syntax, tags, aliases): validating the
    rest would only report the hole as further, misleading problems."""
    texts: list[str] = field(default_factory=list)
    """Every key and text value of `data` that may hold an identity number (eleven characters
    or more, or not ASCII), gathered as they are built: the privacy guard's first question is
    asked of them all at once (`privacy.in_values`)."""


class _Node:
    """A node of the document as composed here: lighter than PyYAML's, read the same way
    (`id`, `tag`, `value`, `style`, `start_mark`), so one builder takes either."""

    __slots__ = ("id", "start_mark", "style", "tag", "value")

    def __init__(self, kind: str, tag: str, value: Any, style: str | None, mark: Any) -> None:
        self.id = kind
        self.tag = tag
        self.value = value
        self.style = style
        self.start_mark = mark


def _position(node: Any) -> Position:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _TooMany(Exception):
    def __init__(self, position: Position) -> None:
        self.position = position


class _Composer:
    """Events -> nodes, refusing too deep nesting and too many nodes as they arrive.

    PyYAML's own composers recurse (the pure-Python one hits Python's recursion limit, the C
    one the C stack) and hold the whole graph before anything can be counted; this one keeps
    its own stack and stops at the first node beyond a limit, so a hostile file costs no more
    than the events read up to there. Anchors, aliases, tags and errors follow PyYAML's
    `Composer` exactly.
    """

    def __init__(self, events: Any, builder: _Builder) -> None:
        self.events = events
        self.builder = builder

    def compose(self) -> Any:
        get = self.events.get_event
        resolve = self.events.resolve
        get()  # the stream's start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        anchors: dict[str, Any] = {}
        anchor_marks: dict[str, Any] = {}
        # The open collections, and for each open mapping the key waiting for its value.
        stack: list[Any] = []
        pending_keys: list[Any] = []
        parts: list[str | int] = []  # where each open collection sits in its parent
        root: Any = None
        root_mark = None
        budget = _MAX_NODES
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        sequence_start = yaml.SequenceStartEvent
        ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
        while True:
            event = get()
            kind = type(event)
            if kind in ends:
                stack.pop()
                pending_keys.pop()
                parts.pop()
                continue
            if kind is yaml.DocumentEndEvent:
                break
            mark = event.start_mark
            if len(stack) > _MAX_DEPTH:
                self._too_deep(parts, mark)
            if kind is alias_event:
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}", mark
                    )
                node = anchors[event.anchor]
            else:
                budget -= 1
                if budget < 0:
                    raise _TooMany((mark.line + 1, mark.column + 1))
                tag = event.tag
                if kind is scalar_event:
                    if tag is None or tag == "!":
                        tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                    node = _Node(_SCALAR, tag, event.value, event.style, mark)
                else:
                    collection = _SEQUENCE if kind is sequence_start else _MAPPING
                    if tag is None or tag == "!":
                        tag = _DEFAULT_TAGS[collection]
                    node = _Node(collection, tag, [], None, mark)
                anchor = event.anchor
                if anchor is not None:
                    if anchor in anchors:
                        raise yaml.composer.ComposerError(
                            f"found duplicate anchor {anchor!r}; first occurrence",
                            anchor_marks[anchor],
                            "second occurrence",
                            mark,
                        )
                    anchors[anchor] = node
                    anchor_marks[anchor] = mark
            part: str | int = ""
            if stack:
                parent = stack[-1]
                key = pending_keys[-1]
                if parent.id == _SEQUENCE:
                    part = len(parent.value)
                    parent.value.append(node)
                elif key is None:
                    part = "?"
                    pending_keys[-1] = node
                else:
                    part = key.value if isinstance(key.value, str) else "?"
                    parent.value.append((key, node))
                    pending_keys[-1] = None
            else:
                root, root_mark = node, mark
            if kind is not scalar_event and kind is not alias_event:
                stack.append(node)
                pending_keys.append(None)
                parts.append(part)
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root_mark,
                "but found another document",
                event.start_mark,
            )
        return root

    def _too_deep(self, parts: list[str | int], mark: Any) -> None:
        """Report the first node nested too deep, named by its path as the builder would."""
        self.builder.problem(
            (mark.line + 1, mark.column + 1), dotted(tuple(parts[1:4])) + "...", _TOO_DEEP
        )
        raise _TooDeep


_SCALAR = "scalar"
_SEQUENCE = "sequence"
_MAPPING = "mapping"
_DEFAULT_TAGS = {_SEQUENCE: "tag:yaml.org,2002:seq", _MAPPING: "tag:yaml.org,2002:map"}


class _Builder:
    def __init__(self, display_path: str, *, aliases: bool = True, characters: bool = True) -> None:
        self.display_path = display_path
        self.aliases = aliases
        self.characters = characters
        """Whether a text may hold a control character: not where the file's text has none
        and no escape (a backslash) that could write one."""
        self.texts: list[str] = []
        """Whether a node may be reached twice; without aliases each is built once, from a
        tree too small to pass the budget, so neither needs to be watched."""
        self.source = SourceMap()
        self.problems: list[Finding] = []
        self.complete = True
        self.open_nodes: set[int] = set()
        self.budget = _MAX_NODES
        self.controlled: set[Position] = set()

    def problem(
        self, position: Position, field_path: str, message: str, *, complete: bool = False
    ) -> None:
        self.problems.append(Finding(self.display_path, *position, field_path, message))
        self.complete = self.complete and complete

    def build(self, node: Any, path: Path_) -> Any:
        mark = node.start_mark
        position = mark.line + 1, mark.column + 1
        if len(path) > _MAX_DEPTH:
            self.problem(position, dotted(path[:3]) + "...", _TOO_DEEP)
            raise _TooDeep
        self.source.values[path] = position
        if not self.aliases:
            # Most nodes are plain texts: read here, without a call more for each (issue 19).
            if node.id == _SCALAR and node.tag in _CORE_TAGS:
                return self.text(node, path, position)
            return self.build_node(node, path, position)
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        if id(node) in self.open_nodes:
            self.problem(position, dotted(path), _("an alias refers to itself"))
            return None
        self.open_nodes.add(id(node))
        try:
            return self.build_node(node, path, position)
        finally:
            self.open_nodes.discard(id(node))

    def build_node(self, node: Any, path: Path_, position: Position) -> Any:
        if node.tag not in _CORE_TAGS:
            self.problem(
                position,
                dotted(path),
                _("the YAML tag {tag} is not supported; write plain values").format(
                    tag=repr(node.tag)
                ),
            )
            return None
        kind = node.id
        if kind == _SCALAR:
            return self.text(node, path, position)
        if kind == _SEQUENCE:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.build_mapping(node, path)

    def text(self, node: Any, path: Path_, position: Position) -> str | None:
        """A scalar's value: its text as written, or None for a plain null."""
        value: str = node.value
        if node.style is None and value in _NULLS:
            return None
        if self.characters:
            self.check_characters(value, position, path)
        if len(value) >= 11 or not value.isascii():
            self.texts.append(value)
        return value

    def check_characters(self, text: str, position: Position, path: Path_) -> None:
        """Refuse control characters: a CR or an ESC in a name ends up in e-mail headers and
        calendar fields. Line breaks and tabs are left to the field's type (`models.types`)."""
        match = CONTROL_BUT_TAB_AND_LINE_FEED.search(text)
        if match:
            self.controlled.add(position)
            self.problem(
                position,
                dotted(path),
                _("contains the control character U+{value}; remove it").format(
                    value=format(ord(match[0]), "04X")
                ),
                complete=True,
            )

    def build_mapping(self, node: Any, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_position = _position(key_node)
            if key_node.id != _SCALAR:
                self.problem(key_position, dotted(path), _("keys must be plain text"))
                continue
            key = key_node.value
            if key == "<<" and key_node.style is None:
                self.problem(key_position, dotted(path), _("merge keys ('<<') are not supported"))
                continue
            child = (*path, key)
            if key in first_seen:
                line, column = first_seen[key]
                self.problem(
                    key_position,
                    dotted(child),
                    _("duplicate key {key} (first defined at line {line}, column {column})").format(
                        key=repr(key), line=line, column=column
                    ),
                    complete=True,
                )
                continue
            if self.characters:
                self.check_characters(key, key_position, child)
            if len(key) >= 11 or not key.isascii():
                self.texts.append(key)
            first_seen[key] = key_position
            self.source.keys[child] = key_position
            result[key] = self.build(value_node, child)
        return result


def dotted(path: Path_) -> str:
    """`('frequency', 'every_weeks')` -> `frequency.every_weeks`; list items as `[2]`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# libyaml composes the nodes in C several times faster than `_Composer` does from its events,
# but its composer recurses on the C stack and holds the whole tree before anything can be
# counted. So only a text too short to hold `_MAX_NODES` values, and with too few of the
# characters that open a collection to nest deeper than a thread's stack allows, is composed
# there (every data file is far below both); anything that goes wrong on the way is read again
# the event way, so the limits, errors and messages stay the same.
_C_COMPOSED_CHARACTERS = 100_000
_C_COMPOSED_OPENINGS = 1_000
_OPENINGS = ("[", "{", "-", "?", ":")
"""Every collection begins with one of these (a block mapping's entry with `:` or `?`)."""
_NO_PATHS: dict[Any, Any] = {}
# The tag PyYAML's resolver gives a node depends on its kind and text alone (there are no path
# resolvers), and keys and values repeat from file to file: each is resolved once.
_resolved = functools.lru_cache(maxsize=16_384)(yaml.resolver.Resolver().resolve)


def _composed_in_c(text: str, display_path: str) -> Document | None:
    """The document, composed by libyaml; None where the event way must read it."""
    if len(text) > _C_COMPOSED_CHARACTERS or _EventSource is yaml.SafeLoader:
        return None
    if sum(map(text.count, _OPENINGS)) > _C_COMPOSED_OPENINGS:
        return None
    loader = _EventSource(text)
    # No path resolvers: libyaml's composer would call these twice for every node, to no end.
    loader.descend_resolver = _NO_PATHS.get
    loader.ascend_resolver = _NO_PATHS.clear
    loader.resolve = _resolved
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    builder = _Builder(display_path, aliases="*" in text, characters=_may_control(text))
    try:
        data = builder.build(node, ())
    except (_TooLarge, _TooDeep):
        return None
    return Document(
        data, builder.source, builder.problems, builder.controlled, builder.complete, builder.texts
    )


def _may_control(text: str) -> bool:
    """Whether a key or value of `text` may hold a control character: one is written in it,
    or an escape (`"\\x1b"`, `"\\r"`) may stand for one."""
    return "\\" in text or CONTROL_BUT_TAB_AND_LINE_FEED.search(text) is not None


def parse(text: str, display_path: str) -> Document:
    """Parse one YAML document into plain values, collecting every problem found.

    Args:
        text: The file's text.
        display_path: How findings name the file.
    """
    composed = _composed_in_c(text, display_path)
    if composed is not None:
        return composed
    builder = _Builder(display_path, characters=_may_control(text))
    events = _EventSource(text)
    try:
        node = _Composer(events, builder).compose()
    except yaml.MarkedYAMLError as err:
        builder.problem(*syntax_problem(err, text))
        return Document(None, builder.source, builder.problems, complete=False)
    except yaml.reader.ReaderError as err:
        builder.problem(*_reader_problem(err, text))
        return Document(None, builder.source, builder.problems, complete=False)
    except yaml.YAMLError as err:
        builder.problem((1, 1), "", _("YAML error: {err}").format(err=err))
        return Document(None, builder.source, builder.problems, complete=False)
    except _TooDeep:
        return Document(None, builder.source, builder.problems, complete=False)
    except _TooMany as err:
        builder.problem(
            err.position,
            "",
            _("holds more than {MAX_NODES} values; no data file is this large").format(
                MAX_NODES=_MAX_NODES
            ),
        )
        return Document(None, builder.source, builder.problems, complete=False)
    finally:
        events.dispose()
    if node is None:
        builder.problem((1, 1), "", _("the file is empty"))
        return Document(None, builder.source, builder.problems, complete=False)
    try:
        data = builder.build(node, ())
    except _TooLarge:
        builder.problem(
            (1, 1),
            "",
            _("expands to more than {MAX_NODES} values (aliases?)").format(MAX_NODES=_MAX_NODES),
        )
        return Document(None, builder.source, builder.problems, complete=False)
    except _TooDeep:
        return Document(None, builder.source, builder.problems, complete=False)
    return Document(
        data, builder.source, builder.problems, builder.controlled, builder.complete, builder.texts
    )


def syntax_problem(err: yaml.MarkedYAMLError, text: str) -> tuple[Position, str, str]:
    """The one place a YAML syntax error becomes a finding's position, field and message.

    Args:
        err: The error from the parser or the composer (libyaml's or PyYAML's wording).
        text: The file's text, for rules that look around the error.
    """
    mark = err.problem_mark or err.context_mark
    position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "expected a single document" in str(err):
        return (
            position,
            "",
            "YAML syntax error: holds more than one YAML document; keep one per file",
        )
    # The composer's errors are about anchors (&name) and aliases (*name), not layout.
    alias = re.search(r"found undefined alias '([^']*)'", str(err))
    if alias:
        return (
            position,
            "",
            (
                _(
                    "line {position}: *{alias} repeats a value marked &{alias}, but no "
                    "value above has that mark; write the value out (YAML: {problem})"
                ).format(position=position[0], alias=alias[1], problem=err.problem)
            ),
        )
    anchor = re.search(r"found duplicate anchor '([^']*)'", str(err))
    if anchor:
        first = f" (first on line {err.context_mark.line + 1})" if err.context_mark else ""
        return (
            position,
            "",
            (
                _(
                    "line {position}: the mark &{anchor} is used twice{first}; give each "
                    "its own name (YAML: found duplicate anchor '{anchor}')"
                ).format(position=position[0], anchor=anchor[1], first=first)
            ),
        )
    # Only a file with a syntax error needs the explanations: not imported before.
    from samarbeid_cli.loading import yaml_mistakes

    position, message = yaml_mistakes.explain(err, text)
    return position, "", message


def _reader_problem(err: yaml.reader.ReaderError, text: str) -> tuple[Position, str, str]:
    """A character YAML does not allow, at its line and column.

    libyaml counts the offset in UTF-8 bytes, PyYAML's reader in characters.
    """
    offset = err.position
    if _EventSource is not yaml.SafeLoader:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return (
        (line, column),
        "",
        _("the character U+{character} is not allowed in YAML").format(
            character=format(err.character, "04X")
        ),
    )
