"""The files a run checks: named files, and the contracts found by walking folders.

Every file the user named or that a walked folder holds is either checked or listed as
skipped with its reason; nothing is dropped silently. clausecheck's own outputs (reports,
annotated copies, index files, the output folder) are never read back as inputs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from clausecheck.model.findings import DocumentReport, ErrorInfo
from clausecheck.read import WALKED
from clausecheck.text.names import printable

# Names clausecheck gives its outputs (see ``outputs``); files so named are not contracts.
OWN_SUFFIXES = (".annote.docx", ".rapport.md", ".rapport.html", ".rapport.docx")
INDEX_NAMES = ("index.md", "index.csv", "index.html", "report.json", "report.sarif")


def is_own_output(path: Path) -> bool:
    """A report, annotated copy or index written by clausecheck (index files carry its name)."""
    name = path.name.lower()
    if name.endswith(OWN_SUFFIXES):
        return True
    if name not in INDEX_NAMES:
        return False
    try:
        with path.open("rb") as handle:
            return b"clausecheck" in handle.read(4096)
    except OSError:
        return False


def _skipped(path: Path, reason: str, code: str = "unsupported-format") -> DocumentReport:
    return DocumentReport(path=printable(str(path)), status="skipped", error=ErrorInfo(code=code, message=reason))


def collect(paths: list[Path], exclude: Path | None = None) -> tuple[list[Path], list[DocumentReport]]:
    """Files to check, in a stable order, and the files of folders that were skipped, with why.

    ``exclude`` is the output folder: when it lies inside a walked folder it is not walked.
    """
    files: list[Path] = []
    skipped: list[DocumentReport] = []
    excluded = exclude.resolve() if exclude is not None else None
    for path in paths:
        if path.is_dir():
            _walk(path, excluded, files, skipped)
        else:
            files.append(path)  # the checker says why a named file cannot be read
    return files, skipped


def _walk(top: Path, excluded: Path | None, files: list[Path], skipped: list[DocumentReport]) -> None:
    errors: list[OSError] = []
    for folder, dirs, names in os.walk(top, onerror=errors.append, followlinks=False):
        here = Path(folder)
        keep = []
        for name in sorted(dirs):
            sub = here / name
            if name.startswith("."):
                continue
            if sub.is_symlink():
                reason = "lien symbolique vers un dossier : non suivi, indiquez le dossier lui-même"
                skipped.append(_skipped(sub, reason))
            elif excluded is None or sub.resolve() != excluded:
                keep.append(name)
        dirs[:] = keep
        for name in sorted(names):
            _consider(here / name, files, skipped)
    for error in errors:
        where = Path(error.filename) if error.filename else top
        skipped.append(
            _skipped(where, "dossier illisible (droits d'accès) : son contenu n'a pas été analysé", "unreadable")
        )


def _consider(path: Path, files: list[Path], skipped: list[DocumentReport]) -> None:
    if path.name.startswith(("~$", ".")):
        return  # Word lock files and hidden files are not contracts
    try:
        mode = path.stat().st_mode
    except OSError:
        skipped.append(_skipped(path, "lien symbolique cassé : la cible n'existe pas", "not-found"))
        return
    if not stat.S_ISREG(mode):
        skipped.append(_skipped(path, "ce n'est pas un fichier ordinaire", "unreadable"))
    elif is_own_output(path):
        skipped.append(_skipped(path, "rapport ou copie produit par clausecheck : non analysé", "own-output"))
    elif path.suffix.lower() in WALKED:
        files.append(path)
    else:
        skipped.append(_skipped(path, f"format {path.suffix or 'sans extension'} ignoré"))
