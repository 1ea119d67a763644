# French contract typography (typographic apostrophes) is the input under test.
"""PDF layouts of real contracts, reproduced in documents written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfmaker import Line, PageSpec, write_pdf

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


# A word processor's PDF: numbered paragraphs whose first line runs to the margin, a short
# numbered title, and a long heading in bold wrapped over two lines.
WRAPPED: list[PageSpec] = [
    [
        Line("Conditions particulières de maintenance", size=14, bold=True),
        Line("Article 1 – Périmètre de la maintenance", bold=True),
        "1.1 Le Mainteneur prend en charge les postes de travail et les serveurs listés dans l’annexe signée par le",
        "Client, qui la met à jour à chaque arrivée ou départ de matériel dans ses locaux.",
        "1.2 À défaut de précision dans l’annexe, les interventions ont lieu dans les locaux du Client situés en",
        "Bretagne, en Normandie ou dans les Pays de la Loire, l’adresse figurant sur le bon d’intervention.",
        "1.3 Toute opération de maintenance qui exige d’ouvrir les fichiers",
        "du Client est consignée et n’a lieu qu’avec son accord préalable et écrit.",
        "1.4 Horaires",
        "Les interventions ont lieu les jours ouvrés, entre 8 h 30 et 17 h 30, sauf accord particulier.",
        Line("Article 2 – PIÈCES CONTRACTUELLES ET ORDRE DE", size=14, bold=True),
        Line("PRIORITÉ", size=14, bold=True),
        "Le contrat se compose des présentes conditions et du devis signé, qui prévaut en cas de contradiction.",
    ]
]


def test_pdf_numbered_paragraph_wrapped_at_the_margin_keeps_its_first_line_in_its_text(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cp.pdf", WRAPPED)
    clauses = {c.number: c for c in segment(read_blocks(path.name, path.read_bytes()), str(path)).clauses}
    # The next line opens with a capital ("Client", "Bretagne"): the length of the line says it was wrapped.
    assert clauses["1.1"].title == ""
    assert "annexe signée par le Client, qui la met à jour" in clauses["1.1"].text
    assert clauses["1.2"].title == ""
    assert "situés en Bretagne, en Normandie" in clauses["1.2"].text
    # A shorter first line: the next one goes on in lowercase.
    assert clauses["1.3"].title == ""
    assert "d’ouvrir les fichiers du Client est consignée" in clauses["1.3"].text
    # A short title stays a title.
    assert clauses["1.4"].title == "Horaires"
    assert clauses["1.4"].text.startswith("Les interventions ont lieu les jours ouvrés")


def test_pdf_heading_wrapped_over_two_bold_lines_is_one_title(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cp.pdf", WRAPPED)
    contract = segment(read_blocks(path.name, path.read_bytes()), str(path))
    assert [c.number for c in contract.clauses if c.number] == ["1", "1.1", "1.2", "1.3", "1.4", "2"]
    article = next(c for c in contract.clauses if c.number == "2")
    assert article.title == "PIÈCES CONTRACTUELLES ET ORDRE DE PRIORITÉ"
    assert article.text.startswith("Le contrat se compose")


# A browser's PDF: a display title in large letters stacked tight, numbers hanging a tab stop
# before their text, spaces drawn as glyphs of their own.
FIRST = "Les présentes conditions régissent la réalisation de films par le Studio"
SECOND = "Le devis précise le prix, les livrables et le calendrier de production."
BROWSER: list[PageSpec] = [
    [
        Line("conditions", size=60, bold=True, y=790),
        Line("générales", size=60, bold=True, y=733),
        Line("de vente", size=60, bold=True, y=676),
        Line("Article 1 – Objet", bold=True, y=620),
        Line(cells=((72, "1.1"), (110, FIRST)), y=590),
        Line(cells=((110, "pour ses clients professionnels, sur devis accepté, dans les délais convenus."),), y=571),
        Line(cells=((72, "1.2"), (110, SECOND)), y=540),
        Line(cells=((72, "Prix"), (98, " "), (101, "du"), (115, " "), (118, "forfait"), (300, "1 200 €")), y=510),
    ]
]


def test_pdf_number_hanging_before_its_text_is_no_table_row(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cgv.pdf", BROWSER)
    contract = segment(read_blocks(path.name, path.read_bytes()), str(path))
    clauses = {c.number: c for c in contract.clauses}
    assert [c.number for c in contract.clauses if c.number] == ["1", "1.1", "1.2"]
    # the body text's spacing, not the stacked title's, tells a wrapped line from a new paragraph
    assert "réalisation de films par le Studio pour ses clients professionnels" in clauses["1.1"].text
    assert clauses["1.2"].text.startswith("Le devis précise le prix")


def test_pdf_table_cell_keeps_the_spaces_drawn_as_glyphs(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cgv.pdf", BROWSER)
    tables = [b.text for b in read_blocks(path.name, path.read_bytes()) if b.kind == "table"]
    assert tables == ["Prix du forfait | 1 200 €"]


# Headings that only their type tells: larger (an annex's title), or a short line of its own in
# bold (a section inside an article), as a styled document or a web page prints them.
TYPED_BY_SIZE: list[PageSpec] = [
    [
        Line("Conditions générales d’hébergement", size=18, bold=True),
        Line("Article 1 – Services", bold=True),
        "L’Hébergeur met à la disposition du Client un serveur virtuel et son espace de stockage.",
        Line("Sauvegardes", bold=True),
        "Les données du Client sont sauvegardées chaque nuit et conservées pendant trente jours.",
        Line("Article 2 – Prix", bold=True),
        "Le prix figure au bon de commande signé par le Client.",
        Line("Annexe 1 – Niveaux de service", size=14),
        "Le taux de disponibilité garanti est de 99,5 % par mois.",
    ]
]


def test_pdf_headings_set_in_larger_type_or_in_bold_on_their_own_line(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cgh.pdf", TYPED_BY_SIZE)
    clauses = segment(read_blocks(path.name, path.read_bytes()), str(path)).clauses
    by_title = {c.title: c for c in clauses}
    assert by_title["Sauvegardes"].text.startswith("Les données du Client sont sauvegardées")
    assert "sauvegardées" not in by_title["Services"].text
    # the annex is not the end of article 2
    assert by_title["Annexe 1 – Niveaux de service"].number is None
    assert "disponibilité" not in by_title["Prix"].text


# What must not change: a table numbering its short items, an article title followed by a bold
# sub-heading, a bold aside inside an article, a long numbered title over its body.
KEPT_APART: list[PageSpec] = [
    [
        Line("Conditions générales de service", size=16, bold=True),
        Line("ARTICLE 1 – PRIX", bold=True),
        Line("Révision des prix", bold=True),
        "Les prix sont révisés chaque année selon l’indice Syntec.",
        Line("Article 2 – Prestations", bold=True),
        Line(cells=((72, "1."), (200, "Hébergement mutualisé"))),
        Line(cells=((72, "2."), (200, "Maintenance corrective"))),
        Line(cells=((72, "3."), (200, "Sauvegarde quotidienne"))),
        Line("Important", bold=True),
        "Les prestations non listées font l’objet d’un devis.",
        Line("Article 3 – Responsabilité", bold=True),
        "3.1 Limitation de responsabilité du Prestataire en cas de perte des données du Client",
        "Le Prestataire répond des dommages directs dans la limite des sommes payées sur un an.",
        "3.2 Exclusions",
        "Le Prestataire ne répond pas des dommages causés par les équipements du Client.",
    ]
]


def test_pdf_keeps_apart_what_only_looks_wrapped_or_hanging(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "cgs.pdf", KEPT_APART)
    blocks = read_blocks(path.name, path.read_bytes())
    contract = segment(blocks, str(path))
    clauses = {c.title: c for c in contract.clauses}
    assert [c.number for c in contract.clauses if c.number] == ["1", "2", "3", "3.1", "3.2"]
    # the article's title and its bold sub-heading stay two headings
    assert clauses["PRIX"].number == "1"
    assert clauses["Révision des prix"].parent == "1"
    # the numbered items stay one table, and the bold aside is a section of article 2
    assert [b.text for b in blocks if b.kind == "table"] == [
        "1. | Hébergement mutualisé\n2. | Maintenance corrective\n3. | Sauvegarde quotidienne"
    ]
    assert clauses["Important"].parent == "2"
    # without spacing to tell, a long title over a capital stays the title
    assert contract.clauses[-2].title.startswith("Limitation de responsabilité du Prestataire")
    assert contract.clauses[-2].text.startswith("Le Prestataire répond des dommages directs")
