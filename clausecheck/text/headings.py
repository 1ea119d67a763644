"""Typed clause headings as authors write them: numbers, 'Article' lines, capitalised titles.

Pure text helpers, shared by the readers (which must not cut a heading from its body)
and the segmenter (which decides which headings are articles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "■ 5. Titre", "► Article 5": a symbol a PDF or a word processor draws before the number.
_SYMBOL = re.compile(r"\s*[\u25a0-\u25ff\u2022\u2023\u2043\u2219\u27a2\u27a4\u2794\u2713\u2714\u2192\u00bb]+\s*")
# "6 bis", "12 ter": an article inserted after another one.
_ADDED = r"(?:\s(?:bis|ter|quater)\b)?"
_ARTICLE = re.compile(
    r"\s*(?:[A-Z]{2,6}\s*[-\u2013\u2014:]\s*)?"  # "CGU — Article 3": the part of a combined document
    r"(?:article|art\.|clause)\s*(?:n\s?[°o]\s*)?"
    # "Article 7-1": a sub-article some authors number with a hyphen, after the word "Article" only
    r"(?P<num>1\s?er\b|premier\b|\d{1,3}(?:-\d{1,3})+\b|\d{1,3}(?:\.\d{1,3})*\b" + _ADDED + r"|(?-i:[IVX]+)\b)\.?"
    r"(?:\s*[-\u2013\u2014:.]\s*|\s+|$)",
    re.IGNORECASE,
)
# "14.1.Modalités de paiement": the title glued to the number's final dot, as some authors type it
_DOTTED = re.compile(
    r"\s*(?P<num>(?:\d{1,3}|[IVX]+)(?:\.\d{1,3})+)(?:\.?(?:\s*[-\u2013\u2014:]\s*|\s+|$)|\.(?=[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’]|\s)))"
)
# "2. Objet", and "2 . Objet" as French typing spaces its punctuation
_SINGLE = re.compile(r"\s*(?P<num>\d{1,3}" + _ADDED + r")(?:[ \u00a0]?\.|\s*[-\u2013\u2014])(?:\s+|$)")
_ROMAN_HEAD = re.compile(r"\s*(?P<num>[IVX]+)(?:[ \u00a0]?\.|\s*[-\u2013\u2014])(?:\s+|$)")
# "5 RESPONSABILITÉ": a number then a capitalised title, no dot; only when the title is in capitals.
_BARE_CAPS = re.compile(r"\s*(?P<num>\d{1,2})\s+(?=[A-ZÀ-ÖØ-Þ]{2})")
_SEPARATOR = re.compile(r"[:\u2013\u2014]|\s-\s")
_ADDED_ORDER = {"bis": 1, "ter": 2, "quater": 3}
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
TITLE_TRIM = " \t\u00a0.:-\u2013\u2014"


@dataclass(frozen=True)
class Number:
    """A clause number as written ('9.2', 'IV') and the integers it orders by."""

    text: str
    key: tuple[int, ...]
    roman: bool = False


def parse_number(raw: str) -> Number | None:
    """'9', '9.2', 'IV', '1er', 'premier' → Number; anything else → None."""
    token = raw.strip().lower().replace(" ", "")
    if token in ("1er", "premier"):
        return Number("1", (1,))
    added = re.fullmatch(r"(\d{1,3})(bis|ter|quater)", token)
    if added:  # "6 bis" reads as a sub-clause of 6, after 6 and before 7
        return Number(f"{added.group(1)} {added.group(2)}", (int(added.group(1)), _ADDED_ORDER[added.group(2)]))
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", token):
        return Number(token, tuple(int(part) for part in token.split(".")))
    text = raw.strip()
    head, _, subs = text.partition(".")
    if head and _ROMAN.fullmatch(head) and (not subs or re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", subs)):
        return Number(text, (_roman_value(head), *(int(p) for p in subs.split(".") if p)), roman=True)
    return None


def _roman_value(text: str) -> int:
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def typed_heading(text: str) -> tuple[Number, int, bool] | None:
    """A number typed at the start of ``text``: (number, offset after it, says "Article").

    The rest must not look like running text: a list item or a reference such as
    "article 3 du présent contrat" starts with a lowercase word.
    """
    symbol = _SYMBOL.match(text)
    skip = symbol.end() if symbol else 0
    patterns = ((_ARTICLE, True), (_DOTTED, False), (_SINGLE, False), (_ROMAN_HEAD, False), (_BARE_CAPS, False))
    for pattern, article in patterns:
        match = pattern.match(text, skip)
        if not match:
            continue
        raw = match.group("num")
        number = parse_number(raw.replace("-", "."))  # only "Article" numbers hold a hyphen
        if number is None:
            continue
        if "-" in raw:  # shown as written, "7-1", ordered as 7.1
            number = Number(raw, number.key)
        # "I. – OBJET": a dash may follow the number's own dot
        rest = text[match.end() :].strip().lstrip(TITLE_TRIM)
        # "Article 7 : propriété intellectuelle": a title in lower case after "Article N" and a
        # colon or a dash (a reference in running text, "article 3 du contrat", has neither)
        titled = article and _SEPARATOR.search(text, match.start("num"), match.end()) is not None
        if rest and not _rest_can_follow(rest) and not titled:
            return None
        if pattern is _BARE_CAPS and not (is_caps(rest) and is_title_like(rest)):
            return None  # "3 mois de préavis": a quantity, not a heading
        return number, match.end(), article
    return None


def _rest_can_follow(rest: str) -> bool:
    first = rest[0]
    if first.isalpha():
        return first.isupper()
    return first in '«"“(['


def is_title_like(text: str) -> bool:
    """Short, one phrase, not a sentence of the body."""
    stripped = text.strip()
    words = stripped.split()
    if not words or len(stripped) > 160 or len(words) > 20:
        return False
    if stripped[-1] in ",;" or re.search(r"[.!?;]\s+\S", stripped):
        return False
    if stripped[-1] in ".!?" and len(words) > 4:
        return False
    return not stripped[0].islower()


_RUN_IN_WORDS = 8


def run_in_end(text: str, start: int, stop: int) -> int | None:
    """Where a run-in heading ends, when ``text[start:stop]`` is in bold and opens the paragraph.

    "Mesures de sécurité. Le Prestataire…" with its first words in bold: the heading is those
    words with the "." or ":" closing them, inside the bold or just after it, and a body
    follows. Only a typed number ("7.2 ") may stand before the bold words.
    """
    typed = typed_heading(text) if start else None
    if start and (typed is None or text[:start].strip() != text[: typed[1]].strip()):
        return None
    end = len(text[:stop].rstrip())
    after = len(text) - len(text[end:].lstrip(" \u00a0\u202f"))  # French typing puts a space before ":"
    if not text[:end].endswith((".", ":")) and text[after : after + 1] in (".", ":"):
        end = after + 1
    title = text[start:end].rstrip(".: \u00a0")
    if not text[:end].endswith((".", ":")) or not 1 <= len(title.split()) <= _RUN_IN_WORDS:
        return None
    # « Logiciel » : désigne… is a defined term, not a heading.
    if not is_title_like(title) or title[:1] in '«"\u201c' or not text[end:].strip()[:1].isalpha():
        return None
    return end


def is_body_text(text: str) -> bool:
    """A paragraph of running text, not another heading nor a signature line."""
    return not is_title_like(text) or text.rstrip().endswith((".", ":", ";"))


# "7 ACCÈS AU SERVEUR Un identifiant est remis…": a title in capitals run into its paragraph, as a
# web page flattened to text prints its headings; the body opens on a capitalised word or on the
# first sub-number ("4 GARANTIES 4.1 Le Client garantit…").
_CAPS_RUN_IN = re.compile(
    r"(?P<title>(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’/&-]*\s+)+?)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]|\d{1,3}(?:\.\d{1,3})+\s)"
)
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")  # "GARANTIES", not "CPU" or "TB" before a brand


def caps_title_end(rest: str) -> int | None:
    """Where a title in capitals run into its body ends in ``rest`` (the text after a number)."""
    match = _CAPS_RUN_IN.match(rest)
    if match is None:
        return None
    title = match["title"].strip()
    if not _LONG_WORD.search(title) or not is_title_like(title):
        return None
    return match.end()


def is_caps(text: str) -> bool:
    """At least three letters, none lowercase; stops at the first lowercase one (most lines)."""
    letters = 0
    for char in text:
        if char.isalpha():
            if char.islower():
                return False
            letters += 1
    return letters >= 3


def is_heading_line(text: str) -> bool:
    """A typed number followed by nothing or a short title: the body starts on the next line."""
    typed = typed_heading(text)
    if typed is None:
        return False
    rest = text[typed[1] :].strip()
    return not rest or is_title_after(rest, typed[2])


def is_title_after(rest: str, article: bool) -> bool:
    """Whether ``rest``, after a typed number, reads as a title: title-like, or after "Article N"
    and a colon or a dash, a short title in lower case ("Article 7 : propriété intellectuelle")."""
    title = rest.strip()
    if article and title[:1].islower():
        title = title[:1].upper() + title[1:]
    return is_title_like(title)
