"""The report as a Word document counsel can edit and forward: headings, tables, references."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt
from docx.text.paragraph import Paragraph

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


def _label(paragraph: Paragraph, label: str, text: str) -> None:
    paragraph.add_run(f"{label} : ").bold = True
    paragraph.add_run(text)


def _quote(document: Document, text: str, spans: list[tuple[int, int]]) -> None:
    """The clause, in the quote style, matched words highlighted as Word highlights them."""
    paragraph = document.add_paragraph(style="Quote")
    cursor = 0
    for start, end in merge_spans(spans, text):
        paragraph.add_run(text[cursor:start])
        paragraph.add_run(text[start:end]).font.highlight_color = WD_COLOR_INDEX.YELLOW
        cursor = end
    paragraph.add_run(text[cursor:])


def _table(document: Document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _finding(document: Document, index: int, finding: Finding, side: Side) -> None:
    document.add_heading(f"{index}. {finding.title}", level=2)
    line = f"{SEVERITY_FR[finding.severity]} · {clause_name(finding)}"
    _label(
        document.add_paragraph(),
        "Gravité",
        line + (" · texte introduit par une modification suivie" if finding.inserted and not finding.revisions else ""),
    )
    if changes := revisions_fr(finding):
        _label(document.add_paragraph(), "Modification suivie", changes)
    if removed := removed_fr(finding):
        _label(document.add_paragraph(), "Protection retirée", removed)
    document.add_paragraph(finding.message)
    if finding.clause_text:
        _quote(document, finding.clause_text, finding.evidence.spans)
    elif finding.evidence.detail:
        _label(document.add_paragraph(), "Recherché sans succès", finding.evidence.detail)
    if finding.missing:
        _label(document.add_paragraph(), "Éléments absents", ", ".join(finding.missing))
    if finding.exposure:
        _label(document.add_paragraph(), "Exposition maximale", exposure_fr(finding.exposure))
    elif finding.exposure_note:
        _label(document.add_paragraph(), "Exposition", f"non calculée — {finding.exposure_note}")
    _label(document.add_paragraph(), "Analyse", finding.why)
    for i, part in enumerate(p for p in finding.advice.for_side(side).split("\n") if p.strip()):
        paragraph = document.add_paragraph()
        if i == 0:
            _label(paragraph, "Points de négociation", part.strip())
        else:
            paragraph.add_run(part.strip())
    document.add_paragraph().add_run("Références").bold = True
    for ref in finding.references:
        document.add_paragraph(ref.markdown(), style="List Bullet")


def _contract(document: Document, doc: DocumentReport, info: RunInfo) -> None:
    document.add_heading(doc.title or Path(doc.path).name, level=0)
    meta = doc.path + (f" · analysé le {date_fr(info.date)}" if info.date else "")
    document.add_paragraph(f"{meta} · point de vue : {SIDE_FR[info.side]}")
    if doc.status != "ok":
        _label(document.add_paragraph(), "Document non analysé", doc.error.message if doc.error else doc.status)
        return
    summary = digest(doc)
    document.add_paragraph().add_run(summary.verdict).bold = True
    if parties := parties_fr(doc):
        _label(document.add_paragraph(), "Parties", parties)
    reasons = type_reasons(doc)
    _label(document.add_paragraph(), "Type de contrat", type_names(doc) + (f" — {reasons}" if reasons else ""))
    if summary.exposure:
        _label(document.add_paragraph(), "Exposition maximale", summary.exposure)
    if doc.revision_authors:
        _label(document.add_paragraph(), "Modifications suivies de", ", ".join(doc.revision_authors))
    if doc.written_without_accents:
        _label(document.add_paragraph(), "Lecture", UNACCENTED_FR)
    if doc.findings:
        _table(document, [SEVERITY_FR[s] for s in SEVERITIES], [[str(summary.counts[s]) for s in SEVERITIES]])
    if summary.priorities:
        document.add_heading("À traiter en priorité", level=1)
        for finding in summary.priorities:
            action = first_sentence(finding.advice.for_side(info.side))
            document.add_paragraph(f"{finding.title} ({clause_name(finding)}) : {action}", style="List Number")
    if not doc.findings:
        return
    document.add_heading("Synthèse", level=1)
    rows = [[SEVERITY_FR[f.severity], clause_name(f), f.title] for f in doc.findings]
    _table(document, ["Gravité", "Clause", "Risque"], rows)
    document.add_heading("Constats", level=1)
    for index, finding in enumerate(doc.findings, 1):
        _finding(document, index, finding, info.side)


def render_word(docs: list[DocumentReport], info: RunInfo) -> bytes:
    """A .docx with one section per contract, then the scope, the disclaimer and the versions."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = "Analyse des risques"
    document.core_properties.author = "clausecheck"
    for i, doc in enumerate(d for d in docs if d.status != "skipped"):
        if i:
            document.add_page_break()
        _contract(document, doc, info)
    document.add_paragraph(SCOPE)
    document.add_paragraph(DISCLAIMER.strip("*"))
    document.add_paragraph(f"clausecheck {info.version} · règles {info.rules_version} · modèle {info.model}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
