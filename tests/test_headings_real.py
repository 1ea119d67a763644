"""Headings as authors really type them: symbols, "Clause n°", "bis", sections numbered anew."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pdfmaker import Line, write_pdf

from clausecheck.engine.source import read_contract
from clausecheck.model.document import Block, ContractText
from clausecheck.segment import segment


def _numbers(contract: ContractText) -> list[tuple[str | None, str]]:
    return [(c.number, c.title) for c in contract.clauses if c.number is not None]


def _read(path: Path, text: str) -> ContractText:
    """The contract ``text``, written to ``path``, whose suffix says how it is read."""
    path.write_text(text, encoding="utf-8")
    return read_contract(path)


def _blocks(*texts: str, bold_headings: bool = False) -> list[Block]:
    return [Block(text=t, bold=bold_headings and len(t) < 40) for t in texts]


@pytest.mark.parametrize(
    ("first", "second", "third"),
    [
        ("■ 1. Objet", "■ 2. Prix", "■ 3. Durée"),
        ("● 1. Objet", "● 2. Prix", "● 3. Durée"),
        ("Clause n° 1 : Objet", "Clause n° 2 : Prix", "Clause n°3 : Durée"),
        ("Article n° 1 – Objet", "Article n° 2 – Prix", "Article n° 3 – Durée"),
        ("1 OBJET", "2 PRIX", "3 DURÉE"),
    ],
)
def test_heading_with_symbol_or_word_before_number(first: str, second: str, third: str) -> None:
    blocks = _blocks(
        "CONDITIONS DE SERVICE",
        first,
        "Le service consiste à héberger les fichiers du client.",
        second,
        "Le prix est payable chaque mois.",
        third,
        "Le contrat dure un an.",
    )
    contract = segment(blocks, "c.txt")
    assert [n for n, _ in _numbers(contract)] == ["1", "2", "3"]
    assert _numbers(contract)[2][1].upper() == "DURÉE"


def test_number_in_capitals_without_dot_is_not_a_quantity() -> None:
    blocks = _blocks(
        "CONDITIONS",
        "1 OBJET",
        "Le préavis est de :",
        "3 mois de préavis pour le client.",
        "2 PRIX",
        "Le prix est fixe.",
    )
    assert [n for n, _ in _numbers(segment(blocks, "c.txt"))] == ["1", "2"]


def test_articles_added_later_with_bis_and_ter_are_sub_clauses() -> None:
    blocks = _blocks(
        "CONDITIONS",
        "6. Réclamations",
        "Le client écrit au support.",
        "6 bis. Médiation",
        "Un médiateur peut être saisi.",
        "6 ter. Signalements",
        "Tout signalement est traité sous huit jours.",
        "7. Durée",
        "Un an.",
    )
    contract = segment(blocks, "c.txt")
    assert [(c.number, c.parent) for c in contract.clauses if c.number] == [
        ("6", None),
        ("6 bis", "6"),
        ("6 ter", "6"),
        ("7", None),
    ]


def test_section_numbered_anew_keeps_its_own_articles() -> None:
    general = [t for n in range(1, 6) for t in (f"Article {n} – Titre général {n}", f"Texte général numéro {n}.")]
    special = [t for n in range(1, 5) for t in (f"CP — Article {n} – Titre particulier {n}", f"Texte particulier {n}.")]
    blocks = _blocks("CONDITIONS GÉNÉRALES", *general, "CONDITIONS PARTICULIÈRES", *special)
    contract = segment(blocks, "c.md")
    numbers = _numbers(contract)
    assert [n for n, _ in numbers] == ["1", "2", "3", "4", "5", "1", "2", "3", "4"]
    assert numbers[-1][1] == "Titre particulier 4"
    last = contract.clauses[-1]
    assert last.text == "Texte particulier 4."


def test_numbered_lists_inside_or_after_the_articles_are_not_sections() -> None:
    blocks = _blocks(
        "CONDITIONS",
        "Article 1 – Objet",
        "Le service est fourni en ligne.",
        "Article 2 – Obligations",
        "Le client doit :",
        "1. Payer le prix",
        "2. Protéger son mot de passe",
        "3. Signaler les incidents",
        "Article 3 – Durée",
        "Le contrat dure un an.",
        "Annexe – Contacts",
        "1. Support technique",
        "2. Service comptable",
    )
    assert [n for n, _ in _numbers(segment(blocks, "c.txt"))] == ["1", "2", "3"]


def test_pdf_headings_drawn_with_a_bullet_symbol(tmp_path: Path) -> None:
    lines: list[Line | str] = ["CONDITIONS GÉNÉRALES DE FORMATION"]
    for n, (title, body) in enumerate(
        [("Objet", "La formation est dispensée à distance."), ("Prix", "Le prix est payable à la commande.")], 1
    ):
        lines += [Line(f"\u2022 {n}. {title}", bold=True), body]
    path = write_pdf(tmp_path / "c.pdf", [lines])
    contract = read_contract(path)
    assert _numbers(contract) == [("1", "Objet"), ("2", "Prix")]


def test_plain_text_without_numbers_cuts_at_lines_that_open_paragraphs(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "licence.md",
        "/*  ####   ##  ##  */\n************\n\n"
        "Licence d'utilisation du module\n\n"
        "Objet de la licence\nLe présent texte autorise l'utilisateur à installer le module sur un poste.\n\n"
        "Restrictions\nL'utilisateur ne peut pas :\na. copier le module ;\nb. le revendre.\n\n"
        "Garanties\na. Le module est fourni tel quel.\nb. Aucune garantie de résultat n'est donnée.\n\n"
        "Fin de la licence\nLa licence prend fin si l'utilisateur manque à ses obligations.\n",
    )
    assert contract.title == "Licence d'utilisation du module"
    titles = ["Objet de la licence", "Restrictions", "Garanties", "Fin de la licence"]
    assert [c.title for c in contract.clauses] == titles
    assert contract.clauses[1].text.startswith("L'utilisateur ne peut pas :")


def test_plain_text_capitalised_lines_between_blank_lines_are_headings(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "cgv.txt",
        "Conditions de vente\n\nSUPPORT DES SERVEURS\n\n"
        "Nous traitons les pannes matérielles des serveurs loués, pas la configuration des logiciels du client.\n\n"
        "FIN DE L'ABONNEMENT\n\nLe client résilie son abonnement depuis son espace, quinze jours avant l'échéance.\n\n"
        "Un mot ENTIER en capitales dans une phrase ne fait pas un titre.\n",
    )
    assert contract.title == "Conditions de vente"
    assert [c.title for c in contract.clauses] == ["SUPPORT DES SERVEURS", "FIN DE L'ABONNEMENT"]
    assert contract.clauses[1].text.endswith("ne fait pas un titre.")


def test_markdown_nested_ordered_lists_number_their_items_under_the_article(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "conditions.md",
        "Conditions du service\n\n"
        "1.  #### Engagement de durée\n    \n"
        "    1.  **Durée**. Le client s'engage pour douze mois à compter de l'activation.\n        \n"
        "    2.  **Changement d'offre**. Un changement d'offre pendant l'engagement est facturé.\n\n"
        "2.  #### Paiement\n\n"
        "    1.  **Échéances**. Le prix est prélevé chaque mois.\n\n"
        "Texte à la marge.\n\n"
        "    1.  Un élément isolé garde son numéro.\n",
    )
    assert _numbers(contract) == [
        ("1", "Engagement de durée"),
        ("1.1", "Durée"),  # the bold words opening an item are its run-in heading
        ("1.2", "Changement d'offre"),
        ("2", "Paiement"),
        ("2.1", "Échéances"),
    ]
    assert contract.clauses[2].text.startswith("Un changement")
    assert "\n1.  Un élément isolé" in contract.clauses[-1].text  # not renumbered "2.1.1"


def test_plain_text_sentence_wrapped_after_a_few_words_is_not_a_heading(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "c.txt",
        "Conditions du service\n\nLe Client\nreconnaît avoir reçu la documentation du service.\n\n"
        "Le Prestataire\nfournit le service chaque jour ouvré, hors maintenance annoncée.\n",
    )
    assert [(c.number, c.title) for c in contract.clauses] == [(None, "")]
    assert "Le Client reconnaît avoir reçu" in contract.clauses[0].text


def test_plain_text_with_articles_keeps_short_opening_lines_inside_them(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "c.txt",
        "CONTRAT\n\nArticle 1 - Objet\n\nLe service est fourni en ligne.\n\n"
        "Article 2 - Prix\n\nPrix de base\nLe prix est payable chaque mois.\n",
    )
    assert [(c.number, c.title) for c in contract.clauses] == [("1", "Objet"), ("2", "Prix")]
    assert contract.clauses[1].text == "Prix de base\nLe prix est payable chaque mois."


def test_markdown_heading_title_keeps_final_dot_article_zero_and_siblings(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "c.md",
        "# CONDITIONS\n===\n### Article 0 — PRÉAMBULE\nLes présentes conditions régissent le service.\n\n"
        "### Article 1 – OBJET DU SERVICE ET DE SES OPTIONS.\nLe service héberge des pages.\n\n"
        "### Article 2 – PRIX\nLe prix est fixe.\n\n### ANNEXE TECHNIQUE\nLes serveurs sont situés en France.\n",
    )
    assert [(c.number, c.title, c.parent) for c in contract.clauses] == [
        ("0", "PRÉAMBULE", None),
        ("1", "OBJET DU SERVICE ET DE SES OPTIONS", None),
        ("2", "PRIX", None),
        (None, "ANNEXE TECHNIQUE", None),
    ]


def test_lettered_parts_of_an_article_are_sub_clauses() -> None:
    blocks = _blocks(
        "CONDITIONS",
        "1. Objet",
        "Le service est fourni en ligne.",
        "2. Obligations du prestataire",
        "a. Disponibilité",
        "Le service est accessible tous les jours ouvrés.",
        "b. Sécurité des données :",
        "Les données sont chiffrées.",
        "c) Le prestataire répond aux demandes dans les huit jours ouvrés suivant leur envoi.",
        "3. Durée",
        "a. Le contrat dure un an.",
        "Il se renouvelle.",
    )
    contract = segment(blocks, "c.txt")
    assert [(c.number, c.title, c.parent) for c in contract.clauses if c.number] == [
        ("1", "Objet", None),
        ("2", "Obligations du prestataire", None),
        ("2.a", "Disponibilité", "2"),
        ("2.b", "Sécurité des données", "2"),
        ("3", "Durée", None),
    ]
    assert contract.clauses[-2].text.endswith("huit jours ouvrés suivant leur envoi.")


def test_docx_bold_headings_with_bare_numbers_and_symbols(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("CONDITIONS D'ABONNEMENT")
    for heading, body in [
        ("1 Objet", "Le service fournit un espace de stockage en ligne."),
        ("\u25a0 2. Prix", "Le prix est payable chaque trimestre."),
        ("3 Responsabilité", "Chaque partie répond de ses fautes prouvées."),
    ]:
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(body)
    document.add_paragraph("12 mois de garantie sont offerts.")
    path = tmp_path / "c.docx"
    document.save(str(path))
    contract = read_contract(path)
    assert _numbers(contract) == [("1", "Objet"), ("2", "Prix"), ("3", "Responsabilité")]


def test_run_in_headings_in_bold_open_their_articles_in_docx_and_markdown(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("CONTRAT DE SERVICE")
    for number, title, body in [
        ("1. ", "Objet.", " Le service héberge les sauvegardes du client."),
        ("2. ", "Sécurité", " : le prestataire chiffre les sauvegardes."),
        ("3. ", "Le Client", " règle le prix chaque mois."),  # bold subject of a sentence: no heading
        ("4. ", "« Service »", " : désigne l'hébergement des sauvegardes."),  # a defined term: no heading
    ]:
        paragraph = document.add_paragraph(number)
        paragraph.add_run(title).bold = True
        paragraph.add_run(body)
    docx_path = tmp_path / "c.docx"
    document.save(str(docx_path))
    markdown = tmp_path / "c.md"
    markdown.write_text(
        "# Contrat de service\n\n1. **Objet.** Le service héberge les sauvegardes du client.\n\n"
        "2. **Sécurité** : le prestataire chiffre les sauvegardes.\n\n3. **Le Client** règle le prix chaque mois.\n\n"
        "4. **« Service »** : désigne l'hébergement des sauvegardes.\n",
        encoding="utf-8",
    )
    for path in (docx_path, markdown):
        contract = read_contract(path)
        assert _numbers(contract) == [("1", "Objet"), ("2", "Sécurité"), ("3", ""), ("4", "")], path.suffix
        assert [c.text for c in contract.clauses if c.number] == [
            "Le service héberge les sauvegardes du client.",
            "le prestataire chiffre les sauvegardes.",
            "Le Client règle le prix chaque mois.",
            "« Service » : désigne l'hébergement des sauvegardes.",
        ]
        first = next(c for c in contract.clauses if c.number == "1")
        assert contract.full_text[first.start : first.end] == first.text  # offsets still point at the body


@pytest.mark.parametrize("heading", ["**Article {n} - {t}**", "**{n}. {t}**", "## Article {n} - {t}", "### {n}. {t}"])
def test_markdown_article_lines_bold_or_hashed(tmp_path: Path, heading: str) -> None:
    titles = ["Objet", "Prix", "Durée"]
    body = "\n\n".join(
        f"{heading.format(n=n, t=t)}\n\nLe texte de l'article {n} suit." for n, t in enumerate(titles, 1)
    )
    contract = _read(tmp_path / "c.md", f"# Conditions générales\n\n{body}\n")
    assert _numbers(contract) == [("1", "Objet"), ("2", "Prix"), ("3", "Durée")]
    assert contract.clauses[-1].text == "Le texte de l'article 3 suit."


def test_markdown_terms_numbering_only_a_short_list_keep_their_headings(tmp_path: Path) -> None:
    # Sections are "##" / "###" headings without numbers; the only numbers are a short list in
    # one section. Read as articles, the list made everything before it a preamble and every
    # heading after it a part of "3".
    contract = _read(
        tmp_path / "cgv.md",
        "# Conditions générales de prestation\n\n"
        "## Préambule\n\nLes présentes conditions lient l'agence Pixelune et ses clients.\n\n"
        "## Objet\n\nL'agence conçoit des sites et des applications.\n\n"
        "## Déroulement d'un projet\n\n### Étapes\n\n"
        "1. **Premier échange :** un appel gratuit de vingt minutes\n"
        "2. **Cadrage :** l'étude des attentes du client\n"
        "3. **Chiffrage :** un devis détaillé\n\n"
        "### Devis\n\nLe devis vaut quarante-cinq jours.\n\n"
        "## Résiliation\n\n### Résiliation par le client\n\n"
        "Le client qui met fin au projet règle les jours déjà réalisés.\n\n"
        "## Droit applicable\n\nLe droit français s'applique.\n",
    )
    assert _numbers(contract) == []
    titles = [c.title for c in contract.clauses]
    assert titles[titles.index("Objet") :] == [
        "Objet",
        "Déroulement d'un projet",
        "Étapes",
        "Devis",
        "Résiliation",
        "Résiliation par le client",
        "Droit applicable",
    ]
    steps = contract.clauses[titles.index("Étapes")]
    assert "Premier échange" in steps.text and "Chiffrage" in steps.text


def test_markdown_parts_over_numbered_articles_keep_the_articles(tmp_path: Path) -> None:
    # Styled part headings without numbers, articles numbered in bold: the numbers are articles.
    contract = _read(
        tmp_path / "contrat.md",
        "# Contrat de maintenance\n\n## Conditions générales\n\n"
        "**1. Objet**\n\nLe prestataire maintient le logiciel du client.\n\n"
        "**2. Prix**\n\nLe prix est payé chaque trimestre.\n\n"
        "**3. Durée**\n\nLe contrat dure un an.\n\n"
        "## Conditions particulières\n\nLe client dispose de deux postes.\n",
    )
    assert _numbers(contract) == [("1", "Objet"), ("2", "Prix"), ("3", "Durée")]


def test_sub_articles_numbered_with_a_hyphen_are_read_as_written(tmp_path: Path) -> None:
    contract = _read(
        tmp_path / "cgv.md",
        "# Conditions générales\n\n"
        "#### Article 1 - Objet\n\nLe prestataire dépanne le parc informatique du client.\n\n"
        "#### Article 2 – Contrat d'assistance\n\nL'assistance couvre les postes listés.\n\n"
        "#### Article 2-1 – Durée\n\nLe contrat dure trois ans.\n\n"
        "#### Article 2-2- Tarifs\n\nLe tarif est révisé chaque année.\n\n"
        "#### Article 3 – Loi applicable\n\nLe droit français s'applique.\n",
    )
    assert _numbers(contract) == [
        ("1", "Objet"),
        ("2", "Contrat d'assistance"),
        ("2-1", "Durée"),
        ("2-2", "Tarifs"),
        ("3", "Loi applicable"),
    ]
    assert [c.parent for c in contract.clauses if c.number in ("2-1", "2-2")] == ["2", "2"]


def test_markdown_escaped_numbers_are_articles_and_escaped_stars_stay_text(tmp_path: Path) -> None:
    # A converter writes "1\. Objet" so that Markdown shows it as text, not as a list.
    contract = _read(
        tmp_path / "cgv.md",
        "# Conditions de service\n\n"
        "1\\. Objet\n\nLe service envoie les rappels de rendez-vous du client.\n\n"
        "2\\. Tarifs\n\n2.1. Le forfait de base\\* est payable chaque mois.\n\n"
        "3\\. Durée\n\nLe contrat dure un an \\[reconductible\\].\n",
    )
    assert _numbers(contract) == [("1", "Objet"), ("2", "Tarifs"), ("2.1", ""), ("3", "Durée")]
    text = {c.number: c.text for c in contract.clauses}
    assert "forfait de base\\* est" in text["2.1"]
    assert text["3"] == "Le contrat dure un an [reconductible]."


@pytest.mark.parametrize("emphasis", ["bold", "capitals"])
def test_docx_without_numbers_or_styles_cuts_at_short_lines_in_bold_or_capitals(tmp_path: Path, emphasis: str) -> None:
    document = docx.Document()
    document.add_paragraph("Conditions de l'offre de téléphonie hébergée")
    document.add_paragraph("Les présentes conditions lient l'opérateur Sonora et l'entreprise cliente.")
    sections = [
        ("Lignes et numéros", "Sonora fournit douze lignes SIP et conserve les numéros portés par le client."),
        ("Engagement de durée", "Le client souscrit pour vingt-quatre mois à compter de la mise en service."),
        ("Fin anticipée", "Le client qui part avant l'échéance doit les mois restant jusqu'à cette échéance."),
    ]
    for title, body in sections:
        heading = title.upper() if emphasis == "capitals" else title
        document.add_paragraph().add_run(heading).bold = emphasis == "bold"
        document.add_paragraph(body)
    # A short bold line inside a section that stands above another short line is no heading.
    document.add_paragraph().add_run("Pour Sonora").bold = True
    document.add_paragraph("La directrice commerciale")
    path = tmp_path / "telephonie.docx"
    document.save(str(path))
    contract = read_contract(path)
    titles = [title.upper() if emphasis == "capitals" else title for title, _ in sections]
    assert [c.title for c in contract.clauses] == ["", *titles]
    assert all(c.number is None for c in contract.clauses)
    assert contract.clauses[0].text.startswith("Les présentes conditions")
    assert contract.clauses[-1].text.endswith("La directrice commerciale")


def test_docx_one_bold_line_does_not_cut_a_contract_without_headings(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Bon de commande")
    document.add_paragraph("Le client commande la refonte de son site vitrine pour 4 800 euros HT.")
    document.add_paragraph().add_run("Délais").bold = True
    document.add_paragraph("Le site est livré dans les huit semaines suivant la commande.")
    path = tmp_path / "commande.docx"
    document.save(str(path))
    assert [c.title for c in read_contract(path).clauses] == [""]


def test_docx_without_numbers_keeps_parties_title_lines_and_sentences_out_of_its_headings(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("CONVENTION DE SERVICES")
    document.add_paragraph("SAUVEGARDE EXTERNALISÉE")  # the title goes on
    document.add_paragraph("ENTRE LES SOUSSIGNÉS :")
    document.add_paragraph("OMEGA DATA")  # a party's name, then who it is
    document.add_paragraph("Société par actions simplifiée immatriculée au RCS de Lyon, ci-après « le Prestataire ».")
    document.add_paragraph("D'AUTRE PART")
    document.add_paragraph().add_run("Service").bold = True
    document.add_paragraph("Omega Data copie chaque nuit les serveurs du Client dans deux centres distants.")
    document.add_paragraph().add_run("Définitions").bold = True
    document.add_paragraph("Les mots qui suivent ont le sens donné ci-dessous.")
    document.add_paragraph().add_run("Sauvegarde").bold = True  # a defined word: its sentence goes on below
    document.add_paragraph("désigne la copie des données du Client.")
    document.add_paragraph().add_run("Garantie").bold = True
    document.add_paragraph("LE SERVICE EST FOURNI SANS GARANTIE DE RÉSULTAT")  # a sentence in capitals
    document.add_paragraph().add_run("Le Client s'engage notamment à :").bold = True  # a list's lead-in
    document.add_paragraph("Vérifier chaque mois le rapport de sauvegarde.")
    path = tmp_path / "sauvegarde.docx"
    document.save(str(path))
    contract = read_contract(path)
    assert [c.title for c in contract.clauses] == ["", "Service", "Définitions", "Garantie"]
    assert "OMEGA DATA" in contract.clauses[0].text and "D'AUTRE PART" in contract.clauses[0].text
    assert contract.clauses[0].text.startswith("SAUVEGARDE EXTERNALISÉE")  # with the title, not a heading


def test_docx_without_numbers_takes_a_heading_under_the_title_questions_and_parties_named_in_clauses(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("Conditions générales du service Kiosque").bold = True
    document.add_paragraph().add_run("Objet").bold = True  # right under the title, but no linking word
    document.add_paragraph("Les présentes lient la société Kiosque, ci-après « l'Éditeur », et ses abonnés.")
    document.add_paragraph().add_run("Ce qui est inclus").bold = True  # a heading written as a question
    document.add_paragraph("L'abonnement comprend l'accès au service et son assistance.")
    document.add_paragraph().add_run("Juridiction").bold = True
    document.add_paragraph("Tout litige relève du tribunal du siège social de l'Éditeur.")  # a party word, later
    document.add_paragraph().add_run("Pour Kiosque").bold = True  # a signature
    document.add_paragraph("La gérante.")
    path = tmp_path / "kiosque.docx"
    document.save(str(path))
    contract = read_contract(path)
    assert [c.title for c in contract.clauses] == ["Objet", "Ce qui est inclus", "Juridiction"]
    assert contract.clauses[-1].text.endswith("La gérante.")


def test_titles_in_capitals_run_into_their_paragraph_open_articles(tmp_path: Path) -> None:
    # As a web page flattened to text prints its headings: number, title in capitals, body, one paragraph.
    articles = [
        "## 1 OBJET\n\nLe Prestataire héberge le site du Client sur ses serveurs.",
        "## 2 PRIX\n\nLe prix est payable chaque mois.",
        "3 ACCÈS AU SERVEUR Un identifiant et un mot de passe sont remis au Client.",
        "4 GARANTIES 4.1 Le Client garantit la licéité des contenus. 4.2 Il en répond seul.",
        "5. FORCE MAJEURE Un cas de force majeure suspend les obligations touchées.",
        "6 CPU Intel Xeon et 32 Go de mémoire sont affectés au serveur du Client.",  # a quantity, not a heading
        "7 LIMITATION DE RESPONSABILITÉ Le Prestataire ne répond pas de la perte d'une chance.",
    ]
    contract = _read(tmp_path / "c.md", "# Conditions d'hébergement\n\n" + "\n\n".join(articles) + "\n")
    assert _numbers(contract) == [
        ("1", "OBJET"),
        ("2", "PRIX"),
        ("3", "ACCÈS AU SERVEUR"),
        ("4", "GARANTIES"),
        ("5", "FORCE MAJEURE"),
        ("7", "LIMITATION DE RESPONSABILITÉ"),
    ]
    by_number = {c.number: c for c in contract.clauses}
    assert by_number["3"].text == "Un identifiant et un mot de passe sont remis au Client."
    assert by_number["4"].text.startswith("4.1 Le Client garantit")
    quantity = "6 CPU Intel Xeon et 32 Go de mémoire sont affectés au serveur du Client."
    assert by_number["5"].text.endswith(f"touchées.\n{quantity}")
    last = by_number["7"]
    assert contract.full_text[last.start : last.end] == last.text  # offsets still point at the body
