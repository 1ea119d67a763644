"""File names as they may be shown: valid UTF-8, one line, nothing a terminal would act on."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(name: str) -> str:
    """``name`` with undecodable bytes as U+FFFD and control characters as visible escapes.

    A file name that is not valid UTF-8 reaches Python with lone surrogates, which JSON and
    terminals cannot carry; a newline in a name would forge a line in a log or a table.
    """
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)
