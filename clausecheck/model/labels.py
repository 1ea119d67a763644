"""The French names of the values users see: severities, contract types, sides, rule kinds."""

from __future__ import annotations

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
KIND_FR = {
    "matches": "clause présente",
    "absent": "clause absente",
    "requires": "clause incomplète",
    "coverage": "thèmes non couverts",
    "deletion": "protection supprimée",
}
