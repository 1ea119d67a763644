"""What the first screen of a report answers: should I sign, and what to do first.

Shared by every report format, so the Markdown, HTML and Word reports say the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from clausecheck.model.findings import SEVERITY_RANK, Currency, DocumentReport, Finding
from clausecheck.model.labels import TYPE_FR
from clausecheck.report.labels import amount_fr

SEVERITIES = ("high", "medium", "low", "info")
_COUNT_WORDS = {"high": ("élevé", "élevés"), "medium": ("moyen", "moyens"), "low": ("faible", "faibles")}
_PRIORITIES = 3


@dataclass(frozen=True)
class Digest:
    counts: dict[str, int]
    verdict: str
    exposure: str | None  # the total maximum exposure, per tax basis, when a clause has one
    priorities: list[Finding]  # what to negotiate first


def digest(doc: DocumentReport) -> Digest:
    counts = {s: sum(f.severity == s for f in doc.findings) for s in SEVERITIES}
    return Digest(counts, _verdict(counts), _exposure(doc.findings), _priorities(doc.findings))


def _verdict(counts: dict[str, int]) -> str:
    risks = [
        f"{counts[s]} risque{'s' if counts[s] > 1 else ''} {_COUNT_WORDS[s][counts[s] > 1]}"
        for s in ("high", "medium", "low")
        if counts[s]
    ]
    if not risks:
        return "Aucun risque détecté par les règles appliquées." + (
            f" {counts['info']} point{'s' if counts['info'] > 1 else ''} pour information." if counts["info"] else ""
        )
    listed = ", ".join(risks[:-1]) + (" et " if len(risks) > 1 else "") + risks[-1]
    if counts["high"]:
        return f"{listed[0].upper()}{listed[1:]} : à négocier avant toute signature."
    return f"{listed[0].upper()}{listed[1:]} : à revoir avant signature."


def _exposure(findings: list[Finding]) -> str | None:
    # summed per currency and tax basis: "1 200 € HT + 300 € TTC"
    totals: dict[tuple[Currency, str], float] = defaultdict(float)
    for finding in findings:
        if finding.exposure:
            totals[(finding.exposure.currency, finding.exposure.tax or "")] += finding.exposure.amount
    if not totals:
        return None
    return " + ".join(
        f"{amount_fr(value, currency)}{' ' + tax if tax else ''}" for (currency, tax), value in sorted(totals.items())
    )


def _priorities(findings: list[Finding]) -> list[Finding]:
    ranked = sorted(
        (f for f in findings if f.severity != "info"),
        key=lambda f: (-SEVERITY_RANK[f.severity], -(f.exposure.amount if f.exposure else 0.0)),
    )
    return ranked[:_PRIORITIES]


def first_sentence(text: str) -> str:
    """The first sentence of a recommendation, for a list of actions."""
    head = text.split("\n", 1)[0].strip()
    for end in (". ", " ; "):
        if end in head:
            return head[: head.index(end) + 1].rstrip(" ;") + ("" if end == ". " else ".")
    return head


ZONE_FR = {
    "title": "le titre",
    "opening": "le préambule",
    "object": "l'objet",
    "definitions": "les définitions",
    "services": "la description des services",
    "prices": "les prix",
    "headings": "les titres d'articles",
    "body": "le corps du contrat",
}


def parties_fr(doc: DocumentReport) -> str | None:
    """'Société Exemple SAS (« le Prestataire ») ; le Client', or None when the contract states no party."""
    stated = [
        f"{party.name} ({party.role if '«' in party.role else f'« {party.role} »'})" if party.name else party.role
        for party in doc.parties
    ]
    return " ; ".join(stated) or None


# Said beside the types: counsel should know the reading of such a text is less sure.
UNACCENTED_FR = (
    "texte écrit sans accents, lu par les règles sans en tenir compte ; quelques mots ne s'y distinguent "
    "que par l'accent (« dû » et « du », « facturés » et « factures ») et peuvent être mal lus"
)


def type_names(doc: DocumentReport) -> str:
    if not doc.contract_types:
        return "type non déterminé"
    if not doc.types_determined:
        return "autre (aucun service informatique reconnu)"
    return ", ".join(TYPE_FR.get(t, t) for t in doc.contract_types)


def type_reasons(doc: DocumentReport, shown: int = 4) -> str:
    """Why these types: the strongest words found and where, or why none was retained."""
    if not doc.types_determined:
        return (
            "rien dans le contrat ne désigne un service informatique ; seules les règles applicables à tous "
            "les contrats ont été appliquées"
        )
    shown = max(shown, len(doc.contract_types))  # the evidence lists each type's best signal first
    reasons: list[str] = []
    seen: set[str] = set()
    for evidence in doc.type_evidence:
        if evidence.excerpt.lower() not in seen:  # "TÉLÉPHONIE" in the title, "téléphonie" in the object: once
            seen.add(evidence.excerpt.lower())
            reasons.append(f"« {evidence.excerpt} » dans {ZONE_FR.get(evidence.zone, evidence.zone)}")
    return ", ".join(reasons[:shown]) + ("…" if len(reasons) > shown else "")
