"""YAML read strictly, keeping the line of every value.

PyYAML silently keeps the last of duplicate keys, reads ``on``/``yes`` as booleans and
dates as ``datetime.date``; a rule file must not change meaning that way. Values are
built from the node tree so each path (``("rules", 0, "severity")``) keeps its line.

Aliases are expanded while building, so a hostile file could make a few hundred bytes
expand into billions of values (an "alias bomb"), refer to itself, or nest deeper than
Python's stack: the number of values, of aliases and the depth are bounded, each
breach a one-line error with the line and the rule it happened in.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_YAML11_BOOLS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
# libyaml's parser builds the same node tree (with lines and scalar styles) several times
# faster than the pure-Python one; the strict checks below run on the nodes either way.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
# The bundled files hold at most ~5 000 values, nest 10 deep and use a handful of aliases.
MAX_VALUES = 100_000
MAX_ALIASES = 100
MAX_DEPTH = 40


class StrictYAMLError(ValueError):
    def __init__(self, message: str, line: int | None, rule_id: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.rule_id = rule_id


def load(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text``; return the data and the 1-based line of each value's path."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise StrictYAMLError(f"YAML syntax error: {exc.problem or exc}", line) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL, before any parsing
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        raise StrictYAMLError(f"character U+{char:04X} is not allowed in a YAML file", line) from None
    except RecursionError:  # the pure-Python parser, without libyaml's own depth limit
        raise StrictYAMLError(f"values nested more than {MAX_DEPTH} levels deep", None) from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _Builder(lines).build(node, ()), lines


class _Builder:
    """Values from nodes, counting what aliases would multiply."""

    def __init__(self, lines: dict[Path_, int]) -> None:
        self.lines = lines
        self.built: set[int] = set()  # ids of nodes already built once: meeting one again is an alias
        self.open: set[int] = set()  # ids of the nodes being built, to catch an alias inside itself
        self.values = 0
        self.aliases = 0
        self.rule_id: str | None = None

    def fail(self, message: str, node: yaml.Node) -> StrictYAMLError:
        return StrictYAMLError(message, node.start_mark.line + 1, self.rule_id)

    def build(self, node: yaml.Node, path: Path_, *, copy: bool = False) -> Any:
        """``copy``: ``node`` lies inside an alias already counted."""
        copy = self._count(node, path, copy)
        self.lines[path] = node.start_mark.line + 1
        if len(path) == 2 and path[0] == "rules" and isinstance(node, yaml.MappingNode):
            self.rule_id = next(
                (v.value for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)), None
            )
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            assert isinstance(node, yaml.ScalarNode), "a YAML node is a mapping, a sequence or a scalar"
            return _scalar(node, self.rule_id)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i), copy=copy) for i, item in enumerate(node.value)]
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail("keys must be plain words", key_node)
                key = key_node.value
                if key in result:
                    raise self.fail(f"duplicate key '{key}'", key_node)
                result[key] = self.build(value_node, (*path, key), copy=copy)
            return result
        finally:
            self.open.discard(id(node))

    def _count(self, node: yaml.Node, path: Path_, copy: bool) -> bool:
        if id(node) in self.open:
            raise self.fail("an alias refers to the value that contains it (endless loop)", node)
        if id(node) in self.built and not copy:
            copy = True
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self.fail(f"more than {MAX_ALIASES} aliases (*name) in one file", node)
        self.built.add(id(node))
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(f"more than {MAX_VALUES} values once aliases are expanded (alias bomb?)", node)
        if len(path) > MAX_DEPTH:
            raise self.fail(f"values nested more than {MAX_DEPTH} levels deep", node)
        return copy


def _scalar(node: yaml.ScalarNode, rule_id: str | None) -> Any:
    value: str = node.value
    if node.style:  # quoted or block scalar: always a string (libyaml marks plain with "", PyYAML None)
        return value
    if _YAML11_BOOLS.match(value):
        raise StrictYAMLError(
            f"'{value}' would be read as a boolean by YAML 1.1; quote it, or write true/false",
            node.start_mark.line + 1,
            rule_id,
        )
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value  # dates and everything else stay strings
