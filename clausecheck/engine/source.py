"""A contract to check, from a path or from bytes (an upload), read and segmented, or why not."""

from __future__ import annotations

import os
from pathlib import Path

from clausecheck.model.document import ContractText
from clausecheck.model.errors import ReadError
from clausecheck.read import read_blocks
from clausecheck.read.limits import MAX_FILE_BYTES
from clausecheck.segment import segment
from clausecheck.text.language import looks_french
from clausecheck.text.names import printable

# A path on disk, or a file name and its content (from an upload or a worker's queue).
Source = Path | tuple[str, bytes]


def source_name(source: Source) -> str:
    """The name reports show: valid UTF-8 on one line, whatever the file system allowed."""
    return printable(str(source) if isinstance(source, Path) else source[0])


def read_contract(source: Source) -> ContractText:
    """Read ``source`` (never writing to it) and cut it into clauses."""
    data = _read_file(source) if isinstance(source, Path) else source[1]
    name = source_name(source)
    blocks = read_blocks(name, data)
    if not any(b.text.strip() for b in blocks):
        raise ReadError.of("no-text")
    contract = segment(blocks, name)
    if not looks_french(contract.full_text):
        raise ReadError.of("not-french")
    return contract


def _read_file(path: Path) -> bytes:
    if not path.exists():
        raise ReadError.of("not-found")
    if not path.is_file():
        raise ReadError.of("not-a-file")
    if not os.access(path, os.R_OK):
        raise ReadError.of("permission")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReadError.of("too-large")
        return path.read_bytes()
    except OSError as exc:
        raise ReadError.of("unreadable", exc.strerror) from None
