"""Word families in token patterns: ``{VOCAB: name}`` and ``{FORMS_OF: word}``, expanded at load time.

A counsel writes ``[{VOCAB: supplier}, {LOWER: se}, {FORMS_OF: réserver}]``, or the same as a
phrase with slots, ``"{supplier} se {FORMS_OF: réserver} le droit de {FORMS_OF: modifier}"``.
Each family becomes a plain spaCy constraint on the lowercase word, ``{LOWER: {IN: [...]}}``
(or ``{LOWER: {REGEX: ...}}`` when the family has stems), so matching costs what a hand-written
list costs. Token patterns are expanded when the rules load; a phrase with slots is checked
then and cut into tokens when the engine compiles it, with the same tokenizer as the text.

Forms are generated, not looked up: spaCy's French model only ships hashed lemma tables, and
the ``spacy-lookups-data`` package that has them readable weighs about 100 MB. The generator
below covers what contracts use: regular verbs in -er (with the -cer, -ger, -yer and é→è
spellings), in -ir like fournir, in -dre like suspendre (indicative present, imperfect, future,
conditional, subjunctive, participles), and nouns and adjectives (-s, -e, -es, -al→-aux,
-el→-elle, -if→-ive, -eux→-euse). A word in -er, -ir or -dre is read as a verb, so adjectives
like premier are written in ``words:``. Irregular verbs whose ending gives them away (devoir,
tenir, ouvrir, prendre, joindre, résoudre) are refused rather than given wrong forms; they and
the others (faire, mettre) are listed in ``words:``. Derived nouns (modification) are added to
``FORMS_OF`` as a second word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from clausecheck.ruleset.schema import VocabularyEntry

KEYS = ("VOCAB", "FORMS_OF")


def _endings(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Verb endings a contract may use: present, imperfect, past historic (3rd person), future,
# conditional, subjunctive, participles.
_ER = _endings(
    "er e es ent ons ez ais ait ions iez aient ant é ée és ées a èrent"
    " erai era erons erez eront erais erait erions eriez eraient"
)
_IR = _endings(
    "ir is it issons issez issent issais issait issaient issant isse i ie ies irent"
    " ira irons irez iront irais irait irions iriez iraient"
)
_DRE = _endings(
    "dre ds d dons dez dent dais dait dions diez daient dant de des du due dus dues dis dit disse dissent dirent"
    " dra drons drez dront drais drait drions driez draient"
)
# Endings where the stem's last é or e becomes è (céder → cède, lever → lève, but cédons).
_GRAVE_ENDINGS = ("e", "es", "ent")
_GRAVE_FUTURE = ("era", "erons", "erez", "eront", "erais", "erait", "erions", "eriez", "eraient")
_LAST_E = re.compile(r"[ée](?=(?:[bcdfgjklmnpqrstvz]|[bcdfgptv][rl])$)")
# Nouns that take no feminine: only a plural.
_NO_FEMININE = ("ion", "ment", "age", "té", "ure", "ance", "ence", "isme")


# Verb endings of irregular families: devoir, tenir/venir, ouvrir/offrir/acquérir, prendre, joindre, résoudre.
_IRREGULAR = ("oir", "enir", "rir", "prendre", "indre", "oudre")


def inflections(word: str) -> set[str]:
    """The forms of a French word: a verb's conjugated forms and participles, or a noun's/adjective's."""
    word = word.lower()
    if word.endswith(_IRREGULAR):
        raise VocabError(
            f"« {word} » est un verbe irrégulier : ses formes ne peuvent pas être déduites",
            "FORMS_OF",
            "listez les formes utiles sous « words: » (doit, doivent, devra…)",
        )
    if word.endswith("er") and len(word) > 3:
        return _er_verb(word[:-2])
    if word.endswith("ir") and len(word) > 3:
        stem = word[:-2]
        return {stem + e for e in _IR}
    if word.endswith("dre") and len(word) > 4:
        stem = word[:-3]
        return {stem + e for e in _DRE}
    return _nominal(word)


def _er_verb(stem: str) -> set[str]:
    forms = {stem + e for e in _ER}
    if stem.endswith(("c", "g")):
        # Before a and o the stem keeps its soft sound: commençons, engageant.
        soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e"
        forms = {(soft if e[0] in "ao" else stem) + e for e in _ER}
    if stem.endswith("y"):
        # paie, paient, paiera next to paye, payent, payera.
        forms |= {stem[:-1] + "i" + e for e in (*_GRAVE_ENDINGS, *_GRAVE_FUTURE)}
    last_e = _LAST_E.search(stem)
    if last_e:
        grave = stem[: last_e.start()] + "è" + stem[last_e.end() :]
        forms -= {stem + e for e in _GRAVE_ENDINGS}
        forms |= {grave + e for e in _GRAVE_ENDINGS}
        if last_e.group() == "e":
            forms |= {grave + e for e in _GRAVE_FUTURE}  # lever → lèvera; céder keeps cédera
            if stem.endswith(("el", "et")):  # renouveler → renouvelle, jeter → jette
                forms |= {stem + stem[-1] + e for e in (*_GRAVE_ENDINGS, *_GRAVE_FUTURE)}
    return forms


def _nominal(word: str) -> set[str]:
    forms = {word}
    if word.endswith("al"):
        return forms | {word[:-2] + "aux", word + "e", word + "es", word + "s"}
    if word.endswith("el"):
        return forms | {word + "s", word + "le", word + "les"}
    if word.endswith("if"):
        return forms | {word + "s", word[:-1] + "ve", word[:-1] + "ves"}
    if word.endswith("eux"):
        return forms | {word[:-1] + "se", word[:-1] + "ses"}
    if word.endswith(("s", "x", "z")):
        return forms
    if word.endswith(("e", *_NO_FEMININE)):
        return forms | {word + "s"}
    return forms | {word + "s", word + "e", word + "es"}


@dataclass(frozen=True)
class Family:
    """The words of one family, lowercase, and the stems any word may begin with."""

    words: frozenset[str]
    stems: tuple[str, ...] = ()

    def __or__(self, other: Family) -> Family:
        return Family(self.words | other.words, tuple(dict.fromkeys((*self.stems, *other.stems))))

    def constraint(self) -> dict[str, Any]:
        """The spaCy ``LOWER`` constraint for the family: a set lookup, or a regex when there are stems."""
        if not self.stems:
            return {"IN": sorted(self.words)}
        options = [re.escape(w) for w in sorted(self.words)] + [re.escape(s) + r"\w*" for s in self.stems]
        return {"REGEX": "^(?:" + "|".join(options) + ")$"}


def family(entry: list[str] | VocabularyEntry) -> Family:
    """A vocabulary as written (a list of words, or words / forms_of / stems) as one family."""
    if isinstance(entry, list):
        entry = VocabularyEntry(words=entry)
    words = {_token(w) for w in entry.words}
    for word in entry.forms_of:
        words |= inflections(_token(word))
    return Family(frozenset(words), tuple(_token(s) for s in entry.stems))


class VocabError(ValueError):
    """A word-family token that cannot be expanded; ``key`` names the offending key.

    ``message`` and ``hint`` (what to do) are French: the rule author reads them.
    """

    def __init__(self, message: str, key: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.hint = hint


def _token(word: str) -> str:
    word = word.strip().lower().replace("\u2019", "'")
    if not word or any(c.isspace() for c in word) or "'" in word[:-1]:
        raise VocabError(
            f"« {word} » n'est pas un mot seul : une famille ne contient que des mots isolés (une élision comme d' va)",
            "words",
            "gardez un seul mot, ou écrivez l'expression comme motif-phrase dans la règle",
        )
    return word


def expand_token(token: dict[str, Any], vocabularies: dict[str, Family]) -> dict[str, Any]:
    """``token`` with its VOCAB / FORMS_OF keys replaced by one ``LOWER`` constraint."""
    used = [k for k in token if k.upper() in KEYS]
    if not used:
        return token
    if any(k.upper() == "LOWER" for k in token):
        raise VocabError(
            f"{used[0]} dit déjà quels mots conviennent, LOWER est de trop dans ce jeton",
            used[0],
            "retirez LOWER de ce jeton",
        )
    found = Family(frozenset())
    for key in used:
        names = token[key] if isinstance(token[key], list) else [token[key]]
        if not names or not all(isinstance(n, str) for n in names):
            raise VocabError(
                f"{key} attend un mot ou une liste de mots",
                key,
                f"par exemple {{{key}: mot}} ou {{{key}: [mot, autre]}}",
            )
        for name in names:
            found = found | (_named(name, vocabularies, key) if key.upper() == "VOCAB" else _forms(name, key))
    expanded = {k: v for k, v in token.items() if k not in used}
    expanded["LOWER"] = found.constraint()
    return expanded


def _named(name: str, vocabularies: dict[str, Family], key: str) -> Family:
    if name not in vocabularies:
        known = ", ".join(sorted(vocabularies)) or "aucun"
        raise VocabError(
            f"vocabulaire « {name} » inconnu (connus : {known})",
            key,
            "corrigez le nom, ou définissez ce vocabulaire sous « vocabularies: », comme dans rules/vocabulary.yaml",
        )
    return vocabularies[name]


def _forms(word: str, key: str) -> Family:
    try:
        return Family(frozenset(inflections(_token(word))))
    except VocabError as exc:
        raise VocabError(str(exc), key, exc.hint) from None


_SLOT = re.compile(r"\{([^{}]*)\}")


def slots(phrase: str) -> list[tuple[int, int, dict[str, Any]]]:
    """The word-family slots of a phrase, as (start, end, token): ``{supplier}`` or ``{FORMS_OF: modifier}``."""
    found = []
    for match in _SLOT.finditer(phrase):
        inside = match.group(1).strip()
        key, colon, value = inside.partition(":")
        if colon and key.strip().upper() in KEYS:
            words = [w.strip() for w in value.split(",") if w.strip()]
            token: dict[str, Any] = {key.strip().upper(): words}
        elif colon or not inside:
            raise VocabError(
                f"« {match.group()} » n'est pas un emplacement de famille de mots",
                "VOCAB",
                "écrivez {nom} pour un vocabulaire ou {FORMS_OF: mot} pour les formes d'un mot",
            )
        else:
            token = {"VOCAB": inside}
        found.append((match.start(), match.end(), token))
    return found


def token_positions(pattern: list[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The tokens of a pattern that name a family, with their index."""
    for index, token in enumerate(pattern):
        if isinstance(token, dict) and any(k.upper() in KEYS for k in token):
            yield index, token
