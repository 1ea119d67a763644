"""The batch summary as CSV: one row per contract, riskiest first, for a spreadsheet."""

from __future__ import annotations

import csv
import io

from clausecheck.model.findings import DocumentReport
from clausecheck.report.digest import type_names

COLUMNS = ("fichier", "statut", "type de contrat", "elevee", "moyenne", "faible", "info", "risque_principal", "erreur")
STATUS_FR = {"ok": "analysé", "error": "erreur", "skipped": "ignoré"}


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(docs: list[DocumentReport]) -> str:
    """Semicolons and a byte-order mark, so Excel in a French locale opens it in columns."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for doc in sorted(docs, key=DocumentReport.risk_key):
        counts = doc.severity_counts()
        top = doc.top_finding()
        writer.writerow(
            [
                _cell(doc.path),
                STATUS_FR[doc.status],
                type_names(doc) if doc.status == "ok" else "",
                counts["high"],
                counts["medium"],
                counts["low"],
                counts["info"],
                _cell(top.title) if top else "",
                _cell(doc.error.message) if doc.error else "",
            ]
        )
    return buffer.getvalue()
