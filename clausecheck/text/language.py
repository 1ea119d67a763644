"""Is the text French? A cheap test on function words, so no model is loaded for it."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+", re.IGNORECASE)
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
    """True when French function words clearly outnumber other languages' ones."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < 20:
        return True  # too short to judge; the rules will say what they find
    french = sum(w in _FRENCH for w in words)
    other = sum(w in _OTHER for w in words)
    return french >= 0.15 * len(words) and french > 2 * other
