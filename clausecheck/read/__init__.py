"""Stage 1, read: the bytes of a contract file into blocks (paragraphs and tables), by format."""

from __future__ import annotations

from collections.abc import Callable

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read.docx import read_docx
from clausecheck.read.pdf import read_pdf
from clausecheck.read.plain import read_plain

Reader = Callable[[bytes], list[Block]]

# One reader per file extension; adding a format is one line here.
READERS: dict[str, Reader] = {".docx": read_docx, ".pdf": read_pdf, ".txt": read_plain, ".md": read_plain}
# Legacy Word files are picked up from folders so the report says how to convert them.
WALKED = (*READERS, ".doc")


def read_blocks(name: str, data: bytes) -> list[Block]:
    """The blocks of a file called ``name`` (only its extension matters) whose content is ``data``."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".doc":
        raise ReadError.of("legacy-doc")
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError.of("unsupported-format", f"format {suffix or 'sans extension'}")
    if not data:
        raise ReadError.of("empty")
    return reader(data)
