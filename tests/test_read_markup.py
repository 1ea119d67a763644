"""Terms copied from a web page with their HTML, in a Markdown or text file."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.engine.checker import Checker
from clausecheck.model.document import ContractText
from clausecheck.read import read_blocks
from clausecheck.segment import segment

# Pretty-printed page source: its line breaks and indentation are not the text's.
PAGE = """<!DOCTYPE html>
<html lang="fr"><head><title>CGV</title><style>p { margin: 0 }</style></head>
<body>
  <nav><a href="/">Accueil</a></nav>
  <h1>Conditions g&eacute;n&eacute;rales de vente</h1>
  <h2>Article 1 &ndash; Objet</h2>
  <p>Le Prestataire r&eacute;alise le site internet du Client
     selon le cahier des charges.<br>Il l&rsquo;h&eacute;berge ensuite.</p>
  <h2>Article 2 &ndash; Prix</h2>
  <table>
    <tr><th>Prestation</th><th>Prix</th></tr>
    <tr><td>Cr&eacute;ation du site</td><td>2&nbsp;400 &euro;</td></tr>
  </table>
  <h2>Article 3 &ndash; R&eacute;siliation</h2>
  <p><strong>R&eacute;siliation anticip&eacute;e.</strong> Le Client reste redevable de
     <del>la moiti&eacute;</del><ins>la totalit&eacute;</ins> des mensualit&eacute;s restant &agrave; courir.</p>
  <ul><li>par lettre recommand&eacute;e ;</li><li>avec un pr&eacute;avis d&rsquo;un mois.</li></ul>
  <script>var tracking = "Article 9 - Rien";</script>
</body></html>
"""


def _contract(name: str, text: str) -> ContractText:
    return segment(read_blocks(name, text.encode()), name)


def test_markup_web_page_copied_into_markdown_reads_as_its_articles() -> None:
    contract = _contract("cgv.md", PAGE)

    assert contract.title == "Conditions générales de vente"
    assert [(c.number, c.title) for c in contract.clauses] == [("1", "Objet"), ("2", "Prix"), ("3", "Résiliation")]
    objet, prix, resiliation = contract.clauses
    # the source's line break is a space; <br> a line end, which the reader joins as a wrapped line
    assert (
        objet.text
        == "Le Prestataire réalise le site internet du Client selon le cahier des charges. Il l’héberge ensuite."
    )
    assert "Création du site | 2 400 €" in prix.text
    # <del> dropped and <ins> kept, as tracked changes; the list's items on their own lines
    assert "redevable de la totalité des mensualités restant à courir" in resiliation.text
    assert "moitié" not in contract.full_text
    assert "- par lettre recommandée ;" in resiliation.text.split("\n")
    assert "tracking" not in contract.full_text and "Accueil" not in contract.full_text


def test_markup_inside_markdown_keeps_the_markdown_lines() -> None:
    text = (
        "# Conditions générales\n\n## Article 1 - Objet\n\nLe Prestataire développe l'application.<br>\n"
        "Le Client la recette.\n\n<p>Article 2 - Durée</p>\n\n<p>Le contrat dure&nbsp;un an.</p>\n"
    )
    contract = _contract("cg.md", text)

    assert [(c.number, c.title) for c in contract.clauses] == [("1", "Objet"), ("2", "Durée")]
    assert contract.clauses[1].text == "Le contrat dure un an."


@pytest.mark.parametrize(
    "text",
    [
        "Le prix est de 100 € <b>hors taxes</b>, payable à trente jours.",
        "Le débit est garanti si la latence reste < 20 ms et le taux de perte > 0,1 %.",
    ],
)
def test_markup_a_tag_or_a_comparison_in_a_sentence_is_left_alone(text: str) -> None:
    contract = _contract("c.txt", f"Conditions\n\nArticle 1 - Prix\n\n{text}\n")
    assert contract.clauses[0].text == text


@pytest.mark.slow
def test_markup_page_gets_the_findings_of_its_words(checker: Checker, tmp_path: Path) -> None:
    path = tmp_path / "cgv.md"
    path.write_text(PAGE, encoding="utf-8")
    report = checker.check(path)
    assert ("termination.full-remaining-price", "3") in {
        (f.rule_id, f.clause.number) for f in report.findings if f.clause
    }


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # a page that leaves its head unclosed, as HTML allows
        (
            "unclosed-head.md",
            "<html><head><title>CGV</title><body><h2>Article 1 - Objet</h2><p>Le service est fourni.</p>"
            "<h2>Article 2 - Prix</h2><p>Le prix est fixe.</p>",
        ),
        # a page whose body is one form
        (
            "form.md",
            "<!DOCTYPE html><body><form><h2>Article 1 - Objet</h2><p>Le service est fourni.</p>"
            "<h2>Article 2 - Prix</h2><p>Le prix est fixe.</p></form></body>",
        ),
        # Markdown opening with an HTML comment keeps its lines
        (
            "comment.md",
            "<!-- version 2 -->\n# Conditions\n\n## Article 1 - Objet\n\nLe service est fourni.<br>\n\n"
            "## Article 2 - Prix\n\nLe prix est fixe.<br>\n",
        ),
        # a heading holding a line break, a table of Word's HTML export (cells holding paragraphs)
        (
            "word.txt",
            "<h2>Article 1<br>Objet</h2><p>Le service est fourni.</p><h2>Article 2 - Prix</h2>"
            "<table><tr><td><p>Prestation</p></td><td><p>Prix</p></td></tr>"
            "<tr><td><p>Service</p></td><td><p>100 €</p></td></tr></table>",
        ),
    ],
)
def test_markup_pages_as_they_come(name: str, text: str) -> None:
    contract = _contract(name, text)
    assert [c.number for c in contract.clauses] == ["1", "2"]
    assert contract.clauses[0].text == "Le service est fourni."


def test_markup_table_rows_stay_one_table_and_autolinks_keep_their_address() -> None:
    text = (
        "# CG\n\n## Article 1 - Prix\n\n<table><tr><td>Service</td><td>100 €</td></tr>"
        "<tr><td>Option</td><td>20 €</td></tr></table>\n\n## Article 2 - Contact\n\n"
        "Écrire à <contact@exemple.fr> ou voir <https://exemple.fr/cgv>.<br>\n"
    )
    blocks = read_blocks("cg.md", text.encode())
    assert [b.text for b in blocks if b.kind == "table"] == ["Service | 100 €\nOption | 20 €"]
    assert any(b.text == "Écrire à contact@exemple.fr ou voir https://exemple.fr/cgv." for b in blocks)


@pytest.mark.parametrize(
    "text",
    [
        "<p>a</p><p>b</p><![marque[x]]>",  # a marked section the HTML parser refuses
        "<p>a</p><p>b</p>" + "<a" * 2000,  # tag openings never closed
    ],
)
def test_markup_the_parser_cannot_follow_is_no_internal_error(text: str) -> None:
    assert read_blocks("c.md", text.encode())
