"""The French words and numbers every report uses: severities, types, sides, clause names, amounts, dates."""

from __future__ import annotations

from clausecheck.model.dates import MONTHS_FR
from clausecheck.model.findings import Currency, Exposure, Finding
from clausecheck.text.amounts import SYMBOLS

SCOPE = (
    "Analyse fondée sur le droit des contrats entre professionnels ; les règles protectrices des "
    "consommateurs et non-professionnels (C. consom. art. L. 212-1, R. 212-1 et s., L. 215-1) ne sont pas examinées."
)
DISCLAIMER = (
    "*Ce rapport aide à la relecture du contrat ; il ne remplace pas l'analyse d'un juriste, "
    "qui vérifiera les références citées avant toute négociation. Les décisions signalées comme "
    "rapportées n'ont pas été vérifiées sur leur texte intégral.*"
)


def clause_name(finding: Finding) -> str:
    if finding.clause is None:
        return "Ensemble du contrat"
    number, title = finding.clause.number, finding.clause.title
    if number is None:
        return "Préambule"
    if finding.clause.heading:
        return f"« {title} »"
    head = f"Article {number}" if "." not in number else number
    return f"{head} — {title}" if title else head


def amount_fr(value: float, currency: Currency = "EUR") -> str:
    """'33 768 €', '1 234,50 €', '28 320 CHF': French digit grouping and decimal comma."""
    whole = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",").removesuffix(",00")
    return f"{whole} {SYMBOLS[currency]}"


def exposure_fr(exposure: Exposure, when: bool = True) -> str:
    """'33 768 € HT (938 € HT × 36 mois, résiliation dès le premier jour)'."""
    tax = f" {exposure.tax}" if exposure.tax else ""
    basis = exposure.basis + (", résiliation dès le premier jour" if when else "")
    return f"{amount_fr(exposure.amount, exposure.currency)}{tax} ({basis})"


def revisions_fr(finding: Finding) -> str | None:
    """'« 36 mois » inséré par Me Durand le 3 novembre 2026 ; …': the tracked changes behind a finding."""
    return " ; ".join(r.describe() for r in finding.revisions) or None


def removed_fr(finding: Finding) -> str | None:
    """What a finding's tracked deletion took away, and which rule looks for it; None for other findings."""
    if any(r.kind == "deletion" for r in finding.revisions):
        return finding.evidence.detail
    return None


def date_fr(iso: str) -> str:
    """'2026-12-04' -> '4 décembre 2026', as counsel write a date."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTHS_FR[month - 1]} {year}"


def merge_spans(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans, or spans with only spaces between them, become one highlighted run."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].strip(" ") == ""):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
