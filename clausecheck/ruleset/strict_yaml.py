"""YAML read strictly, keeping the line of every value.

PyYAML silently keeps the last of duplicate keys, reads ``on``/``yes`` as booleans and
dates as ``datetime.date``; a rule file must not change meaning that way. Values are
built from the node tree so each path (``("rules", 0, "severity")``) keeps its line.
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


class StrictYAMLError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text``; return the data and the 1-based line of each value's path."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise StrictYAMLError(f"YAML syntax error: {exc.problem or exc}", line) from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _build(node, (), lines), lines


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise StrictYAMLError("keys must be plain words", key_node.start_mark.line + 1)
            key = key_node.value
            if key in result:
                raise StrictYAMLError(f"duplicate key '{key}'", key_node.start_mark.line + 1)
            result[key] = _build(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode), "a YAML node is a mapping, a sequence or a scalar"
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style:  # quoted or block scalar: always a string (libyaml marks plain with "", PyYAML None)
        return value
    if _YAML11_BOOLS.match(value):
        raise StrictYAMLError(
            f"'{value}' would be read as a boolean by YAML 1.1; quote it, or write true/false",
            node.start_mark.line + 1,
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
