"""Hand-written PDFs for tests: text lines in Helvetica, scans, encrypted files.

There is no PDF library able to *write* text in the test environment, so this emits
the few objects a viewer needs (catalog, pages, fonts, content streams) and computes
the cross-reference table itself. Text is encoded in WinAnsiEncoding (cp1252), which
covers French accents, guillemets, the typographic apostrophe, œ and €.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_WIDTH = 595
PAGE_HEIGHT = 842
LEFT = 72
TOP = 770


@dataclass(frozen=True)
class Line:
    """One line of text; ``cells`` draws a table row at the given x positions instead."""

    text: str = ""
    size: float = 11
    bold: bool = False
    gap: float | None = None
    y: float | None = None
    cells: tuple[tuple[float, str], ...] = ()


PageSpec = Sequence[Line | str]


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _show(font: str, size: float, x: float, y: float, text: str) -> bytes:
    return b"BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET\n" % (font.encode(), size, x, y, _escape(text))


def _content(lines: PageSpec, leading: float) -> bytes:
    """Draws lines top-down; ``gap`` is the distance from the previous baseline."""
    out = io.BytesIO()
    y = TOP + leading
    for item in lines:
        line = Line(item) if isinstance(item, str) else item
        font = "F2" if line.bold else "F1"
        if line.y is not None:
            at = line.y
        else:
            y -= line.gap if line.gap is not None else leading * line.size / 11
            at = y
        if line.cells:
            for x, cell in line.cells:
                out.write(_show(font, line.size, x, at, cell))
        else:
            out.write(_show(font, line.size, LEFT, at, line.text))
    return out.getvalue()


def assemble(objects: list[bytes]) -> bytes:
    """Numbers objects from 1 in order and writes a valid xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def _document(contents: list[bytes], image: bool = False) -> bytes:
    # Fixed objects: 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 image; pages follow.
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    gray = bytes(range(0, 256, 4)) * 64
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        font % b"Helvetica",
        font % b"Helvetica-Bold",
        _stream(
            gray, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        ),
    ]
    kids = []
    for content in contents:
        if image:
            content = b"q 451 0 0 698 72 72 cm /Im1 Do Q\n" + content
        page_number = len(objects) + 1
        kids.append(b"%d 0 R" % page_number)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 5 0 R >> >> >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_number + 1)
        )
        objects.append(_stream(content))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(contents))
    return assemble(objects)


def make_pdf(pages: Sequence[PageSpec], *, leading: float = 14, image: bool = False) -> bytes:
    """A PDF with one page per item of ``pages``; plain strings are 11 pt regular lines."""
    return _document([_content(lines, leading) for lines in pages], image=image)


def scan_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages hold only an image, as a scanner produces."""
    return _document([b"" for _ in range(pages)], image=True)


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """``data`` protected with RC4 (pypdf encrypts RC4 without optional dependencies)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdf(path: Path, pages: Sequence[PageSpec], *, leading: float = 14, image: bool = False) -> Path:
    path.write_bytes(make_pdf(pages, leading=leading, image=image))
    return path
