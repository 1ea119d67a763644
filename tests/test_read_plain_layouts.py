# French contract typography (typographic apostrophes) is the input under test.
"""Plain-text and Markdown layouts of contracts typed by hand, in documents written for these tests."""

from __future__ import annotations

from pathlib import Path

from clausecheck.read import read_blocks
from clausecheck.segment import segment


def clauses_of(tmp_path: Path, name: str, text: str) -> list[tuple[str | None, str | None, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    contract = segment(read_blocks(name, path.read_bytes()), str(path))
    return [(c.number, c.parent, c.title) for c in contract.clauses]


# One long line a paragraph, upper-case headings alone between blank lines, nothing numbered.
UNNUMBERED_CAPS = (
    "Conditions générales de location de serveurs\n\n"
    "SUPPORT ET SUIVI DES SERVEURS\n\n"
    "Le loueur prend en charge les pannes matérielles des machines qu’il met à disposition ; la configuration "
    "installée par le client reste de la responsabilité de ce dernier, qui en assure seul la gestion courante.\n\n"
    "RÉSILIATION DE L’ABONNEMENT\n\n"
    "Le client met fin à son abonnement depuis son espace personnel, quinze jours au moins avant l’échéance "
    "mensuelle suivante ; aucun prorata n’est remboursé pour le mois entamé par la suite.\n\n"
    "Le loueur peut suspendre le serveur sans préavis lorsqu’un usage illicite est constaté par ses équipes.\n\n"
    "ASSISTANCE\n\n"
    "Les demandes sont adressées par ticket depuis l’espace personnel du client.\n"
)


def test_plain_unnumbered_caps_lines_are_clause_headings(tmp_path: Path) -> None:
    clauses = clauses_of(tmp_path, "cgv.txt", UNNUMBERED_CAPS)
    assert [title for _, _, title in clauses] == [
        "SUPPORT ET SUIVI DES SERVEURS",
        "RÉSILIATION DE L’ABONNEMENT",
        "ASSISTANCE",
    ]


def test_plain_caps_line_above_a_list_item_stays_text_when_articles_are_numbered(tmp_path: Path) -> None:
    text = (
        "Contrat de maintenance\n\n"
        "Article 1 – Objet\nLe prestataire assure la maintenance du logiciel.\n\n"
        "IMPORTANT\n\n"
        "Les mises à jour sont installées le soir.\n\n"
        "Article 2 – Prix\nLe prix est de 100 euros par mois.\n"
    )
    assert [number for number, _, _ in clauses_of(tmp_path, "c.txt", text)] == ["1", "2"]


# Articles as an ordered list whose items are headings, their paragraphs as a nested ordered list.
NESTED_LIST = (
    "# Conditions d’abonnement Ondéo\n\n"
    "Ondéo fournit un accès internet par fibre optique aux abonnés résidentiels.\n\n"
    "1.  #### Durée d’engagement.\n\n"
    "    1.  **Principe**. L’abonné s’engage pour douze mois à compter de l’activation de sa ligne.\n\n"
    "    2.  **Sortie anticipée**. Une somme forfaitaire est due, diminuée chaque mois écoulé.\n\n"
    "        a) **Calcul**. La somme est divisée par douze puis multipliée par les mois restants.\n\n"
    "    3.  **Déménagement**. Le transfert de la ligne est gratuit une fois par an.\n\n"
    "2.  #### Équipement.\n\n"
    "    1.  **Box**. La box reste la propriété d’Ondéo et lui est rendue en fin d’abonnement.\n\n"
    "Les présentes conditions sont régies par le droit français.\n\n"
    "1. un premier point d’une liste simple ;\n"
    "2. un second point.\n"
)


def test_markdown_nested_ordered_lists_give_hierarchical_numbers(tmp_path: Path) -> None:
    clauses = clauses_of(tmp_path, "abonnement.md", NESTED_LIST)
    numbered = [(number, parent) for number, parent, _ in clauses if number is not None]
    assert numbered == [("1", None), ("1.1", "1"), ("1.2", "1"), ("1.3", "1"), ("2", None), ("2.1", "2")]
    assert [title for number, _, title in clauses if number in ("1", "2")] == ["Durée d’engagement", "Équipement"]


def test_markdown_nested_item_text_keeps_its_words_and_loses_its_marker(tmp_path: Path) -> None:
    path = tmp_path / "abonnement.md"
    path.write_text(NESTED_LIST, encoding="utf-8")
    contract = segment(read_blocks(path.name, path.read_bytes()), str(path))
    exit_clause = next(c for c in contract.clauses if c.number == "1.2")
    assert exit_clause.title == "Sortie anticipée"  # its bold opening words
    assert exit_clause.text.startswith("Une somme forfaitaire")
    assert "La somme est divisée par douze" in exit_clause.text
    assert "\ue002" not in contract.full_text and "\ue003" not in contract.full_text


def test_plain_unicode_line_separators_break_paragraphs(tmp_path: Path) -> None:
    text = (
        "# Conditions d’utilisation\n\n"
        "## Article 1 – Contenus\n\n"
        "Le contenu signalé est retiré sous huit jours.\u2028\u2028L’auteur est prévenu par courriel.\n\n"
        "## Article 2 – Durée\n\nLe compte reste ouvert tant qu’il est utilisé.\n"
    )
    path = tmp_path / "cgu.md"
    path.write_text(text, encoding="utf-8")
    blocks = read_blocks(path.name, path.read_bytes())
    texts = [b.text for b in blocks]
    assert "Le contenu signalé est retiré sous huit jours." in texts
    assert "L’auteur est prévenu par courriel." in texts
    assert not any("\u2028" in t for t in texts)


def test_plain_short_lines_alone_above_paragraphs_are_headings_but_not_signature_lines(tmp_path: Path) -> None:
    text = (
        "Contrat d’utilisation du logiciel Tessel\n\n"
        "Droit accordé\n\n"
        "L’éditeur accorde au client un droit personnel d’utiliser le logiciel sur un poste.\n\n"
        "Fin du contrat\n\n"
        "Le contrat prend fin lorsque le client désinstalle le logiciel de son poste.\n\n"
        "Pour le client\n\n"
        "Nom et qualité\n"
    )
    clauses = clauses_of(tmp_path, "cluf.txt", text)
    assert [title for _, _, title in clauses] == ["Droit accordé", "Fin du contrat"]


def test_markdown_links_read_as_their_words_and_images_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "conditions.md"
    path.write_text(
        "# Conditions\n\n## Article 1 – Offres\n\n![Logo](logo.png) L'Opérateur peut modifier les "
        '[offres](https://exemple.fr/offres "Nos offres") et la [grille tarifaire](https://exemple.fr/prix).\n',
        encoding="utf-8",
    )
    contract = segment(read_blocks(path.name, path.read_bytes()), str(path))
    article = next(c for c in contract.clauses if c.number == "1")
    assert article.text.strip() == "L'Opérateur peut modifier les offres et la grille tarifaire."


def test_plain_article_titles_in_lower_case_head_their_articles(tmp_path: Path) -> None:
    # Each heading line straight above its body, no blank line: "Article 2 : durée" must not be read
    # as a list item and glued to the text under it.
    text = (
        "Contrat de développement\n"
        "Article 1 : objet\n"
        "Le Prestataire réalise pour le Client une application de réservation.\n"
        "Article 2 : durée\n"
        "Le contrat court jusqu’à la livraison de l’application.\n"
        "Article 3 – propriété intellectuelle\n"
        "Les droits sur les développements sont cédés au Client au paiement du prix.\n"
        "Les stipulations de l’article 2 : durée, restent applicables après la livraison.\n"
    )
    clauses = clauses_of(tmp_path, "contrat.txt", text)
    assert [(number, title) for number, _, title in clauses if number] == [
        ("1", "objet"),
        ("2", "durée"),
        ("3", "propriété intellectuelle"),
    ]


def numbered_paragraphs(numbers: list[int]) -> str:
    """Terms whose paragraphs are numbered on across sections, each section headed by a bare title."""
    parts = ["# Conditions d'utilisation du portail\n"]
    for n in numbers:
        if n % 4 == 1:
            parts.append(f"### SECTION {n // 4 + 1}\n")
        parts.append(f"{n}. Le paragraphe {n} règle un point de l'usage du portail par l'usager inscrit.\n")
    return "\n".join(parts)


def test_paragraph_numbers_go_on_across_a_wide_gap_left_by_deleted_paragraphs(tmp_path: Path) -> None:
    # Paragraphs 1 to 12, then 25 to 40: the terms dropped 13 to 24 and kept their numbers. Both runs are the
    # terms' clauses, not only the longer one with the first a list in the preamble.
    numbers = [*range(1, 13), *range(25, 41)]
    clauses = clauses_of(tmp_path, "cgu.md", numbered_paragraphs(numbers))
    assert [number for number, _, _ in clauses if number is not None] == [str(n) for n in numbers]


def test_a_short_numbered_list_before_articles_numbered_far_on_stays_text(tmp_path: Path) -> None:
    # A lone item "1." before paragraphs 25 to 40 is no run of clauses the main one goes on from.
    text = numbered_paragraphs(list(range(25, 41))).replace(
        "### SECTION 7\n", "### SECTION 7\n\n1. Une seule mention liminaire, numérotée.\n", 1
    )
    clauses = clauses_of(tmp_path, "cgu.md", text)
    assert [number for number, _, _ in clauses if number is not None] == [str(n) for n in range(25, 41)]


def test_a_preamble_list_of_the_contract_documents_is_no_run_of_articles(tmp_path: Path) -> None:
    # The contract documents listed 1 to 5 before paragraphs numbered 10 to 30: a list, not the articles
    # the main run goes on from.
    documents = "Les documents contractuels sont, par ordre de priorité :\n\n" + "\n\n".join(
        f"{n}. Le document contractuel numéro {n} de la liste." for n in range(1, 6)
    )
    text = numbered_paragraphs(list(range(10, 31))).replace("\n", "\n\n" + documents + "\n\n", 1)
    clauses = clauses_of(tmp_path, "cgu.md", text)
    assert [number for number, _, _ in clauses if number is not None] == [str(n) for n in range(10, 31)]
