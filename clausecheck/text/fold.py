"""Text folded for comparison: lowercase, without accents, typographic apostrophes made plain.

One character for one, so that offsets in the folded text are offsets in the original:
"HÉBERGEMENT d’accès" folds to "hebergement d'acces".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character for one: lowercase, without its accent, typographic apostrophe made plain."""
    if char in "\u2019\u02bc":
        return "'"
    lower = char.lower()
    base = unicodedata.normalize("NFD", lower)[0] if len(lower) == 1 else char
    return base if len(base) == 1 else char


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled as characters are met: one ``_fold_char`` per character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if code < 0x3000:  # Latin, Greek, Cyrillic, punctuation: the table stays small
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase and strip accents, keeping offsets, so 'HEBERGEMENT' meets 'hébergement'."""
    return text.translate(_FOLD)
