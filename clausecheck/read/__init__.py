"""Stage 1, read: the bytes of a contract file into blocks (paragraphs and tables), by format."""

from __future__ import annotations

from collections.abc import Callable

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read import limits
from clausecheck.read.docx import read_docx
from clausecheck.read.plain import read_plain
from clausecheck.text.normalize import replace_surrogates

Reader = Callable[[bytes], list[Block]]


def read_pdf(data: bytes) -> list[Block]:
    """The PDF reader, imported on first use: pypdf takes ~0.1 s to import and most runs read no PDF."""
    from clausecheck.read.pdf import read_pdf as read

    return read(data)


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
    blocks = reader(data)
    chars = sum(len(block.text) for block in blocks)
    if chars > limits.MAX_TEXT_CHARS:
        raise limits.too_much_text(chars)
    return [_encodable(block) for block in blocks]


def _encodable(block: Block) -> Block:
    """The block with no lone surrogate left in its text or label (each reader normalises its
    text already; this holds the promise for every reader, labels included)."""
    text = replace_surrogates(block.text)
    label = None if block.label is None else replace_surrogates(block.label)
    if text is block.text and label is block.label:
        return block
    return block.model_copy(update={"text": text, "label": label})
