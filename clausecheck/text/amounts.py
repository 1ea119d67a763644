"""Sums of money as contracts write them: "1 000 € HT par mois", "mille euros (1 000 €)".

An amount carries its currency, its tax basis, the period it recurs on and what else it is per
(a user, a day of work), read from the words around it. Contracts written in French outside
France price in Swiss francs ("CHF 1'180.–"), Canadian dollars ("1 450 $") or CFA francs
("250 000 FCFA"); sums in words are read in euros only. Every pattern works in time linear in
the text: runs of digits too long to be one plausible figure are masked first, since the
patterns would otherwise retry them from each of their groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from clausecheck.model.findings import Currency
from clausecheck.text.fold import accent_tolerant
from clausecheck.text.numbers import (
    APOS,
    LONG_GROUPED,
    NUMBER_WORD,
    SPACES,
    WORDS_RE,
    format_number,
    parse_figures,
    plausible,
    trailing_number,
)

Tax = Literal["HT", "TTC"]
Period = Literal["month", "quarter", "year"]


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
    currency: Currency = "EUR"


# Swiss grouping ("1'180", "12'500.50") and decimal point ("0.32") first, then French ("1 000,50", "1.000,50")
_NUM = (
    rf"(?:\d{{1,3}}(?:['’]\d{{3}})+(?:\.\d{{1,2}}(?!\d))?|\d+\.\d{{1,2}}(?!\d)"
    rf"|(?:\d{{1,3}}(?:[{SPACES}.]\d{{3}})+|\d+)(?:,\d+)?)"
)
_GAP = rf"[{SPACES}]*"
_ROUND = r"(?:[.,][–-])?"  # Swiss "1'180.–": a whole number of francs
_CURRENCY_AFTER = (
    r"(?P<cur>€|EUR\b|(?i:euros?)\b|CHF\b|(?i:francs?\s+suisses)\b|\$\s?(?:CA|US)\b|\$|CAD\b|USD\b"
    r"|(?i:dollars?)(?:\s+(?:canadiens|américains|US)\b)?|F\s?CFA\b|(?i:francs?\s+CFA)\b|XOF\b|XAF\b)"
)
_CURRENCY_BEFORE = r"(?P<cur_before>€|\bEUR\b|\bCHF\b|\$|\bCAD\b|\bUSD\b|\bFCFA\b|\bXOF\b|\bXAF\b)"
_DIGIT_CORE = re.compile(
    rf"(?<![\w,.'’])(?P<after>{_NUM}){_ROUND}{_GAP}(?P<mult>[kKM](?=€))?{_CURRENCY_AFTER}"
    rf"|{_CURRENCY_BEFORE}{_GAP}(?P<before>{_NUM}){_ROUND}(?![\d,])"
)
_WORD_CORE = re.compile(rf"(?i:(?P<words>{WORDS_RE}){_GAP}(?:euros?\b|€))")
# _WORD_CORE is tried at every position of a line; a sum in words has a number word, then
# blanks, then "euro" or "€": only the lines where a currency mark follows such a word are searched.
_ENDS_NUMBER_WORD = re.compile(rf"(?i:{NUMBER_WORD})\Z")
_LONGEST_NUMBER_WORD = 12  # characters: "cinquante", "quatorze", "millions" are shorter
# Every amount names its currency, and none spans a line: its figures or words, the gap and
# the currency hold no newline. Only the lines naming one are searched.
# €, EUR or "euro" in any case, and the other currencies' marks, spelled so that each alternative
# opens on a literal: the regex engine then skips in C to the next candidate character (with
# "(?i:euro)" it tried every position).
_CURRENCY_MARK = re.compile(
    r"€|E(?:UR|[uU][rR][oO])|e[uU][rR][oO]|CHF|\$|CAD|USD|CFA|XOF|XAF|[dD](?:OLLAR|ollar)|[fF](?:RANC|ranc)"
)
# The currency each mark names, the first pattern that matches it: a bare "$" or "dollars" is the
# Canadian dollar, as French-language contracts write it in Québec; a contract priced in US dollars
# says so ("$ US", "USD", "dollars américains"), which is why US is tried before CA.
_CURRENCIES: tuple[tuple[re.Pattern[str], Currency], ...] = (
    (re.compile(r"€|EUR|euro", re.I), "EUR"),
    (re.compile(r"CHF|suisse", re.I), "CHF"),
    (re.compile(r"US|américain", re.I), "USD"),
    (re.compile(r"\$|CA|dollar", re.I), "CAD"),
    (re.compile(r"XOF"), "XOF"),
    (re.compile(r"XAF"), "XAF"),
    (re.compile(r"CFA", re.I), "FCFA"),
)
_RESTATEMENT = re.compile(rf"{_GAP}\(([^()]{{1,80}})\)")
_MULTIPLIERS: dict[str, int] = {"k": 1_000, "K": 1_000, "M": 1_000_000}

# Belgian and Swiss prices are "HTVA" or "hors TVA", "TVAC" or "TVA comprise"
_TAX_WORDS = (
    rf"(?i:(?P<ht>HT|H\.{_GAP}T\.?|hors[{SPACES}]+taxes?|HTVA|hors[{SPACES}]+TVA)"
    rf"|(?P<ttc>TTC|T\.{_GAP}T\.{_GAP}C\.?|toutes[{SPACES}]+taxes[{SPACES}]+comprises|TVAC"
    rf"|TVA[{SPACES}]+(?:comprise|incluse)))(?!\w)"
)
_TAX_TAIL = re.compile(rf"{_GAP}(?:{_TAX_WORDS}|\({_GAP}{_TAX_WORDS.replace('?P<', '?P<p_')}{_GAP}\))")
_PERIOD_WORDS: dict[str, Period] = {"mois": "month", "an": "year", "année": "year", "trimestre": "quarter"}
_PERIOD_TAIL = re.compile(
    accent_tolerant(
        rf"{_GAP},?{_GAP}(?i:(?:et{_GAP})?(?:par|/|l{APOS}){_GAP}(?P<noun>mois|an|année|trimestre)\b"
        r"|(?P<adj>mensuel(?:le)?s?|mensuellement|annuel(?:le)?s?|annuellement"
        r"|trimestriel(?:le)?s?|trimestriellement)\b)"
    )
)
# Not units a price is counted in: how it is paid, or a period this model does not carry.
_NOT_PER = (
    r"(?:prélèvements?|virements?|chèques?|cartes?|mandats?|avance|voie|lettre|semestres?|mois|ans?"
    r"|années?|trimestres?|les?|la|l|une?|des|suite|ailleurs|conséquent|exception|dérogation)\b"
)
_PER_TAIL = re.compile(
    accent_tolerant(
        rf"{_GAP}(?i:(?:et{_GAP})?(?:par|/){_GAP}(?!{_NOT_PER})"
        rf"(?P<per>[^\W\d_]+(?:-[^\W\d_]+)*(?: d{APOS}[^\W\d_]+)?(?:(?: [^\W\d_]+){{1,2}}?(?= et (?:par|/)))?)"
        rf"|(?:l{APOS}|le |la )(?P<unit>unité d{APOS}œuvre|UO|jour(?:née)?(?:[- ]homme)?|heure|intervention"
        r"|licence|poste|utilisateur|ligne)\b)(?: et(?= (?:par|/)))?"
    )
)
_PERIOD_ADJ = r"(?P<period>mensuel(?:le)?s?|annuel(?:le)?s?|trimestriel(?:le)?s?)"
_QUALIFIER = r"(?:forfaitaires?|globale?s?|fixes?|totale?s?|HT|hors taxes?|TTC|de base|\(forfaitaire\))"
_CONNECTOR = (
    rf"(?:(?:est|sera|sont|seront|s{APOS}élève|s{APOS}élèvera|s{APOS}élevant|s{APOS}établit|fixée?s?|est fixée?"
    rf"|égale?s?|arrêtée?s?)\s+(?:à|de)|de|d{APOS}un montant(?: total)? de|:|=)"
)
_OF_FEE = rf"(?:\s+(?:de\s+la|du|de\s+l{APOS})\s*[^\W\d_]+)"  # "montant mensuel HT [de la redevance] est de"
_LABEL_WORDS = r"(?:\s+[^\W\d_]+){1,4}(?=\s*:)"  # "Redevance mensuelle hébergement : 500 € HT"
_WHAT_IT_COVERS = r"\s*\([^()\n]{1,80}\)(?=\s*:)"  # "Redevance mensuelle (baie, énergie) : CHF 1'180.–"
# "redevance mensuelle forfaitaire de", "abonnement mensuel de", "loyer annuel HT de": the
# period is written before the figure, on the fee's name.
_PERIOD_PREFIX = re.compile(
    accent_tolerant(
        r"(?i:\b(?:redevances?|abonnements?|loyers?|forfaits?|prix|montants?|cotisations?|tarifs?|coûts?"
        rf"|sommes?|frais|échéances?)(?:\s+{_QUALIFIER})*\s+{_PERIOD_ADJ}(?:\s+{_QUALIFIER})*"
        rf"(?:{_OF_FEE}|{_LABEL_WORDS}|{_WHAT_IT_COVERS})?\s*{_CONNECTOR}?\s*"
        rf"|\b(?P<instalment>mensualités?|trimestrialités?|annuités?)\s+(?:de|d{APOS}un montant de|:)?\s*)$"
    )
)
_EVERY_PERIOD = re.compile(accent_tolerant(r"(?i:\b(?:chaque|tous les)\s+(?P<every>mois|trimestres?|années?|ans)\b)"))
_TAX_IN = re.compile(
    r"(?i:(?P<ht>\bHT\b|hors taxes?|\bHTVA\b|hors TVA)"
    r"|(?P<ttc>\bTTC\b|toutes taxes comprises|\bTVAC\b|TVA (?:comprise|incluse)))"
)
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
    for start, end, value, currency in cores:
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
                currency=currency,
            )
        )
        taken_until = tail.end
    return found


def _cores(text: str) -> list[tuple[int, int, float, Currency]]:
    """(start, end, value, currency) of each figure-or-words-plus-currency, before any tax or period."""
    cores: list[tuple[int, int, float, Currency]] = []
    lines = list(_currency_lines(text))
    masked = _masked(text, lines)
    for match in (m for start, end in lines for m in _DIGIT_CORE.finditer(masked, start, end)):
        value = parse_figures(match["after"] or match["before"])
        if value is not None and plausible(value := value * _MULTIPLIERS.get(match["mult"] or "", 1)):
            cores.append((match.start(), match.end(), value, _currency_of(match["cur"] or match["cur_before"])))
    worded = [(start, end) for start, end in lines if _may_hold_words(text, start, end)]
    for match in (m for start, end in worded for m in _WORD_CORE.finditer(text, start, end)):
        offset, words = trailing_number(match["words"])
        if words is not None:
            cores.append((match.start() + offset, match.end(), float(words), "EUR"))
    return cores


def _currency_of(mark: str) -> Currency:
    return next(currency for pattern, currency in _CURRENCIES if pattern.search(mark))


def _may_hold_words(text: str, start: int, end: int) -> bool:
    """Whether a currency mark follows a number word and blanks somewhere in ``text[start:end]``."""
    for mark in _CURRENCY_MARK.finditer(text, start, end):
        before = mark.start()
        while before > start and text[before - 1] in SPACES:
            before -= 1
        if _ENDS_NUMBER_WORD.search(text, max(start, before - _LONGEST_NUMBER_WORD), before):
            return True
    return False


def _masked(text: str, lines: list[tuple[int, int]]) -> str:
    """``text`` with the implausibly long digit runs of ``lines`` masked: same length, so offsets
    hold; what is masked could only be read as an implausible sum. A run spans no line (digits,
    spaces and dots), so masking the lines searched finds the runs a whole-text pass finds there.
    """
    pieces: list[str] = []
    done = 0
    for start, end in lines:
        pieces += [text[done:start], LONG_GROUPED.sub(_mask, text[start:end])]
        done = end
    return "".join(pieces) + text[done:]


def _mask(run: re.Match[str]) -> str:
    return "#" * len(run[0])


def _currency_lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line naming a currency, newline excluded.

    Searching a line with ``finditer(text, start, end)`` finds what a search of the whole
    text finds there: the character before a line and the one after it are newlines (or
    nothing), which no pattern here reads as part of an amount.
    """
    done = 0
    for mark in _CURRENCY_MARK.finditer(text):
        if mark.start() < done:
            continue
        start = text.rfind("\n", 0, mark.start()) + 1
        end = text.find("\n", mark.end())
        done = len(text) if end < 0 else end
        yield start, done


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


SYMBOLS: dict[Currency, str] = {
    "EUR": "€",
    "CHF": "CHF",
    "CAD": "$ CA",
    "USD": "$ US",
    "XOF": "XOF",
    "XAF": "XAF",
    "FCFA": "FCFA",
}


def format_amount(value: float, tax: Tax | None = None, currency: Currency = "EUR") -> str:
    """ "33 768 € HT", "1 000,50 €", "28 320 CHF HT"."""
    return f"{format_number(value)} {SYMBOLS[currency]}" + (f" {tax}" if tax else "")
