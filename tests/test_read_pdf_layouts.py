# French contract typography (typographic apostrophes) is the input under test.
"""PDF layouts of real contracts, reproduced in documents written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfmaker import Line, write_pdf

from clausecheck.engine.checker import Checker
from clausecheck.read import read_blocks
from clausecheck.segment import segment

TITLE = "Conditions générales d’intervention"
PAGES: list[list[Line | str]] = [
    [
        Line(TITLE, size=11, bold=True, y=810),
        "Les présentes conditions lient Mme Jeanne Morel, assistante administrative indépendante,",
        "et ses clients professionnels.",
        Line("Article 1 – Objet", bold=True),
        "Mme Morel assure des missions de secrétariat et d’assistanat administratif, sur site ou à distance.",
    ],
    [
        Line(TITLE, size=11, bold=True, y=810),
        Line("Article 2 – Prix", bold=True),
        "Les missions sont facturées à l’heure selon le devis accepté par le client.",
    ],
    [
        Line(TITLE, size=11, bold=True, y=810),
        Line("Article 3 – Annulation", bold=True),
        "Une mission annulée moins de deux jours avant son début reste due pour moitié.",
    ],
]


def test_pdf_title_repeated_atop_every_page_is_kept_once_as_the_title(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cgi.pdf", PAGES)
    contract = segment(read_blocks(path.name, path.read_bytes()), str(path))
    assert contract.title == TITLE
    assert contract.full_text.count(TITLE) == 1
    assert [c.number for c in contract.clauses if c.number] == ["1", "2", "3"]


@pytest.mark.slow
def test_pdf_administrative_assistance_is_not_an_it_contract(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(write_pdf(tmp_path / "cgi.pdf", PAGES))
    assert report.contract_types == ["other"]
    assert "advice.duty-missing" in report.rules_not_applicable
