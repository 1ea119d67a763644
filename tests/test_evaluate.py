"""The rule-kind evaluators and the matcher, on small texts: no French model, a blank tokenizer."""

from __future__ import annotations

from collections import defaultdict

import pytest
import spacy
from spacy.language import Language

from clausecheck.engine.evaluate import ClauseView, condition
from clausecheck.engine.matching import Compiled, Hit, Key, Matches
from clausecheck.model.document import Clause
from clausecheck.ruleset.loader import load_rules
from clausecheck.ruleset.schema import ExceptionGroup, Group
from clausecheck.ruleset.vocab import slots

RULE = "test.rule"


@pytest.fixture(scope="module")
def nlp() -> Language:
    blank = spacy.blank("fr")
    blank.add_pipe("sentencizer")
    return blank


def _view(nlp: Language, title: str, body: str, phrases: dict[Key, list[str]]) -> ClauseView:
    """The clause with a hit wherever one of ``phrases`` occurs (the matcher has its own tests below)."""
    doc = nlp(f"{title}\n{body}")
    sent_of = {token.i: k for k, sent in enumerate(doc.sents) for token in sent}
    words = [token.lower_ for token in doc]
    hits: dict[Key, list[Hit]] = defaultdict(list)
    for key, wanted in phrases.items():
        for index, phrase in enumerate(wanted):
            size = len(phrase.split())
            for start in range(len(words) - size + 1):
                if words[start : start + size] == phrase.split():
                    hits[key].append(Hit(start, start + size, sent_of[start], key, index))
    clause = Clause(number="1", title=title, text=body, start=0, end=len(body))
    return ClauseView(clause, Matches(doc, hits, sentenced=True), 0, title)


def _group(name: str, within: str = "sentence") -> Group:
    return Group.model_validate({"name": name, "within": within, "patterns": ["x"]})


def _exception(name: str, within: str = "sentence") -> ExceptionGroup:
    return ExceptionGroup.model_validate({"name": name, "within": within, "patterns": ["x"]})


def test_sentence_groups_must_meet_in_one_sentence_clause_groups_anywhere(nlp: Language) -> None:
    body = "Le client peut résilier à tout moment. Il verse alors une indemnité."
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["résilier"], (RULE, "when", 1): ["indemnité"]}
    view = _view(nlp, "Sortie", body, phrases)
    assert condition(RULE, [_group("sortie"), _group("indemnité")], [], view) is None
    met = condition(RULE, [_group("sortie"), _group("indemnité", "clause")], [], view)
    assert met is not None and met.groups == ["sortie", "indemnité"]
    assert {(h.key, h.pattern) for h in met.hits} == {((RULE, "when", 0), 0), ((RULE, "when", 1), 0)}


def test_an_exception_blocks_its_own_sentence_only(nlp: Language) -> None:
    when, unless = [_group("indemnité")], [_exception("faute")]
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["indemnité"], (RULE, "unless", 0): ["faute"]}
    same = _view(nlp, "Sortie", "Le client verse une indemnité sauf faute du prestataire.", phrases)
    assert condition(RULE, when, unless, same) is None
    other = _view(nlp, "Sortie", "Le client verse une indemnité. La faute grave est définie ailleurs.", phrases)
    met = condition(RULE, when, unless, other)
    assert met is not None and met.sentences == [0]


def test_an_exception_may_reach_the_next_sentence_and_no_further(nlp: Language) -> None:
    when, unless = [_group("indemnité")], [_exception("manquement", "sentence-or-previous")]
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["indemnité"], (RULE, "unless", 0): ["manquement"]}
    body = "Le prestataire résilie en cas de manquement du client. Dans ce cas, le client verse une indemnité."
    assert condition(RULE, when, unless, _view(nlp, "Résiliation", body, phrases)) is None
    before = "Le client qui part avant le terme verse une indemnité. Le prestataire résilie pour manquement."
    met = condition(RULE, when, unless, _view(nlp, "Résiliation", before, phrases))
    assert met is not None and met.sentences == [0]
    two_after = "Un manquement est grave. Le préavis est d'un mois. Le client verse une indemnité."
    met = condition(RULE, when, unless, _view(nlp, "Résiliation", two_after, phrases))
    assert met is not None and met.sentences == [2]
    # the same exception reaching its own sentence only
    met = condition(RULE, when, [_exception("manquement")], _view(nlp, "Résiliation", body, phrases))
    assert met is not None and met.sentences == [1]


def test_an_exception_reaches_the_sentence_before_when_its_own_refers_back(nlp: Language) -> None:
    when, unless = [_group("changement")], [_exception("avertissement", "sentence-or-before")]
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["change de serveur"], (RULE, "unless", 0): ["en avertit"]}
    refers = "Le prestataire change de serveur. Il en avertit le client un mois avant."
    assert condition(RULE, when, unless, _view(nlp, "Serveurs", refers, phrases)) is None
    # a sentence that does not refer back blocks only itself, and the sentence after is not reached
    apart = "Le prestataire change de serveur. Le service d'assistance en avertit les équipes."
    met = condition(RULE, when, unless, _view(nlp, "Serveurs", apart, phrases))
    assert met is not None and met.sentences == [0]
    after = "Il en avertit le client. Le prestataire change de serveur."
    met = condition(RULE, when, unless, _view(nlp, "Serveurs", after, phrases))
    assert met is not None and met.sentences == [1]


def test_an_exception_reaches_the_sentences_a_subject_pronoun_carries_on(nlp: Language) -> None:
    when, unless = [_group("signalement")], [_exception("client", "next-pronoun")]
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["signale"], (RULE, "unless", 0): ["le client"]}
    chained = "Le client tient ses accès. Il change ses mots de passe. Il signale toute compromission."
    assert condition(RULE, when, unless, _view(nlp, "Sécurité", chained, phrases)) is None
    # its own sentence is not blocked, nor one the pronoun chain no longer reaches
    own = "Le client signale toute compromission."
    assert condition(RULE, when, unless, _view(nlp, "Sécurité", own, phrases)) is not None
    broken = "Le client tient ses accès. Le prestataire veille. Il signale toute compromission."
    met = condition(RULE, when, unless, _view(nlp, "Sécurité", broken, phrases))
    assert met is not None and met.sentences == [2]
    named = "Le client tient ses accès. Le prestataire signale toute compromission."
    assert condition(RULE, when, unless, _view(nlp, "Sécurité", named, phrases)) is not None


def test_a_match_reaches_the_next_sentence_only_when_it_refers_back(nlp: Language) -> None:
    when = [_group("livraison", "sentence-or-next"), _group("moyens")]
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["livre"], (RULE, "when", 1): ["obligation de moyens"]}
    refers = "Le titulaire livre une application. Cet engagement est une obligation de moyens."
    met = condition(RULE, when, [], _view(nlp, "Livraison", refers, phrases))
    assert met is not None and met.sentences == [0, 1]
    for body in (
        "Le titulaire livre une application. La maintenance est une obligation de moyens.",
        "Le titulaire livre une application. Le délai court. Cet engagement est une obligation de moyens.",
    ):
        assert condition(RULE, when, [], _view(nlp, "Livraison", body, phrases)) is None
    pronoun = "Le titulaire livre une application. Il n'a qu'une obligation de moyens."
    assert condition(RULE, when, [], _view(nlp, "Livraison", pronoun, phrases)) is not None
    # an exception in the next sentence blocks it
    blocked = condition(
        RULE,
        when,
        [_exception("sauf")],
        _view(nlp, "Livraison", refers, {**phrases, (RULE, "unless", 0): ["cet engagement"]}),
    )
    assert blocked is None
    # a sentence with a match of its own is quoted without the one before
    own = "Le titulaire livre le code. Il livre aussi une application en obligation de moyens."
    met = condition(RULE, when, [], _view(nlp, "Livraison", own, phrases))
    assert met is not None and met.sentences == [1]
    # the same group reaching its own sentence only
    assert (
        condition(RULE, [_group("livraison"), _group("moyens")], [], _view(nlp, "Livraison", refers, phrases)) is None
    )


def test_an_exception_in_a_lists_lead_in_blocks_its_items() -> None:
    listing = spacy.blank("fr")
    listing.add_pipe("sentencizer", config={"punct_chars": [".", ";", ":"]})
    when = [_group("sécurité")]
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["sécurité"], (RULE, "unless", 0): ["suspendre :"]}
    body = "Le prestataire peut suspendre : une attaque contre la sécurité ; un impayé."
    view = _view(listing, "Suspension", body, phrases)
    assert condition(RULE, when, [_exception("suspension", "sentence-or-list")], view) is None
    # the same exception blocks its own sentence only
    met = condition(RULE, when, [_exception("suspension")], view)
    assert met is not None and met.sentences == [1]
    # a lead-in further on reaches only its own items
    later = "Le prestataire veille à la sécurité. Il peut suspendre : un impayé ; une fraude."
    met = condition(
        RULE, when, [_exception("suspension", "sentence-or-list")], _view(listing, "Suspension", later, phrases)
    )
    assert met is not None and met.sentences == [0]


def test_an_exception_inside_the_matched_words_does_not_count(nlp: Language) -> None:
    phrases: dict[Key, list[str]] = {
        (RULE, "when", 0): ["sans accord préalable"],
        (RULE, "unless", 0): ["accord préalable"],
    }
    view = _view(nlp, "Sous-traitance", "Le prestataire sous-traite sans accord préalable du client.", phrases)
    assert condition(RULE, [_group("sans accord")], [_exception("accord", "clause")], view) is not None


def test_a_title_group_counts_only_words_of_the_heading(nlp: Language) -> None:
    phrases: dict[Key, list[str]] = {(RULE, "when", 0): ["confidentialité"]}
    in_title = _view(nlp, "Confidentialité", "Les parties gardent secrètes les informations.", phrases)
    in_body = _view(nlp, "Divers", "La confidentialité des informations est assurée.", phrases)
    assert condition(RULE, [_group("titre", "title")], [], in_title) is not None
    assert condition(RULE, [_group("titre", "title")], [], in_body) is None


def test_the_matcher_tells_which_pattern_of_a_group_matched(nlp: Language) -> None:
    ruleset = load_rules([])
    compiled = Compiled(nlp, ruleset)
    # A bundled rule whose first group has plain phrases: each is found with its own index.
    rule = next(r for r in ruleset.rules if sum(isinstance(p, str) and not slots(p) for p in r.when[0].patterns) >= 2)
    phrases = [(i, p) for i, p in enumerate(rule.when[0].patterns) if isinstance(p, str) and not slots(p)]
    for index, phrase in phrases[:2]:
        matches = compiled.match(nlp(f"Titre\nIl est écrit : {phrase}."))
        assert index in {hit.pattern for hit in matches.get((rule.id, "when", 0))}
