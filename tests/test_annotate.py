"""The annotated copy: one Word comment per finding on the risky words, and nothing else changed."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from clausecheck.model.document import Clause
from clausecheck.model.findings import (
    Advice,
    ClauseRef,
    DocumentReport,
    Evidence,
    Exposure,
    Finding,
    Location,
    Reference,
)
from clausecheck.model.labels import SEVERITY_FR
from clausecheck.read.docx import read_docx
from clausecheck.report.annotate import AUTHOR, annotate_docx, finding_comment
from clausecheck.segment import segment

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAAS, VOIP = "abonnement-saas-crm.docx", "contrat-telephonie-voip.docx"


# --- reading the copy back with plain zip + lxml, independently of the module -------------


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _comments(path: Path) -> dict[str, tuple[str, str]]:
    """id → (author, text) of the comments part."""
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return {}
    root = _part(path, "word/comments.xml")
    return {
        c.get(f"{W}id"): (c.get(f"{W}author"), "\n".join("".join(p.itertext()) for p in c.iter(f"{W}p")))
        for c in root.iter(f"{W}comment")
    }


def _deleted(el: etree._Element) -> bool:
    return any(a.tag in (f"{W}del", f"{W}moveFrom") for a in el.iterancestors())


def _accepted_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t") if not _deleted(t))


@dataclass
class Anchor:
    text: str  # accepted text between the range marks
    paragraph: str  # accepted text of the paragraph holding the range start
    start_parent: str  # local name of the range start's parent ("p", "ins", …)


def _anchors(path: Path) -> dict[str, Anchor]:
    body = _part(path, "word/document.xml").find(f"{W}body")
    open_ids: dict[str, list[str]] = {}
    found: dict[str, Anchor] = {}
    for el in body.iter():
        if el.tag == f"{W}commentRangeStart":
            cid = el.get(f"{W}id")
            open_ids[cid] = []
            paragraph = next(a for a in el.iterancestors() if a.tag == f"{W}p")
            found[cid] = Anchor("", _accepted_text(paragraph), etree.QName(el.getparent()).localname)
        elif el.tag == f"{W}commentRangeEnd":
            cid = el.get(f"{W}id")
            found[cid].text = "".join(open_ids.pop(cid))
        elif el.tag == f"{W}t" and not _deleted(el):
            for pieces in open_ids.values():
                pieces.append(el.text or "")
    assert not open_ids, "a comment range is never closed"
    return found


def _count(path: Path, tag: str) -> int:
    return sum(1 for _ in _part(path, "word/document.xml").iter(f"{W}{tag}"))


def _ours(path: Path) -> list[str]:
    """Our comment ids in the order they were added."""
    return sorted((cid for cid, (author, _) in _comments(path).items() if author == AUTHOR), key=int)


# --- the sample contracts through the real checker ------------------------------------------


@dataclass
class Annotated:
    source: Path
    copy: Path
    report: DocumentReport
    added: int
    source_hash: str


@pytest.fixture(scope="module")
def annotated(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Annotated]:
    out: dict[str, Annotated] = {}
    for name in (SAAS, VOIP):
        source = SAMPLES / name
        before = _sha(source)
        report = checker.check(source)
        assert report.status == "ok", report.error
        copy = tmp_path_factory.mktemp("annotated") / name
        out[name] = Annotated(source, copy, report, annotate_docx(source, copy, report, "client"), before)
    return out


def _clause_findings(report: DocumentReport) -> list[Finding]:
    return [f for f in report.findings if f.clause is not None]


@pytest.mark.slow
@pytest.mark.parametrize("name", [SAAS, VOIP])
def test_one_comment_per_clause_finding_and_one_for_absences(annotated: dict[str, Annotated], name: str) -> None:
    a = annotated[name]
    absent = any(f.clause is None for f in a.report.findings)
    expected = len(_clause_findings(a.report)) + int(absent)
    assert expected > 0
    assert len(_ours(a.copy)) == a.added == expected


@pytest.mark.slow
@pytest.mark.parametrize("name", [SAAS, VOIP])
def test_each_comment_covers_the_matched_words_in_its_clause(annotated: dict[str, Annotated], name: str) -> None:
    a = annotated[name]
    anchors, comments = _anchors(a.copy), _comments(a.copy)
    document = _part(a.copy, "word/document.xml")
    for cid, finding in zip(_ours(a.copy), _clause_findings(a.report), strict=False):
        assert comments[cid][1].startswith(f"Gravité : {SEVERITY_FR[finding.severity]} — {finding.title}")
        assert finding.message in comments[cid][1]
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            assert len(document.findall(f".//{W}{tag}[@{W}id='{cid}']")) == 1
        text, spans = finding.clause_text or "", sorted(finding.evidence.spans)
        anchor = anchors[cid]
        # Right clause: the range starts in a paragraph of this clause's text.
        assert anchor.paragraph.strip() and anchor.paragraph.strip() in text
        # Right words: from the first matched word to the last matched word of that paragraph.
        first = spans[0][0]
        end = first + len(anchor.text)
        line_end = text.find("\n", first) if "\n" in text[first:] else len(text)
        assert text[first:end] == anchor.text and "\n" not in anchor.text
        assert anchor.text.startswith(text[spans[0][0] : spans[0][1]])
        assert end in {min(b, line_end) for _, b in spans}
        assert all(b <= end for s, b in spans if first <= s < line_end)


@pytest.mark.slow
def test_comment_on_clause_9_2_sits_in_clause_9_2(annotated: dict[str, Annotated]) -> None:
    a = annotated[VOIP]
    anchors = _anchors(a.copy)
    pairs = list(zip(_ours(a.copy), _clause_findings(a.report), strict=False))
    on_9_2 = [(cid, f) for cid, f in pairs if f.clause and f.clause.number == "9.2"]
    assert on_9_2
    for cid, finding in on_9_2:
        assert anchors[cid].paragraph in (finding.clause_text or "")
        assert "expiration" in anchors[cid].text or "résili" in anchors[cid].text


@pytest.mark.slow
def test_words_inside_a_tracked_insertion_are_anchored(annotated: dict[str, Annotated]) -> None:
    a = annotated[SAAS]
    pairs = dict(zip((f.rule_id for f in _clause_findings(a.report)), _ours(a.copy), strict=False))
    anchor = _anchors(a.copy)[pairs["advice.duty-excluded"]]
    assert anchor.start_parent == "ins"
    assert anchor.text.startswith("Client reconnaît toutefois avoir défini seul ses besoins")
    # The reference run is not part of the insertion: it would be a change by someone else.
    document = _part(a.copy, "word/document.xml")
    reference = document.find(f".//{W}commentReference[@{W}id='{pairs['advice.duty-excluded']}']")
    assert all(x.tag != f"{W}ins" for x in reference.iterancestors())


@pytest.mark.slow
def test_absences_share_one_comment_on_the_title(annotated: dict[str, Annotated]) -> None:
    a = annotated[VOIP]  # no security clause at all: several absence findings
    absent = [f for f in a.report.findings if f.clause is None]
    assert len(absent) > 1
    cid = _ours(a.copy)[-1]
    assert _anchors(a.copy)[cid].text == a.report.title
    text = _comments(a.copy)[cid][1]
    assert all(f.title in text and SEVERITY_FR[f.severity] in text for f in absent)


@pytest.mark.slow
def test_existing_comments_are_kept(annotated: dict[str, Annotated]) -> None:
    a = annotated[SAAS]
    before, after = _comments(a.source), _comments(a.copy)
    assert before and all(after.get(cid) == value for cid, value in before.items())
    assert len(after) == len(before) + a.added  # no id reused
    for cid in before:
        assert _anchors(a.copy)[cid].text == _anchors(a.source)[cid].text


@pytest.mark.slow
@pytest.mark.parametrize("name", [SAAS, VOIP])
def test_structure_and_text_are_unchanged(annotated: dict[str, Annotated], name: str) -> None:
    a = annotated[name]
    for tag in ("ins", "del", "moveFrom", "moveTo", "numPr", "tbl", "sectPr"):
        assert _count(a.copy, tag) == _count(a.source, tag), tag
    assert read_docx(a.copy.read_bytes()) == read_docx(a.source.read_bytes())
    with zipfile.ZipFile(a.source) as src, zipfile.ZipFile(a.copy) as out:
        assert set(src.namelist()) <= set(out.namelist())
        for part in (n for n in src.namelist() if n.startswith(("word/header", "word/footer", "word/numbering"))):
            c14n = [etree.tostring(etree.fromstring(z.read(part)), method="c14n") for z in (src, out)]
            assert c14n[0] == c14n[1], part
    assert _sha(a.source) == a.source_hash


@pytest.mark.slow
def test_libreoffice_converts_the_copy(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice not installed: conversion check skipped")
    annotated: dict[str, Annotated] = request.getfixturevalue("annotated")  # not before: it loads the model
    for a in annotated.values():
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(a.copy),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = tmp_path / a.copy.with_suffix(".pdf").name
        assert pdf.exists() and pdf.stat().st_size > 0


# --- a small draft built here: runs cut inside a tracked insertion, no model needed -------


def _draft(path: Path) -> Path:
    """Article 2's body: 'Le Client versera ' + w:ins[bold 'une indemnité ', italic 'égale à ']
    + w:del['trois mois de '] + 'la totalité des redevances restant dues.'"""
    document = docx.Document()
    document.add_paragraph("CONTRAT DE PRESTATIONS DE TEST")
    document.add_paragraph().add_run("Article 1 – Objet").bold = True
    document.add_paragraph("Le présent contrat définit les prestations confiées au Prestataire.")
    document.add_paragraph().add_run("Article 2 – Résiliation").bold = True
    paragraph = document.add_paragraph()
    paragraph.add_run("Le Client versera ")
    bold, italic = paragraph.add_run("une indemnité "), paragraph.add_run("égale à ")
    bold.bold, italic.italic = True, True
    revision = {qn("w:author"): "Fournisseur", qn("w:date"): "2025-01-01T00:00:00Z"}
    inserted = OxmlElement("w:ins", attrs={qn("w:id"): "901", **revision})
    bold._r.addprevious(inserted)
    inserted.extend([bold._r, italic._r])
    deleted = OxmlElement("w:del", attrs={qn("w:id"): "902", **revision})
    run, gone = OxmlElement("w:r"), OxmlElement("w:delText")
    gone.text = "trois mois de "
    run.append(gone)
    deleted.append(run)
    inserted.addnext(deleted)
    paragraph.add_run("la totalité des redevances restant dues.")
    document.save(str(path))
    return path


def _finding(clause: Clause | None, spans: list[tuple[int, int]]) -> Finding:
    return Finding(
        rule_id="test.exit-fee",
        severity="high",
        title="Indemnité de sortie",
        message="Le client doit tout le prix restant.",
        clause=ClauseRef(number=clause.number, title=clause.title) if clause else None,
        clause_text=clause.text if clause else None,
        why="Clause pénale.",
        advice=Advice(
            client="Plafonner l'indemnité.\n\nRédaction suggérée : « six mois au plus »", supplier="Prévoir un dédit."
        ),
        references=[
            Reference(
                kind="statute",
                citation="C. civ. art. 1231-5",
                status="verified",
                source="Légifrance",
                checked="2025-01",
            )
        ],
        evidence=Evidence(spans=spans),
        location=Location(
            start=clause.start, end=clause.end, spans=[(clause.start + a, clause.start + b) for a, b in spans]
        )
        if clause
        else None,
    )


def _clause(path: Path, number: str) -> Clause:
    return next(c for c in segment(read_docx(path.read_bytes()), str(path)).clauses if c.number == number)


def test_words_across_runs_of_an_insertion_and_a_deletion(tmp_path: Path) -> None:
    source = _draft(tmp_path / "draft.docx")
    clause = _clause(source, "2")
    assert clause.text == "Le Client versera une indemnité égale à la totalité des redevances restant dues."
    spans = [(clause.text.index(w), clause.text.index(w) + len(w)) for w in ("indemnité", "totalité")]
    report = DocumentReport(path=str(source), title="CONTRAT DE PRESTATIONS DE TEST")
    report.findings = [_finding(clause, spans), _finding(None, [])]
    before = _sha(source)

    assert annotate_docx(source, tmp_path / "copy.docx", report, "client") == 2

    copy = tmp_path / "copy.docx"
    anchors = [_anchors(copy)[cid] for cid in _ours(copy)]
    assert anchors[0].text == "indemnité égale à la totalité"  # the deleted words are not read
    assert anchors[0].start_parent == "ins"
    assert anchors[1].text == "CONTRAT DE PRESTATIONS DE TEST"
    # The cut runs keep their formatting: "une " and "indemnité " are both bold.
    runs = _part(copy, "word/document.xml").findall(f".//{W}ins/{W}r")
    assert [("".join(r.itertext()), r.find(f"{W}rPr/{W}b") is not None) for r in runs] == [
        ("une ", True),
        ("indemnité ", True),
        ("égale à ", False),
    ]
    assert (_count(copy, "ins"), _count(copy, "del")) == (1, 1)
    assert read_docx(copy.read_bytes()) == read_docx(source.read_bytes())
    assert _sha(source) == before


def test_without_matched_words_the_clause_first_paragraph_is_used(tmp_path: Path) -> None:
    source = _draft(tmp_path / "draft.docx")
    clause = _clause(source, "2")
    report = DocumentReport(path=str(source), findings=[_finding(clause, [])])
    assert annotate_docx(source, tmp_path / "copy.docx", report, "client") == 1
    (cid,) = _ours(tmp_path / "copy.docx")
    assert _anchors(tmp_path / "copy.docx")[cid].text == clause.text


def test_refuses_to_write_over_the_source(tmp_path: Path) -> None:
    source = _draft(tmp_path / "draft.docx")
    before = _sha(source)
    report = DocumentReport(path=str(source))
    for target in (source, tmp_path / "sub" / ".." / "draft.docx"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(ValueError):
            annotate_docx(source, target, report, "client")
    assert _sha(source) == before


def test_comment_text() -> None:
    text = finding_comment(_finding(None, []), "client")
    assert text.split("\n") == [
        "Gravité : Élevée — Indemnité de sortie",
        "Risque : Le client doit tout le prix restant.",
        "À négocier : Plafonner l'indemnité.",
        "Rédaction suggérée : « six mois au plus »",
        "Référence : C. civ. art. 1231-5 — vérifiée sur Légifrance en janvier 2025",
    ]
    supplier = finding_comment(_finding(None, []), "supplier").split("\n")
    assert "À négocier : Prévoir un dédit." in supplier and "Rédaction suggérée : « six mois au plus »" not in supplier


def test_comment_carries_exposure_missing_themes_and_every_reference() -> None:
    finding = _finding(None, [])
    finding.exposure = Exposure(amount=33768.0, tax="HT", basis="938 € HT × 36 mois")
    finding.missing = ["sensibilisation", "réaction à une cyberattaque"]
    finding.references = [*finding.references, finding.references[0].model_copy(update={"status": "reported"})]
    lines = finding_comment(finding, "client").split("\n")
    assert "Exposition maximale : 33\u202f768 € HT (938 € HT × 36 mois)" in lines
    assert "Éléments absents : sensibilisation, réaction à une cyberattaque" in lines
    assert sum(line.startswith("Référence : ") for line in lines) == 2
    assert any("non vérifiée" in line for line in lines)


def test_without_a_location_the_words_are_searched_in_the_clause(tmp_path: Path) -> None:
    """A report that does not carry positions (made by an older version) still gets its comments."""
    source = _draft(tmp_path / "draft.docx")
    clause = _clause(source, "2")
    at = clause.text.index("totalité")
    finding = _finding(clause, [(at, at + len("totalité"))]).model_copy(update={"location": None})
    report = DocumentReport(path=str(source), findings=[finding])
    assert annotate_docx(source, tmp_path / "copy.docx", report, "client") == 1
    (cid,) = _ours(tmp_path / "copy.docx")
    assert _anchors(tmp_path / "copy.docx")[cid].text == "totalité"


def test_in_a_table_the_comment_goes_to_the_occurrence_the_offsets_name(tmp_path: Path) -> None:
    """The same words in two cells: the finding's offsets, not a search, choose the cell."""
    document = docx.Document()
    document.add_paragraph("CONTRAT DE PRESTATIONS DE TEST")
    document.add_paragraph().add_run("Article 1 – Prix").bold = True
    table = document.add_table(rows=2, cols=2)
    for row, (label, price) in enumerate([("Abonnement", "frais de sortie dus"), ("Options", "frais de sortie dus")]):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = price
    source = tmp_path / "table.docx"
    document.save(str(source))
    clause = _clause(source, "1")
    assert clause.text == "Abonnement | frais de sortie dus\nOptions | frais de sortie dus"
    second = clause.text.rindex("frais de sortie")
    report = DocumentReport(path=str(source), findings=[_finding(clause, [(second, second + len("frais de sortie"))])])
    assert annotate_docx(source, tmp_path / "copy.docx", report, "client") == 1
    copy = tmp_path / "copy.docx"
    (cid,) = _ours(copy)
    assert _anchors(copy)[cid].text == "frais de sortie"
    cells = _part(copy, "word/document.xml").findall(f".//{W}tc")
    starts = [any(el.tag == f"{W}commentRangeStart" for el in cell.iter()) for cell in cells]
    assert starts == [False, False, False, True]


def test_the_annotator_uses_the_readers_public_walk_and_never_segments() -> None:
    import ast

    import clausecheck.report.annotate as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for origin, name in imported if origin.startswith("clausecheck.read") and name.startswith("_")]
    assert ("clausecheck.segment", "segment") not in imported
    assert ("clausecheck.read.docx", "read_docx") not in imported
