"""Maximum exposure of a clause that makes the client owe every sum until the term.

The worst case is termination on the first day: the client then owes the periodic price
for every period of the commitment, e.g. 938 € HT x 36 mois = 33 768 € HT. The figure is
only given when the contract states one periodic price and one commitment term; when it
does not, a French sentence says what is missing or conflicting, and nothing is guessed.
This module finds the periodic price; ``commitment`` finds the term.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from clausecheck.engine.commitment import APOSTROPHE as _A
from clausecheck.engine.commitment import commitment_term, words_before
from clausecheck.model.document import Clause, ContractText
from clausecheck.model.findings import Currency, Exposure
from clausecheck.text.amounts import Amount, Period, Tax, find_amounts, format_amount
from clausecheck.text.durations import Duration
from clausecheck.text.fold import accent_tolerant
from clausecheck.text.numbers import parse_french_number

# flat: an explicit total or flat fee; plain: a periodic price with nothing more said;
# line: one row of a price table without a total row; unit: a price per user, line, post…
PriceKind = Literal["flat", "plain", "line", "unit"]

_TIMES = "\u00d7"  # the multiplication sign, spelt out because ruff flags it as look-alike
_MONTHS_IN: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}
_PERIOD_LABEL: dict[str, str] = {"month": "mois", "quarter": "trimestre", "year": "an"}
_VAT_RATES = (0.20, 0.10, 0.085, 0.055, 0.021)  # French rates, to see "938 € HT, soit 1 125,60 € TTC" as one price


@dataclass(frozen=True, slots=True)
class _Price:
    value: float
    period: Period
    tax: Tax | None
    kind: PriceKind
    consistent: bool = True
    quote: str = ""  # the contract's words, for the reader of a refusal
    words: str = ""  # the amount as written, to tell whether a tracked change typed it
    currency: Currency = "EUR"

    @property
    def monthly(self) -> float:
        return self.value / _MONTHS_IN[self.period]

    def describe(self) -> str:
        return f"{format_amount(self.value, self.tax, self.currency)} par {_PERIOD_LABEL[self.period]}"


def estimate_exposure(contract: ContractText, clause: Clause) -> Exposure | str:
    """Periodic price x number of periods of the commitment, or why it cannot be computed.

    The clause is searched first, since it may name its own price or term; the rest of
    the contract after. The amount keeps the price's own tax basis.
    """
    price = _periodic_price(contract, clause)
    if isinstance(price, str):
        return price
    term = commitment_term(contract, clause)
    if isinstance(term, str):
        return term
    return _multiply(price, term)


def exposure_words(contract: ContractText, clause: Clause) -> tuple[str, str]:
    """The words the price and the term of ``estimate_exposure`` were read from ("" when not found),
    so that a tracked change in them can be told."""
    price = _periodic_price(contract, clause)
    term = commitment_term(contract, clause)
    return (price.words if isinstance(price, _Price) else "", term.text if isinstance(term, Duration) else "")


def _multiply(price: _Price, term: Duration) -> Exposure | str:
    months = term.months or 0
    per_period = _MONTHS_IN[price.period]
    if months % per_period:
        return (
            f"Le prix est fixé par {_PERIOD_LABEL[price.period]} ({price.describe()}) mais la durée "
            f"d'engagement ({term.text}) n'en compte pas un nombre entier : l'exposition n'est pas chiffrée."
        )
    count = months // per_period
    amount = round(price.value * count, 2)
    periods = f"{count} {_count_label(price.period, count)}"
    basis = f"{format_amount(price.value, price.tax, price.currency)} {_TIMES} {periods}"
    return Exposure(amount=amount, currency=price.currency, tax=price.tax, basis=basis)


def _count_label(period: Period, count: int) -> str:
    label = _PERIOD_LABEL[period]
    return label if count == 1 or label == "mois" else label + "s"


# --- the periodic price --------------------------------------------------------------

_NO_PRICE = (
    "Aucun prix périodique (mensuel, trimestriel ou annuel) n'a été trouvé dans la clause ni dans "
    "le contrat : l'exposition ne peut pas être chiffrée."
)


def _periodic_price(contract: ContractText, clause: Clause) -> _Price | str:
    default_tax = _contract_tax(contract.full_text)
    found = _resolve_price(list(_price_candidates(clause.text, default_tax)))
    if found is None:
        found = _contract_price(contract.full_text)
    return _NO_PRICE if found is None else found


# The contract-wide answers depend on the whole text only: found once per contract, not once
# per flagged clause (a long contract has many, and each scan is as long as the contract).
@lru_cache(maxsize=4)
def _contract_tax(full_text: str) -> Tax | None:
    return _stated_tax(full_text)


@lru_cache(maxsize=4)
def _contract_price(full_text: str) -> _Price | str | None:
    return _resolve_price(list(_price_candidates(full_text, _contract_tax(full_text))))


def _resolve_price(candidates: list[_Price]) -> _Price | str | None:
    """The one periodic price of a text, a French reason when there are several, None when none."""
    flats = [c for c in candidates if c.kind == "flat"]
    if flats:
        # An explicit total or flat fee already includes the table rows and unit components.
        pool = flats + [c for c in candidates if c.kind == "plain"]
    else:
        units = [c for c in candidates if c.kind == "unit"]
        if units:
            return (
                f"Le prix périodique est fixé par unité (« {units[0].quote} ») : le contrat ne donne pas de "
                "montant périodique global, l'exposition n'est pas chiffrée."
            )
        pool = [c for c in candidates if c.kind in ("plain", "line")]
    if not pool:
        return None
    groups = _same_price_groups(pool)
    if len(groups) > 1:
        listed = ", ".join(group[0].describe() for group in groups)
        without_total = " sans ligne de total" if all(c.kind == "line" for c in pool) else ""
        return (
            f"Plusieurs prix périodiques différents{without_total} ({listed}) : impossible de dire lequel, "
            "ou quelle somme, reste dû jusqu'au terme ; l'exposition n'est pas chiffrée."
        )
    chosen = _representative(groups[0])
    if not chosen.consistent:
        return "Le prix périodique est écrit différemment en lettres et en chiffres : l'exposition n'est pas chiffrée."
    return chosen


def _same_price_groups(prices: list[_Price]) -> list[list[_Price]]:
    groups: list[list[_Price]] = []
    for price in prices:
        group = next((g for g in groups if _same_price(g[0], price)), None)
        if group is None:
            groups.append([price])
        else:
            group.append(price)
    return groups


def _same_price(a: _Price, b: _Price) -> bool:
    """Same fee stated twice: per month and per year, or HT and TTC."""
    if a.tax == b.tax or a.tax is None or b.tax is None:
        return math.isclose(a.monthly, b.monthly, abs_tol=0.01)
    ht, ttc = (a, b) if a.tax == "HT" else (b, a)
    return any(math.isclose(ht.monthly * (1 + rate), ttc.monthly, abs_tol=0.01) for rate in _VAT_RATES)


def _representative(group: list[_Price]) -> _Price:
    """HT before TTC before unknown, the shortest period first: it divides any term."""
    return min(group, key=lambda p: (p.tax != "HT", p.tax is None, _MONTHS_IN[p.period]))


def _price_candidates(text: str, default_tax: Tax | None) -> Iterator[_Price]:
    tables = list(_tables(text))
    yield from (price for table in tables for price in _table_prices(table, default_tax))
    in_tables = [(rows[0].start, rows[-1].end) for rows in tables]
    yield from _prose_prices(text, in_tables, default_tax)


# Cues read in the words before a periodic amount, within its sentence.
_NOT_A_PRICE = re.compile(
    accent_tolerant(
        rf"responsabilit|plafon|pénalit|\b(?:un|d{_A}un|l{_A}|des)\s*avoirs?\b|dommages|indemnisation|sinistre"
        r"|caution|dépôt de garantie|assurance|capital"
    ),
    re.IGNORECASE,
)
# A one-off fee is named as such; "à compter de la mise en service" only dates a periodic one.
_ONE_OFF_NAME = (
    r"mise en (?:service|place|route|production)|installation|création|paramétrage|raccordement|initialisation"
    r"|démarrage|transition|migration|reprise|frais d.accès|frais de dossier"
)
_ONE_OFF = re.compile(
    accent_tolerant(
        rf"\b(?:frais|prix|forfait|coût|montant)s?\s+(?:[^\W\d_]+\s+){{0,2}}?(?:de|d{_A})\s*(?:la\s+|l{_A})?"
        rf"(?:{_ONE_OFF_NAME}|accès|dossier)|prix forfaitaire global|one[- ]shot|\bponctuel"
    ),
    re.IGNORECASE,
)
_VARIABLE = re.compile(
    accent_tolerant(
        rf"unités? d{_A}œuvre|\bUO\b|consommation|au-delà|dépassement|supplémentaire|à la demande|sur devis"
        r"|grille tarifaire|barème|prorata|hors forfait|en régie|\boptions?\b"
    ),
    re.IGNORECASE,
)
_PER_UNIT = re.compile(
    accent_tolerant(
        rf"\bchaque\s+(?!mois|année|an\b|trimestre|semestre|échéance|période|mensualité|date|anniversaire)|unitaire"
        rf"|l{_A}unité"
        r"|par (?:utilisateur|ligne|poste|licence|site|compte|salarié|bulletin|abonné|terminal|équipement|serveur"
        r"|collaborateur)"
    ),
    re.IGNORECASE,
)
# "39 € par agent et par mois, soit, pour 14 agents, 546 € par mois": "soit" gives the sum of the units.
_FLAT = re.compile(r"forfai|\bglobale?\b|\btotale?\b|tout compris|tous services|\bsoit\b", re.IGNORECASE)


def _prose_prices(text: str, skip: list[tuple[int, int]], default_tax: Tax | None) -> Iterator[_Price]:
    previous_end = 0
    for amount in find_amounts(text):
        context = words_before(text, amount.start, previous_end)
        previous_end = amount.end
        if amount.period is None or any(start <= amount.start < end for start, end in skip):
            continue
        kind = _prose_kind(context, amount)
        if kind is not None:
            quote = " ".join([*context.split()[-8:], amount.text])
            tax = amount.tax or default_tax
            yield _Price(amount.value, amount.period, tax, kind, amount.consistent, quote, amount.text, amount.currency)


def _prose_kind(context: str, amount: Amount) -> PriceKind | None:
    """What kind of periodic price the words before it make of an amount; None if not a price to count."""
    if _NOT_A_PRICE.search(context) or _ONE_OFF.search(context) or _VARIABLE.search(context + " " + amount.text):
        return None
    if amount.per is not None or _PER_UNIT.search(context):
        return "unit"
    return "flat" if _FLAT.search(context) else "plain"


# --- price tables --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    start: int
    end: int
    cells: list[str]


_PERIOD_IN = re.compile(
    accent_tolerant(
        r"(?P<month>mensuel|par mois|/\s*mois|\bmois\b)|(?P<quarter>trimestri|par trimestre)"
        r"|(?P<year>annuel|par an\b|/\s*an\b|par année)"
    ),
    re.IGNORECASE,
)
_FREQUENCY_CELL = re.compile(
    accent_tolerant(
        r"(?:(?:HT|TTC)\s+)?(?:par|/)\s*(?:mois|an|année|trimestre)"
        r"|(?:mensuel|annuel|trimestriel)(?:le)?s?|mensuellement|annuellement|trimestriellement"
    ),
    re.IGNORECASE,
)
_FREQUENCY_HEADER = re.compile(
    accent_tolerant(r"périodicité|fréquence|rythme|période|facturation|unité"), re.IGNORECASE
)
_TAX_IN = re.compile(
    r"(?P<ht>\bHT\b|H\.T\.|hors taxes?|\bHTVA\b|hors TVA)"
    r"|(?P<ttc>\bTTC\b|T\.T\.C\.|toutes taxes comprises|\bTVAC\b|TVA (?:comprise|incluse))",
    re.I,
)
_MONEY_HEADER = re.compile(
    accent_tolerant(r"€|\bEUR\b|euros?|\bCHF\b|\$|\bCAD\b|\bUSD\b|CFA\b|montant|prix|redevance|tarif|coût|loyer"),
    re.IGNORECASE,
)
# "Total HT", "Montant total", "Redevance mensuelle totale"; a subtotal is one of the rows.
_TOTAL_ROW = re.compile(r"(?<![\w-])(?<!sous )totale?s?\b", re.IGNORECASE)


def _tables(text: str) -> Iterator[list[_Row]]:
    """Runs of consecutive lines made of cells ("a | b | c", or tab-separated)."""
    rows: list[_Row] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        cells = _cells(line)
        if cells is None:
            if len(rows) > 1:
                yield rows
            rows = []
        else:
            rows.append(_Row(offset, offset + len(line.rstrip("\r\n")), cells))
        offset += len(line)
    if len(rows) > 1:
        yield rows


def _cells(line: str) -> list[str] | None:
    separator = "|" if "|" in line else "\t" if "\t" in line else None
    if separator is None:
        return None
    cells = [cell.strip() for cell in line.strip().strip("|").split(separator)]
    return cells if len(cells) >= 2 else None


def _table_prices(rows: list[_Row], default_tax: Tax | None) -> list[_Price]:
    """The total row's periodic amount when there is one, else every row's."""
    header = rows[0].cells if not any(find_amounts(cell) for cell in rows[0].cells) else []
    totals: list[_Price] = []
    lines: list[_Price] = []
    for row in rows[1:] if header else rows:
        is_total = bool(_TOTAL_ROW.search(row.cells[0]))
        for index, cell in enumerate(row.cells[1:], start=1):
            column = header[index] if index < len(header) else ""
            # "Abonnement | 690 € HT | par mois": the period in the cell right after the sum, under no
            # header or one that names how often (not "Révision du prix | annuelle")
            after = row.cells[index + 1] if index + 1 < len(row.cells) else ""
            after_column = header[index + 1] if index + 1 < len(header) else ""
            if after_column and not _FREQUENCY_HEADER.search(after_column):
                after = ""
            price = _cell_price(cell, column, row.cells[0], default_tax, "flat" if is_total else "line", after)
            if price is not None:
                (totals if is_total else lines).append(price)
    return totals or lines


def _cell_price(
    cell: str, column: str, label: str, default_tax: Tax | None, kind: PriceKind, after: str
) -> _Price | None:
    value, amount = _cell_value(cell, column)
    if value is None:
        return None
    period = (amount.period if amount else None) or _period_in(column) or _period_in(label) or _period_cell(after)
    # A row label is the fee's name: "Mise en service" alone says it is one-off.
    if period is None or re.search(_ONE_OFF_NAME, label, re.I) or _VARIABLE.search(label + " " + column):
        return None
    tax = (amount.tax if amount else None) or _tax_in(column) or _tax_in(label) or default_tax
    if kind == "line" and re.search(r"unitaire|par unité", column, re.IGNORECASE):
        kind = "unit"
    currency: Currency = amount.currency if amount else "EUR"
    return _Price(value, period, tax, kind, amount.consistent if amount else True, f"{label} | {cell}", cell, currency)


def _cell_value(cell: str, column: str) -> tuple[float | None, Amount | None]:
    """A cell's sum: "938,00 €", or a bare "938,00" under a header that names the currency."""
    amounts = find_amounts(cell)
    if len(amounts) == 1:
        return amounts[0].value, amounts[0]
    if not amounts and _MONEY_HEADER.search(column):
        return parse_french_number(cell), None
    return None, None


def _period_cell(cell: str) -> Period | None:
    """A cell that says only how often: "par mois", "Mensuel", "/ an" (not "trois mois", a length)."""
    return _period_in(cell) if _FREQUENCY_CELL.fullmatch(cell.strip()) else None


def _period_in(text: str) -> Period | None:
    match = _PERIOD_IN.search(text)
    if match is None:
        return None
    return "month" if match["month"] else "quarter" if match["quarter"] else "year"


def _tax_in(text: str) -> Tax | None:
    match = _TAX_IN.search(text)
    return None if match is None else "HT" if match["ht"] else "TTC"


_STATED_TAX = re.compile(
    accent_tolerant(
        r"\b(?:montants?|prix|tarifs?|redevances?|sommes?)\b[^.;\n]{0,80}?"
        rf"(?:s{_A}entend(?:ent)?|(?:sont|est)\s+(?:exprimé|indiqué|stipulé|libellé|fixé|mentionné|donné)e?s?"
        r"|exprimée?s?|indiquée?s?|sont|est)\s+(?:en\s+euros\s+(?:et\s+)?)?"
        r"(?P<tax>hors\s+taxes?|HT\b|H\.T\.|toutes\s+taxes\s+comprises|TTC\b|T\.T\.C\.)"
    ),
    re.IGNORECASE,
)


def _stated_tax(text: str) -> Tax | None:
    """The basis the contract declares for its prices ("Les montants sont exprimés hors taxes")."""
    stated = {_tax_in(match["tax"]) for match in _STATED_TAX.finditer(text)}
    return stated.pop() if len(stated) == 1 else None
