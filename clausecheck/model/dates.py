"""Dates as French counsel write them: '3 novembre 2026', 'novembre 2026'."""

from __future__ import annotations

import re

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def month_fr(iso: str) -> str:
    """'2026-11' -> 'novembre 2026', as counsel write a date; any other form is returned as is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", iso)
    if not match or not 1 <= int(match[2]) <= 12:
        return iso
    return f"{MONTHS_FR[int(match[2]) - 1]} {match[1]}"


def day_fr(iso: str | None) -> str | None:
    """'2026-11-03T10:00:00Z' -> '3 novembre 2026' ('1er' for the first); None when absent or unreadable.

    Word writes ``w:date`` in ISO 8601 with a time; the time says nothing counsel need.
    """
    match = _DAY.match(iso or "")
    if not match or not 1 <= int(match[2]) <= 12 or not 1 <= int(match[3]) <= 31:
        return None
    day = int(match[3])
    return f"{'1er' if day == 1 else day} {MONTHS_FR[int(match[2]) - 1]} {match[1]}"
