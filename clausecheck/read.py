"""Read any supported file into a segmented contract, or say in one line why not."""

from __future__ import annotations

import os
from pathlib import Path

from clausecheck.document import ContractText
from clausecheck.errors import ReadError
from clausecheck.language import looks_french
from clausecheck.read_docx import read_docx
from clausecheck.read_text import read_pdf, read_plain
from clausecheck.segment import segment

SUPPORTED = (".docx", ".pdf", ".txt", ".md")
# Legacy Word files are picked up from folders so the report says how to convert them.
WALKED = (*SUPPORTED, ".doc")


def read_contract(path: Path) -> ContractText:
    """Read ``path`` (never writing to it) and cut it into clauses."""
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ReadError(
            "legacy-doc", "ancien format Word (.doc) : ouvrez-le dans Word et enregistrez-le au format .docx"
        )
    if suffix == ".docx":
        blocks = read_docx(path)
    elif suffix == ".pdf":
        blocks = read_pdf(path)
    elif suffix in (".txt", ".md"):
        blocks = read_plain(path)
    else:
        raise ReadError(
            "unsupported-format",
            f"format {suffix or 'sans extension'} non pris en charge : fournissez un .docx, .pdf, .txt ou .md",
        )
    if not any(b.text.strip() for b in blocks):
        raise ReadError("no-text", "le document ne contient aucun texte : vérifiez qu'il s'agit de la bonne version")
    contract = segment(blocks, str(path))
    if not looks_french(contract.full_text):
        raise ReadError(
            "not-french",
            "le document ne semble pas rédigé en français : clausecheck n'analyse que les contrats en français",
        )
    return contract


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ReadError("not-found", "fichier introuvable : vérifiez le chemin")
    if not path.is_file():
        raise ReadError("unreadable", "ce n'est pas un fichier ordinaire")
    if not os.access(path, os.R_OK):
        raise ReadError("unreadable", "lecture refusée (droits d'accès) : vérifiez les permissions du fichier")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ReadError("unreadable", f"lecture impossible ({exc.strerror}) : vérifiez le fichier") from None
    if not head:
        raise ReadError("empty", "fichier vide (0 octet) : demandez à nouveau le document")
