"""Where a run writes: one distinct, stable name per input, never over an input file."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from clausecheck.report.files import write_atomic

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


class OutputError(Exception):
    """The output folder cannot be used; the message is French and says what to do."""


def safe_stem(path: Path) -> str:
    """A file name that stays inside the output folder whatever the input is called."""
    stem = _UNSAFE.sub("_", path.stem).strip("._") or "contrat"
    return stem[:120]


def output_stems(files: list[Path]) -> dict[str, str]:
    """One distinct name per input, the same from run to run whatever the order of checking.

    Inputs whose safe names collide ('a b.docx' and 'a_b.docx', or two 'contrat.docx' in
    two folders) each get a short digest of their full path, so no output replaces another.
    """
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        by_stem.setdefault(safe_stem(path).lower(), []).append(path)
    names: dict[str, str] = {}
    for group in by_stem.values():
        for path in group:
            stem = safe_stem(path)
            if len(group) > 1:
                stem += "-" + hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:8]
            names[str(path)] = stem
    return names


def check_output_dir(output: Path) -> None:
    """Refuse, in one French line, an output that is a file or a folder that cannot be written."""
    if output.suffix.lower() in (".md", ".json", ".sarif", ".csv", ".html", ".docx") and not output.is_dir():
        raise OutputError(
            f"-o {output} : -o attend un dossier ; pour un seul fichier, redirigez la sortie (> {output.name})"
        )
    if output.exists() and not output.is_dir():
        raise OutputError(f"-o {output} : ce chemin est un fichier, pas un dossier ; indiquez un dossier")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"-o {output} : dossier impossible à créer ({exc.strerror})") from None
    if not os.access(output, os.W_OK | os.X_OK):
        raise OutputError(f"-o {output} : écriture refusée dans ce dossier (droits d'accès)")


def write_output(target: Path, data: str | bytes, inputs: frozenset[Path]) -> None:
    """Write one output of the run; an input file is never replaced."""
    if target.resolve() in inputs:
        raise OutputError(f"{target} est un des contrats analysés : il n'est pas remplacé ; choisissez un autre -o")
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise OutputError(f"{target} : écriture impossible ({exc.strerror})") from None
