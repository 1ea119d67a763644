"""Durations as contracts write them: "trente-six (36) mois", "12 mois", "trois ans".

The words prevail over the figures when both are written, as French practice reads them;
the finding then says that they differ. Durations longer than a century are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from clausecheck.text.fold import accent_tolerant, unaccent
from clausecheck.text.numbers import MAX_DIGITS, SPACES, WORDS_RE, trailing_number

DurationUnit = Literal["day", "week", "month", "quarter", "semester", "year"]

_MONTHS_PER_UNIT: dict[str, int] = {"month": 1, "quarter": 3, "semester": 6, "year": 12}
_DAYS_PER_UNIT: dict[str, int] = {"day": 1, "week": 7}

MAX_DURATION_MONTHS = 1_200  # a century
MAX_DURATION_DAYS = 36_525


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time as written: "trente-six (36) mois" is count=36, unit="month"."""

    count: int
    unit: DurationUnit
    start: int
    end: int
    text: str
    consistent: bool = True  # False when the words and the figures of "trente-six (30) mois" differ

    @property
    def months(self) -> int | None:
        """The duration in months; None for days and weeks, which do not convert exactly."""
        per = _MONTHS_PER_UNIT.get(self.unit)
        return None if per is None else self.count * per


# Keys without accents: a unit is looked up as matched, its accents dropped ("3 annees").
_DURATION_UNITS: dict[str, DurationUnit] = {
    "mois": "month",
    "an": "year",
    "ans": "year",
    "annee": "year",
    "annees": "year",
    "jour": "day",
    "jours": "day",
    "journee": "day",
    "journees": "day",
    "semaine": "week",
    "semaines": "week",
    "trimestre": "quarter",
    "trimestres": "quarter",
    "semestre": "semester",
    "semestres": "semester",
}
_DURATION = re.compile(
    accent_tolerant(
        rf"(?:(?P<words>{WORDS_RE})[{SPACES}]*(?:\([{SPACES}]*(?P<paren>\d+)[{SPACES}]*\)[{SPACES}]*)?"
        rf"|(?<![\w,.])(?P<digits>\d+)[{SPACES}]*)"
        r"(?P<unit>mois|ans?|années?|jours?|journées?|semaines?|trimestres?|semestres?)\b"
        r"(?:[ \u00a0](?:ouvrés|ouvrables|calendaires|francs|pleins|entiers)\b)?"
    ),
    re.IGNORECASE,
)


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text``, in order; "trente-six (36) mois" is one duration."""
    found: list[Duration] = []
    for match in _DURATION.finditer(text):
        start, count, consistent = _count_of(match)
        unit = _DURATION_UNITS[unaccent(match["unit"].lower())]
        if count is None or not _plausible_duration(count, unit):
            continue
        found.append(Duration(count, unit, start, match.end(), text[start : match.end()], consistent))
    return found


def _plausible_duration(count: int, unit: DurationUnit) -> bool:
    if unit in _DAYS_PER_UNIT:
        return count * _DAYS_PER_UNIT[unit] <= MAX_DURATION_DAYS
    return count * _MONTHS_PER_UNIT[unit] <= MAX_DURATION_MONTHS


def _figure(digits: str | None) -> int | None:
    """The integer a run of digits writes, None beyond ``MAX_DIGITS`` (no plausible duration)."""
    return int(digits) if digits and len(digits) <= MAX_DIGITS else None


def _count_of(match: re.Match[str]) -> tuple[int, int | None, bool]:
    """Start and count of a duration; the words prevail over the figures, as French practice reads them."""
    if match["digits"]:
        return match.start(), _figure(match["digits"]), True
    offset, words = trailing_number(match["words"])
    paren = _figure(match["paren"])
    if words is None:
        return match.start("words"), paren, True
    return match.start("words") + offset, words, paren is None or paren == words
