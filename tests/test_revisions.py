"""Tracked changes reviewed: who inserted a finding's words, which deletion removed a protection.

The drafts are real .docx files written here with python-docx, their w:ins / w:del (with
w:author and w:date) added with lxml, and checked through the whole pipeline.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from typer.testing import CliRunner

from clausecheck.cli import app
from clausecheck.engine.source import read_contract
from clausecheck.model.dates import day_fr
from clausecheck.model.findings import DocumentReport, Finding

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker

MARTIN = ("Cabinet Martin", "2026-11-03T10:00:00Z")
DURAND = ("Me Durand", "2026-11-01T09:30:00Z")
# A part of a paragraph: plain text, or a tracked insertion or deletion by (author, date).
Part = tuple[str, str] | tuple[str, str, tuple[str, str]]


def _run(text: str, deleted: bool = False) -> etree._Element:
    run = etree.Element(qn("w:r"))
    node = etree.SubElement(run, qn("w:delText" if deleted else "w:t"))
    node.text = text
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


class Draft:
    """A Word draft built paragraph by paragraph, tracked changes included."""

    def __init__(self, title: str) -> None:
        self.document = docx.Document()
        self.document.add_heading(title, 0)
        self.ids = 0

    def article(self, heading: str, *parts: Part) -> Draft:
        self.document.add_heading(heading, 1)
        self.paragraph(self.document.add_paragraph()._p, parts)
        return self

    def paragraph(self, p: etree._Element, parts: tuple[Part, ...]) -> None:
        for part in parts:
            if part[0] == "t":
                p.append(_run(part[1]))
                continue
            kind, text, (author, date) = part  # type: ignore[misc]
            self.ids += 1
            change = etree.SubElement(p, qn("w:ins" if kind == "ins" else "w:del"))
            change.set(qn("w:id"), str(self.ids))
            change.set(qn("w:author"), author)
            change.set(qn("w:date"), date)
            change.append(_run(text, deleted=kind == "del"))

    def table(self, *cells: tuple[Part, ...]) -> Draft:
        table = self.document.add_table(rows=1, cols=len(cells))
        for cell, parts in zip(table.rows[0].cells, cells, strict=True):
            self.paragraph(cell.paragraphs[0]._p, parts)
        return self

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path


def hosting_draft(path: Path) -> Path:
    """A hosting contract whose price, early-termination sum and technology clause were redlined."""
    return (
        Draft("Contrat d'hébergement et d'infogérance")
        .article(
            "Article 1 - Objet",
            ("t", "Le Prestataire héberge l'application de gestion du Client sur ses serveurs et en assure "),
            ("t", "l'exploitation et la maintenance."),
        )
        .article(
            "Article 2 - Prix",
            ("t", "En contrepartie, le Client verse une redevance mensuelle de "),
            ("del", "850", MARTIN),
            ("ins", "938", MARTIN),
            ("t", " € HT."),
        )
        .article(
            "Article 3 - Durée",
            ("t", "Le contrat est conclu pour une durée ferme de "),
            ("del", "24", DURAND),
            ("ins", "36", DURAND),
            ("t", " mois à compter de sa signature."),
        )
        .article(
            "Article 4 - Évolutions techniques",
            ("t", "Le Prestataire peut remplacer à tout moment la plateforme d'hébergement de l'application"),
            ("del", ", avec l'accord préalable écrit du Client", MARTIN),
            ("t", "."),
        )
        .article(
            "Article 5 - Résiliation",
            ("t", "En cas de résiliation anticipée, le Client reste redevable "),
            ("ins", "de l'intégralité des redevances restant à courir jusqu'au terme", DURAND),
            ("t", " du contrat."),
        )
        .article(
            "Article 6 - Facturation",
            ("t", "Le Client règle les factures par virement"),
            ("del", " à trente jours fin de mois", DURAND),
            ("t", "."),
        )
        .save(path)
    )


def _one(report: DocumentReport, rule_id: str) -> Finding:
    found = [f for f in report.findings if f.rule_id == rule_id]
    assert len(found) == 1, [f.rule_id for f in report.findings]
    return found[0]


# --- reading ---------------------------------------------------------------------------------


def test_dates_read_as_counsel_write_them() -> None:
    assert day_fr("2026-11-03T10:00:00Z") == "3 novembre 2026"
    assert day_fr("2026-11-01T09:30:00Z") == "1er novembre 2026"
    assert day_fr("2026-13-01") is None and day_fr(None) is None and day_fr("hier") is None


def test_reader_keeps_each_change_with_author_date_and_place(tmp_path: Path) -> None:
    contract = read_contract(hosting_draft(tmp_path / "projet.docx"))
    text = contract.full_text
    changes = {(r.kind, r.text): r for r in contract.revisions}
    price = changes[("insertion", "938")]
    assert text[price.start : price.end] == "938" and (price.author, price.date) == MARTIN
    replaced = changes[("deletion", "850")]
    assert replaced.start == replaced.end == price.start  # the accepted text no longer holds the words
    removed = changes[("deletion", ", avec l'accord préalable écrit du Client")]
    assert text[removed.start - len("l'application") : removed.start + 1] == "l'application."
    assert removed.author == "Cabinet Martin"
    assert [r.author for r in contract.revisions].count("Me Durand") == 4


def test_reader_places_changes_inside_table_cells(tmp_path: Path) -> None:
    draft = Draft("Contrat de maintenance").article("Article 1 - Objet", ("t", "Le Prestataire maintient le logiciel."))
    draft.table(
        (("t", "Délai d'intervention"),),
        (("t", "4 heures"), ("del", " ouvrées", DURAND), ("ins", " calendaires", MARTIN)),
    )
    contract = read_contract(draft.save(tmp_path / "maintenance.docx"))
    inserted = next(r for r in contract.revisions if r.kind == "insertion")
    assert contract.full_text[inserted.start : inserted.end] == " calendaires"
    assert inserted.text == "calendaires" and inserted.author == "Cabinet Martin"
    deleted = next(r for r in contract.revisions if r.kind == "deletion")
    assert deleted.text == "ouvrées" and contract.full_text[: deleted.start].endswith("4 heures")


# --- checking --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hosting(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> DocumentReport:
    return checker.check(hosting_draft(tmp_path_factory.mktemp("revisions") / "projet.docx"))


@pytest.mark.slow
def test_finding_names_who_inserted_its_words_and_when(hosting: DocumentReport) -> None:
    finding = _one(hosting, "termination.full-remaining-price")
    assert [(r.kind, r.author) for r in finding.revisions] == [("insertion", "Me Durand")]
    assert finding.revisions[0].describe() == (
        "« de l'intégralité des redevances restant à courir jusqu'au terme » inséré par Me Durand le 1er novembre 2026"
    )


@pytest.mark.slow
def test_exposure_basis_says_price_and_term_come_from_tracked_changes(hosting: DocumentReport) -> None:
    exposure = _one(hosting, "termination.full-remaining-price").exposure
    assert exposure is not None and exposure.amount == 938 * 36
    assert "prix issu d'une modification suivie : « 938 » inséré par Cabinet Martin le 3 novembre 2026" in (
        exposure.basis
    )
    assert "à la place de « 850 »" in exposure.basis
    assert "durée issue d'une modification suivie : « 36 » inséré par Me Durand le 1er novembre 2026" in (
        exposure.basis
    )


@pytest.mark.slow
def test_deleted_consent_is_a_finding_of_its_own(hosting: DocumentReport) -> None:
    finding = _one(hosting, "revisions.protection-deleted")
    assert finding.clause is not None and finding.clause.number == "4"
    assert [(r.kind, r.author, r.date) for r in finding.revisions] == [("deletion", *MARTIN)]
    assert finding.excerpt == "[supprimé : « avec l'accord préalable écrit du Client »]"
    assert finding.evidence.matched == ["accord du client requis"]
    assert "advice.unilateral-technology-change" in (finding.evidence.detail or "")
    # The rule whose protection was deleted fires too, on the accepted text.
    assert _one(hosting, "advice.unilateral-technology-change").clause == finding.clause


@pytest.mark.slow
def test_deletions_that_remove_no_protection_are_not_reported(hosting: DocumentReport) -> None:
    # Articles 2, 3 and 6 lose words (a price, a term, a payment delay) that no rule looks for.
    reported = [f.clause.number for f in hosting.findings if f.rule_id == "revisions.protection-deleted" and f.clause]
    assert reported == ["4"]
    assert hosting.revision_authors == ["Cabinet Martin", "Me Durand"]


@pytest.mark.slow
def test_deleting_the_only_duty_to_warn_is_reported(checker: Checker, tmp_path: Path) -> None:
    path = (
        Draft("Contrat de prestations informatiques")
        .article(
            "Article 1 - Objet",
            ("t", "Le Prestataire développe pour le Client une application de gestion des stocks."),
        )
        .article(
            "Article 2 - Obligations du Prestataire",
            ("t", "Le Prestataire réalise les développements demandés"),
            ("del", " et met en garde le Client sur les risques de ses choix techniques", DURAND),
            ("t", "."),
        )
        .save(tmp_path / "developpement.docx")
    )
    report = checker.check(path)
    finding = _one(report, "revisions.protection-deleted")
    assert finding.evidence.matched == ["devoir de conseil du prestataire"]
    assert "advice.duty-missing" in (finding.evidence.detail or "")
    assert _one(report, "advice.duty-missing").clause is None  # absent once the deletion is accepted


@pytest.mark.slow
def test_a_paragraph_deleted_whole_mark_included_is_reported(checker: Checker, tmp_path: Path) -> None:
    draft = Draft("Contrat de prestations informatiques").article(
        "Article 1 - Objet", ("t", "Le Prestataire développe pour le Client une application de gestion des stocks.")
    )
    draft.article(
        "Article 2 - Obligations du Prestataire", ("t", "Le Prestataire réalise les développements demandés.")
    )
    gone = draft.document.add_paragraph()._p
    draft.paragraph(gone, (("del", "Il met en garde le Client sur les risques de ses choix techniques.", MARTIN),))
    mark = etree.SubElement(etree.SubElement(gone.get_or_add_pPr(), qn("w:rPr")), qn("w:del"))
    mark.set(qn("w:id"), "99")
    mark.set(qn("w:author"), MARTIN[0])
    mark.set(qn("w:date"), MARTIN[1])
    draft.article("Article 3 - Prix", ("t", "Le prix est fixé en annexe."))
    report = checker.check(draft.save(tmp_path / "paragraphe.docx"))
    finding = _one(report, "revisions.protection-deleted")
    assert finding.clause is not None and finding.clause.number == "2"
    assert finding.revisions[0].text == "Il met en garde le Client sur les risques de ses choix techniques."


@pytest.mark.slow
def test_a_long_clause_is_read_around_its_deletion(checker: Checker, tmp_path: Path) -> None:
    filler = " ".join(["Le Prestataire tient à jour la documentation d'exploitation de l'application."] * 12)
    draft = Draft("Contrat d'hébergement").article("Article 1 - Objet", ("t", "Le Prestataire héberge l'application."))
    draft.article("Article 2 - Exploitation", ("t", filler))
    for _ in range(6):
        draft.paragraph(draft.document.add_paragraph()._p, (("t", filler),))
    draft.paragraph(
        draft.document.add_paragraph()._p,
        (
            ("t", "Le Prestataire peut remplacer à tout moment la plateforme d'hébergement de l'application"),
            ("del", ", avec l'accord préalable écrit du Client", MARTIN),
            ("t", "."),
        ),
    )
    report = checker.check(draft.save(tmp_path / "long.docx"))
    clause = next(c for c in read_contract(tmp_path / "long.docx").clauses if c.number == "2")
    assert len(clause.text) > 5_000
    assert _one(report, "revisions.protection-deleted").evidence.matched == ["accord du client requis"]


@pytest.mark.slow
def test_a_replacement_that_lessens_the_risk_is_not_a_deleted_protection(checker: Checker, tmp_path: Path) -> None:
    path = (
        Draft("Contrat de maintenance applicative")
        .article("Article 1 - Objet", ("t", "Le Prestataire assure la maintenance corrective du logiciel du Client."))
        .article(
            "Article 2 - Résiliation anticipée",
            ("t", "Le Client peut résilier le contrat pour convenance moyennant un préavis de deux mois. "),
            ("t", "Il verse alors au Prestataire une indemnité égale à "),
            ("del", "l'intégralité des redevances restant à courir jusqu'au terme du contrat", DURAND),
            ("ins", "deux (2) mois de redevance mensuelle", DURAND),
            ("t", "."),
        )
        .save(tmp_path / "remplacement.docx")
    )
    report = checker.check(path)
    assert "termination.full-remaining-price" not in {f.rule_id for f in report.findings}
    assert "revisions.protection-deleted" in report.rules_clean


@pytest.mark.slow
def test_a_draft_without_tracked_changes_has_no_revision(checker: Checker, tmp_path: Path) -> None:
    path = (
        Draft("Contrat d'hébergement")
        .article(
            "Article 1 - Évolutions",
            ("t", "Le Prestataire peut remplacer à tout moment la plateforme d'hébergement de l'application."),
        )
        .save(tmp_path / "propre.docx")
    )
    report = checker.check(path)
    assert report.revision_authors == []
    assert all(not f.revisions for f in report.findings)
    assert "revisions.protection-deleted" in report.rules_clean


# --- reports ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_report_lists_the_changes_and_their_authors(tmp_path: Path) -> None:
    draft = hosting_draft(tmp_path / "projet.docx")
    runner = CliRunner()
    for fmt in ("markdown", "html", "docx", "json", "sarif"):
        out = tmp_path / fmt
        args = [str(draft), "-o", str(out), "--format", fmt, "--no-date"]
        result = runner.invoke(app, args + (["--annotate"] if fmt == "markdown" else []))
        assert result.exit_code == 1, result.output
    markdown = (tmp_path / "markdown" / "projet.rapport.md").read_text(encoding="utf-8")
    assert "**Modifications suivies de** : Cabinet Martin, Me Durand" in markdown
    assert "**Protection retirée** : accord du client requis" in markdown
    assert "« avec l'accord préalable écrit du Client » supprimé par Cabinet Martin le 3 novembre 2026" in markdown

    html = (tmp_path / "html" / "projet.rapport.html").read_text(encoding="utf-8")
    assert "<dt>Modifications suivies de</dt><dd>Cabinet Martin, Me Durand</dd>" in html
    assert "inséré par Me Durand le 1er novembre 2026" in html

    word = docx.Document(str(tmp_path / "docx" / "projet.rapport.docx"))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Modifications suivies de : Cabinet Martin, Me Durand" in text
    assert "Protection retirée : accord du client requis" in text

    envelope = json.loads((tmp_path / "json" / "report.json").read_text(encoding="utf-8"))
    document = envelope["documents"][0]
    assert document["revision_authors"] == ["Cabinet Martin", "Me Durand"]
    deleted = next(f for f in document["findings"] if f["rule_id"] == "revisions.protection-deleted")
    assert deleted["revisions"][0] | {"start": 0, "end": 0} == {
        "kind": "deletion",
        "text": ", avec l'accord préalable écrit du Client",
        "author": "Cabinet Martin",
        "date": "2026-11-03T10:00:00Z",
        "start": 0,
        "end": 0,
    }

    sarif = json.loads((tmp_path / "sarif" / "report.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert sarif["artifacts"][0]["properties"] == {"revisionAuthors": ["Cabinet Martin", "Me Durand"]}
    changed = [r["properties"]["revisions"] for r in sarif["results"] if "revisions" in r["properties"]]
    assert {c["author"] for found in changed for c in found} == {"Cabinet Martin", "Me Durand"}

    annotated = tmp_path / "markdown" / "projet.annote.docx"
    comments = etree.fromstring(_comments_xml(annotated))
    said = " ".join(comments.itertext())
    assert "Modification suivie : « avec l'accord préalable écrit du Client » supprimé par Cabinet Martin" in said
    assert "Protection retirée : accord du client requis" in said


def _comments_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/comments.xml")
