# French contract typography (en dashes, typographic apostrophes) is the input under test.
"""Cutting blocks into clauses: typed, auto-numbered and bold headings, false headings, offsets."""

from __future__ import annotations

from typing import Any

import pytest

from clausecheck.model.document import Block, Clause, ContractText
from clausecheck.segment import segment

TITLE = Block(text="CONTRAT DE PRESTATIONS INFORMATIQUES", bold=True)
PARTIES = [
    Block(text="Entre :"),
    Block(text="La société ALPHA, ci-après « le Prestataire »,"),
    Block(text="Et :"),
    Block(text="La société BETA, ci-après « le Client »."),
]


def _p(text: str, **fields: Any) -> Block:
    return Block(text=text, **fields)


def _numbered(contract: ContractText) -> list[tuple[str | None, str]]:
    return [(c.number, c.title) for c in contract.clauses if c.number is not None]


def _clause(contract: ContractText, number: str) -> Clause:
    return next(c for c in contract.clauses if c.number == number)


def _assert_offsets(contract: ContractText) -> None:
    for clause in contract.clauses:
        assert contract.full_text[clause.start : clause.end] == clause.text


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("Article 9 – Résiliation", "9", "Résiliation"),
        ("ARTICLE 9 - RÉSILIATION", "9", "RÉSILIATION"),
        ("Article 9 : Résiliation", "9", "Résiliation"),
        ("Art. 9 Résiliation", "9", "Résiliation"),
        ("Article 9. Résiliation.", "9", "Résiliation"),
        ("9. Résiliation", "9", "Résiliation"),
        ("9 - Résiliation", "9", "Résiliation"),
        ("9 – Résiliation", "9", "Résiliation"),
        ("IX. Résiliation", "IX", "Résiliation"),
        ("IX - Résiliation", "IX", "Résiliation"),
        ("IX. – RÉSILIATION", "IX", "RÉSILIATION"),
        ("9. – Résiliation", "9", "Résiliation"),
        # French typing spaces its punctuation: "9 . Résiliation"
        ("9 . Résiliation", "9", "Résiliation"),
        ("IX . Résiliation", "IX", "Résiliation"),
        # a title in lower case after "Article N" and a colon or a dash
        ("Article 9 : résiliation anticipée", "9", "résiliation anticipée"),
        ("Article 9– résiliation", "9", "résiliation"),
    ],
)
def test_segment_typed_heading_gives_number_and_title(heading: str, number: str, title: str) -> None:
    roman = number.startswith("IX")
    previous = ["VII. Prix", "VIII. Durée"] if roman else ["7. Prix", "8. Durée"]
    blocks = [
        TITLE,
        _p(previous[0]),
        _p("Le prix est fixe."),
        _p(previous[1]),
        _p("Un an."),
        _p(heading),
        _p("Chaque Partie peut résilier le contrat."),
    ]

    contract = segment(blocks, "c.docx")

    last = contract.clauses[-1]
    assert (last.number, last.title, last.text) == (number, title, "Chaque Partie peut résilier le contrat.")
    assert [c.number for c in contract.clauses] == [previous[0].split(".")[0], previous[1].split(".")[0], number]


def test_segment_lettered_sub_clause_with_a_spaced_dot_has_its_parent() -> None:
    blocks = [
        TITLE,
        _p("3 . Définitions", heading_level=2),
        _p("Le Service désigne la plateforme."),
        _p("4 . Engagements du Prestataire", heading_level=2),
        _p("a . Présentation du Service", heading_level=3),
        _p("Le Service est un outil en ligne."),
        _p("b . Prestations garanties", heading_level=3),
        _p("Le Prestataire assure le support."),
    ]

    contract = segment(blocks, "c.md")

    assert [(c.number, c.title, c.parent) for c in contract.clauses] == [
        ("3", "Définitions", None),
        ("4", "Engagements du Prestataire", None),
        ("4.a", "Présentation du Service", "4"),
        ("4.b", "Prestations garanties", "4"),
    ]


def test_segment_capital_letters_and_roman_numerals_set_deeper_are_parts_of_the_article() -> None:
    blocks = [
        TITLE,
        _p("1. Objet", heading_level=2),
        _p("Les présentes conditions régissent l'accès à la plateforme."),
        _p("2. Description du service", heading_level=2),
        _p("A. Présentation", heading_level=3),
        _p("La plateforme permet de déposer des demandes en ligne."),
        _p("B. Accès", heading_level=3),
        _p("I. Création du compte", heading_level=4),
        _p("L'usager crée son compte avec une adresse valide."),
        _p("II. Identifiants", heading_level=4),
        _p("L'usager garde ses identifiants pour lui."),
        _p("C. Évolutions", heading_level=3),
        _p("L'administration peut faire évoluer la plateforme."),
        _p("3. Durée", heading_level=2),
        _p("Les conditions s'appliquent tant que le compte est ouvert."),
    ]

    contract = segment(blocks, "c.md")

    assert [(c.number, c.title, c.parent) for c in contract.clauses] == [
        ("1", "Objet", None),
        ("2", "Description du service", None),
        ("2.A", "Présentation", "2"),
        ("2.B", "Accès", "2"),
        ("2.B.I", "Création du compte", "2.B"),
        ("2.B.II", "Identifiants", "2.B"),
        ("2.C", "Évolutions", "2"),
        ("3", "Durée", None),
    ]
    assert _clause(contract, "2.C").text == "L'administration peut faire évoluer la plateforme."
    _assert_offsets(contract)


def test_segment_roman_parts_at_the_articles_level_stay_articles() -> None:
    """A capital letter in running text is no heading; roman numbers set as high as the
    arabic ones are articles of their own (a second numbering, as before)."""
    blocks = [
        TITLE,
        _p("I. Conditions générales", heading_level=2),
        _p("1. Objet", heading_level=2),
        _p("A. Dupont représente le Client pour la recette."),
        _p("II. Conditions particulières", heading_level=2),
        _p("2. Prix", heading_level=2),
        _p("Le prix est fixé au bon de commande."),
    ]

    contract = segment(blocks, "c.md")

    assert [c.number for c in contract.clauses] == ["I", "1", "II", "2"]
    assert "A. Dupont" in _clause(contract, "1").text


def test_segment_title_glued_to_the_numbers_final_dot() -> None:
    blocks = [
        TITLE,
        _p("Article 14 – Conditions de règlement"),
        _p("14.1.Modalités de paiement"),
        _p("Les prestations sont facturées selon le devis."),
        _p("14.2.DÉLAIS DE PAIEMENT"),
        _p("Les factures sont payables à trente jours."),
        _p("14.3.L’escompte"),
        _p("Aucun escompte n’est accordé."),
    ]

    clauses = segment(blocks, "c.docx").clauses

    assert [(c.number, c.title) for c in clauses] == [
        ("14", "Conditions de règlement"),
        ("14.1", "Modalités de paiement"),
        ("14.2", "DÉLAIS DE PAIEMENT"),
        ("14.3", "L’escompte"),
    ]


@pytest.mark.parametrize(
    "heading", ["Article 1er – Objet", "Article premier – Objet", "ARTICLE 1ER : OBJET", "Article premier : Objet"]
)
def test_segment_first_article_spelled_out_is_number_one(heading: str) -> None:
    contract = segment([TITLE, _p(heading), _p("Le contrat a un objet."), _p("Article 2 – Durée"), _p("Un an.")], "c")

    assert [c.number for c in contract.clauses] == ["1", "2"]
    assert contract.clauses[0].title.lower() == "objet"


@pytest.mark.parametrize(
    ("label", "text", "number", "title"),
    [
        ("Article 9 –", "Résiliation", "9", "Résiliation"),
        ("ARTICLE 9 :", "RÉSILIATION", "9", "RÉSILIATION"),
        ("9.", "Résiliation", "9", "Résiliation"),
        ("IX.", "Résiliation", "IX", "Résiliation"),
    ],
)
def test_segment_auto_numbered_label_gives_number(label: str, text: str, number: str, title: str) -> None:
    roman = number.startswith("IX")
    blocks = [
        TITLE,
        *PARTIES,
        _p("Durée", label="VIII." if roman else "8.", heading_level=1),
        _p("Un an."),
        _p(text, label=label, heading_level=1),
        _p("Chaque Partie peut résilier le contrat."),
        _p("Résiliation anticipée", label="9.2", heading_level=2),
        _p("Le Client peut partir."),
    ]

    contract = segment(blocks, "c.docx")

    article, sub = contract.clauses[2:]
    assert (article.number, article.title) == (number, title)
    assert article.text == "Chaque Partie peut résilier le contrat."
    assert (sub.number, sub.parent) == ("9.2", number)
    assert f"{label} {text}" in contract.full_text  # the label stays visible in the full text


def test_segment_auto_numbered_sub_clause_has_parent() -> None:
    blocks = [
        TITLE,
        _p("Résiliation", label="Article 9 –", heading_level=1),
        _p("Résiliation pour manquement", label="9.1", heading_level=2),
        _p("En cas de manquement."),
        _p("Résiliation anticipée", label="9.2", heading_level=2),
        _p("Le Client peut partir."),
    ]

    contract = segment(blocks, "c.docx")

    assert [(c.number, c.parent, c.title) for c in contract.clauses] == [
        ("9", None, "Résiliation"),
        ("9.1", "9", "Résiliation pour manquement"),
        ("9.2", "9", "Résiliation anticipée"),
    ]
    assert _clause(contract, "9").text == ""
    assert _clause(contract, "9.2").text == "Le Client peut partir."


@pytest.mark.parametrize(
    ("label", "sentence"),
    [
        ("9.2", "Le Client peut résilier le contrat avant son terme moyennant un préavis de trois mois."),
        ("Article 10 –", "Le contrat est soumis au droit français et tout litige relève du tribunal de Lyon."),
    ],
)
def test_segment_labelled_sentence_is_clause_without_title(label: str, sentence: str) -> None:
    blocks = [
        TITLE,
        _p("Résiliation", label="Article 9 –", bold=True),
        _p("Principe.", label=None),
        _p("Manquement", label="9.1", bold=True),
        _p("Texte."),
        _p(sentence, label=label),
    ]

    contract = segment(blocks, "c.docx")

    last = contract.clauses[-1]
    assert (last.title, last.text) == ("", sentence)
    assert contract.full_text[last.start - len(label) - 1 : last.start] == f"{label} "


def test_segment_roman_article_with_dotted_sub_clauses() -> None:
    blocks = [
        TITLE,
        _p("I. – OBJET", bold=True),
        _p("Le présent contrat a pour objet l'hébergement du portail."),
        _p("II. – HÉBERGEMENT ET SÉCURITÉ", bold=True),
        _p("II.1 Le portail est hébergé sur un serveur dédié du Prestataire."),
        _p("II.2 Le Prestataire sauvegarde les données chaque nuit."),
    ]

    contract = segment(blocks, "c.docx")

    assert [(c.number, c.parent) for c in contract.clauses] == [
        ("I", None),
        ("II", None),
        ("II.1", "II"),
        ("II.2", "II"),
    ]
    assert _clause(contract, "II.2").text == "Le Prestataire sauvegarde les données chaque nuit."
    _assert_offsets(contract)


@pytest.mark.parametrize(
    ("heading", "number", "body"),
    [
        (
            "9.2. Le Client peut résilier le contrat à tout moment, moyennant un préavis de trois mois.",
            "9.2",
            "Le Client peut résilier le contrat à tout moment, moyennant un préavis de trois mois.",
        ),
        ("9.2 Résiliation anticipée", "9.2", "Le Client peut partir."),
        ("9.2 - Résiliation anticipée", "9.2", "Le Client peut partir."),
    ],
)
def test_segment_typed_sub_clause_has_parent(heading: str, number: str, body: str) -> None:
    blocks = [
        TITLE,
        _p("ARTICLE 9 - RÉSILIATION"),
        _p("Principe général."),
        _p("9.1 Manquement"),
        _p("En cas de manquement."),
        _p(heading),
    ]
    if not heading.startswith("9.2. "):
        blocks.append(_p(body))

    contract = segment(blocks, "c.txt")

    sub = _clause(contract, number)
    assert (sub.parent, sub.text) == ("9", body)
    assert _clause(contract, "9").text == "Principe général."
    _assert_offsets(contract)


@pytest.mark.parametrize(
    "heading",
    [
        "ARTICLE 5 – OBLIGATIONS DU PRESTATAIRE",
        "5. OBLIGATIONS DU PRESTATAIRE",
        "5 - OBLIGATIONS DU PRESTATAIRE",
        "5 OBLIGATIONS DU PRESTATAIRE",
    ],
)
def test_segment_bold_capitalised_paragraph_is_heading(heading: str) -> None:
    start = heading.replace("5", "4").replace("OBLIGATIONS DU PRESTATAIRE", "PRIX")
    blocks = [
        TITLE,
        *PARTIES,
        _p(start, bold=True),
        _p("Le prix est de 100 € HT."),
        _p(heading, bold=True),
        _p("Le Prestataire exécute les prestations."),
    ]

    contract = segment(blocks, "c.docx")

    assert _numbered(contract) == [("4", "PRIX"), ("5", "OBLIGATIONS DU PRESTATAIRE")]
    assert contract.clauses[-1].text == "Le Prestataire exécute les prestations."


def test_segment_unnumbered_bold_caps_after_articles_is_clause_without_number() -> None:
    blocks = [
        TITLE,
        _p("ARTICLE 1 - OBJET", bold=True),
        _p("Objet."),
        _p("RÉSILIATION", bold=True),
        _p("Chaque Partie peut résilier."),
        _p("ANNEXE 1 – NIVEAUX DE SERVICE", bold=True),
        _p("Disponibilité 99,9 %."),
    ]

    contract = segment(blocks, "c.docx")

    assert [(c.number, c.title, c.text) for c in contract.clauses] == [
        ("1", "OBJET", "Objet."),
        (None, "RÉSILIATION", "Chaque Partie peut résilier."),
        (None, "ANNEXE 1 – NIVEAUX DE SERVICE", "Disponibilité 99,9 %."),
    ]


@pytest.mark.parametrize(
    "items",
    [
        ["1. le Client fournit les accès ;", "2. le Client désigne un interlocuteur ;", "3. le Client paie."],
        [
            "1. Le Client fournit les accès nécessaires aux intervenants du Prestataire dans ses locaux.",
            "2. Le Client désigne un interlocuteur unique disposant des pouvoirs de décision nécessaires.",
        ],
        ["1. Installation", "2. Maintenance", "3. Support"],
    ],
)
@pytest.mark.parametrize("style", ["Article {n} – {t}", "{n}. {t}"])
def test_segment_numbered_list_inside_article_is_not_heading(items: list[str], style: str) -> None:
    titles = [
        "Objet",
        "Durée",
        "Prix",
        "Confidentialité",
        "Responsabilité",
        "Obligations du Client",
        "Résiliation",
        "Droit applicable",
    ]
    blocks = [TITLE, *PARTIES]
    for n, title in enumerate(titles, start=1):
        blocks.append(_p(style.format(n=n, t=title)))
        blocks.append(_p(f"Texte de l'article {n} :"))
        if n in (1, 6):
            blocks.extend(_p(item) for item in items)

    contract = segment(blocks, "c.txt")

    assert _numbered(contract) == [(str(n), t) for n, t in enumerate(titles, start=1)]
    assert _clause(contract, "6").text == "\n".join(["Texte de l'article 6 :", *items])


def test_segment_sub_number_of_another_article_is_body() -> None:
    blocks = [
        TITLE,
        _p("Article 8 – Prix"),
        _p("Fixe."),
        _p("Article 9 – Résiliation"),
        _p("4.1 Les stipulations de l'article 4 survivent."),
        _p("9.1 Effets"),
        _p("Fin."),
    ]

    contract = segment(blocks, "c.txt")

    assert [c.number for c in contract.clauses] == ["8", "9", "9.1"]
    assert _clause(contract, "9").text == "4.1 Les stipulations de l'article 4 survivent."


@pytest.mark.parametrize(
    "reference",
    [
        "Article 1240 du Code civil : la faute oblige à réparer.",
        "article 3 du présent contrat.",
        "Article 3 : les sommes versées restent acquises au Prestataire en cas de résiliation.",
        "Article L. 441-10 du Code de commerce.",
        "12. les pénalités sont dues ;",
        "30 JOURS FIN DE MOIS",
    ],
)
def test_segment_reference_at_paragraph_start_is_body(reference: str) -> None:
    blocks = [
        TITLE,
        _p("Article 1 – Objet"),
        _p("Objet."),
        _p("Article 2 – Pénalités"),
        _p(reference),
        _p("Article 3 – Durée"),
        _p("Un an."),
    ]

    contract = segment(blocks, "c.txt")

    assert [c.number for c in contract.clauses] == ["1", "2", "3"]
    assert _clause(contract, "2").text == reference


def test_segment_roman_parts_do_not_break_arabic_articles() -> None:
    blocks = [
        TITLE,
        _p("I. DISPOSITIONS GÉNÉRALES", bold=True),
        _p("1. Objet"),
        _p("Objet."),
        _p("2. Durée"),
        _p("Un an."),
        _p("II. DISPOSITIONS FINANCIÈRES", bold=True),
        _p("3. Prix"),
        _p("Fixe."),
    ]

    contract = segment(blocks, "c.docx")

    assert [c.number for c in contract.clauses] == ["I", "1", "2", "II", "3"]


def test_segment_preamble_is_clause_without_number_and_excludes_title() -> None:
    blocks = [
        TITLE,
        *PARTIES,
        _p("Préambule"),
        _p("Le Client souhaite moderniser son système."),
        _p("Article 1 – Objet"),
        _p("Objet."),
    ]

    contract = segment(blocks, "c.docx")

    preamble = contract.clauses[0]
    assert (preamble.number, preamble.title, preamble.parent) == (None, "", None)
    assert preamble.text.splitlines() == [b.text for b in blocks[1:7]]
    assert contract.title == TITLE.text
    assert TITLE.text not in preamble.text


@pytest.mark.parametrize(
    "preamble_heading",
    [_p("PRÉAMBULE", bold=True), _p("Préambule", heading_level=1), _p("ENTRE LES SOUSSIGNÉS", bold=True)],
)
def test_segment_unnumbered_heading_before_articles_stays_in_preamble(preamble_heading: Block) -> None:
    blocks = [
        TITLE,
        preamble_heading,
        _p("Le Client souhaite moderniser son système."),
        _p("Objet", label="1.", heading_level=1),
        _p("Objet."),
    ]

    contract = segment(blocks, "c.docx")

    assert [c.number for c in contract.clauses] == [None, "1"]
    assert contract.clauses[0].text.startswith(preamble_heading.text)


def test_segment_without_preamble_has_no_empty_clause() -> None:
    contract = segment([TITLE, _p("Article 1 – Objet"), _p("Objet.")], "c.docx")

    assert [c.number for c in contract.clauses] == ["1"]


@pytest.mark.parametrize(
    ("first", "title"),
    [
        (
            _p("CONTRAT DE LICENCE D’UTILISATION DU LOGICIEL « PLANIGO »"),
            "CONTRAT DE LICENCE D’UTILISATION DU LOGICIEL « PLANIGO »",
        ),
        (_p("Contrat d'hébergement", heading_level=1), "Contrat d'hébergement"),
        (_p("Entre les soussignés :"), ""),
        (_p("Article 1 – Objet"), ""),
    ],
)
def test_segment_title_is_first_block_before_articles(first: Block, title: str) -> None:
    blocks = [first, _p("La société ALPHA."), _p("Article 2 – Durée"), _p("Un an.")]
    if first.text.startswith("Article"):
        blocks = [first, _p("Objet."), _p("Article 2 – Durée"), _p("Un an.")]

    contract = segment(blocks, "c.docx")

    assert contract.title == title
    assert contract.path == "c.docx"


def test_segment_without_any_heading_is_one_preamble() -> None:
    blocks = [TITLE, _p("Le Prestataire fournit le service."), _p("Le Client paie le prix.")]

    contract = segment(blocks, "c.txt")

    assert [(c.number, c.text) for c in contract.clauses] == [
        (None, "Le Prestataire fournit le service.\nLe Client paie le prix.")
    ]


def test_segment_styled_headings_without_numbers_are_titled_clauses() -> None:
    blocks = [
        TITLE,
        *PARTIES,
        _p("Objet", heading_level=1),
        _p("Objet."),
        _p("Résiliation", heading_level=1),
        _p("Texte."),
        _p("Résiliation anticipée", heading_level=2),
        _p("Préavis de trois mois."),
    ]

    contract = segment(blocks, "c.docx")

    assert [(c.number, c.title, c.parent) for c in contract.clauses[1:]] == [
        (None, "Objet", None),
        (None, "Résiliation", None),
        (None, "Résiliation anticipée", None),
    ]


def test_segment_number_alone_takes_next_short_line_as_title() -> None:
    blocks = [
        TITLE,
        _p("ARTICLE 1", bold=True),
        _p("OBJET", bold=True),
        _p("Objet."),
        _p("ARTICLE 2", bold=True),
        _p("Le contrat dure un an."),
    ]

    contract = segment(blocks, "c.docx")

    assert [(c.number, c.title, c.text) for c in contract.clauses] == [
        ("1", "OBJET", "Objet."),
        ("2", "", "Le contrat dure un an."),
    ]
    _assert_offsets(contract)


@pytest.mark.parametrize(
    ("inserted_at", "expected"), [(2, [False, True, False]), (5, [False, False, True]), (None, [False, False, False])]
)
def test_segment_inserted_flag_follows_its_blocks(inserted_at: int | None, expected: list[bool]) -> None:
    blocks = [
        TITLE,
        _p("Entre les Parties."),
        _p("Article 1 – Objet"),
        _p("Objet."),
        _p("Article 2 – Durée"),
        _p("Un an."),
    ]
    if inserted_at is not None:
        blocks[inserted_at] = blocks[inserted_at].model_copy(update={"inserted": True})

    contract = segment(blocks, "c.docx")

    assert [c.inserted for c in contract.clauses] == expected


def test_segment_table_belongs_to_clause_body() -> None:
    table = Block(kind="table", text="Service | Prix\nHébergement | 100 €")
    blocks = [TITLE, _p("Article 1 – Prix"), _p("Les prix sont :"), table, _p("Article 2 – Durée"), _p("Un an.")]

    contract = segment(blocks, "c.docx")

    assert _clause(contract, "1").text == "Les prix sont :\nService | Prix\nHébergement | 100 €"


SAMPLES = {
    "typed": [
        TITLE,
        *PARTIES,
        _p("Article 1 – Objet"),
        _p("Objet."),
        _p("Article 2 – Résiliation"),
        _p("2.1 Manquement"),
        _p("Texte."),
        _p("2.2. Le Client peut partir à tout moment sans indemnité."),
        _p("Dernier alinéa."),
    ],
    "labels": [
        TITLE,
        *PARTIES,
        _p("Objet", label="1.", heading_level=1),
        _p("Objet."),
        _p("Résiliation", label="2.", heading_level=1),
        _p("Manquement", label="2.1", heading_level=2),
        _p(""),
        _p("Texte.", label="a)"),
    ],
    "bold": [
        TITLE,
        _p("ARTICLE 1 - OBJET", bold=True),
        _p("Objet."),
        _p("ARTICLE 2", bold=True),
        _p("DURÉE", bold=True),
        _p("PRIX", bold=True),
    ],
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_segment_offsets_index_full_text(name: str) -> None:
    contract = segment(SAMPLES[name], "c.docx")

    _assert_offsets(contract)
    assert all(0 <= c.start <= c.end <= len(contract.full_text) for c in contract.clauses)
    assert contract.full_text.split("\n") == [
        f"{b.label} {b.text}" if b.label else b.text for b in SAMPLES[name] if b.text or b.label
    ]


def test_segment_bold_parenthesised_numbers_are_headings_but_list_items_are_not() -> None:
    blocks = [
        TITLE,
        _p("1) Objet du devis", bold=True),
        _p("Le présent devis porte sur la création d'un site vitrine."),
        _p("2) Prix", bold=True),
        _p("Le prix comprend :"),
        _p("1) la maquette ;"),
        _p("2) l'intégration des contenus."),
    ]

    contract = segment(blocks, "c.docx")

    assert _numbered(contract) == [("1", "Objet du devis"), ("2", "Prix")]
    assert "1) la maquette ;" in _clause(contract, "2").text
