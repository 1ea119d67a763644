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
