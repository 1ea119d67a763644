"""All rules' patterns compiled once: anchored token patterns and one PhraseMatcher, run on each text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from clausecheck.engine.prefilter import Prefiltered, Span
from clausecheck.engine.sentences import mark_line_ends
from clausecheck.engine.tokenmatch import Columns
from clausecheck.model.errors import RuleError
from clausecheck.ruleset.loader import RuleSet, RuleSource
from clausecheck.ruleset.schema import CoverageRule, Pattern, PatternGroup, RequiresRule
from clausecheck.ruleset.validation import explain
from clausecheck.ruleset.vocab import KEYS, Family, expand_token, slots
from clausecheck.text.fold import unaccent

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# A key names what a pattern stands for: (owner, part, index): a rule id, then "when",
# "unless", "then", "theme", "anchor" or "commitment", then the group's index.
Key = tuple[str, str, int]


@dataclass(slots=True)  # slots: a contract makes tens of thousands
class Hit:
    start: int  # token offsets in the doc
    end: int
    sent: int  # index of the sentence the match starts in; -1 until the doc's sentences are read
    key: Key  # the rule part and group the matching pattern belongs to
    pattern: int  # index of the pattern that matched, within its group


@dataclass
class Matches:
    """What matched in one text, by key."""

    doc: Doc
    hits: dict[Key, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    pending: bool = False  # patterns testing a sentence start could match, once sentences are set
    sentenced: bool = False  # whether the hits know their sentence
    # the doc's text, as handed to spaCy: ``Doc.text`` joins every token in Python at each call
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or self.doc.text

    def get(self, key: Key) -> list[Hit]:
        return self.hits.get(key, [])

    def number_sentences(self) -> None:
        """Give each hit its sentence, once the doc has sentence boundaries."""
        sent_of = _sentence_index(self.doc)
        for hits in self.hits.values():
            for hit in hits:
                hit.sent = sent_of[hit.start]
        self.sentenced = True


def pattern_attrs(ruleset: RuleSet) -> set[str]:
    """Token attributes the rules' patterns use (phrases use LOWER)."""
    attrs = {"LOWER"}
    for _key, _index, pattern, _loc in _all_patterns(ruleset):
        if isinstance(pattern, list):
            for token in pattern:
                attrs.update(k.upper() for k in token if k.upper() not in ("OP",))
    return attrs


class TokenPatterns(Protocol):
    """Token patterns under labels: what matches in a doc, and whether anything could.

    ``columns``, when given: the doc's attributes read once for several sets of patterns,
    holding at least the ones this set reads (its ``columns``).
    """

    @property
    def columns(self) -> set[str]: ...

    def add(self, label: str, pattern: list[dict[str, Any]]) -> None: ...

    def __call__(self, doc: Doc, columns: Columns | None = None) -> list[Span]: ...

    def could_match(self, doc: Doc, columns: Columns | None = None) -> bool: ...


class PlainPatterns:
    """Every token pattern on every text, with spaCy's ``Matcher``: the reference the
    prefilter must agree with (tests compare both)."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab, validate=True)
        self.columns: set[str] = set()  # it reads the doc itself

    def add(self, label: str, pattern: list[dict[str, Any]]) -> None:
        self.matcher.add(label, [pattern])

    def __call__(self, doc: Doc, columns: Columns | None = None) -> list[Span]:
        return self.matcher(doc)

    def could_match(self, doc: Doc, columns: Columns | None = None) -> bool:
        return len(self.matcher) > 0


class Compiled:
    """Every pattern compiled once; ``prefilter=False`` runs all token patterns on every text.

    Token patterns that test a sentence start are kept apart (``sentence_tokens``): the others
    match before the sentence model has run, and it then runs only where it is needed.
    ``unaccented``: every word of the patterns without its accents, for a text typed without
    them ("resiliation a echeance"), where the rules' words as written would never match.
    """

    def __init__(self, nlp: Language, ruleset: RuleSet, prefilter: bool = True, unaccented: bool = False) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.unaccented = unaccented
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        kind: type[Prefiltered | PlainPatterns] = Prefiltered if prefilter else PlainPatterns
        self.tokens: TokenPatterns = kind(nlp)
        self.sentence_tokens: TokenPatterns = kind(nlp)
        self._keys: dict[int, tuple[Key, int]] = {}  # label -> key and pattern index
        self._families = ruleset.vocabularies
        _check_families(nlp, ruleset)
        for key, index, pattern, (source, where) in _all_patterns(ruleset):
            self._add(key, index, pattern, source, where)
        self._columns = sorted(self.tokens.columns | self.sentence_tokens.columns)
        # Before the sentence model has run, sentence starts are not read (see ``match``).
        self._word_columns = sorted(self.tokens.columns | (self.sentence_tokens.columns - {"IS_SENT_START"}))

    def _add(self, key: Key, index: int, pattern: Pattern, source: RuleSource, where: tuple[str | int, ...]) -> None:
        # One label per pattern, so that a finding can tell which of its group's patterns fired.
        label = "|".join(str(p) for p in (*key, index))
        self._keys[self.nlp.vocab.strings.add(label)] = (key, index)
        owner = key[0]
        if isinstance(pattern, str) and slots(pattern):
            pattern = _phrase_tokens(self.nlp, pattern, self._families)
        elif not isinstance(pattern, str) and not self.unaccented:
            _check_words(self.nlp, pattern, source, where, owner)
        if self.unaccented:
            pattern = _unaccented(pattern)
        if isinstance(pattern, str):
            self.phrases.add(label, [self.nlp.make_doc(pattern)])
            return
        try:
            reads_sentences = any(str(k).upper() == "IS_SENT_START" for token in pattern for k in token)
            (self.sentence_tokens if reads_sentences else self.tokens).add(label, pattern)
        except (ValueError, KeyError) as exc:
            at, message, hint = _pattern_problem(pattern, exc)
            raise RuleError(
                source.file,
                message,
                line=source.line(*where, *at),
                rule_id=owner,
                field=".".join(map(str, (*where, *at))),
                hint=hint,
            ) from None

    def match(self, doc: Doc, sentences: bool = True, text: str = "") -> Matches:
        """What matched in ``doc``, whose text is ``text`` (or read from the doc when not given).

        ``sentences=True``: the doc has the model's sentence boundaries, completed here (line ends).
        ``sentences=False``: the doc has no sentence boundaries yet. The patterns testing a
        sentence start wait (``Matches.pending`` says whether they could match here), and so
        do the hits' sentence numbers: :meth:`finish` adds both once the boundaries are set.
        """
        if sentences:
            result = Matches(doc, text=text)
            mark_line_ends(doc, result.text)
            spans = self.token_spans(doc)
        else:
            # one reading of the doc's columns for both: the patterns run, the others are only asked
            # whether their words are there (no sentence start is read before the sentences are set)
            columns = Columns(doc, self._word_columns)
            spans = self.tokens(doc, columns)
            result = Matches(doc, pending=self.sentence_tokens.could_match(doc, columns), text=text)
        self._record(result, [*spans, *self.phrases(doc)])
        if sentences:
            result.number_sentences()
        return result

    def finish(self, matches: Matches) -> None:
        """Complete a doc matched with ``sentences=False``, now that it has sentence boundaries."""
        mark_line_ends(matches.doc, matches.text)
        if matches.pending:
            self._record(matches, self.sentence_tokens(matches.doc))
            matches.pending = False
        matches.number_sentences()

    def token_spans(self, doc: Doc) -> list[Span]:
        """Every token pattern's matches in a doc with sentence boundaries."""
        columns = Columns(doc, self._columns)
        return [*self.tokens(doc, columns), *self.sentence_tokens(doc, columns)]

    def _record(self, matches: Matches, spans: list[Span]) -> None:
        for match_id, start, end in spans:
            key, index = self._keys[match_id]
            matches.hits[key].append(Hit(start, end, -1, key, index))


def _check_families(nlp: Language, ruleset: RuleSet) -> None:
    """A vocabulary word the tokenizer splits (dommages-intérêts) could never match one token."""
    for name, family in ruleset.vocabularies.items():
        split = sorted(word for word in family.words if not _one_token(nlp, word))
        if split:
            source = ruleset.vocabulary_sources[name]
            raise RuleError(
                source.file,
                f"le découpage en mots du français coupe {', '.join(split)} en plusieurs mots : "
                "un vocabulaire ne reconnaît qu'un mot à la fois",
                line=source.line("vocabularies", name),
                field=f"vocabularies.{name}",
                hint="gardez un seul des mots, ou écrivez l'expression comme motif-phrase dans la règle",
            )


_WORD_KEYS = ("LOWER", "TEXT", "ORTH", "NORM")


def _check_words(
    nlp: Language, pattern: list[dict[str, Any]], source: RuleSource, where: tuple[str | int, ...], owner: str
) -> None:
    """A word of a token pattern the tokenizer splits ("s'ajoute", "savoir-faire") can never match one token."""
    for index, token in enumerate(pattern):
        for key, value in token.items():
            if str(key).upper() not in _WORD_KEYS:
                continue
            listed = value.get("IN", []) + value.get("NOT_IN", []) if isinstance(value, dict) else [value]
            split = [word for word in listed if isinstance(word, str) and not _one_token(nlp, word)]
            if split:
                pieces = " + ".join(piece.text for piece in nlp.make_doc(split[0]))
                raise RuleError(
                    source.file,
                    f"le découpage en mots du français coupe « {split[0]} » en plusieurs mots ({pieces}) : "
                    "un jeton de motif ne reconnaît qu'un mot à la fois",
                    line=source.line(*where, index, key),
                    rule_id=owner,
                    field=".".join(map(str, (*where, index, key))),
                    hint='écrivez un jeton par mot, par exemple [{LOWER: "s\'"}, {LOWER: ajoute}]',
                )


@lru_cache(maxsize=100_000)  # the same words recur across patterns and rule sets
def _one_token(nlp: Language, word: str) -> bool:
    """Whether the tokenizer keeps ``word`` as one token; an elided word ("d'", "l'") is one
    before the word it is joined to, as it always stands in a text."""
    if word.endswith("'"):
        return [token.text for token in nlp.make_doc(word + "a")] == [word, "a"]
    return len(nlp.make_doc(word)) == 1


def _phrase_tokens(nlp: Language, phrase: str, families: dict[str, Family]) -> list[dict[str, Any]]:
    """A phrase with slots as a token pattern: its words cut by the tokenizer, its slots expanded."""
    tokens: list[dict[str, Any]] = []
    done = 0
    for start, end, slot in slots(phrase):
        tokens += _words(nlp, phrase[done:start])
        tokens.append(expand_token(slot, families))
        done = end
    return tokens + _words(nlp, phrase[done:])


# Words that, without their accent, are another frequent word ("dû" → "du", "où" → "ou").
# Alone, such a word is kept as written, else "dû" would find every "du"; among other words
# ("dû dans son intégralité"), or as "à" ("a tout moment"), it reads as meant without its accent.
_AMBIGUOUS = frozenset(["du", "des", "ou", "la", "sur", "mur"])


def _unaccented(pattern: Pattern) -> Pattern:
    """A pattern with its words (values, lists, regexes) without accents."""
    if isinstance(pattern, str):
        alone = " " not in pattern.strip()
        return pattern if alone and unaccent(pattern).lower() in _AMBIGUOUS else unaccent(pattern)
    words = sum(
        str(token.get("OP", "")) != "!" and bool(_WORD_ATTRS & {str(k).upper() for k in token}) for token in pattern
    )
    return [_unaccent_token(token, keep_ambiguous=words <= 1) for token in pattern]


def _unaccent_token(token: dict[str, Any], keep_ambiguous: bool) -> dict[str, Any]:
    def plain(word: str) -> str:
        unaccented = unaccent(word)
        return word if keep_ambiguous and unaccented.lower() in _AMBIGUOUS else unaccented

    unaccented: dict[str, Any] = {}
    for key, value in token.items():
        if str(key).upper() not in _WORD_ATTRS:
            unaccented[key] = value
        elif isinstance(value, str):
            unaccented[key] = plain(value)
        elif isinstance(value, dict):
            unaccented[key] = {
                predicate: list(dict.fromkeys(map(plain, argument)))
                if isinstance(argument, list)
                else unaccent(argument)  # a regex: its stems
                if isinstance(argument, str)
                else argument
                for predicate, argument in value.items()
            }
        else:
            unaccented[key] = value
    return unaccented


_WORD_ATTRS = {"TEXT", "ORTH", "LOWER", "NORM", "LEMMA"}


def _words(nlp: Language, text: str) -> list[dict[str, Any]]:
    return [{"LOWER": token.lower_} for token in nlp.make_doc(text) if not token.is_space]


_PATTERN_HINT = "un motif de jetons est une liste comme [{LEMMA: résilier}, {LOWER: le, OP: '?'}, {LOWER: contrat}]"


def _pattern_problem(pattern: list[dict[str, Any]], exc: Exception) -> tuple[tuple[str | int, ...], str, str]:
    """Where in the pattern spaCy's schema refuses it (token index, attribute), why and what to do, in French."""
    from pydantic import ValidationError
    from spacy.schemas import TokenPattern, TokenPatternSchema, TokenPatternString

    try:
        TokenPatternSchema(pattern=pattern)
    except ValidationError as refusal:
        known = [
            (field.alias or name).upper()
            for model in (TokenPattern, TokenPatternString)
            for name, field in model.model_fields.items()
        ] + list(KEYS)
        explained = explain(
            refusal.errors(),
            {"pattern": pattern},
            known,
            unknown="attribut de jeton inconnu",
            reference="voir la documentation du Matcher de spaCy",
        )
        return explained.path[1:], f"motif de jetons invalide : {explained.message}", explained.hint or _PATTERN_HINT
    return (), f"motif de jetons refusé par spaCy (message de spaCy : {_one_line(exc)})", _PATTERN_HINT


def _one_line(exc: Exception) -> str:
    """spaCy lists pattern errors on several lines ('- [pattern -> 0 -> LOWR] …'): keep those."""
    details = [line.strip("- ").strip() for line in str(exc).splitlines() if line.strip().startswith("- [")]
    return "; ".join(details) or " ".join(str(exc).split())


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            index[t] = i
    return index


# A pattern's key, its index in its group, the pattern, and where it is written in its rule.
_Located = tuple[Key, int, Pattern, tuple[str | int, ...]]


def _groups(rule_id: str, part: str, groups: Sequence[PatternGroup]) -> Iterator[_Located]:
    for gi, group in enumerate(groups):
        for pi, pattern in enumerate(group.patterns):
            yield (rule_id, part, gi), pi, pattern, (part, gi, "patterns", pi)


def _all_patterns(ruleset: RuleSet) -> Iterator[tuple[Key, int, Pattern, tuple[RuleSource, tuple[str | int, ...]]]]:
    """Every pattern with its key, its index in its group and where it was written."""
    for rule in ruleset.rules:
        source = ruleset.sources[rule.id]
        parts: list[tuple[str, Sequence[PatternGroup]]] = [("when", rule.when), ("unless", rule.unless)]
        if isinstance(rule, RequiresRule):
            parts.append(("then", rule.then))
        for part, groups in parts:
            for key, index, pattern, where in _groups(rule.id, part, groups):
                yield key, index, pattern, (source, where)
        if isinstance(rule, CoverageRule):
            for ti, theme in enumerate(rule.themes):
                for pi, pattern in enumerate(theme.patterns):
                    yield (rule.id, "theme", ti), pi, pattern, (source, ("themes", ti, "patterns", pi))
            for pi, pattern in enumerate(rule.anchor):
                yield (rule.id, "anchor", 0), pi, pattern, (source, ("anchor", pi))
            for pi, pattern in enumerate(rule.commitment):
                yield (rule.id, "commitment", 0), pi, pattern, (source, ("commitment", pi))
