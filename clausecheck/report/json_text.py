"""JSON text indented as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, twice as fast.

json's indenting encoder is pure Python and yields every bracket, comma and indent through
nested generators; rendering took a twentieth of a check. This one writes the same bytes
(tests compare both on every report of the corpus and on random values) for what reports
hold: dicts with string keys, lists, tuples, strings, numbers, booleans and None. Strings
go through json's own escaping (its C function when available).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

_INFINITY = float("inf")


def indented(value: Any, margin: str = "") -> str:
    """``value`` as indented JSON, every line after the first starting with ``margin``."""
    parts: list[str] = []
    _encode(value, "\n" + margin, parts.append)
    return "".join(parts)


def _encode(value: Any, newline: str, out: Callable[[str], None]) -> None:
    if isinstance(value, str):
        out(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON keys are strings here, not {key!r}")
            out(separator)
            out(encode_basestring(key))
            out(": ")
            _encode(item, inner, out)
            separator = "," + inner
        out(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out(separator)
            _encode(item, inner, out)
            separator = "," + inner
        out(newline + "]")
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float):
        out(_number(value))
    else:
        raise TypeError(f"{type(value).__name__} is not written as JSON")


def _number(value: float) -> str:
    # json's spellings of the values JSON has no number for
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
