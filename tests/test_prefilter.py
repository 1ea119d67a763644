"""The prefiltered matcher finds exactly what running every token pattern on every text finds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rulefiles import one_rule

from clausecheck.engine.checker import Checker, headings
from clausecheck.engine.evaluate import reads_sentences
from clausecheck.engine.matching import Compiled, Hit, Matches, PlainPatterns
from clausecheck.engine.nlp import plain
from clausecheck.engine.prefilter import Prefiltered, required_literals, required_regex, word_shares
from clausecheck.engine.source import read_contract
from clausecheck.model.errors import RuleError
from clausecheck.ruleset.loader import RuleSet, load_rules

ROOT = Path(__file__).parent.parent
LABELLED = sorted(p for p in (ROOT / "tests" / "corpus").iterdir() if p.suffix != ".yaml")
SAMPLES = sorted((ROOT / "samples").iterdir())

RULE = one_rule("custom.costly", "PATTERN", "Résiliation sans aucun préavis.", title="Une règle coûteuse")


def test_prefilter_required_literals_pick_the_rarest_mandatory_token() -> None:
    pattern: list[dict[str, Any]] = [
        {"LOWER": {"IN": ["a", "b", "c"]}},
        {"OP": "{0,4}"},
        {"LEMMA": "résilier"},
        {"LOWER": "seul", "OP": "?"},
    ]
    assert required_literals(pattern, {}) == ("LEMMA", frozenset({"résilier"}))
    starred: list[dict[str, Any]] = [{"LOWER": "x", "OP": "*"}, {"IS_DIGIT": True}]
    assert required_literals(starred, {}) is None
    # "de" is in nearly every clause: a longer list of rarer words filters better
    de_then_fees: list[dict[str, Any]] = [{"LOWER": "de"}, {"LOWER": {"IN": ["frais", "pénalités", "indemnités"]}}]
    assert required_literals(de_then_fees, {"de": 0.8, "frais": 0.05}) == (
        "LOWER",
        frozenset({"frais", "pénalités", "indemnités"}),
    )
    # one frequent word (the client, named in nearly half the clauses) against rarer verbs
    client_then_verb: list[dict[str, Any]] = [{"LOWER": "client"}, {"LOWER": {"IN": ["informe", "conseille"]}}]
    assert required_literals(client_then_verb, {"client": 0.43, "informe": 0.02}) == (
        "LOWER",
        frozenset({"informe", "conseille"}),
    )
    # the shipped shares put "client" among the frequent words, the verbs among the rare ones
    assert required_literals(client_then_verb) == ("LOWER", frozenset({"informe", "conseille"}))


@pytest.mark.slow
def test_prefilter_word_shares_are_what_their_script_writes_from_tests_corpus() -> None:
    shares = word_shares()
    assert 0.5 < shares["de"] <= 1 and 0.1 < shares["client"] < shares["de"]
    assert "dédit" not in shares and all(0.01 <= s <= 1 for s in shares.values())
    script = ROOT / "benchmarks" / "word_shares.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ('[{LOWER: "sans"}, {OP: "{0,50}"}, {LOWER: "préavis"}]', "saute plus de 12 mots"),
        ('[{LOWER: "sans"}, {OP: "{2,}"}, {LOWER: "préavis"}]', "saute plus de 12 mots"),
        ('[{OP: "*"}, {LOWER: "préavis"}]', "commence ou finit par un joker"),
        ('[{LOWER: "sans"}, {OP: "*"}, {OP: "*"}, {LOWER: "préavis"}]', "deux jokers à la suite"),
        ('[{LOWER: {REGEX: "^a.{0,200}b$"}}]', "au-delà de 20 caractères"),
        ('[{LOWER: {REGEX: "^(a+)+$"}}]', "répète un groupe qui se répète lui-même"),
        ('[{LOWER: {REGEX: "^(?:\\\\w+\\\\s?)*$"}}]', "répète un groupe qui se répète lui-même"),
        ('[{LOWER: {REGEX: "(("}}]', "invalide (parenthèse ouverte jamais refermée, au caractère 2)"),
        ('[{LOWER: {REGEX: "^(a|ab)*$"}}]', "alternatives qui peuvent commencer par le même caractère"),
        ('[{LOWER: {REGEX: "^(?:x|)+y"}}]', "alternatives qui peuvent commencer par le même caractère"),
        ("[{_: {score: true}}]", "l'attribut de jeton « _ »"),
    ],
)
def test_prefilter_loader_refuses_patterns_whose_cost_explodes(tmp_path: Path, pattern: str, words: str) -> None:
    (tmp_path / "costly.yaml").write_text(RULE.replace("PATTERN", pattern), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    error = caught.value
    assert words in str(error)
    assert (error.rule_id, error.field, error.line) == ("custom.costly", "when.0.patterns.0", 20)


def test_prefilter_loader_keeps_alternatives_that_start_apart(tmp_path: Path) -> None:
    (tmp_path / "costly.yaml").write_text(RULE.replace("PATTERN", '[{LOWER: {REGEX: "^(?:ab|cd)+$"}}]'), "utf-8")
    assert load_rules([tmp_path]).get("custom.costly") is not None


def test_prefilter_bundled_rules_have_no_costly_pattern() -> None:
    load_rules()  # raises on a costly pattern


@pytest.mark.slow
def test_prefilter_findings_are_byte_identical_on_every_labelled_contract(checker: Checker, ruleset: RuleSet) -> None:
    reference = Checker(ruleset, nlp=checker.nlp)
    reference.compiled = Compiled(checker.nlp, ruleset, prefilter=False)
    assert isinstance(checker.compiled.tokens, Prefiltered) and isinstance(reference.compiled.tokens, PlainPatterns)
    found = 0
    for path in [*LABELLED, *SAMPLES]:
        fast, plain_run = checker.check(path), reference.check(path)
        assert fast.model_dump_json() == plain_run.model_dump_json(), path.name
        found += len(fast.findings)
    assert len(LABELLED) >= 43 and found > 100


@pytest.mark.slow
def test_prefilter_clause_texts_tokenize_the_same_without_the_newline_special_case(checker: Checker) -> None:
    import spacy

    # Tokenizers both; spaCy types the attribute as any callable, which has no special cases
    stock: Any = spacy.blank("fr").tokenizer
    ours: Any = checker.nlp.tokenizer
    assert "\n" in stock.rules and "\n" not in ours.rules
    texts = []
    for path in [*LABELLED, *SAMPLES]:
        contract = read_contract(path)
        heads = headings(contract.clauses)
        texts += [plain(f"{head}\n{clause.text}") for clause, head in zip(contract.clauses, heads, strict=True)]
    texts += ["Article 2\n\nDurée\n 12 mois", "a\n\n\nb", "\n", "x\r\ny\n"]
    for text in texts:
        ours = [(t.text, t.whitespace_) for t in checker.nlp.tokenizer(text)]
        assert ours == [(t.text, t.whitespace_) for t in stock(text)], re.sub(r"\s+", " ", text)[:80]


@pytest.mark.slow
def test_prefilter_sentences_read_only_where_needed_give_the_same_reports(checker: Checker, ruleset: RuleSet) -> None:
    """The sentence model runs after matching, on the texts that need it: reports are those of
    a run that gives every text its sentences."""
    everywhere = Checker(ruleset, nlp=checker.nlp)
    everywhere.later_senter = None
    assert checker.later_senter == "senter"
    for path in [*LABELLED, *SAMPLES]:
        assert checker.check(path).model_dump_json() == everywhere.check(path).model_dump_json(), path.name
    contract = read_contract(ROOT / "samples" / "abonnement-saas-crm.docx")
    read = [view.matches.sentenced for view in checker.views(contract.clauses, headings(contract.clauses))]
    assert any(read) and not all(read)


def test_prefilter_sentences_are_read_when_every_when_group_of_some_rule_matched(checker: Checker) -> None:
    keys = [frozenset({("a", "when", 0), ("a", "when", 1)}), frozenset({("b", "when", 0)})]

    def matched(*found: tuple[str, str, int]) -> Matches:
        matches = Matches(checker.nlp.make_doc("Un texte."))
        for key in found:
            matches.hits[key].append(Hit(0, 1, -1, key, 0))
        return matches

    assert not reads_sentences(keys, matched())
    assert not reads_sentences(keys, matched(("a", "when", 0), ("b", "unless", 0), ("c", "when", 0)))
    assert reads_sentences(keys, matched(("a", "when", 0), ("a", "when", 1)))
    assert reads_sentences(keys, matched(("b", "when", 0)))
    assert not reads_sentences([], matched(("b", "when", 0)))


def test_prefilter_could_match_wants_every_word_a_pattern_must_take(checker: Checker) -> None:
    fast = Prefiltered(checker.nlp)
    fast.add("percent", [{"LIKE_NUM": True}, {"LOWER": {"IN": ["%", "pour"]}}, {"OP": "{0,3}"}, {"TEXT": "100"}])
    fast.add("title", [{"IS_SENT_START": True, "LOWER": "sécurité"}, {"TEXT": {"REGEX": "^\\n$"}}])
    make = checker.nlp.make_doc
    assert not fast.could_match(make("Le client paie 20 pour la plupart des services."))
    assert fast.could_match(make("Le client paie 20 pour 100 du prix."))
    assert not fast.could_match(make("La sécurité des données est assurée."))
    assert fast.could_match(make("Sécurité\nLe prestataire chiffre les données."))


def test_prefilter_remembered_words_stay_bounded_and_answers_right(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server meets new words forever: what is remembered about them is cleared at a bound."""
    from clausecheck.engine import prefilter, tokenmatch

    monkeypatch.setattr(prefilter, "_MAX_REMEMBERED", 5)
    monkeypatch.setattr(tokenmatch, "_MAX_REMEMBERED", 5)
    fast = Prefiltered(checker.nlp)
    fast.add("fee", [{"LOWER": {"REGEX": "^frais"}}, {"LOWER": "de"}, {"TEXT": {"REGEX": "^\\d+$"}}])
    for round_ in range(3):
        for n in range(12):
            doc = checker.nlp.make_doc(f"mot{round_}x{n} frais de {n} et fraisage de dossier")
            assert [(s, e) for _, s, e in fast(doc)] == [(1, 4)], doc.text
    known, quiet = fast._known["LOWER"], fast._quiet["LOWER"]
    assert 0 < len(known) + len(quiet) <= 5
    regex = fast.groups[0][0][1].steps[2].checks[0][2]
    assert 0 < len(regex.matching) + len(regex.failing) <= 5


def test_prefilter_required_regex_is_a_token_without_operator() -> None:
    assert required_regex([{"LOWER": "x", "OP": "?"}, {"TEXT": {"REGEX": "^\\d+%$"}}]) == (1, "TEXT", "^\\d+%$")
    assert required_regex([{"TEXT": {"REGEX": "^\\d+%$"}, "OP": "?"}]) is None


# Patterns of every shape: optional, repeated, negated and quantified tokens, wildcard
# windows, anchors first, last or in the middle, regex anchors, unbounded ones, patterns
# with no anchor (tried everywhere) and one with a predicate left to spaCy (LENGTH).
_STRESS_PATTERNS: list[list[dict[str, object]]] = [
    [{"LOWER": "alpha"}, {"OP": "{0,3}"}, {"LOWER": "bêta"}],
    [{"LOWER": "bêta", "OP": "?"}, {"LOWER": "alpha"}, {"LOWER": "gamma", "OP": "?"}],
    [{"LOWER": {"IN": ["gamma", "delta"]}}, {"IS_PUNCT": False, "OP": "{0,4}"}, {"LOWER": "alpha", "OP": "?"}],
    [{"LOWER": "delta"}, {"LOWER": "alpha", "OP": "!"}],
    [{"LOWER": "alpha", "OP": "!"}, {"LOWER": "epsilon"}],
    [{"LOWER": "zeta", "OP": "*"}, {"LOWER": "epsilon"}, {"LOWER": "zeta", "OP": "*"}],
    [{"LOWER": "bêta", "OP": "+"}, {"LOWER": "gamma"}],
    [{"LOWER": "delta"}, {"IS_PUNCT": False, "OP": "*"}, {"LOWER": "phi"}],
    [{"LOWER": "gamma", "OP": "*"}, {"LOWER": "3", "OP": "?"}, {"TEXT": "Phi"}, {"LOWER": "alpha", "OP": "?"}],
    [{"LOWER": {"REGEX": "^ph"}}, {"IS_PUNCT": False, "OP": "{0,2}"}, {"LOWER": {"REGEX": "a$"}}],
    [{"TEXT": {"REGEX": "^\\d+%$"}}, {"LOWER": "alpha", "OP": "{0,2}"}],
    [{"TEXT": "("}, {"TEXT": "PHI"}, {"TEXT": ")"}],
    [{"LOWER": "gamma"}, {"OP": "{1,3}"}, {"LOWER": "gamma"}, {"OP": "?"}],
    [{"IS_PUNCT": False, "OP": "?"}, {"LOWER": {"IN": ["epsilon", "zeta"]}}, {"IS_DIGIT": True, "OP": "{0,2}"}],
    [{"LOWER": "alpha"}, {"LOWER": {"NOT_IN": ["bêta"]}, "OP": "{0,2}"}, {"LOWER": {"REGEX": "^(delta|phi)"}}],
    [{"IS_PUNCT": True}, {"OP": "?"}, {"LIKE_NUM": True, "OP": "+"}],
    [{"LOWER": {"NOT_IN": ["alpha", "."]}, "OP": "{1,2}"}, {"IS_SENT_START": True, "OP": "?"}],
    [{"LOWER": "alpha", "OP": "{2,3}"}, {"LOWER": "bêta", "IS_SENT_START": False}],
    [{"LOWER": "zeta", "OP": "?"}, {"LENGTH": {">=": 5}}],
]
_STRESS_WORDS = ["alpha", "bêta", "gamma", "delta", "epsilon", "zeta", "phi", "Phi", "PHI", "(", ")", "12%", ".", "3"]


def test_prefilter_anchored_patterns_find_what_the_plain_matcher_finds_on_random_texts(checker: Checker) -> None:
    """Dense random texts put anchors at the edges, side by side and across sentences."""
    import random

    from spacy.matcher import Matcher

    from clausecheck.engine.prefilter import Prefiltered

    nlp = checker.nlp
    fast, plain_matcher = Prefiltered(nlp), Matcher(nlp.vocab, validate=True)
    for i, pattern in enumerate(_STRESS_PATTERNS):
        fast.add(f"stress|{i}", pattern)
        plain_matcher.add(f"stress|{i}", [pattern])
    # two patterns without a word or regex to anchor them, one left to spaCy, the rest anchored
    assert (len(fast.always), len(fast.spacy), sum(map(len, fast.groups))) == (2, 1, len(_STRESS_PATTERNS) - 3)
    rng = random.Random(15)
    found = 0
    for _ in range(400):
        words = rng.choices(_STRESS_WORDS, k=rng.randint(1, 40))
        doc = nlp(" ".join(words))
        expected = sorted(plain_matcher(doc))
        assert sorted(fast(doc)) == expected, doc.text
        assert fast.could_match(doc) or not expected, doc.text
        found += len(expected)
    assert found > 2000


@pytest.mark.slow
def test_prefilter_matches_do_not_depend_on_the_word_shares(
    checker: Checker, ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table only chooses anchors: inverted or empty, other anchors, the same matches."""
    from clausecheck.engine import prefilter

    shipped = word_shares()
    inverted = {word: 1.0 - share for word, share in shipped.items()}
    anchors = {}
    texts = []
    for path in [*LABELLED[::6], *SAMPLES]:
        contract = read_contract(path)
        heads = headings(contract.clauses)
        texts += [plain(f"{head}\n{clause.text}") for clause, head in zip(contract.clauses, heads, strict=True)]
    docs = list(checker.nlp.pipe(texts))
    expected = [sorted(checker.compiled.token_spans(doc)) for doc in docs]
    for name, table in (("inverted", inverted), ("empty", {})):
        monkeypatch.setattr(prefilter, "word_shares", lambda table=table: table)
        other = Compiled(checker.nlp, ruleset)
        assert isinstance(other.tokens, Prefiltered)
        anchors[name] = set(other.tokens._group_of)
        for doc, spans in zip(docs, expected, strict=True):
            assert sorted(other.token_spans(doc)) == spans, (name, doc.text[:80])
    assert isinstance(checker.compiled.tokens, Prefiltered)
    assert anchors["inverted"] != set(checker.compiled.tokens._group_of) != anchors["empty"]
    assert sum(map(len, expected)) > 500


@pytest.mark.slow
def test_prefilter_matches_are_identical_on_every_clause(checker: Checker, ruleset: RuleSet) -> None:
    """Every match (pattern, start, end) of every clause of the corpus and samples, not only findings."""
    reference = Compiled(checker.nlp, ruleset, prefilter=False)
    compiled = checker.compiled
    assert isinstance(compiled.tokens, Prefiltered) and not len(compiled.tokens.always)
    texts = []
    for path in [*LABELLED, *SAMPLES]:
        contract = read_contract(path)
        heads = headings(contract.clauses)
        texts += [plain(f"{head}\n{clause.text}") for clause, head in zip(contract.clauses, heads, strict=True)]
    found = 0
    for doc in checker.nlp.pipe(texts):
        expected = sorted(reference.token_spans(doc))
        assert sorted(compiled.token_spans(doc)) == expected, doc.text[:80]
        # the sentence model is skipped only where no pattern testing a sentence start could match
        assert compiled.sentence_tokens.could_match(doc) or not compiled.sentence_tokens(doc), doc.text[:80]
        found += len(expected)
    assert found > 5000
