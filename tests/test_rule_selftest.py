"""Self-testing rules through the real pipeline: word families match, examples are judged, the CLI reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausecheck.cli import rules_app
from clausecheck.engine.checker import Checker
from clausecheck.model.errors import RuleError
from clausecheck.ruleset.loader import load_rules
from clausecheck.ruleset.selftest import Case, cases, judge, report, run

FIXTURES = Path(__file__).parent / "fixtures"
VOCAB = FIXTURES / "vocab_rules"
FAILING = FIXTURES / "selftest_failing"


@pytest.fixture(scope="module")
def folder_checker(checker: Checker) -> Checker:
    """The fixture folders' rules next to the bundled ones, on the session's loaded pipeline."""
    return Checker(load_rules([VOCAB, FAILING]), nlp=checker.nlp)


def _case(ruleset_checker: Checker, rule_id: str, expected: str, index: int) -> Case:
    rule = ruleset_checker.ruleset.get(rule_id)
    assert rule is not None
    return next(c for c in cases([rule]) if c.expected == expected and c.index == index)


@pytest.mark.slow
def test_rule_selftest_vocabulary_rules_pass_their_examples(folder_checker: Checker) -> None:
    rules = [
        r for r in folder_checker.ruleset.rules if folder_checker.ruleset.sources[r.id].file.startswith(str(VOCAB))
    ]
    assert {r.id for r in rules} == {
        "custom.unilateral-change",
        "custom.tacit-renewal",
        "custom.notice-missing",
        "custom.price-revision",
    }
    outcomes = run(rules, folder_checker.run_example)
    assert all(o.passed for o in outcomes), report(outcomes)
    assert [o.case.label for o in outcomes if o.known_miss] == ["custom.unilateral-change · known_miss n° 1"]


@pytest.mark.slow
def test_rule_selftest_family_tokens_match_inflected_words_and_quote_them(folder_checker: Checker) -> None:
    rule = folder_checker.ruleset.get("custom.unilateral-change")
    assert rule is not None
    text = "Les éditeurs se réserveront le droit de changer l'interface."
    findings = folder_checker.run_example(rule, text)
    assert len(findings) == 1
    quoted = [text[a:b] for a, b in findings[0].evidence.spans]
    assert quoted == ["éditeurs se réserveront le droit de changer"]
    assert not folder_checker.run_example(rule, "Les clients se réserveront le droit de changer d'offre.")


@pytest.mark.slow
def test_rule_selftest_phrase_slots_match_like_token_patterns(folder_checker: Checker) -> None:
    rule = folder_checker.ruleset.get("custom.price-revision")
    assert rule is not None
    text = "Chaque année, le Prestataire révisera les mensualités."
    findings = folder_checker.run_example(rule, text)
    assert [text[a:b] for a, b in findings[0].evidence.spans] == ["révisera les mensualités"]
    assert not folder_checker.run_example(rule, "Chaque année, le Prestataire révisera les délais.")


@pytest.mark.slow
def test_rule_selftest_absent_rule_fires_on_a_text_lacking_the_clause(folder_checker: Checker) -> None:
    rule = folder_checker.ruleset.get("custom.notice-missing")
    assert rule is not None and rule.kind == "absent"
    assert folder_checker.run_example(rule, "Le prix est payable à trente jours.")
    assert not folder_checker.run_example(rule, "Les réserves sont notifiées par courriel.")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("expected", "index", "passed", "problem"),
    [
        ("fires", 0, True, ""),
        ("fires", 1, False, "non signalé alors que l'exemple doit l'être"),
        ("fires", 2, False, "la preuve ne cite pas « retard de paiement » (elle cite « clause pénale »)"),
        ("silent", 0, True, ""),
        ("silent", 1, False, "signalé alors que l'exemple doit rester silencieux"),
        ("known_miss", 0, False, "lacune connue désormais signalée"),
        ("known_miss", 1, True, ""),
    ],
)
def test_rule_selftest_judges_each_example_through_the_checker(
    folder_checker: Checker, expected: str, index: int, passed: bool, problem: str
) -> None:
    case = _case(folder_checker, "custom.failing-examples", expected, index)
    outcome = judge(case, folder_checker.run_example(case.rule, case.example))
    assert outcome.passed is passed
    assert problem in outcome.problem
    assert outcome.known_miss is (expected == "known_miss" and passed)


@pytest.mark.slow
def test_rule_selftest_cli_reports_failures_in_french_and_exits_1() -> None:
    runner = CliRunner()
    failing = runner.invoke(rules_app, ["test", str(FAILING)])
    assert failing.exit_code == 1, failing.output
    lines = failing.output.strip().splitlines()
    assert sum(line.startswith("ÉCHEC custom.failing-examples") for line in lines) == 4
    assert lines[-1] == "7 exemples, 2 conformes, 4 échecs, 1 lacune connue"
    passing = runner.invoke(rules_app, ["test", str(VOCAB)])
    assert passing.exit_code == 0, passing.output
    assert passing.output.strip().splitlines()[-1] == "20 exemples, 19 conformes, 0 échec, 1 lacune connue"


@pytest.mark.slow
def test_rule_selftest_cli_names_an_unknown_vocabulary_and_exits_2() -> None:
    result = CliRunner().invoke(rules_app, ["test", str(FIXTURES / "bad_rules" / "unknown_vocab")])
    assert result.exit_code == 2
    assert "rules.yaml:21, règle custom.unknown-vocab, champ when.0.patterns.1.1.VOCAB : " in result.output


@pytest.mark.slow
def test_rule_selftest_a_vocabulary_word_the_tokenizer_splits_is_a_rule_error(checker: Checker) -> None:
    with pytest.raises(RuleError) as caught:
        Checker(load_rules([FIXTURES / "bad_rules" / "vocab_split"]), nlp=checker.nlp)
    error = caught.value
    assert (Path(error.file).name, error.line, error.field) == ("words.yaml", 3, "vocabularies.damages")
    assert "coupe dommages-intérêts en plusieurs mots" in str(error)


@pytest.mark.slow
def test_rule_selftest_a_pattern_word_the_tokenizer_splits_is_a_rule_error(checker: Checker) -> None:
    """A pattern token holding "s'ajoutera" could never match: every text holds it as two tokens."""
    with pytest.raises(RuleError) as caught:
        Checker(load_rules([FIXTURES / "bad_rules" / "word_split"]), nlp=checker.nlp)
    error = caught.value
    assert (Path(error.file).name, error.line, error.rule_id) == ("rules.yaml", 21, "custom.word-split")
    assert error.field == "when.0.patterns.1.0.LOWER"
    assert "coupe « s'ajoutera » en plusieurs mots (s' + ajoutera)" in str(error)


@pytest.mark.slow
def test_rule_selftest_an_elided_vocabulary_word_is_one_token(checker: Checker, tmp_path: Path) -> None:
    """An elided word, cut in two by the tokenizer when alone, is one token before a word, as in every text."""
    (tmp_path / "words.yaml").write_text('vocabularies:\n  linking: ["d\'", "l\'", de]\n', encoding="utf-8")

    extended = Checker(load_rules([tmp_path]), nlp=checker.nlp)

    assert {"d'", "l'"} <= extended.ruleset.vocabularies["linking"].words
