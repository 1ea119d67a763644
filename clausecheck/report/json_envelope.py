"""The JSON envelope: every contract of a run in one object, stable key order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from clausecheck.model.findings import DocumentReport, Finding, Side
from clausecheck.report.run_info import RunInfo

SCHEMA_VERSION = 1


def finding_json(finding: Finding, side: Side) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "title": finding.title,
        "clause": finding.clause.model_dump() if finding.clause else None,
        "excerpt": finding.excerpt,
        "message": finding.message,
        "recommendation": finding.advice.for_side(side),
        "references": [r.model_dump(exclude_none=True) for r in finding.references],
    }
    if finding.inserted:
        data["inserted"] = True
    if finding.revisions:
        data["revisions"] = [r.model_dump(exclude_none=True) for r in finding.revisions]
    if finding.exposure:
        data["exposure"] = finding.exposure.model_dump()
    if finding.exposure_note:
        data["exposure_note"] = finding.exposure_note
    if finding.missing:
        data["missing"] = finding.missing
    data["evidence"] = finding.evidence.model_dump(exclude_none=True)
    if finding.location:
        data["location"] = finding.location.model_dump()
    return data


def document_json(doc: DocumentReport, side: Side) -> dict[str, Any]:
    return {
        "path": doc.path,
        "status": doc.status,
        "error": doc.error.model_dump() if doc.error else None,
        "title": doc.title,
        "contract_types": doc.contract_types,
        "types_determined": doc.types_determined,
        "type_scores": doc.type_scores,
        "type_evidence": [e.model_dump() for e in doc.type_evidence],
        "findings": [finding_json(f, side) for f in doc.findings],
        "rules_not_applicable": doc.rules_not_applicable,
        "revision_authors": doc.revision_authors,
        "parties": [p.model_dump() for p in doc.parties],
    }


def render_json(docs: list[DocumentReport], info: RunInfo) -> str:
    return "".join(json_chunks(docs, info))


def json_chunks(docs: list[DocumentReport], info: RunInfo) -> Iterator[str]:
    """The envelope in pieces, one per document, to print as they are made.

    json's indenting encoder is pure Python and holds every piece of its output in a list:
    for a batch of 1 000 contracts, several times the size of the text at once.
    """
    envelope = {
        "schema_version": SCHEMA_VERSION,
        "tool": {
            "name": "clausecheck",
            "version": info.version,
            "rules_version": info.rules_version,
            "model": info.model,
        },
        "date": info.date,
        "side": info.side,
        "documents": [],
    }
    head = json.dumps(envelope, ensure_ascii=False, indent=2)
    if not docs:
        yield head + "\n"
        return
    yield head.removesuffix("[]\n}") + "["
    for index, doc in enumerate(docs):
        text = json.dumps(document_json(doc, info.side), ensure_ascii=False, indent=2)
        # indented as a member of the envelope's "documents" list
        yield (",\n" if index else "\n") + "\n".join("    " + line for line in text.split("\n"))
    yield "\n  ]\n}\n"
