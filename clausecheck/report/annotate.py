"""Write an annotated copy of a Word draft: each finding becomes a Word comment on its risky words.

The copy keeps everything of the original (formatting, numbering, tracked changes, earlier
comments, headers and footers): the only edits are runs cut in two at the edges of the risky
words, the comment range marks and reference runs, and the new entries of the comments part.

Locating the words: the findings' offsets index the clause text that ``read_docx`` and
``segment`` build. The body is re-read the same way, and the XML is walked in parallel, keeping
for every character of each block the run it comes from, so an offset leads to a run and a
position in it, even when the run sits in a tracked insertion (``w:ins``). Deleted text is not
part of that view, exactly as for the checker.
"""

from __future__ import annotations

import copy
import io
import os
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from clausecheck.model.document import Block, Clause, ContractText
from clausecheck.model.findings import DocumentReport, Finding, Side
from clausecheck.model.labels import SEVERITY_FR
from clausecheck.read.docx import (
    _INLINE_WRAPPERS,
    _INSERTIONS,
    _MARK_DELETIONS,
    _RUN_CHARS,
    W,
    _children,
    _merge_continues,
    _run_text,
    _toggle,
    read_docx,
)
from clausecheck.report.files import write_atomic
from clausecheck.report.labels import exposure_fr
from clausecheck.segment import segment

AUTHOR, INITIALS = "clausecheck", "CC"
_P, _R, _T, _TBL, _RPR = f"{W}p", f"{W}r", f"{W}t", f"{W}tbl", f"{W}rPr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_Pos = tuple[etree._Element, int]  # a run and the offset of one character in its text
_Anchor = tuple[_Pos, _Pos]  # first and last character commented on


@dataclass
class _Unit:
    """A block of the body as read_docx sees it, with the run behind each character."""

    text: str  # equals Block.text for a paragraph; unused for a table
    chars: list[_Pos]
    cells: list[_Unit] | None = None  # a table's paragraphs, in reading order


def annotate_docx(source: Path, target: Path, report: DocumentReport, side: Side) -> int:
    """Write ``source`` with one Word comment per finding to ``target``; return the comments added.

    Raises ``ValueError`` if ``target`` is ``source`` (the draft is never written to).
    """
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve() or (target.exists() and os.path.samefile(source, target)):
        raise ValueError(f"la copie annotée doit être un autre fichier que l'original : {source}")
    data, added = annotated_copy(source.read_bytes(), report, side)
    write_atomic(target, data)
    return added


def annotated_copy(draft: bytes, report: DocumentReport, side: Side) -> tuple[bytes, int]:
    """The draft with one Word comment per finding, and the number of comments added.

    Clause findings are anchored on their matched words; absence findings share one comment on
    the document title. Raises ``ReadError`` if the draft cannot be read.
    """
    blocks = read_docx(draft)
    contract = segment(blocks, report.path)
    document = docx.Document(io.BytesIO(draft))
    body = document.element.body
    added = 0
    for finding in report.findings:
        if finding.clause is None:
            continue
        units = _units(body)  # afresh: the previous comment may have cut runs in two
        anchor = _clause_anchor(finding, contract, blocks, units) or _title_anchor(units)
        if anchor is not None:
            _add_comment(document, anchor, finding_comment(finding, side))
            added += 1
    absent = [f for f in report.findings if f.clause is None]
    anchor = _title_anchor(_units(body)) if absent else None
    if anchor is not None:
        _add_comment(document, anchor, absence_comment(absent, side))
        added += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), added


# --- comment text ------------------------------------------------------------------------


def finding_comment(finding: Finding, side: Side) -> str:
    """What the report says of the finding, one paragraph per line, short enough for Word's margin."""
    recommendation = [part.strip() for part in finding.advice.for_side(side).split("\n") if part.strip()]
    lines = [f"Gravité : {SEVERITY_FR[finding.severity]} — {finding.title}", f"Risque : {finding.message}"]
    if finding.missing:
        lines.append("Éléments absents : " + ", ".join(finding.missing))
    if finding.exposure:
        lines.append(f"Exposition maximale : {exposure_fr(finding.exposure, when=False)}")
    elif finding.exposure_note:
        lines.append(f"Exposition non calculée : {finding.exposure_note}")
    if finding.inserted:
        lines.append("Texte introduit par une modification suivie.")
    lines.append(f"À négocier : {recommendation[0] if recommendation else ''}")
    lines += recommendation[1:]  # the suggested wording, when the rule has one
    lines += [f"Référence : {ref.citation} — {ref.status_fr()}" for ref in finding.references]
    return "\n".join(lines)


def absence_comment(findings: list[Finding], side: Side) -> str:
    """One paragraph per missing item: what is missing, what to negotiate, its references."""
    lines = ["Absent du contrat :"]
    for finding in findings:
        advice = finding.advice.for_side(side).strip().split("\n")[0].strip()
        lines.append(f"• {SEVERITY_FR[finding.severity]} — {finding.title} : {advice}")
        refs = "; ".join(f"{ref.citation} ({ref.status_fr()})" for ref in finding.references)
        if refs:
            lines.append(f"  Références : {refs}")
    return "\n".join(lines)


# --- reading the body as read_docx does, keeping the runs --------------------------------


def _units(container: etree._Element) -> list[_Unit]:
    """Mirror of read_docx's ``_BodyReader.blocks``: same order, merges and empty blocks dropped."""
    units: list[_Unit] = []
    carry: list[tuple[etree._Element, str]] = []  # paragraphs whose mark is deleted merge into the next one
    for el in _children(container, {_P, _TBL}):
        if el.tag == _TBL:
            units += [_paragraph_unit(carry)] if carry else []
            carry = []
            units.append(_table_unit(el))
        elif any(el.find(path) is not None for path in _MARK_DELETIONS):
            carry += _pieces(el)
        else:
            units.append(_paragraph_unit(carry + _pieces(el)))
            carry = []
    units += [_paragraph_unit(carry)] if carry else []
    return [u for u in units if (u.text.strip() if u.cells is None else u.cells)]


def _pieces(parent: etree._Element) -> list[tuple[etree._Element, str]]:
    """Visible runs and their text, as read_docx's ``_walk`` reads them."""
    out: list[tuple[etree._Element, str]] = []
    for child in parent:
        if child.tag == _R:
            rpr = child.find(_RPR)
            if not _toggle(rpr.find(f"{W}vanish") if rpr is not None else None):
                out.append((child, _run_text(child)))
        elif child.tag in _INSERTIONS or child.tag in _INLINE_WRAPPERS:
            out += _pieces(child)
    return out


def _paragraph_unit(pieces: list[tuple[etree._Element, str]]) -> _Unit:
    raw = "".join(text for _, text in pieces)
    chars = [(run, i) for run, text in pieces for i in range(len(text))]
    lead = len(raw) - len(raw.lstrip(" \t\r\n"))
    text = raw.strip(" \t\r\n")
    return _Unit(text, chars[lead : lead + len(text)])


def _table_unit(table: etree._Element) -> _Unit:
    """The paragraphs of the cells read_docx reads (not deleted rows, not merged continuations)."""
    cells: list[_Unit] = []
    for row in _children(table, {f"{W}tr"}):
        if row.find(f"{W}trPr/{W}del") is not None:
            continue
        for cell in _children(row, {f"{W}tc"}):
            tcpr = cell.find(f"{W}tcPr")
            if _merge_continues(tcpr, "hMerge") or _merge_continues(tcpr, "vMerge"):
                continue
            for unit in _units(cell):
                cells += [unit] if unit.cells is None else unit.cells
    return _Unit("", [], cells)


def _paragraphs(units: list[_Unit]) -> list[_Unit]:
    return [p for u in units for p in ([u] if u.cells is None else u.cells) if p.chars]


# --- where a finding goes ----------------------------------------------------------------


def anchor_span(finding: Finding) -> tuple[int, int] | None:
    """The anchored part of ``clause_text``: from the first matched word to the last matched word
    of the same paragraph (a comment has one range; the risk usually reads within one sentence)."""
    text = finding.clause_text or ""
    spans = sorted((max(a, 0), min(b, len(text))) for a, b in finding.evidence.spans if a < b)
    spans = [(a, b) for a, b in spans if a < b]
    if not spans:
        return None
    start = spans[0][0]
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    end = len(text[: max((min(b, line_end) for a, b in spans if a < line_end), default=start)].rstrip())
    return (start, end) if start < end else None


def _clause_anchor(finding: Finding, contract: ContractText, blocks: list[Block], units: list[_Unit]) -> _Anchor | None:
    ref = finding.clause
    clause = next(
        (
            c
            for c in contract.clauses
            if ref is not None and (c.number, c.title, c.text) == (ref.number, ref.title, finding.clause_text)
        ),
        None,
    )
    if clause is None or not _aligned(units, blocks):
        return _search(finding, units)  # not the draft the report was made from: best effort
    starts = _line_starts(blocks)
    span = anchor_span(finding)
    # In a table the range may cross cells: then the first matched words alone.
    tries = [span, min(finding.evidence.spans)] if span is not None else []
    for a, b in tries:
        located = _locate(units, blocks, starts, clause.start + a, clause.start + b)
        if located is not None:
            return located
    return _first_paragraph(units, starts, clause)


def _aligned(units: list[_Unit], blocks: list[Block]) -> bool:
    """The walk above found read_docx's blocks; offsets can be trusted."""
    return len(units) == len(blocks) and all(
        (u.cells is None) == (b.kind == "paragraph") and (u.cells is not None or u.text == b.text)
        for u, b in zip(units, blocks, strict=True)
    )


def _line_starts(blocks: list[Block]) -> list[int]:
    """Where each block's line starts in segment's full text (lines joined by newlines)."""
    starts, offset = [], 0
    for block in blocks:
        starts.append(offset)
        offset += len(_prefix(block)) + len(block.text) + 1
    return starts


def _prefix(block: Block) -> str:
    label = (block.label or "").strip()  # as segment.block_line writes it
    return f"{label} " if label else ""


def _locate(units: list[_Unit], blocks: list[Block], starts: list[int], a: int, b: int) -> _Anchor | None:
    i = bisect_right(starts, a) - 1
    block, unit = blocks[i], units[i]
    skip = starts[i] + len(_prefix(block))
    s, e = max(a - skip, 0), min(b - skip, len(block.text))  # an automatic number has no run
    if e <= s:
        return None
    if unit.cells is None:
        return unit.chars[s], unit.chars[e - 1]
    # A table's text joins cells with " | ": find the same occurrence of the words in its cells.
    words = block.text[s:e]
    rank = block.text.count(words, 0, s)
    for cell in unit.cells:
        at = cell.text.find(words)
        while at >= 0:
            if rank == 0:
                return cell.chars[at], cell.chars[at + len(words) - 1]
            rank -= 1
            at = cell.text.find(words, at + 1)
    return None


def _first_paragraph(units: list[_Unit], starts: list[int], clause: Clause) -> _Anchor | None:
    """The clause's first body paragraph, or its heading when the body is empty."""
    offset = clause.start if clause.text else max(clause.start - 1, 0)
    paragraphs = _paragraphs([units[bisect_right(starts, offset) - 1]])
    return (paragraphs[0].chars[0], paragraphs[0].chars[-1]) if paragraphs else None


def _search(finding: Finding, units: list[_Unit]) -> _Anchor | None:
    """Fallback by text: the words in a paragraph of the clause, else its first paragraph."""
    text = finding.clause_text or ""
    span = anchor_span(finding)
    words = text[span[0] : span[1]] if span else ""
    own = [p for p in _paragraphs(units) if p.text.strip() and p.text in text]
    for paragraph in own:
        at = paragraph.text.find(words) if words else -1
        if at >= 0:
            return paragraph.chars[at], paragraph.chars[at + len(words) - 1]
    return (own[0].chars[0], own[0].chars[-1]) if own else None


def _title_anchor(units: list[_Unit]) -> _Anchor | None:
    """The document title: its first non-empty paragraph."""
    paragraphs = _paragraphs(units)
    return (paragraphs[0].chars[0], paragraphs[0].chars[-1]) if paragraphs else None


# --- writing -----------------------------------------------------------------------------


def _add_comment(document: Document, anchor: _Anchor, text: str) -> None:
    """Comment on exactly the characters from ``anchor[0]`` to ``anchor[1]`` (inclusive).

    python-docx's ``add_comment`` would put the reference run right after the last run, i.e.
    inside a ``w:ins`` when the words are inserted text; the reference would then count as part
    of someone else's tracked insertion. So the marks are placed here: the range hugs the words
    wherever they are, the reference run goes after the paragraph-level element holding them.
    """
    (first_run, first_at), (last_run, last_at) = anchor
    _split(last_run, last_at + 1)
    start = _split(first_run, first_at)
    end = start if first_run is last_run else last_run
    comment_id = str(document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS).comment_id)
    start.addprevious(OxmlElement("w:commentRangeStart", attrs={qn("w:id"): comment_id}))
    range_end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): comment_id})
    end.addnext(range_end)
    holder = range_end
    while holder.getparent() is not None and holder.getparent().tag != _P:
        holder = holder.getparent()
    reference = OxmlElement("w:r")
    reference.append(OxmlElement("w:rPr"))
    reference[0].append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference.append(OxmlElement("w:commentReference", attrs={qn("w:id"): comment_id}))
    holder.addnext(reference)


def _split(run: etree._Element, at: int) -> etree._Element:
    """Cut ``run`` before its character ``at``; return the run that starts there.

    Both halves keep a copy of the run's properties, so the text looks the same. At either end
    of the run nothing is cut and ``run`` itself is returned.
    """
    if at <= 0 or at >= len(_run_text(run)):
        return run
    tail = copy.deepcopy(run)
    pos = 0
    for head_child, tail_child in zip(list(run), list(tail), strict=True):
        if head_child.tag == _RPR:
            continue
        size = len(head_child.text or "") if head_child.tag == _T else int(head_child.tag in _RUN_CHARS)
        if pos + size <= at:
            tail.remove(tail_child)
        elif pos >= at:
            run.remove(head_child)
        else:  # the w:t holding the cut
            head_child.text, tail_child.text = head_child.text[: at - pos], head_child.text[at - pos :]
            head_child.set(_XML_SPACE, "preserve")
            tail_child.set(_XML_SPACE, "preserve")
        pos += size
    run.addnext(tail)
    return tail
