"""The French words every report uses: severities, contract types, sides, clause names."""

from __future__ import annotations

from clausecheck.model.findings import Finding

SEVERITY_FR = {"high": "Élevée", "medium": "Moyenne", "low": "Faible", "info": "Information"}
TYPE_FR = {
    "it-services": "prestations informatiques",
    "saas": "logiciel en ligne (SaaS)",
    "hosting": "hébergement",
    "telecom": "télécommunications",
    "software-license": "licence de logiciel",
    "maintenance": "maintenance",
    "outsourcing": "infogérance",
    "other": "autre (hors fourniture informatique)",
}
SIDE_FR = {"client": "client", "supplier": "prestataire"}
DISCLAIMER = (
    "*Ce rapport aide à la relecture du contrat ; il ne remplace pas l'analyse d'un juriste, "
    "qui vérifiera les références citées avant toute négociation.*"
)


def clause_name(finding: Finding) -> str:
    if finding.clause is None:
        return "Ensemble du contrat"
    number, title = finding.clause.number, finding.clause.title
    if number is None:
        return "Préambule"
    head = f"Article {number}" if "." not in number else number
    return f"{head} — {title}" if title else head
