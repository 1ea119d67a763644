# French contract typography (en dashes, typographic apostrophes) is the input under test.
"""Reading PDFs (rebuilding paragraphs from lines) and plain-text / Markdown contracts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pdfmaker import Line, PageSpec, encrypt_pdf, make_pdf, scan_pdf, write_pdf

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read import read_blocks
from clausecheck.segment import segment

PARAGRAPH_GAP = 24  # baseline distance between paragraphs when the layout spaces them

# One contract, as lines a word processor would lay out.
TITLE: list[Line | str] = [
    Line("CONTRAT DE LICENCE", size=20, bold=True),
    Line("D’UTILISATION DU LOGICIEL « PLANIGO »", size=20, bold=True),
]
PARTIES: list[Line | str] = [
    "Entre :",
    "La société ORDOLOGIC, SAS au capital de 250 000 €, immatriculée au RCS de",
    "Grenoble, représentée par Mme Hélène Vidal, ci-après « le Concédant »,",
    "Et :",
    "La société MÉCANIQUE DU GRÉSIVAUDAN, SAS, ci-après « le Licencié ».",
]
ARTICLE_1: list[Line | str] = [
    Line("Article 1 – Objet", size=13, bold=True),
    "Le présent contrat a pour objet la concession d’un",
    "droit d’utilisation du logiciel. Le Licencié peut en faire une copie de",
    "sauvegarde.",
]
ARTICLE_2: list[Line | str] = [
    Line("Article 2 – Résiliation", size=13, bold=True),
    Line("2.1 Résiliation anticipée", bold=True),
    "Le Licencié peut mettre fin à la licence moyennant une indemnité de 5 000 € HT.",
    "La demande est adressée par lettre recommandée.",
]
EXPECTED = [
    "CONTRAT DE LICENCE D’UTILISATION DU LOGICIEL « PLANIGO »",
    "Entre :",
    "La société ORDOLOGIC, SAS au capital de 250 000 €, immatriculée au RCS de Grenoble, représentée par "
    "Mme Hélène Vidal, ci-après « le Concédant »,",
    "Et :",
    "La société MÉCANIQUE DU GRÉSIVAUDAN, SAS, ci-après « le Licencié ».",
    "Article 1 – Objet",
    "Le présent contrat a pour objet la concession d’un droit d’utilisation du logiciel. Le Licencié peut en "
    "faire une copie de sauvegarde.",
    "Article 2 – Résiliation",
    "2.1 Résiliation anticipée",
    "Le Licencié peut mettre fin à la licence moyennant une indemnité de 5 000 € HT.",
    "La demande est adressée par lettre recommandée.",
]


def read_pdf(path: Path) -> list[Block]:
    """A PDF's blocks, read from its bytes as the checker reads them."""
    return read_blocks("contrat.pdf", path.read_bytes())


def read_plain(path: Path) -> list[Block]:
    """A text file's blocks, read from its bytes as the checker reads them."""
    return read_blocks(path.name, path.read_bytes())


def _spaced(lines: list[Line | str], gap: float = PARAGRAPH_GAP) -> list[Line | str]:
    """The first line of the group starts a paragraph, further down than the line spacing."""
    first = lines[0] if isinstance(lines[0], Line) else Line(lines[0])
    return [Line(first.text, size=first.size, bold=first.bold, gap=gap), *lines[1:]]


def _spaced_contract() -> list[Line | str]:
    groups: list[list[Line | str]] = [
        TITLE,
        [PARTIES[0]],
        PARTIES[1:3],
        [PARTIES[3]],
        [PARTIES[4]],
        [ARTICLE_1[0]],
        ARTICLE_1[1:],
        [ARTICLE_2[0]],
        [ARTICLE_2[1]],
        [ARTICLE_2[2]],
        [ARTICLE_2[3]],
    ]
    return [line for group in groups for line in _spaced(group)]


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


# --- PDF: paragraphs -----------------------------------------------------------------------


def test_read_text_pdf_rebuilds_paragraphs_from_spacing(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "c.pdf", [_spaced_contract()])

    assert _texts(read_pdf(path)) == EXPECTED


def test_read_text_pdf_rebuilds_paragraphs_without_spacing(tmp_path: Path) -> None:
    """Without paragraph spacing, fonts, typed headings and sentence ends decide.

    A line ending with a comma cannot be told from a wrapped one: "Et :" joins the party above.
    """
    path = write_pdf(tmp_path / "c.pdf", [[*TITLE, *PARTIES, *ARTICLE_1, *ARTICLE_2]])

    assert _texts(read_pdf(path)) == [*EXPECTED[:2], f"{EXPECTED[2]} Et :", *EXPECTED[4:]]


def test_read_text_pdf_marks_bold_paragraphs(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "c.pdf", [_spaced_contract()])

    blocks = {b.text: b.bold for b in read_pdf(path)}

    assert blocks["Article 2 – Résiliation"] and blocks["2.1 Résiliation anticipée"]
    assert not blocks["Entre :"]


def test_read_text_pdf_paragraph_continues_across_pages(tmp_path: Path) -> None:
    page1 = [*TITLE, *ARTICLE_1[:2]]
    page2 = ["droit d’utilisation du logiciel.", *ARTICLE_2]
    path = write_pdf(tmp_path / "c.pdf", [page1, page2])

    texts = _texts(read_pdf(path))

    assert "Le présent contrat a pour objet la concession d’un droit d’utilisation du logiciel." in texts
    assert texts[texts.index("Article 2 – Résiliation") - 1].endswith("du logiciel.")


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("Le Prestataire assure la réali-", "sation du site internet.", "réalisation du site"),
        ("pour une durée de vingt-", "quatre (24) mois.", "vingt-quatre (24)"),
        ("dont le siège est à Montbonnot-", "Saint-Martin, représentée.", "Montbonnot-Saint-Martin"),
        ("Le Client s’engage à respecter ce-", "la.", "cela."),
        ("le recours à un sous-", "traitant est autorisé.", "sous-traitant"),
        ("le prix est révisé –", "chaque année.", "révisé – chaque"),
    ],
)
def test_read_text_pdf_removes_only_line_break_hyphens(tmp_path: Path, first: str, second: str, joined: str) -> None:
    path = write_pdf(
        tmp_path / "c.pdf",
        [
            [
                Line("ARTICLE 1 - OBJET", bold=True),
                first,
                second,
                "Une phrase de plus pour que la page contienne du texte.",
            ]
        ],
    )

    body = read_pdf(path)[1].text

    assert joined in body


def test_read_text_pdf_drops_running_headers_and_page_numbers(tmp_path: Path) -> None:
    header = Line("ORDOLOGIC – Contrat de licence – Confidentiel", size=9, y=810)
    articles = [
        ("Article 1 – Objet", "Le Concédant consent au Licencié une licence d’utilisation."),
        ("Article 2 – Durée", "La licence est consentie pour une durée de trois ans."),
        ("Article 3 – Prix", "La redevance annuelle est de 12 000 € HT, payable d’avance."),
    ]
    pages: list[PageSpec] = []
    for n, (heading, body) in enumerate(articles, start=1):
        footer = Line(f"Page {n}/3" if n != 2 else "2", size=9, y=30)
        pages.append([header, Line(heading, bold=True), body, footer])
    path = write_pdf(tmp_path / "c.pdf", pages)

    assert _texts(read_pdf(path)) == [text for article in articles for text in article]


def test_read_text_pdf_drops_footer_of_several_lines(tmp_path: Path) -> None:
    footer = [
        Line("ORDOLOGIC SAS au capital de 10 000 euros", size=8, y=80),
        Line("Siège : 3 rue des Tilleuls, 69003 Lyon – RCS Lyon", size=8, y=70),
        Line("Mentions : organisme déclaré sous le numéro 000", size=8, y=45),
    ]
    articles = [
        ("Article 1 – Objet", "Le Concédant consent au Licencié une licence d’utilisation."),
        ("Article 2 – Durée", "La licence est consentie pour une durée de trois ans."),
        ("Article 3 – Prix", "La redevance annuelle est payable d’avance."),
    ]
    pages: list[PageSpec] = []
    for n, (heading, body) in enumerate(articles, start=1):
        filler = [f"Ligne de texte numéro {k} de l’article {n}, qui continue." for k in range(20)]
        pages.append([Line(heading, bold=True), body, *filler, *footer, Line(f"Page {n} / 3", size=8, y=30)])
    path = write_pdf(tmp_path / "c.pdf", pages)

    text = "\n".join(_texts(read_pdf(path)))
    assert "ORDOLOGIC" not in text and "Siège" not in text and "Mentions" not in text
    assert "Article 3 – Prix" in text


def test_read_text_pdf_keeps_line_seen_at_top_of_one_page_only(tmp_path: Path) -> None:
    pages: list[list[Line | str]] = [
        [
            Line("Annexe technique", size=9, y=810),
            Line("Article 1 – Objet", bold=True),
            "Le texte de l’article premier tient sur une ligne.",
        ],
        [Line("Article 2 – Durée", bold=True), "Le texte de l’article deux tient sur une ligne."],
        [Line("Article 3 – Prix", bold=True), "Le texte de l’article trois tient sur une ligne."],
    ]
    path = write_pdf(tmp_path / "c.pdf", pages)

    assert read_pdf(path)[0].text == "Annexe technique"


def test_read_text_pdf_table_rows_become_table_block(tmp_path: Path) -> None:
    rows = [
        Line(cells=((72, "Service"), (300, "Quantité"), (420, "Prix HT"))),
        Line(cells=((72, "Hébergement"), (300, "1"), (420, "289,00 €"))),
        Line(cells=((72, "Sauvegarde"), (300, "2"), (420, "95,00 €"))),
    ]
    lines: list[Line | str] = [
        Line("Article 5 – Prix", bold=True),
        "Les prix sont les suivants :",
        *rows,
        "Ils sont révisés chaque année.",
    ]
    path = write_pdf(tmp_path / "c.pdf", [lines])

    blocks = read_pdf(path)

    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "table", "paragraph"]
    assert blocks[2].text == "Service | Quantité | Prix HT\nHébergement | 1 | 289,00 €\nSauvegarde | 2 | 95,00 €"


def test_read_text_pdf_segments_into_articles(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "c.pdf", [_spaced_contract()])

    contract = segment(read_pdf(path), str(path))

    assert contract.title == EXPECTED[0]
    assert [(c.number, c.parent, c.title) for c in contract.clauses] == [
        (None, None, ""),
        ("1", None, "Objet"),
        ("2", None, "Résiliation"),
        ("2.1", "2", "Résiliation anticipée"),
    ]


# --- PDF: errors ---------------------------------------------------------------------------


def test_read_text_pdf_scan_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(pages=3))

    with pytest.raises(ReadError) as caught:
        read_pdf(path)

    assert caught.value.code == "needs-ocr"
    assert "OCR" in caught.value.message and "\n" not in caught.value.message


def test_read_text_pdf_image_with_stray_stamp_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[Line("Scanné", size=8)], [Line("Scanné", size=8)]], image=True))

    with pytest.raises(ReadError) as caught:
        read_pdf(path)

    assert caught.value.code == "needs-ocr"


def test_read_text_pdf_with_password_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypt_pdf(make_pdf([[*ARTICLE_1]]), user_password="secret"))

    with pytest.raises(ReadError) as caught:
        read_pdf(path)

    assert caught.value.code == "encrypted"
    assert "mot de passe" in caught.value.message


def test_read_text_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    path = tmp_path / "protected.pdf"
    path.write_bytes(encrypt_pdf(make_pdf([[*ARTICLE_1]]), user_password=""))

    assert read_pdf(path)[0].text == "Article 1 – Objet"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],
        lambda data: b"%PDF-1.4\n" + b"\x00garbage\xff" * 50,
        lambda data: b"PK\x03\x04 this is a zip, not a PDF" * 10,
        lambda data: data.replace(b"/Type /Pages", b"/Type /Broken").replace(b"/Kids", b"/Kods"),
    ],
    ids=["truncated", "garbage", "not-a-pdf", "broken-page-tree"],
)
def test_read_text_pdf_damaged_is_corrupt(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(damage(make_pdf([[*ARTICLE_1, *ARTICLE_2]])))

    with pytest.raises(ReadError) as caught:
        read_pdf(path)

    assert caught.value.code == "corrupt-file"
    assert "\n" not in caught.value.message


# --- plain text and Markdown ---------------------------------------------------------------


def _plain(tmp_path: Path, text: str, name: str = "c.txt", encoding: str = "utf-8") -> list[Block]:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_plain(path)


def test_read_text_plain_paragraphs_join_wrapped_lines(tmp_path: Path) -> None:
    text = (
        "CONTRAT DE MAINTENANCE\n\nEntre les soussignés :\n\nLa société ALPHA, SAS,\nci-après « le Prestataire ».\n"
        "\nARTICLE 1 - OBJET\nLe présent contrat a pour objet\nla maintenance du logiciel.\n"
    )

    blocks = _plain(tmp_path, text)

    assert _texts(blocks) == [
        "CONTRAT DE MAINTENANCE",
        "Entre les soussignés :",
        "La société ALPHA, SAS, ci-après « le Prestataire ».",
        "ARTICLE 1 - OBJET",
        "Le présent contrat a pour objet la maintenance du logiciel.",
    ]


@pytest.mark.parametrize(
    "heading", ["ARTICLE 2 - DURÉE", "Article 2 – Durée", "2. Durée", "2.1 Durée initiale", "II. DURÉE", "DURÉE"]
)
def test_read_text_plain_heading_line_is_own_block(tmp_path: Path, heading: str) -> None:
    blocks = _plain(tmp_path, f"Le contrat a un objet.\n{heading}\nIl dure un an.\n")

    assert _texts(blocks) == ["Le contrat a un objet.", heading, "Il dure un an."]


def test_read_text_plain_list_items_are_blocks_with_continuations(tmp_path: Path) -> None:
    text = "Le Client s’engage à :\n- fournir les accès\n  nécessaires ;\n- payer le prix ;\n1) désigner un référent.\n"

    blocks = _plain(tmp_path, text)

    assert _texts(blocks) == [
        "Le Client s’engage à :",
        "- fournir les accès nécessaires ;",
        "- payer le prix ;",
        "1) désigner un référent.",
    ]


def test_read_text_plain_long_lines_are_paragraphs(tmp_path: Path) -> None:
    first = "Le Prestataire fournit le service d’hébergement décrit en annexe. " * 3
    second = "Le Client paie le prix convenu à réception de la facture, par virement. " * 3

    blocks = _plain(tmp_path, f"{first.strip()}\n{second.strip()}\n")

    assert _texts(blocks) == [first.strip(), second.strip()]


def test_read_text_markdown_headings_set_level_and_lose_marks(tmp_path: Path) -> None:
    text = "# CONTRAT D’HÉBERGEMENT\n\n## 9. Résiliation\n### 9.2 Résiliation anticipée\nLe Client peut partir.\n"

    blocks = _plain(tmp_path, text, name="c.md")

    assert [(b.text, b.heading_level) for b in blocks] == [
        ("CONTRAT D’HÉBERGEMENT", 1),
        ("9. Résiliation", 2),
        ("9.2 Résiliation anticipée", 3),
        ("Le Client peut partir.", None),
    ]


def test_read_text_markdown_table_is_one_block(tmp_path: Path) -> None:
    text = "Les prix :\n\n| Service | Prix HT |\n|---|---:|\n| Hébergement | 289,00 € |\n| Total | 289,00 € |\n\nFin."

    blocks = _plain(tmp_path, text, name="c.md")

    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Les prix :"),
        ("table", "Service | Prix HT\nHébergement | 289,00 €\nTotal | 289,00 €"),
        ("paragraph", "Fin."),
    ]


def test_read_text_markdown_bold_line_is_bold_block(tmp_path: Path) -> None:
    blocks = _plain(tmp_path, "**ARTICLE 5 – OBLIGATIONS**\nLe Prestataire **doit** agir.\n", name="c.md")

    assert [(b.text, b.bold) for b in blocks] == [
        ("ARTICLE 5 – OBLIGATIONS", True),
        ("Le Prestataire doit agir.", False),
    ]


def test_read_text_plain_tracked_changes_keep_accepted_text(tmp_path: Path) -> None:
    text = "ARTICLE 1 - PRIX\n\nLe prix est de {--100--}{++120++} € HT.\n\nIl est {~~fixe~>révisable~~}.\n\nFin."

    blocks = _plain(tmp_path, text)

    assert [(b.text, b.inserted) for b in blocks] == [
        ("ARTICLE 1 - PRIX", False),
        ("Le prix est de 120 € HT.", True),
        ("Il est révisable.", True),
        ("Fin.", False),
    ]


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")]
)
def test_read_text_plain_decodes_windows_exports(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(prefix + "Clause pénale : 1 000 € d’indemnité, œuvre.".encode(encoding))

    assert _texts(read_plain(path)) == ["Clause pénale : 1 000 € d’indemnité, œuvre."]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf\n\n", b"{--tout supprim\xc3\xa9--}"])
def test_read_text_plain_empty_file_is_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(content)

    with pytest.raises(ReadError) as caught:
        read_plain(path)

    assert caught.value.code == "empty"
    assert caught.value.message and "\n" not in caught.value.message


def test_read_text_plain_segments_into_articles(tmp_path: Path) -> None:
    text = (
        "CONTRAT DE MAINTENANCE\n\nEntre les soussignés.\n\nARTICLE 1 - OBJET\nLa maintenance.\n\n"
        "ARTICLE 2 - RÉSILIATION\n2.1. Le Client peut résilier à tout moment par lettre recommandée.\n"
    )

    contract = segment(_plain(tmp_path, text), "c.txt")

    assert [(c.number, c.title) for c in contract.clauses] == [
        (None, ""),
        ("1", "OBJET"),
        ("2", "RÉSILIATION"),
        ("2.1", ""),
    ]
    assert contract.clauses[-1].text == "Le Client peut résilier à tout moment par lettre recommandée."
