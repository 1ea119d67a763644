"""The HTML report: one self-contained, accessible page per contract (or batch), printable on A4.

No external asset: the style sheet is inlined, so the file can be mailed, archived or
opened offline; the upload page shows the same HTML.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from clausecheck.model.findings import DocumentReport, Finding, Side
from clausecheck.model.labels import SEVERITY_FR, SIDE_FR
from clausecheck.report.digest import (
    SEVERITIES,
    UNACCENTED_FR,
    digest,
    first_sentence,
    parties_fr,
    type_names,
    type_reasons,
)
from clausecheck.report.labels import (
    DISCLAIMER,
    SCOPE,
    clause_name,
    date_fr,
    exposure_fr,
    merge_spans,
    removed_fr,
    revisions_fr,
)
from clausecheck.report.run_info import RunInfo
from clausecheck.ruleset.loader import RuleSet

_ENV = Environment(
    loader=PackageLoader("clausecheck.report", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_CSS = files("clausecheck.report").joinpath("templates/style.css").read_text(encoding="utf-8")


def highlight(text: str, spans: list[tuple[int, int]]) -> Markup:
    """The clause text, escaped, with the matched words in ``<mark>``."""
    out = Markup()
    cursor = 0
    for start, end in merge_spans(spans, text):
        out += escape(text[cursor:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        cursor = end
    return out + escape(text[cursor:])


def _finding(index: int, finding: Finding, side: Side) -> dict[str, Any]:
    exposure = None
    if finding.exposure:
        exposure = exposure_fr(finding.exposure)
    elif finding.exposure_note:
        exposure = f"non calculée — {finding.exposure_note}"
    return {
        "index": index,
        "severity": finding.severity,
        "severity_fr": SEVERITY_FR[finding.severity],
        "title": finding.title,
        "clause": clause_name(finding),
        "inserted": finding.inserted and not finding.revisions,
        "revisions": revisions_fr(finding),
        "removed": removed_fr(finding),
        "message": finding.message,
        "quote": highlight(finding.clause_text, finding.evidence.spans) if finding.clause_text else None,
        "searched": finding.evidence.detail,
        "missing": ", ".join(finding.missing),
        "exposure": exposure,
        "why": finding.why,
        "advice": finding.advice.for_side(side),
        "references": [
            {"citation": r.citation, "note": r.note, "url": r.url, "status": r.status, "status_fr": r.status_fr()}
            for r in finding.references
        ],
    }


def _rules(ids: list[str], ruleset: RuleSet) -> list[str]:
    return [f"{rule_id} — {rule.title}" if (rule := ruleset.get(rule_id)) else rule_id for rule_id in ids]


def _document(key: int, doc: DocumentReport, side: Side, ruleset: RuleSet) -> dict[str, Any]:
    summary = digest(doc)
    findings = [_finding(i, f, side) for i, f in enumerate(doc.findings, 1)]
    index_of = {id(f): i for i, f in enumerate(doc.findings, 1)}
    return {
        "key": key,
        "title": doc.title or Path(doc.path).name,
        "file": doc.path,
        "error": doc.error.message if doc.status != "ok" and doc.error else None,
        "digest": summary,
        "tone": "high" if summary.counts["high"] else "medium" if doc.findings else "clean",
        "parties": parties_fr(doc),
        "types": type_names(doc),
        "types_why": type_reasons(doc),
        "counts": [(SEVERITY_FR[s], summary.counts[s]) for s in SEVERITIES],
        "authors": ", ".join(doc.revision_authors),
        "reading": UNACCENTED_FR if doc.written_without_accents else None,
        "priorities": [
            {
                "index": index_of[id(f)],
                "title": f.title,
                "clause": clause_name(f),
                "action": first_sentence(f.advice.for_side(side)),
            }
            for f in summary.priorities
        ],
        "findings": findings,
        "clean": _rules(doc.rules_clean, ruleset),
        "not_applicable": _rules(doc.rules_not_applicable, ruleset),
    }


def render_html(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str:
    """One page for the given reports (one contract, or a batch one after the other)."""
    documents = [_document(i, d, info.side, ruleset) for i, d in enumerate(docs, 1) if d.status != "skipped"]
    title = documents[0]["title"] if len(documents) == 1 else f"{len(documents)} contrats"
    return _ENV.get_template("report.html.j2").render(
        documents=documents,
        title=title,
        info=info,
        css=Markup(_CSS),
        date=date_fr(info.date) if info.date else None,
        side=SIDE_FR[info.side],
        scope=SCOPE,
        disclaimer=DISCLAIMER.strip("*"),
    )


def render_html_index(docs: list[tuple[DocumentReport, str | None]], info: RunInfo) -> str:
    """The batch as one table, riskiest first, each contract linked to its report."""
    rows = []
    for doc, link in sorted(docs, key=lambda item: item[0].risk_key()):
        summary = digest(doc)
        status = {"ok": "analysé", "error": "non analysé", "skipped": "ignoré"}[doc.status]
        rows.append(
            {
                "name": doc.title or Path(doc.path).name,
                "link": link,
                "status": status + (f" : {doc.error.message}" if doc.error and doc.status != "ok" else ""),
                "types": type_names(doc) if doc.status == "ok" else "",
                "counts": [summary.counts[s] for s in SEVERITIES],
                "exposure": summary.exposure,
            }
        )
    return _ENV.get_template("index.html.j2").render(
        rows=rows,
        info=info,
        css=Markup(_CSS),
        date=date_fr(info.date) if info.date else None,
        side=SIDE_FR[info.side],
        severities=[SEVERITY_FR[s] for s in SEVERITIES],
        scope=SCOPE,
        disclaimer=DISCLAIMER.strip("*"),
    )
