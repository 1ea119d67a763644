"""Is the text French? A cheap test on function words, so no model is loaded for it."""

from __future__ import annotations

import re
from collections import Counter

_MIXED_SAMPLE = 400_000  # characters read paragraph by paragraph when the whole is not French
_MIN_PARAGRAPH_WORDS = 8
_SUBSTANTIAL_WORDS = 150  # about half a page of French: enough for clauses to be checked
_SHORT = 1_000  # non-blank characters: a text with fewer words than needed to judge is short
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+", re.IGNORECASE)
# The same words found in lowercased text: faster than lowering each word found, the same
# for every character but three the case-insensitive class takes and str.lower() does not
# keep in it (İ, ı, ſ): a text holding one is read the first way.
_LOWER_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+")
_NOT_LOWERED_ALIKE = re.compile("[\u0130\u0131\u017f]")
# Frequent French words that are rare in English, German, Spanish or Italian contracts.
_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "un",
        "une",
        "et",
        "est",
        "sont",
        "au",
        "aux",
        "ce",
        "cette",
        "ces",
        "il",
        "elle",
        "qui",
        "que",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "sans",
        "ne",
        "pas",
        "leur",
        "leurs",
        "son",
        "sa",
        "ses",
        "être",
        "été",
        "à",
        "où",
    ]
)
_OTHER = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "are",
        "for",
        "with",
        "shall",
        "this",
        "that",
        "be",
        "by",
        "or",
        "any",
        "el",
        "los",
        "las",
        "y",
        "del",
        "por",
        "con",
        "und",
        "der",
        "die",
        "das",
        "ist",
        "nicht",
        "il",
        "di",
        "che",
        "della",
        "per",
    ]
)


def looks_french(text: str, sample: int = 20_000) -> bool:
    """True when the text is French, or holds a substantial French part beside another language.

    A bilingual contract (French and English paragraphs side by side, or one version
    after the other) is judged on its French part: only a contract with no substantial
    French is refused.
    """
    words = _words(text[:sample])
    if len(words) < 20:
        # Too short to judge, the rules will say what they find; but a long text with hardly
        # a word in the French alphabet (another script, bytes read as UTF-16) is not French.
        return sum(len(part) for part in text[:sample].split()) < _SHORT
    if _french(words):
        return True
    total = french = 0
    for paragraph in text[:_MIXED_SAMPLE].split("\n"):
        found = _words(paragraph)
        total += len(found)
        if len(found) >= _MIN_PARAGRAPH_WORDS and _french(found):
            french += len(found)
    return french >= _SUBSTANTIAL_WORDS or french >= 0.3 * total


def _words(text: str) -> list[str]:
    """The words of ``text`` in the French alphabet, lowercased."""
    if _NOT_LOWERED_ALIKE.search(text):
        return [w.lower() for w in _WORD.findall(text)]
    return _LOWER_WORD.findall(text.lower())


def _french(words: list[str]) -> bool:
    """French function words clearly outnumber other languages' ones."""
    counts = Counter(words)  # counted in C: a contract's sample holds thousands of words
    french = sum(counts[w] for w in _FRENCH)
    other = sum(counts[w] for w in _OTHER)
    return french >= 0.15 * len(words) and french > 2 * other


# French prose has some 3 % of its letters accented (2 % of its non-blank characters at the
# least in the contracts measured); a text typed without accents, or stripped of them, has none.
_ACCENTED = re.compile("[àâäçéèêëîïôöùûüÿœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒ]")
_ACCENTLESS_SHARE = 0.004
_ACCENT_SAMPLE_CHARS = 2_000  # fewer non-blank characters than this: too short to tell


def writes_accents(text: str, sample: int = 20_000) -> bool:
    """False for a French text written without its accents ("resiliation a echeance")."""
    part = text[:sample]
    # non-blank characters, not letters: counted in C, and the margin is wide (0.4 % against 2 %)
    chars = len(part) - part.count(" ") - part.count("\n")
    if chars < _ACCENT_SAMPLE_CHARS:
        return True
    return len(_ACCENTED.findall(part)) >= _ACCENTLESS_SHARE * chars


def holds_an_accent(text: str) -> bool:
    """Whether ``text`` holds one accented letter at least: a rule example too short for ``writes_accents``
    that holds none is read as a clause of a contract typed without accents."""
    return _ACCENTED.search(text) is not None


_CAPITALS_SHARE = 0.8
_CAPITALS_LETTERS = 20  # fewer cased letters: a heading or a name, not a clause written in capitals


def in_capitals_without_accents(text: str) -> bool:
    """Whether ``text`` is written in capital letters that drop their accents ("A COMPTER DE LA
    RESILIATION"), as many contracts that write accents elsewhere print their penalty or liability
    clauses: the rules' accented words would never match it."""
    if _ACCENTED.search(text) is not None:
        return False
    upper = sum(1 for char in text if char.isupper())
    lower = sum(1 for char in text if char.islower())
    return upper + lower >= _CAPITALS_LETTERS and upper >= _CAPITALS_SHARE * (upper + lower)
