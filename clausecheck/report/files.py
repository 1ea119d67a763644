"""Report files: safe names derived from input names, written atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def safe_stem(path: Path) -> str:
    """A file name that stays inside the output folder whatever the input is called."""
    stem = _UNSAFE.sub("_", path.stem).strip("._") or "contrat"
    return stem[:120]


def report_names(files: list[Path], suffix: str = ".md") -> dict[str, str]:
    """One distinct report name per input path (two 'contrat.docx' in two folders differ)."""
    names: dict[str, str] = {}
    taken: set[str] = {"index.md", "report.json"}
    for path in files:
        base = safe_stem(path)
        name, n = f"{base}{suffix}", 2
        while name.lower() in taken:
            name, n = f"{base}-{n}{suffix}", n + 1
        taken.add(name.lower())
        names[str(path)] = name
    return names


def write_atomic(target: Path, text: str) -> None:
    """Write to a temporary file beside ``target``, then rename: never a half-written report."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
