"""Read the body of a .docx as its reader sees it: an ordered list of paragraph and table blocks.

What python-docx does not give, and this module does:

* the accepted view of tracked changes: ``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom``
  dropped. A paragraph whose mark is deleted merges into the next one, which lends it its
  style and number, as in Word once the change is accepted;
* the number Word displays in front of an auto-numbered paragraph (``label``, computed from
  numbering.xml), kept out of ``text``;
* bold and heading level resolved through the style chain (``w:basedOn``), from style *names*
  or outline levels, never style ids (French Word writes ids such as ``Titre1``). Bold's
  toggle semantics between paragraph and character styles are simplified: the nearest
  setting wins (run, then character style chain, then paragraph style chain, then defaults).

Only ``w:body`` is read: headers, footers, footnotes and comments live in other parts. Text
boxes and drawings inside the body are skipped too (``mc:AlternateContent`` repeats them).

Input safety: zipfile plus an lxml parser that resolves no entity and uses no network. A part
with a DOCTYPE is refused as "corrupt-file" (Word refuses those too), which also stops entity
bombs. Zip bombs get "too-large", not "corrupt-file": the archive is sound, the user must check
its origin. Limits: 200 MB of declared uncompressed size over all members, and a 100:1 ratio
for a part we decompress (document, styles, numbering) once over 1 MB; members never
decompressed (images) are not ratio-checked, so a blank BMP cannot reject a genuine contract.
Reads are bounded too, in case a header lies.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.text.normalize import normalize

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
DOCUMENT, STYLES, NUMBERING = "word/document.xml", "word/styles.xml", "word/numbering.xml"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_MARKS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)


def read_docx(data: bytes) -> list[Block]:
    """Paragraphs and tables of the document body, in order; raises ``ReadError`` on bad input."""
    parts = _load_parts(data)
    body = parts[DOCUMENT].find(f"{W}body")
    if body is None:
        raise ReadError.of("docx-no-document")
    styles = _Styles(parts.get(STYLES))
    return _BodyReader(styles, _Numbering(parts.get(NUMBERING), styles)).blocks(body)


# --- package ---------------------------------------------------------------------------


def _load_parts(data: bytes) -> dict[str, etree._Element]:
    _check_bytes(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename.lower(): info for info in archive.infolist()}
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise ReadError.of("too-large")
            if DOCUMENT not in members:
                raise ReadError.of("docx-no-document")
            return {name: _parse(archive, members[name]) for name in (DOCUMENT, STYLES, NUMBERING) if name in members}
    except _ZIP_ERRORS as exc:  # BadZipFile, bad CRC, truncated or bad deflate stream, …
        raise ReadError.of("docx-not-zip") from exc


def _check_bytes(data: bytes) -> None:
    """Errors that the file's size and first bytes tell: too big, OLE container."""
    if len(data) > MAX_UNCOMPRESSED:
        raise ReadError.of("too-large")
    if data.startswith(OLE_MAGIC):
        # Encrypted .docx files are OLE containers too; only their stream names tell them apart.
        raise ReadError.of("docx-encrypted" if any(mark in data for mark in ENCRYPTED_MARKS) else "legacy-doc")


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> etree._Element:
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ReadError.of("too-large")
    with archive.open(info) as member:
        data = member.read(MAX_UNCOMPRESSED + 1)
    if len(data) > MAX_UNCOMPRESSED:
        raise ReadError.of("too-large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.LxmlError as exc:
        raise ReadError.of("docx-bad-xml") from exc
    if root.getroottree().docinfo.doctype:
        raise ReadError.of("docx-doctype")
    if etree.QName(root).namespace == STRICT_NS:
        raise ReadError.of("docx-strict")
    return root


# --- small XML helpers -----------------------------------------------------------------


def _val(parent: etree._Element | None, tag: str) -> str | None:
    child = parent.find(f"{W}{tag}") if parent is not None else None
    return child.get(f"{W}val") if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _toggle(element: etree._Element | None) -> bool | None:
    """On/off property (``w:b``): absent → None; present without val → on."""
    if element is None:
        return None
    return element.get(f"{W}val", "true").lower() not in {"0", "false", "off"}


def _merge_continues(tcpr: etree._Element | None, tag: str) -> bool:
    """A w:vMerge/w:hMerge without val="restart" continues the previous cell."""
    merge = tcpr.find(f"{W}{tag}") if tcpr is not None else None
    return merge is not None and merge.get(f"{W}val") != "restart"


def _children(parent: etree._Element, tags: set[str]) -> Iterator[etree._Element]:
    """Children with these tags, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _children(child, tags)


# --- styles ----------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"(?:heading|titre)\s*([1-9])", re.IGNORECASE)
_TITLE_NAMES = {"title", "titre"}


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_bold = False
        if root is None:
            return
        for el in root.iter(f"{W}style"):
            ppr, numpr = el.find(f"{W}pPr"), el.find(f"{W}pPr/{W}numPr")
            sid = el.get(f"{W}styleId", "")
            self.by_id[sid] = _Style(
                name=(_val(el, "name") or sid).strip(),
                based_on=_val(el, "basedOn"),
                bold=_toggle(el.find(f"{W}rPr/{W}b")),
                outline=_int(_val(ppr, "outlineLvl")),
                num_id=_val(numpr, "numId"),
                ilvl=_int(_val(numpr, "ilvl")),
            )
            if el.get(f"{W}type") == "paragraph" and el.get(f"{W}default") in ("1", "true", "on"):
                self.default_paragraph = sid  # applies to paragraphs without w:pStyle
        self.default_bold = bool(_toggle(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}b")))

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            chain.append(self.by_id[style_id])
            style_id = chain[-1].based_on
        return chain

    def bold(self, style_id: str | None) -> bool | None:
        return next((s.bold for s in self.chain(style_id) if s.bold is not None), None)


def _heading_level(ppr: etree._Element | None, chain: list[_Style]) -> int | None:
    """Level from direct outline level, else the style chain (name 'heading N' or outline)."""
    direct = _int(_val(ppr, "outlineLvl"))
    if direct is not None:
        return direct + 1 if 0 <= direct < 9 else None  # 9 is Word's "body text"
    if chain and chain[0].name.lower() in _TITLE_NAMES:
        return None  # the document title, not an article
    for style in chain:
        match = _HEADING_NAME.fullmatch(style.name)
        if match:
            return int(match.group(1))
        if style.outline is not None:
            return style.outline + 1 if 0 <= style.outline < 9 else None
    return None


# --- numbering -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    style: str | None = None


@dataclass(frozen=True)
class _Num:
    abstract: str
    levels: dict[int, _Level]  # w:lvlOverride/w:lvl
    starts: dict[int, int]  # w:lvlOverride/w:startOverride


def _level(el: etree._Element) -> _Level:
    return _Level(
        start=_int(_val(el, "start")) or 0,  # omitted w:start means 0 (ECMA-376 17.9.26)
        fmt=_val(el, "numFmt") or "decimal",
        text=_val(el, "lvlText"),
        restart=_int(_val(el, "lvlRestart")),
        legal=bool(_toggle(el.find(f"{W}isLgl"))),
        style=_val(el, "pStyle"),
    )


def _levels(parent: etree._Element) -> dict[int, _Level]:
    return {_int(lvl.get(f"{W}ilvl")) or 0: _level(lvl) for lvl in parent.findall(f"{W}lvl")}


class _Numbering:
    """numbering.xml plus the counters, which advance as paragraphs are read in order."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum → numbering style (w:numStyleLink)
        self.nums: dict[str, _Num] = {}
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for el in root.iter(f"{W}abstractNum"):
            aid = el.get(f"{W}abstractNumId", "")
            self.abstracts[aid] = _levels(el)
            self.links[aid] = _val(el, "numStyleLink") or ""
        for el in root.iter(f"{W}num"):
            overrides = el.findall(f"{W}lvlOverride")
            self.nums[el.get(f"{W}numId", "")] = _Num(
                abstract=_val(el, "abstractNumId") or "",
                levels={k: v for o in overrides for k, v in _levels(o).items()},
                starts={
                    _int(o.get(f"{W}ilvl")) or 0: _int(_val(o, "startOverride")) or 0
                    for o in overrides
                    if o.find(f"{W}startOverride") is not None
                },
            )

    def _abstract(self, num: _Num) -> str:
        """Follow list-style links (abstractNum → style → num → abstractNum) to the definition."""
        aid = num.abstract
        for _ in range(5):
            style = self.styles.by_id.get(self.links.get(aid, ""))
            target = self.nums.get(style.num_id or "") if style else None
            if target is None:
                break
            aid = target.abstract
        return aid

    def style_level(self, num_id: str, style_id: str | None) -> int:
        """Level linked to a paragraph style (``w:lvl/w:pStyle``), when the style gave no ilvl."""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(self._abstract(num), {}) if num else {}
        return next((k for k, lvl in levels.items() if style_id and lvl.style == style_id), 0)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for this paragraph and render its number ('%1.%2' → '9.2')."""
        num = self.nums.get(num_id)
        if num is None or not 0 <= ilvl < 9:
            return None
        aid = self._abstract(num)
        levels = {**self.abstracts.get(aid, {}), **num.levels}
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.used:  # a restart ("startOverride") takes effect on first use
            self.used.add(num_id)
            for k in num.starts:
                counters[k] = None
        current = counters[ilvl]
        counters[ilvl] = self._start(num, levels, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            # Word reads lvlRestart from the abstract definition only; 0 means never restart.
            restart = self.abstracts.get(aid, {}).get(deeper, _Level()).restart
            if restart is None or ilvl < restart:
                counters[deeper] = None
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet" or not level.text:
            return None

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] if counters[k] is not None else self._start(num, levels, k)
            fmt = "decimal" if level.legal else levels.get(k, _Level()).fmt
            return _format_number(value or 0, fmt)

        return re.sub(r"%([1-9])", render, level.text).strip() or None

    @staticmethod
    def _start(num: _Num, levels: dict[int, _Level], k: int) -> int:
        return num.starts.get(k, levels[k].start if k in levels else 1)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, number)
        out += letters * count
    return out


def _format_number(value: int, fmt: str) -> str:
    # Bounds keep a hostile w:start (say 10**11) from building a gigabyte of "M"s.
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        return _roman(value) if fmt == "upperRoman" else _roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter") and 0 < value <= 780:
        letters = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # Z, AA, BB…
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return "" if fmt in ("none", "bullet") else str(value)


# --- body --------------------------------------------------------------------------------


class _Piece(NamedTuple):
    text: str
    bold: bool
    inserted: bool


_RUN_CHARS = {f"{W}tab": " ", f"{W}ptab": " ", f"{W}br": " ", f"{W}cr": " ", f"{W}noBreakHyphen": "-"}
# Inline wrappers whose runs are visible text; anything else (w:del, w:moveFrom, comment
# marks, bookmarks, drawings, math) is skipped.
_INLINE_WRAPPERS = {
    f"{W}{t}" for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "bdo", "dir")
}
_INSERTIONS = {f"{W}ins", f"{W}moveTo"}
_MARK_DELETIONS = (f"{W}pPr/{W}rPr/{W}del", f"{W}pPr/{W}rPr/{W}moveFrom")


def _run_text(run: etree._Element) -> str:
    # w:delText and w:instrText (field codes) are deliberately not read. Each run is
    # normalised on its own so that the annotator, which reads runs with this function,
    # finds the same text as the reader (a whole-paragraph pass would shift its offsets).
    return normalize(
        "".join((child.text or "") if child.tag == f"{W}t" else _RUN_CHARS.get(child.tag, "") for child in run),
        keep_nbsp=True,
    )


def _make_block(pieces: list[_Piece], label: str | None = None, heading_level: int | None = None) -> Block:
    visible = [piece for piece in pieces if piece.text.strip()]
    return Block(
        text=normalize("".join(piece.text for piece in pieces), keep_nbsp=True).strip(" \t\r\n"),
        label=label,
        heading_level=heading_level,
        bold=bool(visible) and all(p.bold for p in visible),
        inserted=any(piece.inserted for piece in visible),
    )


class _BodyReader:
    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def blocks(self, container: etree._Element) -> list[Block]:
        """Blocks of the body or of a table cell; empty ones are dropped."""
        blocks: list[Block] = []
        carry: list[_Piece] = []  # text of paragraphs whose mark is deleted, awaiting the next one
        for el in _children(container, {f"{W}p", f"{W}tbl"}):
            if el.tag == f"{W}tbl":
                blocks += [_make_block(carry)] if carry else []
                carry = []
                blocks.append(self._table(el))
            elif any(el.find(path) is not None for path in _MARK_DELETIONS):
                carry += self._pieces(el)
            else:
                blocks.append(self._paragraph(el, carry + self._pieces(el)))
                carry = []
        blocks += [_make_block(carry)] if carry else []
        return [block for block in blocks if block.text.strip()]

    def _paragraph(self, p: etree._Element, pieces: list[_Piece]) -> Block:
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr, "pStyle") or self.styles.default_paragraph
        chain = self.styles.chain(style_id)
        return _make_block(pieces, self._label(ppr, chain, style_id), _heading_level(ppr, chain))

    def _label(self, ppr: etree._Element | None, chain: list[_Style], style_id: str | None) -> str | None:
        """Number from direct w:numPr, else from the paragraph style chain; numId 0 = none."""
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"))
        from_style = num_id is None
        num_id = num_id or next((s.num_id for s in chain if s.num_id), None)
        if ilvl is None and from_style:
            ilvl = next((s.ilvl for s in chain if s.ilvl is not None), None)
            ilvl = self.numbering.style_level(num_id, style_id) if ilvl is None and num_id else ilvl
        if not num_id or num_id == "0":
            return None
        return self.numbering.label(num_id, ilvl or 0)

    def _pieces(self, p: etree._Element) -> list[_Piece]:
        paragraph_bold = self.styles.bold(_val(p.find(f"{W}pPr"), "pStyle") or self.styles.default_paragraph)
        pieces: list[_Piece] = []
        self._walk(p, False, self.styles.default_bold if paragraph_bold is None else paragraph_bold, pieces)
        return pieces

    def _walk(self, parent: etree._Element, inserted: bool, paragraph_bold: bool, out: list[_Piece]) -> None:
        for child in parent:
            if child.tag == f"{W}r":
                rpr = child.find(f"{W}rPr")
                if _toggle(rpr.find(f"{W}vanish") if rpr is not None else None):
                    continue  # hidden text
                bold = _toggle(rpr.find(f"{W}b") if rpr is not None else None)
                bold = self.styles.bold(_val(rpr, "rStyle")) if bold is None else bold
                out.append(_Piece(_run_text(child), paragraph_bold if bold is None else bold, inserted))
            elif child.tag in _INSERTIONS:
                self._walk(child, True, paragraph_bold, out)
            elif child.tag in _INLINE_WRAPPERS:
                self._walk(child, inserted, paragraph_bold, out)

    def _table(self, table: etree._Element) -> Block:
        """One line per row, cells joined by ' | '; nested tables' lines follow their row."""
        lines: list[str] = []
        inserted = False
        for row in _children(table, {f"{W}tr"}):
            if row.find(f"{W}trPr/{W}del") is not None:
                continue  # deleted row
            cells, nested = [], []
            for cell in _children(row, {f"{W}tc"}):
                tcpr = cell.find(f"{W}tcPr")
                if _merge_continues(tcpr, "hMerge"):
                    continue  # legacy horizontal merge: the first cell holds the text
                # A vertically merged cell continues the one above: an empty column, no repeat.
                blocks = [] if _merge_continues(tcpr, "vMerge") else self.blocks(cell)
                cells.append(
                    " ".join(f"{b.label} {b.text}" if b.label else b.text for b in blocks if b.kind == "paragraph")
                )
                nested += [b.text for b in blocks if b.kind == "table"]
                inserted = inserted or any(b.inserted for b in blocks)
            inserted = inserted or (row.find(f"{W}trPr/{W}ins") is not None and any(cells))
            lines += [" | ".join(cells)] if any(cells) else []
            lines += nested
        return Block(kind="table", text="\n".join(lines), inserted=inserted)
