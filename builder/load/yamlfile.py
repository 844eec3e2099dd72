"""YAML with positions: every scalar stays a string, duplicate keys are problems.

PyYAML's C parser builds the node graph (fast, and nodes keep their marks); we turn nodes
into plain data ourselves so that no YAML 1.1 coercion happens (``NO``, ``010``, ``12:30``
stay strings until a model types them) and so that each value's position is remembered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from builder.load.yamlerrors import YamlSyntaxError, explain, too_deep_error
from builder.problems import Problem

Loc = tuple[str | int, ...]
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
"""The plain scalars YAML's core schema reads as null (PyYAML's resolver, without its regex)."""


class _TagsWeRead:
    """Resolve only the implicit tags the converter looks at: null and the merge key `<<`.

    Every other plain scalar stays a string anyway, so PyYAML's resolver (a regex per scalar,
    a third of the time to compose a file) would only name tags nobody reads.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None,
                implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULLS:
                return _NULL_TAG
            if implicit[0] and value == "<<":
                return _MERGE_TAG
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        """No path resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers are registered: nothing to track."""


try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml; this keeps source installs working
    _Base = yaml.SafeLoader
_Loader: type = type("_Loader", (_TagsWeRead, _Base), {})
# Aliases may repeat a node; past this many produced values the document is an alias bomb.
MAX_VALUES = 200_000
# Values produced by repeating a node through an alias: merge keys and shared lists use a few
# hundred; each costs time and memory in every later step, so the budget is small.
MAX_ALIASED_VALUES = 10_000
# libyaml's composer recurses in C: some ten thousand nested levels crash the interpreter, so
# longer texts (only they can nest that deep) are scanned first. No file kind nests past ~8.
MAX_DEPTH = 100
_SCAN_LENGTH = 10_000


@dataclass
class Positions:
    """Where each value (and each mapping key) of a YAML document starts, 1-based."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0

    def of_value(self, loc: Loc) -> tuple[int, int]:
        return self._nearest(self.values, loc)

    def of_key(self, loc: Loc) -> tuple[int, int]:
        if loc in self.keys:
            line, col = self.keys[loc]
            return line + self.line_offset, col
        return self.of_value(loc)

    def _nearest(self, table: dict[Loc, tuple[int, int]], loc: Loc) -> tuple[int, int]:
        for end in range(len(loc), -1, -1):
            if loc[:end] in table:
                line, col = table[loc[:end]]
                return line + self.line_offset, col
        return 1 + self.line_offset, 1


@dataclass
class YamlDocument:
    data: Any
    positions: Positions


class _AliasBomb(Exception):
    pass


class _Converter:
    def __init__(self, path: str, positions: Positions) -> None:
        self.path = path
        self.positions = positions
        self.problems: list[Problem] = []
        self.count = 0
        self.seen: set[int] = set()
        self.aliased = 0

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _AliasBomb(f"aliases expand to more than {MAX_VALUES:,} values")
        if id(node) in self.seen:  # a node met again is repeated by an alias
            self.aliased += 1
            if self.aliased > MAX_ALIASED_VALUES:
                raise _AliasBomb(f"aliases repeat more than {MAX_ALIASED_VALUES:,} values")
        self.seen.add(id(node))
        self.positions.values.setdefault(loc, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == _NULL_TAG:
            return None
        return str(node.value)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = (value_node.value if isinstance(value_node, yaml.SequenceNode)
                           else [value_node])
                for source in sources:
                    value = self.convert(source, loc)
                    if isinstance(value, dict):
                        merged = {**value, **merged}
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                self.problems.append(Problem(
                    self.path, line, col, "error", "yaml-key",
                    "a mapping key must be a plain name",
                    "Write the key as text, e.g. `name:`."))
                continue
            key = str(key_node.value)
            if key in result:
                line, col = _mark(key_node)
                first_line, _ = self.positions.keys[(*loc, key)]
                self.problems.append(Problem(
                    self.path, line + self.positions.line_offset, col, "error", "duplicate-key",
                    f"duplicate key '{key}' (first defined on line "
                    f"{first_line + self.positions.line_offset})",
                    "Remove one of the two; YAML would silently keep only the last."))
                continue
            self.positions.keys[(*loc, key)] = _mark(key_node)
            result[key] = self.convert(value_node, (*loc, key))
        for key, value in merged.items():
            result.setdefault(key, value)
        return result


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _nests_deeper(text: str, limit: int) -> bool:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def _problem(path: str, line_offset: int, error: YamlSyntaxError) -> Problem:
    return Problem(path, error.line + line_offset, error.col, "error", error.code, error.message,
                   error.hint)


def parse_yaml(text: str, path: str, line_offset: int = 0
               ) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document; on a syntax error return None and the problem."""
    positions = Positions(line_offset=line_offset)
    try:
        if len(text) > _SCAN_LENGTH and _nests_deeper(text, MAX_DEPTH):
            return None, [_problem(path, line_offset, too_deep_error())]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, [_problem(path, line_offset, explain(exc, text, MAX_DEPTH))]
    if node is None:
        return YamlDocument({}, positions), []
    converter = _Converter(path, positions)
    try:
        data = converter.convert(node, ())
    except _AliasBomb as bomb:
        return None, [Problem(path, 1 + line_offset, 1, "error", "yaml-alias-bomb", str(bomb),
                              "Remove the nested aliases; write the values out instead.")]
    except RecursionError:
        return None, [_problem(path, line_offset, too_deep_error())]
    return YamlDocument(data, positions), converter.problems
