"""Text folded for comparison: lowercase, without accents, typographic apostrophes made plain.

One character for one, so that offsets in the folded text are offsets in the original:
"HÉBERGEMENT d’accès" folds to "hebergement d'acces". :func:`unaccent` only drops the
accents, as a writer who types none does: "RÉSILIATION à échéance" → "RESILIATION a echeance".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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
# str.lower() writes İ as two characters, and Σ as ς at the end of a word: a text holding
# either is folded character by character, through the table.
_NOT_ONE_FOR_ONE = re.compile("[\u0130\u03a3]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lowercase and strip accents, keeping offsets, so 'HEBERGEMENT' meets 'hébergement'.

    ``str.lower`` then one ``str.replace`` per accented character the text holds: many times
    faster on a whole contract than ``str.translate``, which looks every character up in a
    dict. Lowercasing first changes no character's folded form (a test checks those up to U+3000).
    """
    if _NOT_ONE_FOR_ONE.search(text):
        return text.translate(_FOLD)
    return _replace_each(text.lower(), _fold_char)


def _replace_each(text: str, one: Callable[[str], str]) -> str:
    """``text`` with each non-ASCII character it holds replaced by ``one`` of it: one ``str.replace``
    per distinct character."""
    if text.isascii():
        return text
    for char in set(_NON_ASCII.findall(text)):
        plain = one(char)
        if plain != char:
            text = text.replace(char, plain)
    return text


@lru_cache(maxsize=4096)
def _unaccent_char(char: str) -> str:
    """The letter without its accent, in its case; any other character as it is."""
    parts = unicodedata.normalize("NFD", char)
    return parts[0] if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]) else char


def unaccent(text: str) -> str:
    """``text`` without accents, case kept, one character for one: 'Résilié à' → 'Resilie a'."""
    return _replace_each(text, _unaccent_char)


def accent_tolerant(pattern: str) -> str:
    """A regex whose accented letters also match the plain letter: 'durée' → 'dur[ée]e'.

    Capitals are often typed without accents ("DUREE"), and some writers type none.
    Inside a character class the plain letter is added ('[éè]' → '[éèee]'); escapes are kept.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        plain = _unaccent_char(char)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
            if plain != char:
                out.append(plain)
        elif char == "[":
            in_class = True
        elif plain != char:
            out.append(f"[{char}{plain}]")
            continue
        out.append(char)
    return "".join(out)
