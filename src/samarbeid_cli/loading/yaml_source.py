"""YAML text -> plain values, with the line and column of every node.

PyYAML's constructors apply YAML 1.1: `0301` becomes 193, `NO` becomes False and `8:30`
becomes 510. We stop at PyYAML's node graph and build the values ourselves: every scalar stays
the text the author wrote (only a plain `null`, `~` or nothing is None), and the pydantic
model decides what it means. This is the only module that imports yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from samarbeid_cli.loading import yaml_mistakes
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
    complete: bool = True
    """False when a value could not be read at all (syntax, tags, aliases): validating the
    rest would only report the hole as further, misleading problems."""


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, display_path: str) -> None:
        self.display_path = display_path
        self.source = SourceMap()
        self.problems: list[Finding] = []
        self.complete = True
        self.open_nodes: set[int] = set()
        self.budget = _MAX_NODES

    def problem(
        self, position: Position, field_path: str, message: str, *, complete: bool = False
    ) -> None:
        self.problems.append(Finding(self.display_path, *position, field_path, message))
        self.complete = self.complete and complete

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if len(path) > _MAX_DEPTH:
            self.problem(_position(node), dotted(path[:3]) + "...", _TOO_DEEP)
            raise _TooDeep
        self.source.values[path] = _position(node)
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        if id(node) in self.open_nodes:
            self.problem(_position(node), dotted(path), "an alias refers to itself")
            return None
        self.open_nodes.add(id(node))
        try:
            return self.build_node(node, path)
        finally:
            self.open_nodes.discard(id(node))

    def build_node(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag not in _CORE_TAGS:
            self.problem(
                _position(node),
                dotted(path),
                f"the YAML tag {node.tag!r} is not supported; write plain values",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self.build_mapping(node, path)

    def build_mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(_position(key_node), dotted(path), "keys must be plain text")
                continue
            key = key_node.value
            if key == "<<" and key_node.style is None:
                self.problem(
                    _position(key_node), dotted(path), "merge keys ('<<') are not supported"
                )
                continue
            child = (*path, key)
            if key in first_seen:
                line, column = first_seen[key]
                self.problem(
                    _position(key_node),
                    dotted(child),
                    f"duplicate key {key!r} (first defined at line {line}, column {column})",
                    complete=True,
                )
                continue
            first_seen[key] = _position(key_node)
            self.source.keys[child] = _position(key_node)
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


def parse(text: str, display_path: str) -> Document:
    """Parse one YAML document into plain values, collecting every problem found.

    Args:
        text: The file's text.
        display_path: How findings name the file.
    """
    builder = _Builder(display_path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        position, message = yaml_mistakes.explain(err, text)
        builder.problem(position, "", message)
        return Document(None, builder.source, builder.problems, complete=False)
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        column = err.position - text.rfind("\n", 0, err.position)
        builder.problem(
            (line, column), "", f"the character U+{err.character:04X} is not allowed in YAML"
        )
        return Document(None, builder.source, builder.problems, complete=False)
    except yaml.YAMLError as err:
        builder.problem((1, 1), "", f"YAML error: {err}")
        return Document(None, builder.source, builder.problems, complete=False)
    except RecursionError:
        builder.problem((1, 1), "", _TOO_DEEP)
        return Document(None, builder.source, builder.problems, complete=False)
    if node is None:
        builder.problem((1, 1), "", "the file is empty")
        return Document(None, builder.source, builder.problems, complete=False)
    try:
        data = builder.build(node, ())
    except _TooLarge:
        builder.problem((1, 1), "", f"expands to more than {_MAX_NODES} values (aliases?)")
        return Document(None, builder.source, builder.problems, complete=False)
    except _TooDeep:
        return Document(None, builder.source, builder.problems, complete=False)
    return Document(data, builder.source, builder.problems, builder.complete)
