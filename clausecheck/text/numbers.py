"""French numbers as contracts write them: "1 000,50", "1.000,50", "trente-six", "quatre-vingt-dix".

Word inserts thin no-break spaces as thousands separators, and contracts often write a number
twice, in words then figures. Token-level number handling gets these wrong, so every module
that reads a figure asks this one. Pure functions on strings, no spaCy.

Figures no contract writes are not read: amounts above ``MAX_AMOUNT`` or of more than
``MAX_DIGITS`` digits; a hostile file could otherwise overflow a float or Python's limit on
integer conversion. Runs of number words are bounded (``WORDS_RE``) so that patterns built on
them stay linear in the text.
"""

from __future__ import annotations

import re

MAX_AMOUNT = 1e12  # a thousand billion euros: no contract's price, fee or cap is larger
MAX_DIGITS = 15  # the most digits a plausible figure has (MAX_AMOUNT and its cents)
_MAX_NUMBER_WORDS = 40  # "quatre-vingt-dix-neuf millions neuf cent…" has fewer words than this

SPACES = " \u00a0\u202f\u2009"
_GROUPED_SPACE = re.compile(rf"\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?:,\d+)?")
# Six groups of digits or more (10^15 and above): too long to be an amount. Masked before
# the amount patterns, which would otherwise retry such a run from each of its groups.
LONG_GROUPED = re.compile(rf"\d{{1,3}}(?:[{SPACES}.]\d{{3}}){{5,}}")
_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN_NUMBER = re.compile(r"\d+(?:,\d+)?")
_POINT_DECIMAL = re.compile(r"\d+\.\d{1,2}")  # "12.5": a dot followed by 3 digits is a thousands mark
# Swiss grouping: "1'180", "12'500.50" (apostrophes between thousands, a decimal point)
_GROUPED_APOSTROPHE = re.compile(r"\d{1,3}(?:['’]\d{3})+(?:\.\d{1,2})?")

_UNITS: dict[str, int] = {
    "zéro": 0,
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
_TENS: dict[str, int] = {
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
_SCALES: dict[str, int] = {"mille": 1_000, "million": 1_000_000, "millions": 1_000_000}
HYPHENS = "\\-\u2010\u2011"  # escaped: it goes inside character classes
APOS = "['\u2019]"  # Word types a curly apostrophe


def parse_french_number(text: str) -> float | None:
    """Value of a number written in figures ("1 000,50") or in words ("quatre-vingt-dix").

    None when the text is not one number, so callers can tell "no number" from zero.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned[0].isdigit():
        return parse_figures(cleaned)
    words = parse_words(cleaned)
    return None if words is None else float(words)


def plausible(value: float) -> bool:
    """Whether a contract could state this sum: finite, not negative, at most ``MAX_AMOUNT``."""
    return 0 <= value <= MAX_AMOUNT


def parse_figures(text: str) -> float | None:
    if _GROUPED_SPACE.fullmatch(text) or _GROUPED_DOT.fullmatch(text) or _PLAIN_NUMBER.fullmatch(text):
        digits = re.sub(rf"[{SPACES}.]", "", text)
        value = float(digits.replace(",", "."))
    elif _POINT_DECIMAL.fullmatch(text):
        value = float(text)
    elif _GROUPED_APOSTROPHE.fullmatch(text):
        value = float(re.sub("['’]", "", text))
    else:
        return None
    return value if plausible(value) else None


def _word_tokens(text: str) -> list[int | str] | None:
    """Words as values, "quatre vingt" merged into 80; None on an unknown word."""
    raw = re.split(rf"[\s{HYPHENS}]+", text.lower())
    tokens: list[int | str] = []
    for i, word in enumerate(raw):
        if word == "et":
            if i == 0 or i == len(raw) - 1:
                return None
            continue
        if word in ("vingt", "vingts") and tokens and tokens[-1] == 4:
            tokens[-1] = 80  # quatre-vingt(s) is one tens word, not 4 then 20
        elif word in _UNITS:
            tokens.append(_UNITS[word])
        elif word in _TENS:
            tokens.append(_TENS[word])
        elif word in ("cent", "cents") or word in _SCALES:
            tokens.append(word)
        else:
            return None
    return tokens or None


def _may_follow(last: int | None, value: int) -> bool:
    """Whether an additive word can follow the previous one: "soixante-dix" yes, "deux trois" no."""
    if last is None or last >= 100:
        return True
    if last == 10:
        return value in (7, 8, 9)
    if last in (60, 80):
        return 1 <= value <= 19
    if last in (20, 30, 40, 50, 70, 90):
        return 1 <= value <= 9
    return False


def parse_words(text: str) -> int | None:
    tokens = _word_tokens(text)
    if tokens is None:
        return None
    total, current, last, scale_seen = 0, 0, None, 10**12
    for token in tokens:
        if isinstance(token, int):
            if not _may_follow(last, token):
                return None
            current, last = current + token, token
        elif token in ("cent", "cents"):
            if current >= 100:
                return None
            current, last = (current or 1) * 100, 100
        else:
            scale = _SCALES[token]
            if scale >= scale_seen:  # "mille mille" is not a number
                return None
            total, current, last, scale_seen = total + (current or 1) * scale, 0, scale, scale
    return total + current


NUMBER_WORD = (
    r"(?:zéro|zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante"
    r"|cents?|mille|millions?)"
)
WORD_SEP = rf"(?:[{SPACES}{HYPHENS}]+(?:et[{SPACES}{HYPHENS}]+)?)"
# A run of number words, e.g. "trente-six", "vingt et un", "deux mille". Bounded: the longest
# number has fewer words, and a pattern that must find "euros" or "mois" after an unbounded
# run retries it from each of its words (quadratic on a word repeated 20 000 times).
WORDS_RE = rf"\b{NUMBER_WORD}(?:{WORD_SEP}{NUMBER_WORD}){{0,{_MAX_NUMBER_WORDS}}}\b"


def trailing_number(words: str) -> tuple[int, int | None]:
    """The longest run of words ending the text that is one number.

    "vingt-quatre et sept jours" is two numbers; the one that counts the days is "sept".
    """
    starts = [0] + [m.end() for m in re.finditer(WORD_SEP, words)]
    for start in starts:
        value = parse_words(words[start:])
        if value is not None:
            return start, value
    return 0, None


# --- formatting ---------------------------------------------------------------------

THOUSANDS_SEPARATOR = " "  # a plain space: what people type, and what the rule messages quote


def format_number(value: float) -> str:
    """ "33 768", "1 000,50": French grouping, decimals only when the value is not whole."""
    cents = round(value * 100)
    whole, fraction = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", THOUSANDS_SEPARATOR)
    sign = "-" if cents < 0 else ""
    return f"{sign}{grouped},{fraction:02d}" if fraction else f"{sign}{grouped}"
