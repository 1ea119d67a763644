"""Write an annotated copy of a Word draft: each finding becomes a Word comment on its risky words.

The copy keeps everything of the original (formatting, numbering, tracked changes, earlier
comments, headers and footers): the only edits are runs cut in two at the edges of the risky
words, the comment range marks and reference runs, and the new entries of the comments part.

Locating the words: each finding knows its clause and matched words as offsets in the
contract's full text. The body is walked by the reader's own walk (``read.docx_body``), which
keeps for every character of each block the run it comes from, so an offset leads to a run and
a position in it, even when the run sits in a tracked insertion (``w:ins``). Deleted text is not
part of that view, exactly as for the checker. Nothing is segmented again: the full text is the
blocks' lines joined, as the checker indexed it.
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

from clausecheck.model.findings import DocumentReport, Finding, Location, Side
from clausecheck.model.labels import SEVERITY_FR
from clausecheck.read.docx import body_walker
from clausecheck.read.docx_body import RUN_CHARS, Pos, Segment, WalkedBlock, run_text
from clausecheck.read.docx_xml import W
from clausecheck.report.files import write_atomic
from clausecheck.report.labels import exposure_fr, removed_fr, revisions_fr
from clausecheck.segment import block_line

AUTHOR, INITIALS = "clausecheck", "CC"
_P, _T, _RPR = f"{W}p", f"{W}t", f"{W}rPr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_Anchor = tuple[Pos, Pos]  # first and last character commented on


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
    walker = body_walker(draft)
    document = docx.Document(io.BytesIO(draft))
    body = document.element.body
    added = 0
    for finding in report.findings:
        if finding.clause is None:
            continue
        layout = _Layout.of(walker.walk(body))  # afresh: the previous comment may have cut runs in two
        anchor = _clause_anchor(finding, layout) or layout.title()
        if anchor is not None:
            _add_comment(document, anchor, finding_comment(finding, side))
            added += 1
    absent = [f for f in report.findings if f.clause is None]
    anchor = _Layout.of(walker.walk(body)).title() if absent else None
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
    if changes := revisions_fr(finding):
        lines.append(f"Modification suivie : {changes}")
    elif finding.inserted:
        lines.append("Texte introduit par une modification suivie.")
    if removed := removed_fr(finding):
        lines.append(f"Protection retirée : {removed}")
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


# --- where a finding goes ----------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """The draft's blocks as the checker read them, where each starts in the full text, and
    for each paragraph of the document the runs behind its characters."""

    blocks: list[WalkedBlock]
    starts: list[int]
    full_text: str

    @classmethod
    def of(cls, walked: list[WalkedBlock]) -> _Layout:
        kept = [w for w in walked if block_line(w.block).strip()]  # as the segmenter keeps them
        lines = [block_line(w.block) for w in kept]
        starts, offset = [], 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + 1
        return cls(kept, starts, "\n".join(lines))

    def paragraphs(self, blocks: list[WalkedBlock] | None = None) -> list[tuple[str, Segment]]:
        """Each paragraph's text and segment, in reading order."""
        return [
            (w.block.text[seg.start : seg.end], seg)
            for w in (self.blocks if blocks is None else blocks)
            for seg in w.segments
            if seg.chars
        ]

    def locate(self, a: int, b: int) -> _Anchor | None:
        """The runs of full-text characters ``a`` to ``b``, when one paragraph of the document holds them."""
        i = bisect_right(self.starts, a) - 1
        block = self.blocks[i].block
        skip = self.starts[i] + len(block_line(block)) - len(block.text)  # an automatic number has no run
        s, e = max(a - skip, 0), min(b - skip, len(block.text))
        if e <= s:
            return None
        # A table's range may not cross cells: each cell paragraph is a segment of its own.
        segment = next((seg for seg in self.blocks[i].segments if seg.start <= s and e <= seg.end), None)
        return None if segment is None else (segment.chars[s - segment.start], segment.chars[e - 1 - segment.start])

    def first_paragraph(self, location: Location, body: bool) -> _Anchor | None:
        """The clause's first body paragraph, or its heading when the body is empty."""
        offset = location.start if body else max(location.start - 1, 0)
        paragraphs = self.paragraphs([self.blocks[bisect_right(self.starts, offset) - 1]])
        return _whole(paragraphs[0][1]) if paragraphs else None

    def title(self) -> _Anchor | None:
        """The document title: its first non-empty paragraph."""
        paragraphs = self.paragraphs()
        return _whole(paragraphs[0][1]) if paragraphs else None


def _whole(segment: Segment) -> _Anchor:
    return segment.chars[0], segment.chars[-1]


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


def _clause_anchor(finding: Finding, layout: _Layout) -> _Anchor | None:
    location = finding.location
    text = finding.clause_text or ""
    if location is None or layout.full_text[location.start : location.end] != text:
        return _search(finding, layout)  # not the draft the report was made from: best effort
    span = anchor_span(finding)
    # In a table the range may cross cells: then the first matched words alone.
    tries = [span, min(finding.evidence.spans)] if span is not None else []
    for a, b in tries:
        located = layout.locate(location.start + a, location.start + b)
        if located is not None:
            return located
    return layout.first_paragraph(location, body=bool(text))


def _search(finding: Finding, layout: _Layout) -> _Anchor | None:
    """Fallback by text: the words in a paragraph of the clause, else its first paragraph."""
    text = finding.clause_text or ""
    span = anchor_span(finding)
    words = text[span[0] : span[1]] if span else ""
    own = [(par, seg) for par, seg in layout.paragraphs() if par.strip() and par in text]
    for paragraph, segment in own:
        at = paragraph.find(words) if words else -1
        if at >= 0:
            return segment.chars[at], segment.chars[at + len(words) - 1]
    return _whole(own[0][1]) if own else None


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
    if at <= 0 or at >= len(run_text(run)):
        return run
    tail = copy.deepcopy(run)
    pos = 0
    for head_child, tail_child in zip(list(run), list(tail), strict=True):
        if head_child.tag == _RPR:
            continue
        size = len(head_child.text or "") if head_child.tag == _T else int(head_child.tag in RUN_CHARS)
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
