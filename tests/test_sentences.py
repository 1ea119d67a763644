"""Sentence boundaries at the end of a line that ends a sentence, on the real French model."""

from __future__ import annotations

import pytest

from clausecheck.engine.checker import Checker
from clausecheck.engine.evaluate import evaluate
from clausecheck.engine.nlp import load_pipeline
from clausecheck.engine.sentences import mark_line_ends
from clausecheck.model.document import Clause, ContractText

pytestmark = pytest.mark.slow

# Two paragraphs of one clause the model reads as one sentence (checked below, before the fix).
RUN_ON = (
    "Stipulations générales\n"
    "Vu la nature des missions confiées, l'engagement de l'Agence relève d'une simple obligation de moyens.\n"
    "Le Client remet à temps les informations nécessaires à la bonne réalisation des missions."
)


def _sentences(checker: Checker, text: str, fixed: bool) -> list[str]:
    doc = checker.nlp(text)
    if fixed:
        mark_line_ends(doc)
    return [s.text.strip() for s in doc.sents]


def test_a_line_ending_with_a_full_stop_ends_its_sentence(checker: Checker) -> None:
    assert len(_sentences(checker, RUN_ON, fixed=False)) == 1, "the model joins the two paragraphs"
    sentences = _sentences(checker, RUN_ON, fixed=True)
    assert len(sentences) == 2
    assert sentences[1].startswith("Le Client remet")
    assert sentences[0].endswith("obligation de moyens.")


@pytest.mark.parametrize(
    "text",
    [
        # the next line starts in lower case: the sentence goes on
        "Objet\nLe Prestataire réalise les prestations suivantes : audit, conseil, etc.\nle Client fournit les accès.",
        # a list's lead-in and its items end with ":" and ";", not a full stop
        "Missions\nLe Prestataire s'engage à :\n- surveiller le site ;\n- corriger les anomalies signalées.",
    ],
)
def test_other_line_ends_are_left_to_the_model(checker: Checker, text: str) -> None:
    assert _sentences(checker, text, fixed=True) == _sentences(checker, text, fixed=False)


def test_a_line_ending_with_a_question_mark_or_a_closing_quote_ends_its_sentence(checker: Checker) -> None:
    text = (
        "Définitions\nLe « Service » désigne la plateforme « Atelier. »\nLe Client peut-il résilier ?\n"
        "Oui, à tout moment."
    )
    sentences = _sentences(checker, text, fixed=True)
    assert any(s.startswith("Le Client peut-il") for s in sentences)
    assert any(s.startswith("Oui") for s in sentences)


def test_a_parsed_doc_keeps_the_parser_sentences() -> None:
    nlp = load_pipeline({"LOWER", "DEP"})
    doc = nlp(RUN_ON)
    before = [s.start for s in doc.sents]
    mark_line_ends(doc)  # spaCy refuses to set sentence starts on a parsed doc: nothing is set, nothing raised
    assert [s.start for s in doc.sents] == before


def test_the_checker_reads_the_two_paragraphs_as_two_sentences(checker: Checker) -> None:
    text = RUN_ON.split("\n", 1)[1]
    clause = Clause(number="2.1", title="Stipulations générales", text=text, start=0, end=len(text))
    views = checker.views([clause], ["Stipulations générales"])
    contract = ContractText(path="<test>", title="", full_text=text, clauses=[clause])
    rule = checker.ruleset.get("delivery.best-efforts-only")
    assert rule is not None
    assert evaluate(rule, contract, views) == []


def test_the_line_break_stays_with_the_sentence_it_ends(checker: Checker) -> None:
    # where the model already split at the full stop and put the "\n" at the start of the next
    # sentence, the line break must not become a sentence of its own: "the next sentence" of a
    # rule would be that empty one
    text = (
        "Le Prestataire peut résilier le contrat avant son terme aux torts exclusifs du Client.\n"
        "Étant précisé que le Client verse alors une indemnité égale à six mois de redevance."
    )
    sentences = _sentences(checker, text, fixed=True)
    assert len(sentences) == 2
    assert all(sentences), "no sentence is a bare line break"


@pytest.mark.parametrize(
    "text",
    [
        "Le Prestataire écrit à M.\nDupont, responsable informatique, dès qu'un incident survient.",
        "La société est inscrite au R.C.S.\nLyon sous le numéro indiqué en tête.",
        "Les délais figurent au planning (cf.\nAnnexe 2) que les parties ont signé.",
    ],
)
def test_an_abbreviation_at_a_line_end_does_not_end_the_sentence(checker: Checker, text: str) -> None:
    assert len(_sentences(checker, text, fixed=True)) == 1
