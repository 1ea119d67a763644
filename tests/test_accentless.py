"""A contract typed without accents ("resiliation a echeance") is read like the same contract with them.

The rules' words are written with their accents; a writer who types none, or capitals typed
bare ("DUREE"), would otherwise escape every pattern and regex that names them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from markupsafe import escape

from clausecheck.engine.matching import _unaccented
from clausecheck.report.digest import UNACCENTED_FR
from clausecheck.report.html import render_html
from clausecheck.report.json_envelope import document_json
from clausecheck.report.markdown import render_document
from clausecheck.report.run_info import make_run_info
from clausecheck.report.word import render_word
from clausecheck.ruleset.schema import Example
from clausecheck.text.fold import accent_tolerant, unaccent
from clausecheck.text.language import holds_an_accent, in_capitals_without_accents, writes_accents

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker
    from clausecheck.model.findings import DocumentReport

CORPUS = Path(__file__).parent / "corpus"
_PROSE = (
    "Le prestataire s'engage à livrer une solution conforme aux spécifications validées par le client, "
    "et à l'informer des risques liés à la reprise des données dès qu'il en a connaissance. "
)


def test_unaccent_keeps_case_and_length() -> None:
    text = "RÉSILIATION à l'échéance, où Œuvre"
    assert unaccent(text) == "RESILIATION a l'echeance, ou Œuvre"
    assert len(unaccent(text)) == len(text)


def test_accent_tolerant_regex_accepts_both_spellings() -> None:
    regex = re.compile(accent_tolerant(r"durée\s+[éè]\w+|\bpériode\b"), re.IGNORECASE)
    for text in ("durée écoulée", "DUREE ECOULEE", "duree ecoulee", "période", "PERIODE"):
        assert regex.search(text), text
    assert not regex.search("durable ecoulee")


def test_accentless_text_is_told_from_french_with_accents() -> None:
    assert writes_accents(_PROSE * 30)
    assert not writes_accents(unaccent(_PROSE) * 30)
    assert writes_accents(unaccent(_PROSE)), "too short to tell: read as written"


def _without_accents(path: Path) -> bytes:
    """The file's text without accents: a .docx's text runs, or a text file's content."""
    data = path.read_bytes()
    if path.suffix != ".docx":
        return unaccent(data.decode("utf-8")).encode("utf-8")
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                xml = content.decode("utf-8")
                xml = re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", lambda m: m[1] + unaccent(m[2]) + m[3], xml)
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _outcome(report: DocumentReport) -> tuple[list[str], list[tuple[str, str | None, float | None]]]:
    # A clause cited by its heading is cited as written: without accents in the copy.
    findings = sorted(
        (
            f.rule_id,
            (unaccent(f.clause.number) if f.clause.heading and f.clause.number else f.clause.number)
            if f.clause
            else None,
            f.exposure.amount if f.exposure else None,
        )
        for f in report.findings
    )
    return report.contract_types, findings


def _corpus_files() -> list[Path]:
    files = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".docx" or (path.suffix in (".txt", ".md") and not path.read_bytes().isascii()):
            files.append(path)
    return files


def test_accentless_copies_of_the_corpus_keep_their_types_findings_and_exposure(checker: Checker) -> None:
    files = _corpus_files()
    assert len(files) >= 50
    differing = []
    for path in files:
        accented = checker.check((path.name, path.read_bytes()))
        plain = checker.check((path.name, _without_accents(path)))
        assert accented.status == plain.status == "ok", path.name
        if _outcome(accented) != _outcome(plain):
            differing.append(f"{path.name}: {_outcome(accented)} / {_outcome(plain)}")
    # Some words only an accent tells apart: "facturés au prorata" reads as "factures" (invoices).
    assert len(differing) <= len(files) // 20, "\n".join(differing)


def test_patterns_lose_their_accents_but_a_lone_word_that_would_become_another() -> None:
    assert _unaccented("à tout moment") == "a tout moment"
    assert _unaccented([{"LOWER": {"IN": ["résilié", "resilie", "dû"]}}, {"OP": "?"}, {"TEXT": "DURÉE"}]) == [
        {"LOWER": {"IN": ["resilie", "du"]}},
        {"OP": "?"},
        {"TEXT": "DUREE"},
    ]
    assert _unaccented([{"LOWER": {"REGEX": "^pénalit"}}]) == [{"LOWER": {"REGEX": "^penalit"}}]
    # "dû" alone would find every "du", "où" every "ou": kept as written
    assert _unaccented([{"LOWER": {"IN": ["dû", "due"]}}]) == [{"LOWER": {"IN": ["dû", "due"]}}]
    assert _unaccented("où") == "où"


def test_an_accentless_contract_is_matched_with_the_unaccented_patterns(checker: Checker, tmp_path: Path) -> None:
    clause = (
        "Article 9 - Resiliation anticipee\n"
        "En cas de resiliation anticipee par le Client, quelle qu'en soit la cause, l'integralite des redevances "
        "restant a courir jusqu'au terme de la periode d'engagement sera immediatement exigible.\n"
    )
    body = "Article 1 - Objet\n" + unaccent(_PROSE) * 25 + "\n" + clause
    path = tmp_path / "contrat-sans-accents.txt"
    path.write_text(body, encoding="utf-8")
    report = checker.check(path)
    assert not writes_accents(body)
    assert "termination.full-remaining-price" in {f.rule_id for f in report.findings}
    # counsel are told the reading is less sure, in every format
    info = make_run_info(checker.ruleset.files, checker.model, "client", no_date=True)
    assert report.written_without_accents
    assert f"- **Lecture** : {UNACCENTED_FR}" in render_document(report, info, checker.ruleset).splitlines()
    assert document_json(report, "client")["written_without_accents"] is True
    assert f"<dt>Lecture</dt><dd>{escape(UNACCENTED_FR)}</dd>" in render_html([report], info, checker.ruleset)
    word = docx.Document(io.BytesIO(render_word([report], info)))
    assert f"Lecture : {UNACCENTED_FR}" in [paragraph.text for paragraph in word.paragraphs]
    accented = tmp_path / "contrat.txt"
    accented.write_text(body.replace("Resiliation anticipee", "Résiliation anticipée"), encoding="utf-8")
    # one accented heading does not make the text accented
    assert "termination.full-remaining-price" in {f.rule_id for f in checker.check(accented).findings}
    assert not checker.check(CORPUS / "h01-saas-paie.docx").written_without_accents


def test_a_rule_example_typed_without_accents_is_read_as_such_a_contract(checker: Checker) -> None:
    # an example is too short for writes_accents to tell: one without a single accent is matched as a
    # contract typed without them, an accented one exactly as before
    rule = checker.ruleset.get("termination.full-remaining-price")
    assert rule is not None
    text = (
        "En cas de résiliation anticipée par le Client, l'intégralité des redevances restant à courir jusqu'au "
        "terme de la période d'engagement sera immédiatement exigible."
    )
    assert checker.run_example(rule, Example(title="Article 9 - Résiliation", text=text))
    assert checker.run_example(rule, Example(title="Article 9 - Resiliation", text=unaccent(text)))
    assert not holds_an_accent(unaccent(text))


def test_a_clause_in_capitals_without_accents_is_read_in_an_accented_contract(checker: Checker, tmp_path: Path) -> None:
    # Penalty and liability clauses are often printed in capitals, their accents dropped, in a contract that
    # writes them everywhere else: that clause alone is matched with the unaccented patterns.
    capitals = (
        "EN CAS DE RESILIATION ANTICIPEE PAR LE CLIENT, CELUI-CI VERSERA AU PRESTATAIRE LES REDEVANCES QUI "
        "AURAIENT ETE FACTUREES JUSQU'A L'EXPIRATION DE LA PERIODE D'ENGAGEMENT."
    )
    document = docx.Document()
    document.add_heading("Contrat d'abonnement au service hébergé", level=0)
    for number, (title, text) in enumerate(
        [
            ("Objet", _PROSE * 6),
            ("Durée", "Le contrat est conclu pour une durée de trente-six mois."),
            ("Sortie", capitals),
        ],
        start=1,
    ):
        document.add_heading(f"Article {number} – {title}", level=1)
        document.add_paragraph(text)
    path = tmp_path / "contrat-majuscules.docx"
    document.save(str(path))
    report = checker.check(path)
    assert not report.written_without_accents
    flagged = {(f.rule_id, f.clause.number if f.clause else None) for f in report.findings}
    assert ("termination.full-remaining-price", "3") in flagged
    # a short heading or a name in capitals is not such a clause, nor capitals that keep their accents
    assert in_capitals_without_accents(capitals)
    assert not in_capitals_without_accents("ARTICLE 3 - SORTIE")
    assert not in_capitals_without_accents(capitals.replace("ETE FACTUREES", "ÉTÉ FACTURÉES"))
    assert not in_capitals_without_accents(unaccent(_PROSE))
