"""The JSON envelope: every contract of a run in one object, stable key order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from clausecheck.model.findings import DocumentReport, Finding, Side
from clausecheck.report.json_text import indented
from clausecheck.report.run_info import RunInfo

SCHEMA_VERSION = 1


def finding_json(finding: Finding, side: Side) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "title": finding.title,
        # "section" only where it is true (number and title, having no default, are always written)
        "clause": finding.clause.model_dump(exclude_defaults=True) if finding.clause else None,
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
        "written_without_accents": doc.written_without_accents,
    }


def render_json(docs: list[DocumentReport], info: RunInfo) -> str:
    return "".join(json_chunks(docs, info))


def json_chunks(docs: Iterable[DocumentReport], info: RunInfo) -> Iterator[str]:
    """The envelope in pieces, one per document, to print as they are made (``docs`` may be
    reports still coming: each is encoded when it comes)."""
    index = -1
    for index, doc in enumerate(docs):
        if not index:
            yield envelope_head(info)
        yield document_chunk(doc, info.side, index)
    yield ENVELOPE_END if index >= 0 else empty_envelope(info)


def _envelope(info: RunInfo) -> str:
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
    return json.dumps(envelope, ensure_ascii=False, indent=2)


def empty_envelope(info: RunInfo) -> str:
    return _envelope(info) + "\n"


def envelope_head(info: RunInfo) -> str:
    """The envelope up to the opening of its "documents" list (it is the last key)."""
    return _envelope(info).removesuffix("[]\n}") + "["


def document_chunk(doc: DocumentReport, side: Side, index: int) -> str:
    """One document of the "documents" list, indented as there, after a comma but for the first.

    Documents are encoded one at a time, so that a batch's output is never held whole.
    """
    return document_separator(index) + document_json_text(doc, side)


def document_separator(index: int) -> str:
    """What comes before the ``index``-th document of the "documents" list."""
    return ",\n    " if index else "\n    "


def document_json_text(doc: DocumentReport, side: Side) -> str:
    """One document as the "documents" list holds it (its first line unindented): made where
    the document was checked, it is all the batch has to write."""
    return indented(document_json(doc, side), margin="    ")


ENVELOPE_END = "\n  ]\n}\n"
