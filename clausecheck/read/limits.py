"""How much text a contract may hold before it is refused as ``too-large``.

A 300-page contract holds about a million characters; the limits leave twice that and
more, so a real contract always passes while a file built to exhaust time or memory is
refused before the slow stages (spaCy, the rules) see it. The limit is stated in the
user's message, with the size found.
"""

from __future__ import annotations

from clausecheck.model.errors import ReadError

MAX_TEXT_CHARS = 2_000_000  # characters of text after reading, whatever the format (about 600 pages)
MAX_PLAIN_BYTES = 4 * MAX_TEXT_CHARS  # a .txt or .md larger than this cannot decode under the limit
MAX_PDF_PAGES = 1_000
MAX_FILE_BYTES = 200 * 1024 * 1024  # no contract file is larger: refused before it is read into memory


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def too_much_text(chars: int) -> ReadError:
    """The error for a document whose text is longer than ``MAX_TEXT_CHARS``."""
    return ReadError.of(
        "text-too-large",
        f"texte d'au moins {_grouped(chars)} caractères (limite : {_grouped(MAX_TEXT_CHARS)})",
    )


def too_many_bytes(size: int) -> ReadError:
    """The error for a text file over ``MAX_PLAIN_BYTES``, refused before decoding."""
    return ReadError.of(
        "text-too-large",
        f"fichier texte de {_grouped(size)} octets (limite : {_grouped(MAX_PLAIN_BYTES)} octets, "
        f"soit {_grouped(MAX_TEXT_CHARS)} caractères)",
    )


def too_many_pages(pages: int) -> ReadError:
    """The error for a PDF of more than ``MAX_PDF_PAGES`` pages."""
    return ReadError.of("text-too-large", f"PDF de {_grouped(pages)} pages (limite : {_grouped(MAX_PDF_PAGES)} pages)")
