"""French amounts of money and durations, read from contract prose.

Contracts write numbers the French way ("1 000,50", "1.000,50", thin no-break spaces
Word inserts as thousands separators) and often twice, in words then figures:
"trente-six (36) mois". Token-level number handling gets these wrong, so every module
that needs a figure asks this one. Pure functions on strings, no spaCy.

Figures no contract writes are not read: amounts above ``MAX_AMOUNT``, durations longer
than a century, figures of more than ``_MAX_DIGITS`` digits. A hostile file could
otherwise overflow a float or Python's limit on integer conversion. Every pattern works
in time linear in the text: runs of digits or number words too long to be one plausible
figure are masked before the patterns that would retry them from each of their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Tax = Literal["HT", "TTC"]
Period = Literal["month", "quarter", "year"]
DurationUnit = Literal["day", "week", "month", "quarter", "semester", "year"]

_MONTHS_PER_UNIT: dict[str, int] = {"month": 1, "quarter": 3, "semester": 6, "year": 12}
_DAYS_PER_UNIT: dict[str, int] = {"day": 1, "week": 7}

MAX_AMOUNT = 1e12  # a thousand billion euros: no contract's price, fee or cap is larger
MAX_DURATION_MONTHS = 1_200  # a century
MAX_DURATION_DAYS = 36_525
_MAX_DIGITS = 15  # the most digits a plausible figure has (MAX_AMOUNT and its cents)
_MAX_NUMBER_WORDS = 40  # "quatre-vingt-dix-neuf millions neuf cent…" has fewer words than this


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money as written: value, tax basis, period it recurs on, where it is."""

    value: float
    tax: Tax | None
    period: Period | None
    start: int
    end: int
    text: str
    per: str | None = None  # what else the price is per: "utilisateur nommé", "unité d'œuvre", "jour"
    consistent: bool = True  # False when the words and the figures of "mille euros (1 200 €)" differ


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


# --- numbers ------------------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009"
_GROUPED_SPACE = re.compile(rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d+)?")
# Six groups of digits or more (10^15 and above): too long to be an amount. Masked before
# the amount patterns, which would otherwise retry such a run from each of its groups.
_LONG_GROUPED = re.compile(rf"\d{{1,3}}(?:[{_SPACES}.]\d{{3}}){{5,}}")
_GROUPED_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN_NUMBER = re.compile(r"\d+(?:,\d+)?")
_POINT_DECIMAL = re.compile(r"\d+\.\d{1,2}")  # "12.5": a dot followed by 3 digits is a thousands mark

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
_HYPHENS = "\\-\u2010\u2011"  # escaped: it goes inside character classes
_APOS = "['\u2019]"  # Word types a curly apostrophe


def parse_french_number(text: str) -> float | None:
    """Value of a number written in figures ("1 000,50") or in words ("quatre-vingt-dix").

    None when the text is not one number, so callers can tell "no number" from zero.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned[0].isdigit():
        return _parse_figures(cleaned)
    words = _parse_words(cleaned)
    return None if words is None else float(words)


def plausible(value: float) -> bool:
    """Whether a contract could state this sum: finite, not negative, at most ``MAX_AMOUNT``."""
    return 0 <= value <= MAX_AMOUNT


def _parse_figures(text: str) -> float | None:
    if _GROUPED_SPACE.fullmatch(text) or _GROUPED_DOT.fullmatch(text) or _PLAIN_NUMBER.fullmatch(text):
        digits = re.sub(rf"[{_SPACES}.]", "", text)
        value = float(digits.replace(",", "."))
    elif _POINT_DECIMAL.fullmatch(text):
        value = float(text)
    else:
        return None
    return value if plausible(value) else None


def _word_tokens(text: str) -> list[int | str] | None:
    """Words as values, "quatre vingt" merged into 80; None on an unknown word."""
    raw = re.split(rf"[\s{_HYPHENS}]+", text.lower())
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


def _parse_words(text: str) -> int | None:
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


_NUMBER_WORD = (
    r"(?:zéro|zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante"
    r"|cents?|mille|millions?)"
)
_WORD_SEP = rf"(?:[{_SPACES}{_HYPHENS}]+(?:et[{_SPACES}{_HYPHENS}]+)?)"
# A run of number words, e.g. "trente-six", "vingt et un", "deux mille". Bounded: the longest
# number has fewer words, and a pattern that must find "euros" or "mois" after an unbounded
# run retries it from each of its words (quadratic on a word repeated 20 000 times).
WORDS_RE = rf"\b{_NUMBER_WORD}(?:{_WORD_SEP}{_NUMBER_WORD}){{0,{_MAX_NUMBER_WORDS}}}\b"


# --- durations ----------------------------------------------------------------------

_DURATION_UNITS: dict[str, DurationUnit] = {
    "mois": "month",
    "an": "year",
    "ans": "year",
    "année": "year",
    "années": "year",
    "jour": "day",
    "jours": "day",
    "journée": "day",
    "journées": "day",
    "semaine": "week",
    "semaines": "week",
    "trimestre": "quarter",
    "trimestres": "quarter",
    "semestre": "semester",
    "semestres": "semester",
}
_DURATION = re.compile(
    rf"(?:(?P<words>{WORDS_RE})[{_SPACES}]*(?:\([{_SPACES}]*(?P<paren>\d+)[{_SPACES}]*\)[{_SPACES}]*)?"
    rf"|(?<![\w,.])(?P<digits>\d+)[{_SPACES}]*)"
    r"(?P<unit>mois|ans?|années?|jours?|journées?|semaines?|trimestres?|semestres?)\b"
    r"(?:[ \u00a0](?:ouvrés|ouvrables|calendaires|francs|pleins|entiers)\b)?",
    re.IGNORECASE,
)


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text``, in order; "trente-six (36) mois" is one duration."""
    found: list[Duration] = []
    for match in _DURATION.finditer(text):
        start, count, consistent = _count_of(match)
        unit = _DURATION_UNITS[match["unit"].lower()]
        if count is None or not _plausible_duration(count, unit):
            continue
        found.append(Duration(count, unit, start, match.end(), text[start : match.end()], consistent))
    return found


def _plausible_duration(count: int, unit: DurationUnit) -> bool:
    if unit in _DAYS_PER_UNIT:
        return count * _DAYS_PER_UNIT[unit] <= MAX_DURATION_DAYS
    return count * _MONTHS_PER_UNIT[unit] <= MAX_DURATION_MONTHS


def _figure(digits: str | None) -> int | None:
    """The integer a run of digits writes, None beyond ``_MAX_DIGITS`` (no plausible duration)."""
    return int(digits) if digits and len(digits) <= _MAX_DIGITS else None


def _count_of(match: re.Match[str]) -> tuple[int, int | None, bool]:
    """Start and count of a duration; the words prevail over the figures, as French practice reads them."""
    if match["digits"]:
        return match.start(), _figure(match["digits"]), True
    offset, words = _trailing_number(match["words"])
    paren = _figure(match["paren"])
    if words is None:
        return match.start("words"), paren, True
    return match.start("words") + offset, words, paren is None or paren == words


def _trailing_number(words: str) -> tuple[int, int | None]:
    """The longest run of words ending the text that is one number.

    "vingt-quatre et sept jours" is two numbers; the one that counts the days is "sept".
    """
    starts = [0] + [m.end() for m in re.finditer(_WORD_SEP, words)]
    for start in starts:
        value = _parse_words(words[start:])
        if value is not None:
            return start, value
    return 0, None


# --- amounts ------------------------------------------------------------------------

_NUM = rf"(?:\d{{1,3}}(?:[{_SPACES}.]\d{{3}})+|\d+)(?:,\d+)?"
_GAP = rf"[{_SPACES}]*"
_CURRENCY_AFTER = r"(?:€|EUR\b|(?i:euros?)\b)"
_DIGIT_CORE = re.compile(
    rf"(?<![\w,.])(?P<after>{_NUM}){_GAP}(?P<mult>[kKM](?=€))?{_CURRENCY_AFTER}"
    rf"|(?:€|\bEUR\b){_GAP}(?P<before>{_NUM})(?![\d,])"
)
_WORD_CORE = re.compile(rf"(?i:(?P<words>{WORDS_RE}){_GAP}(?:euros?\b|€))")
_RESTATEMENT = re.compile(rf"{_GAP}\(([^()]{{1,80}})\)")
_MULTIPLIERS: dict[str, int] = {"k": 1_000, "K": 1_000, "M": 1_000_000}

_TAX_WORDS = (
    rf"(?i:(?P<ht>HT|H\.{_GAP}T\.?|hors[{_SPACES}]+taxes?)"
    rf"|(?P<ttc>TTC|T\.{_GAP}T\.{_GAP}C\.?|toutes[{_SPACES}]+taxes[{_SPACES}]+comprises))(?!\w)"
)
_TAX_TAIL = re.compile(rf"{_GAP}(?:{_TAX_WORDS}|\({_GAP}{_TAX_WORDS.replace('?P<', '?P<p_')}{_GAP}\))")
_PERIOD_WORDS: dict[str, Period] = {"mois": "month", "an": "year", "année": "year", "trimestre": "quarter"}
_PERIOD_TAIL = re.compile(
    rf"{_GAP},?{_GAP}(?i:(?:et{_GAP})?(?:par|/|l{_APOS}){_GAP}(?P<noun>mois|an|année|trimestre)\b"
    r"|(?P<adj>mensuel(?:le)?s?|mensuellement|annuel(?:le)?s?|annuellement"
    r"|trimestriel(?:le)?s?|trimestriellement)\b)"
)
# Not units a price is counted in: how it is paid, or a period this model does not carry.
_NOT_PER = (
    r"(?:prélèvements?|virements?|chèques?|cartes?|mandats?|avance|voie|lettre|semestres?|mois|ans?"
    r"|années?|trimestres?|les?|la|l|une?|des|suite|ailleurs|conséquent|exception|dérogation)\b"
)
_PER_TAIL = re.compile(
    rf"{_GAP}(?i:(?:et{_GAP})?(?:par|/){_GAP}(?!{_NOT_PER})"
    rf"(?P<per>[^\W\d_]+(?:-[^\W\d_]+)*(?: d{_APOS}[^\W\d_]+)?(?:(?: [^\W\d_]+){{1,2}}?(?= et (?:par|/)))?)"
    rf"|(?:l{_APOS}|le |la )(?P<unit>unité d{_APOS}œuvre|UO|jour(?:née)?(?:[- ]homme)?|heure|intervention"
    r"|licence|poste|utilisateur|ligne)\b)(?: et(?= (?:par|/)))?"
)
_PERIOD_ADJ = r"(?P<period>mensuel(?:le)?s?|annuel(?:le)?s?|trimestriel(?:le)?s?)"
_QUALIFIER = r"(?:forfaitaires?|globale?s?|fixes?|totale?s?|HT|hors taxes?|TTC|de base|\(forfaitaire\))"
_CONNECTOR = (
    rf"(?:(?:est|sera|sont|seront|s{_APOS}élève|s{_APOS}élèvera|s{_APOS}élevant|s{_APOS}établit|fixée?s?|est fixée?"
    rf"|égale?s?|arrêtée?s?)\s+(?:à|de)|de|d{_APOS}un montant(?: total)? de|:|=)"
)
_OF_FEE = rf"(?:\s+(?:de\s+la|du|de\s+l{_APOS})\s*[^\W\d_]+)"  # "montant mensuel HT [de la redevance] est de"
_LABEL_WORDS = r"(?:\s+[^\W\d_]+){1,4}(?=\s*:)"  # "Redevance mensuelle hébergement : 500 € HT"
# "redevance mensuelle forfaitaire de", "abonnement mensuel de", "loyer annuel HT de": the
# period is written before the figure, on the fee's name.
_PERIOD_PREFIX = re.compile(
    r"(?i:\b(?:redevances?|abonnements?|loyers?|forfaits?|prix|montants?|cotisations?|tarifs?|coûts?"
    rf"|sommes?|frais|échéances?)(?:\s+{_QUALIFIER})*\s+{_PERIOD_ADJ}(?:\s+{_QUALIFIER})*"
    rf"(?:{_OF_FEE}|{_LABEL_WORDS})?\s*{_CONNECTOR}?\s*"
    rf"|\b(?P<instalment>mensualités?|trimestrialités?|annuités?)\s+(?:de|d{_APOS}un montant de|:)?\s*)$"
)
_EVERY_PERIOD = re.compile(r"(?i:\b(?:chaque|tous les)\s+(?P<every>mois|trimestres?|années?|ans)\b)")
_TAX_IN = re.compile(r"(?i:(?P<ht>\bHT\b|hors taxes?)|(?P<ttc>\bTTC\b|toutes taxes comprises))")
_SENTENCE_END = re.compile(r"[.;!?\n|](?=\s|$)|\n|\|")


@dataclass
class _Tail:
    end: int
    tax: Tax | None = None
    period: Period | None = None
    per: str | None = None


def find_amounts(text: str) -> list[Amount]:
    """Every sum of money in ``text``, in order; "mille euros (1 000 €)" is one amount."""
    cores = sorted(_cores(text), key=lambda core: core[0])
    found: list[Amount] = []
    taken_until = -1
    for start, end, value in cores:
        if start < taken_until:
            continue
        end, restated, restated_tax = _skip_restatement(text, end)
        tail = _read_tail(text, end)
        prefix_period, prefix_tax = _prefix_info(text, start)
        consistent = restated is None or abs(restated - value) < 0.005
        found.append(
            Amount(
                value=value,
                tax=tail.tax or restated_tax or prefix_tax,
                period=tail.period or prefix_period,
                start=start,
                end=tail.end,
                text=text[start : tail.end],
                per=tail.per,
                consistent=consistent,
            )
        )
        taken_until = tail.end
    return found


def _cores(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of each figure-or-words-plus-currency, before any tax or period."""
    cores: list[tuple[int, int, float]] = []
    # Same length, so offsets hold; what is masked could only be read as an implausible sum.
    masked = _LONG_GROUPED.sub(lambda m: "#" * len(m[0]), text)
    for match in _DIGIT_CORE.finditer(masked):
        value = _parse_figures(match["after"] or match["before"])
        if value is not None and plausible(value := value * _MULTIPLIERS.get(match["mult"] or "", 1)):
            cores.append((match.start(), match.end(), value))
    for match in _WORD_CORE.finditer(text):
        offset, words = _trailing_number(match["words"])
        if words is not None:
            cores.append((match.start() + offset, match.end(), float(words)))
    return cores


def _skip_restatement(text: str, end: int) -> tuple[int, float | None, Tax | None]:
    """Step over "(1 000 €)" or "(mille euros hors taxes)" that repeats the amount just read.

    Only a bare repetition: "(soit 1 200 € TTC)" is another amount, read on its own.
    """
    match = _RESTATEMENT.match(text, end)
    if match is None:
        return end, None, None
    inner = match.group(1).strip()
    cores = _cores(inner)
    if len(cores) != 1 or cores[0][0] != 0:
        return end, None, None
    rest = _TAX_TAIL.match(inner, cores[0][1])
    if (rest.end() if rest else cores[0][1]) != len(inner):
        return end, None, None
    return match.end(), cores[0][2], _tax_of(rest) if rest else None


def _read_tail(text: str, pos: int) -> _Tail:
    """Tax basis, period and unit written right after the figure, in any order."""
    tail = _Tail(end=pos)
    progressed = True
    while progressed:
        progressed = False
        if tail.tax is None and (match := _TAX_TAIL.match(text, tail.end)):
            tail.tax, tail.end, progressed = _tax_of(match), match.end(), True
        if tail.period is None and (match := _PERIOD_TAIL.match(text, tail.end)):
            tail.period, tail.end, progressed = _period_of(match["noun"] or match["adj"]), match.end(), True
        if tail.per is None and (match := _PER_TAIL.match(text, tail.end)):
            tail.per, tail.end, progressed = match["per"] or match["unit"], match.end(), True
    return tail


def _period_of(word: str) -> Period:
    """ "par mois", "mensuelle", "annuités", "ans": the period a word names."""
    lowered = word.lower()
    if lowered in _PERIOD_WORDS:
        return _PERIOD_WORDS[lowered]
    if lowered.startswith(("mensu", "mois")):
        return "month"
    if lowered.startswith("trimestr"):
        return "quarter"
    return "year"


def _tax_of(match: re.Match[str]) -> Tax:
    return "HT" if match["ht"] or match["p_ht"] else "TTC"


def _prefix_info(text: str, start: int) -> tuple[Period | None, Tax | None]:
    """Period and tax written before the figure, on the fee's name or as "chaque mois"."""
    window = text[max(0, start - 120) : start]
    cut = [m.end() for m in _SENTENCE_END.finditer(window)]
    window = window[cut[-1] :] if cut else window
    match = _PERIOD_PREFIX.search(window)
    if match is None:
        every = _EVERY_PERIOD.search(window)
        return (None, None) if every is None else (_period_of(every["every"]), None)
    word = match["period"] or match["instalment"]
    tax_match = _TAX_IN.search(match.group())
    tax: Tax | None = None if tax_match is None else ("HT" if tax_match["ht"] else "TTC")
    return _period_of(word), tax


# --- formatting ---------------------------------------------------------------------

THOUSANDS_SEPARATOR = " "  # a plain space: what people type, and what the rule messages quote


def format_number(value: float) -> str:
    """ "33 768", "1 000,50": French grouping, decimals only when the value is not whole."""
    cents = round(value * 100)
    whole, fraction = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", THOUSANDS_SEPARATOR)
    sign = "-" if cents < 0 else ""
    return f"{sign}{grouped},{fraction:02d}" if fraction else f"{sign}{grouped}"


def format_euros(value: float, tax: Tax | None = None) -> str:
    """ "33 768 € HT", "1 000,50 €"."""
    return f"{format_number(value)} €" + (f" {tax}" if tax else "")
