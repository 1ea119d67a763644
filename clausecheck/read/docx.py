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

The work is shared out: this module opens the package safely; ``docx_styles`` resolves styles
and numbering; ``docx_body`` walks the body (the same walk serves the annotator).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from functools import lru_cache

from lxml import etree

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read.docx_body import BodyWalker
from clausecheck.read.docx_styles import Numbering, Styles
from clausecheck.read.docx_xml import W

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
    parts, styles = _load_parts(data)
    body = parts[DOCUMENT].find(f"{W}body")
    if body is None:
        raise ReadError.of("docx-no-document")
    return [walked.block for walked in _walker(parts, styles, track=False).walk(body)]


def body_walker(data: bytes) -> BodyWalker:
    """A walker that keeps the runs, with the styles and numbering of the .docx ``data``.

    For the annotator, which walks its own copy of the body (python-docx's) exactly as the
    reader walked the draft. Raises ``ReadError`` on bad input, as ``read_docx`` does.
    """
    return _walker(*_load_parts(data), track=True)


def _walker(parts: dict[str, etree._Element], styles: Styles, track: bool) -> BodyWalker:
    return BodyWalker(styles, Numbering(parts.get(NUMBERING), styles), track)


# --- package ---------------------------------------------------------------------------


def _load_parts(data: bytes) -> tuple[dict[str, etree._Element], Styles]:
    """The document and numbering parts, parsed, and the styles."""
    _check_bytes(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename.lower(): info for info in archive.infolist()}
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise ReadError.of("too-large")
            if DOCUMENT not in members:
                raise ReadError.of("docx-no-document")
            parts = {
                name: _parse_xml(_read(archive, members[name])) for name in (DOCUMENT, NUMBERING) if name in members
            }
            return parts, _styles(_read(archive, members[STYLES]) if STYLES in members else None)
    except _ZIP_ERRORS as exc:  # BadZipFile, bad CRC, truncated or bad deflate stream, …
        raise ReadError.of("docx-not-zip") from exc


def _check_bytes(data: bytes) -> None:
    """Errors that the file's size and first bytes tell: too big, OLE container."""
    if len(data) > MAX_UNCOMPRESSED:
        raise ReadError.of("too-large")
    if data.startswith(OLE_MAGIC):
        # Encrypted .docx files are OLE containers too; only their stream names tell them apart.
        raise ReadError.of("docx-encrypted" if any(mark in data for mark in ENCRYPTED_MARKS) else "legacy-doc")


@lru_cache(maxsize=8)
def _styles(data: bytes | None) -> Styles:
    """The styles of a styles.xml, remembered: drafts made from one template share it byte for byte."""
    return Styles(None if data is None else _parse_xml(data))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ReadError.of("too-large")
    with archive.open(info) as member:
        data = member.read(MAX_UNCOMPRESSED + 1)
    if len(data) > MAX_UNCOMPRESSED:
        raise ReadError.of("too-large")
    return data


def _parse_xml(data: bytes) -> etree._Element:
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
