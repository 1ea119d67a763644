"""The one walk over a .docx body, shared by the reader and the annotator.

It yields the blocks the checker reads (tracked insertions kept, deletions dropped, a
paragraph whose mark is deleted merged into the next one, tables one line per row with cells
joined by " | "). Asked to track runs, it also keeps, for each paragraph of the document
inside a block, where its text starts in the block's text and the run behind each character:
the annotator turns a finding's offsets into runs this way, on exactly the text the checker read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from clausecheck.model.document import Block
from clausecheck.model.revisions import Revision
from clausecheck.read.docx_styles import Numbering, Style, Styles, heading_level
from clausecheck.read.docx_xml import W, children, int_or_none, merge_continues, toggle, val
from clausecheck.text.headings import run_in_end
from clausecheck.text.normalize import normalize

RUN_CHARS = {f"{W}tab": " ", f"{W}ptab": " ", f"{W}br": " ", f"{W}cr": " ", f"{W}noBreakHyphen": "-"}
# Inline wrappers whose runs are visible text; anything else (w:del, w:moveFrom, comment
# marks, bookmarks, drawings, math) is skipped.
_INLINE_WRAPPERS = {
    f"{W}{t}" for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "bdo", "dir")
}
_INSERTIONS = {f"{W}ins", f"{W}moveTo"}
_MARK_DELETIONS = (f"{W}pPr/{W}rPr/{W}del", f"{W}pPr/{W}rPr/{W}moveFrom")

Pos = tuple[etree._Element, int]  # a run (w:r) and the offset of one character in its text


def run_text(run: etree._Element) -> str:
    """The visible text of one run, as the reader reads it.

    w:delText and w:instrText (field codes) are deliberately not read. Each run is normalised
    on its own so that a character of the block's text is a character of one run's text (a
    whole-paragraph pass could shift offsets).
    """
    return normalize(
        "".join((child.text or "") if child.tag == f"{W}t" else RUN_CHARS.get(child.tag, "") for child in run),
        keep_nbsp=True,
    )


@dataclass(frozen=True)
class Segment:
    """One paragraph of the document within a block: where its text starts, the run behind each character."""

    start: int
    chars: list[Pos]

    @property
    def end(self) -> int:
        return self.start + len(self.chars)


@dataclass
class WalkedBlock:
    block: Block
    segments: list[Segment] = field(default_factory=list)  # only when the walk tracks runs


class _Piece(NamedTuple):
    text: str
    bold: bool
    inserted: bool
    run: etree._Element
    change: etree._Element | None = None  # the w:ins holding the text, or the w:del of a deleted piece
    deleted: str = ""  # a deleted piece has no visible text: only the words the w:del removed


def _run_in(pieces: list[_Piece], text: str) -> int | None:
    """A run-in heading: the bold words opening the paragraph (after a typed number), closed by '.' or ':'."""
    emphasised = ""
    for piece in pieces:
        if piece.bold or (emphasised and not piece.text.strip()):
            emphasised += piece.text  # bold runs, and the spaces between them
        elif emphasised:
            break
    bold = normalize(emphasised, keep_nbsp=True).strip(" \t\r\n")
    start = text.find(bold) if bold else -1
    return run_in_end(text, start, start + len(bold)) if start >= 0 else None


class BodyWalker:
    """Reads a body with the document's styles and numbering; ``track`` keeps the runs."""

    def __init__(self, styles: Styles, numbering: Numbering, track: bool = False) -> None:
        self.styles = styles
        self.numbering = numbering
        self.track = track

    def walk(self, body: etree._Element) -> list[WalkedBlock]:
        """The blocks of ``body`` in reading order; numbering counts from the start on each walk."""
        self.numbering.restart()
        return self._blocks(body)

    def _blocks(self, container: etree._Element) -> list[WalkedBlock]:
        """Blocks of the body or of a table cell; empty ones are dropped."""
        blocks: list[WalkedBlock] = []
        carry: list[_Piece] = []  # text of paragraphs whose mark is deleted, awaiting the next one
        for el in children(container, {f"{W}p", f"{W}tbl"}):
            if el.tag == f"{W}tbl":
                blocks += [self._make(carry)] if carry else []
                carry = []
                blocks.append(self._table(el))
            elif any(el.find(path) is not None for path in _MARK_DELETIONS):
                carry += self._pieces(el)
            else:
                pieces = self._pieces(el)
                if any(p.deleted for p in pieces) and not "".join(p.text for p in pieces).strip():
                    carry += pieces  # every word deleted, the mark kept: the deletion reads with the next paragraph
                    continue
                blocks.append(self._paragraph(el, carry + pieces))
                carry = []
        blocks += [self._make(carry)] if carry else []
        return [walked for walked in blocks if walked.block.text.strip()]

    def _make(self, pieces: list[_Piece], label: str | None = None, level: int | None = None) -> WalkedBlock:
        visible = [piece for piece in pieces if piece.text.strip()]
        raw = "".join(piece.text for piece in pieces)
        text = normalize(raw, keep_nbsp=True).strip(" \t\r\n")
        bold = bool(visible) and all(p.bold for p in visible)
        block = Block(
            text=text,
            label=label,
            heading_level=level,
            bold=bold,
            run_in=None if bold else _run_in(pieces, text),
            inserted=any(piece.inserted for piece in visible),
        )
        block.revisions = _revisions(pieces, raw, block.text)
        if not self.track:
            return WalkedBlock(block)
        lead = len(raw) - len(raw.lstrip(" \t\r\n"))
        if raw[lead:].rstrip(" \t\r\n") != block.text:
            return WalkedBlock(block)  # normalising across runs changed the text: no offsets to trust
        chars = [(piece.run, i) for piece in pieces for i in range(len(piece.text))]
        return WalkedBlock(block, [Segment(0, chars[lead : lead + len(block.text)])] if block.text else [])

    def _paragraph(self, p: etree._Element, pieces: list[_Piece]) -> WalkedBlock:
        ppr = p.find(f"{W}pPr")
        style_id = val(ppr, "pStyle") or self.styles.default_paragraph
        chain = self.styles.chain(style_id)
        return self._make(pieces, self._label(ppr, chain, style_id), heading_level(ppr, chain))

    def _label(self, ppr: etree._Element | None, chain: list[Style], style_id: str | None) -> str | None:
        """Number from direct w:numPr, else from the paragraph style chain; numId 0 = none."""
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = val(numpr, "numId"), int_or_none(val(numpr, "ilvl"))
        from_style = num_id is None
        num_id = num_id or next((s.num_id for s in chain if s.num_id), None)
        if ilvl is None and from_style:
            ilvl = next((s.ilvl for s in chain if s.ilvl is not None), None)
            ilvl = self.numbering.style_level(num_id, style_id) if ilvl is None and num_id else ilvl
        if not num_id or num_id == "0":
            return None
        return self.numbering.label(num_id, ilvl or 0)

    def _pieces(self, p: etree._Element) -> list[_Piece]:
        paragraph_bold = self.styles.bold(val(p.find(f"{W}pPr"), "pStyle") or self.styles.default_paragraph)
        pieces: list[_Piece] = []
        self._walk(p, False, self.styles.default_bold if paragraph_bold is None else paragraph_bold, pieces)
        return pieces

    def _walk(
        self,
        parent: etree._Element,
        inserted: bool,
        paragraph_bold: bool,
        out: list[_Piece],
        change: etree._Element | None = None,
    ) -> None:
        for child in parent:
            if child.tag == f"{W}r":
                rpr = child.find(f"{W}rPr")
                if toggle(rpr.find(f"{W}vanish") if rpr is not None else None):
                    continue  # hidden text
                bold = toggle(rpr.find(f"{W}b") if rpr is not None else None)
                bold = self.styles.bold(val(rpr, "rStyle")) if bold is None else bold
                out.append(_Piece(run_text(child), paragraph_bold if bold is None else bold, inserted, child, change))
            elif child.tag == f"{W}ins":
                self._walk(child, True, paragraph_bold, out, child)
            elif child.tag in _INSERTIONS:
                # A move (w:moveTo) reads as inserted text but changes no wording: no author to report.
                self._walk(child, True, paragraph_bold, out)
            elif child.tag in _INLINE_WRAPPERS:
                self._walk(child, inserted, paragraph_bold, out, change)
            elif child.tag == f"{W}del":
                words = "".join(_deleted_text(run) for run in child.iter(f"{W}r"))
                if words.strip():
                    out.append(_Piece("", paragraph_bold, False, child, child, words))

    def _table(self, table: etree._Element) -> WalkedBlock:
        """A table kept as cells; nested tables' rows follow their row."""
        rows: list[list[str]] = []
        segments: list[Segment] = []
        revisions: list[Revision] = []
        inserted = False
        next_line = 0  # where the next line starts in the table's text
        for row in children(table, {f"{W}tr"}):
            if row.find(f"{W}trPr/{W}del") is not None:
                continue  # deleted row
            cells: list[tuple[str, list[Segment], list[Revision]]] = []
            nested: list[WalkedBlock] = []
            for cell in children(row, {f"{W}tc"}):
                tcpr = cell.find(f"{W}tcPr")
                if merge_continues(tcpr, "hMerge"):
                    continue  # legacy horizontal merge: the first cell holds the text
                # A vertically merged cell continues the one above: an empty column, no repeat.
                walked = [] if merge_continues(tcpr, "vMerge") else self._blocks(cell)
                cells.append(_cell([w for w in walked if w.block.kind == "paragraph"]))
                nested += [w for w in walked if w.block.kind == "table"]
                inserted = inserted or any(w.block.inserted for w in walked)
            inserted = inserted or (row.find(f"{W}trPr/{W}ins") is not None and any(text for text, *_ in cells))
            if any(text for text, *_ in cells):
                at = next_line
                for text, cell_segments, cell_revisions in cells:
                    segments += [Segment(at + s.start, s.chars) for s in cell_segments]
                    revisions += [r.shifted(at) for r in cell_revisions]
                    at += len(text) + len(" | ")
                rows.append([text for text, *_ in cells])
                next_line = at - len(" | ") + 1
            for walked_table in nested:
                segments += [Segment(next_line + s.start, s.chars) for s in walked_table.segments]
                revisions += [r.shifted(next_line) for r in walked_table.block.revisions]
                rows += walked_table.block.rows
                next_line += len(walked_table.block.text) + 1
        table_block = Block.table(rows, inserted)
        table_block.revisions = revisions
        return WalkedBlock(table_block, segments)


def _cell(paragraphs: list[WalkedBlock]) -> tuple[str, list[Segment], list[Revision]]:
    """A cell's text (its paragraphs, automatic numbers included, joined by spaces), their segments and changes."""
    parts: list[str] = []
    segments: list[Segment] = []
    revisions: list[Revision] = []
    at = 0
    for walked in paragraphs:
        prefix = f"{walked.block.label} " if walked.block.label else ""
        segments += [Segment(at + len(prefix) + s.start, s.chars) for s in walked.segments]
        revisions += [r.shifted(at + len(prefix)) for r in walked.block.revisions]
        parts.append(prefix + walked.block.text)
        at += len(parts[-1]) + 1
    return " ".join(parts), segments, revisions


def _deleted_text(run: etree._Element) -> str:
    """The words of a deleted run (w:delText), as ``run_text`` reads a visible one."""
    return "".join((child.text or "") if child.tag == f"{W}delText" else RUN_CHARS.get(child.tag, "") for child in run)


def _revisions(pieces: list[_Piece], raw: str, text: str) -> list[Revision]:
    """The tracked insertions and deletions of a block, offsets in its (normalised, stripped) ``text``.

    Consecutive pieces of one w:ins or w:del are one change. When normalising left the raw text
    as it was (the usual case), offsets carry over exactly; otherwise the normalised length of
    the raw text before the change places it, close enough to tell which words it touches.
    """
    lead = len(raw) - len(raw.lstrip(" \t\r\n"))
    exact = raw[lead:].rstrip(" \t\r\n") == text

    def place(at: int) -> int:
        moved = at - lead if exact else len(normalize(raw[:at], keep_nbsp=True).lstrip(" \t\r\n"))
        return max(0, min(len(text), moved))

    groups: list[_Change] = []
    at = 0
    for piece in pieces:
        start, at = at, at + len(piece.text)
        if piece.change is None:
            continue
        if groups and groups[-1].element is piece.change and groups[-1].end == start:
            groups[-1].end = at
            groups[-1].deleted += piece.deleted
        else:
            groups.append(_Change(piece.change, start, at, piece.deleted))
    found: list[Revision] = []
    for change in groups:
        words = " ".join(normalize(change.deleted or raw[change.start : change.end]).split())
        if words:
            found.append(
                Revision(
                    kind="deletion" if change.element.tag == f"{W}del" else "insertion",
                    text=words,
                    author=change.element.get(f"{W}author") or None,
                    date=change.element.get(f"{W}date") or None,
                    start=place(change.start),
                    end=place(change.end),
                )
            )
    return found


@dataclass
class _Change:
    """Consecutive pieces of one w:ins or w:del: where they sit in the raw text, and the words deleted."""

    element: etree._Element
    start: int
    end: int
    deleted: str
