"""Word families: the forms a word stands for, and tokens naming a family turned into spaCy constraints."""

from __future__ import annotations

import pytest

from clausecheck.ruleset.schema import VocabularyEntry
from clausecheck.ruleset.vocab import Family, VocabError, expand_token, family, inflections, slots


@pytest.mark.parametrize(
    ("word", "forms", "not_forms"),
    [
        (
            "modifier",
            {"modifier", "modifie", "modifient", "modifié", "modifiée", "modifiés", "modifiera"},
            {"modifiér"},
        ),
        ("résilier", {"résilie", "résilié", "résiliée", "résilieront", "résiliant"}, set()),
        ("céder", {"cède", "cèdent", "cédons", "cédera", "cédé"}, {"céde"}),
        ("lever", {"lève", "lèvera", "levons", "levé"}, {"leve"}),
        ("renouveler", {"renouvelle", "renouvellera", "renouvelé"}, set()),
        ("payer", {"paie", "paye", "paient", "payé", "paiera"}, set()),
        ("commencer", {"commence", "commençons", "commença", "commencé"}, {"commencons"}),
        ("engager", {"engage", "engageant", "engagé"}, {"engagant"}),
        ("fournir", {"fournit", "fournissent", "fourni", "fournies", "fournira"}, set()),
        ("suspendre", {"suspend", "suspendent", "suspendu", "suspendues", "suspendra"}, {"suspenu"}),
        ("contractuel", {"contractuelle", "contractuels", "contractuelles"}, set()),
        ("exclusif", {"exclusive", "exclusifs"}, set()),
        ("pénal", {"pénale", "pénaux", "pénales"}, set()),
        ("résiliation", {"résiliation", "résiliations"}, {"résiliatione"}),
        ("frais", {"frais"}, {"fraise"}),
    ],
)
def test_vocab_inflections_cover_the_forms_contracts_use(word: str, forms: set[str], not_forms: set[str]) -> None:
    generated = inflections(word)
    assert forms <= generated
    assert not (not_forms & generated)


def test_vocab_family_joins_words_forms_and_stems() -> None:
    entry = VocabularyEntry(words=["Dédit", "d'"], forms_of=["résilier"], stems=["rupt"])
    found = family(entry)
    assert {"dédit", "d'", "résilie", "résiliés"} <= found.words
    assert found.stems == ("rupt",)
    assert family(["Client", "clients"]).words == {"client", "clients"}


def test_vocab_token_keeps_its_other_keys_and_becomes_a_set_lookup() -> None:
    families = {"client": Family(frozenset({"client", "abonné"}))}
    token = expand_token({"VOCAB": "client", "OP": "?"}, families)
    assert token == {"OP": "?", "LOWER": {"IN": ["abonné", "client"]}}
    both = expand_token({"VOCAB": ["client"], "FORMS_OF": "notifier"}, families)
    assert {"client", "notifie", "notifié"} <= set(both["LOWER"]["IN"])
    assert expand_token({"LOWER": "le"}, families) == {"LOWER": "le"}


def test_vocab_stems_become_an_anchored_regex() -> None:
    families = {"termination": Family(frozenset({"dédit"}), ("résili",))}
    constraint = expand_token({"VOCAB": "termination"}, families)["LOWER"]
    assert constraint == {"REGEX": r"^(?:dédit|résili\w*)$"}


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ({"VOCAB": "fournisseurz"}, "vocabulaire « fournisseurz » inconnu (connus : client)"),
        ({"VOCAB": "client", "LOWER": "le"}, "LOWER est de trop"),
        ({"FORMS_OF": "mettre en demeure"}, "n'est pas un mot seul"),
        ({"FORMS_OF": []}, "attend un mot ou une liste de mots"),
    ],
)
def test_vocab_token_errors_say_what_to_fix(token: dict[str, object], words: str) -> None:
    with pytest.raises(VocabError, match=words.replace("(", r"\(").replace(")", r"\)")):
        expand_token(token, {"client": Family(frozenset({"client"}))})


def test_vocab_phrase_slots_name_a_vocabulary_or_the_forms_of_words() -> None:
    phrase = "{supplier} se {FORMS_OF: réserver} le droit de {forms_of: modifier, changer}"
    assert [(phrase[a:b], token) for a, b, token in slots(phrase)] == [
        ("{supplier}", {"VOCAB": "supplier"}),
        ("{FORMS_OF: réserver}", {"FORMS_OF": ["réserver"]}),
        ("{forms_of: modifier, changer}", {"FORMS_OF": ["modifier", "changer"]}),
    ]
    assert slots("sans accord préalable") == []
    with pytest.raises(VocabError, match="n'est pas un emplacement"):
        slots("le {LEMMA: prestataire}")


@pytest.mark.parametrize("verb", ["devoir", "tenir", "ouvrir", "prendre", "joindre", "résoudre"])
def test_vocab_irregular_verbs_are_refused_rather_than_misspelt(verb: str) -> None:
    with pytest.raises(VocabError, match=f"« {verb} » est un verbe irrégulier"):
        expand_token({"FORMS_OF": verb}, {})
