"""Token patterns run only where they can match: a literal prefilter over each text's words.

spaCy's ``Matcher`` evaluates every pattern's predicates at every token; with a few hundred
``IN``/``REGEX`` predicates that is most of a check's time. Most patterns have a token that
must be one of a few literal words (a ``LOWER`` or ``LEMMA`` value or list, not optional):
such a pattern cannot match a text that lacks all of them. Patterns are grouped by that
word set; a text runs only the groups whose words it contains (a set lookup over the
text's lowercase forms and lemmas). Identical patterns are matched once, and patterns that
are plain word lists (every token a fixed ``LOWER`` word or list, no operator) go to the
``PhraseMatcher``, which costs one hash lookup per token whatever their number.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

# A word-list pattern is expanded into phrases only up to this many combinations.
_MAX_PHRASES = 256
_FILTER_ATTRS = ("LOWER", "LEMMA")

TokenPattern = list[dict[str, Any]]
Span = tuple[int, int, int]  # (label hash, start, end), as spaCy's matchers return them


def canonical(pattern: TokenPattern) -> str:
    """One text per pattern, whatever the key order or case, to match identical patterns once."""
    return json.dumps([{k.upper(): v for k, v in token.items()} for token in pattern], sort_keys=True)


def _words(value: Any) -> list[str] | None:
    """The literal words a ``LOWER``/``LEMMA`` value allows, or None if it is not a plain list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(w, str) for w in value["IN"]):
        return list(value["IN"])
    return None


def phrase_words(pattern: TokenPattern) -> list[list[str]] | None:
    """The word sequences a plain word-list pattern stands for, or None if it is more than that.

    Only lowercase words qualify: ``{LOWER: Foo}`` never matches, while a phrase would.
    """
    choices: list[list[str]] = []
    for token in pattern:
        keys = {k.upper(): v for k, v in token.items()}
        if set(keys) != {"LOWER"}:
            return None
        words = _words(keys["LOWER"])
        if not words or any(not w or w != w.lower() or w.split() != [w] for w in words):
            return None
        choices.append(words)
    count = 1
    for words in choices:
        count *= len(words)
    if not choices or count > _MAX_PHRASES:
        return None
    return [list(seq) for seq in itertools.product(*choices)]


def required_literals(pattern: TokenPattern, common: frozenset[str] = frozenset()) -> tuple[str, frozenset[str]] | None:
    """The rarest set of words one of which a text must contain for the pattern to match.

    A set with a ``common`` word (de, la, à: in nearly every clause) filters nothing, so any
    set without one is preferred; then the smaller set.
    """
    best: tuple[str, frozenset[str]] | None = None
    best_rank = (2, 0)
    for token in pattern:
        keys = {k.upper(): v for k, v in token.items()}
        if keys.get("OP") not in (None, "+"):
            continue
        for attr in _FILTER_ATTRS:
            words = _words(keys.get(attr)) if attr in keys else None
            if not words:
                continue
            rank = (int(any(_is_common(w, common) for w in words)), len(words))
            if rank < best_rank:
                best, best_rank = (attr, frozenset(words)), rank
    return best


def _is_common(word: str, common: frozenset[str]) -> bool:
    return word.lower() in common or len(word) <= 2 or word.endswith("'")


class Prefiltered:
    """Token patterns compiled into a phrase matcher, filtered matchers and an always-run matcher."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc as SpacyDoc

        self._nlp = nlp
        self._common = frozenset(getattr(nlp.Defaults, "stop_words", ()))
        self._doc = SpacyDoc
        self._matcher_type = Matcher
        self.phrases: PhraseMatcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.always: Matcher = Matcher(nlp.vocab, validate=True)
        self.filtered: list[Matcher] = []
        self._group_of: dict[tuple[str, frozenset[str]], int] = {}
        # (attribute, word hash) -> the filtered matchers a text containing that word must run
        self._index: dict[str, dict[int, list[int]]] = {attr: defaultdict(list) for attr in _FILTER_ATTRS}
        # a unique pattern's own label -> the labels of every key that wrote it
        self.aliases: dict[int, list[int]] = {}
        self._seen: dict[str, int] = {}

    def add(self, label: str, pattern: TokenPattern) -> None:
        """Add one key's pattern; spaCy's ValueError/KeyError for an invalid pattern passes through."""
        strings = self._nlp.vocab.strings
        text = canonical(pattern)
        if text in self._seen:
            self.aliases[self._seen[text]].append(strings.add(label))
            return
        own = f"pattern:{len(self._seen)}"
        own_hash = strings.add(own)
        sequences = phrase_words(pattern)
        if sequences is not None:
            # The pattern is still validated as spaCy would, so a bad rule fails the same way.
            self._matcher_type(self._nlp.vocab, validate=True).add(own, [pattern])
            self.phrases.add(own, [self._doc(self._nlp.vocab, words=seq) for seq in sequences])
        else:
            literal = required_literals(pattern, self._common)
            if literal is None:
                self.always.add(own, [pattern])
            else:
                self._group(literal).add(own, [pattern])
        self._seen[text] = own_hash
        self.aliases[own_hash] = [strings.add(label)]

    def _group(self, literal: tuple[str, frozenset[str]]) -> Matcher:
        if literal not in self._group_of:
            self._group_of[literal] = len(self.filtered)
            self.filtered.append(self._matcher_type(self._nlp.vocab, validate=True))
            attr, words = literal
            for word in words:
                self._index[attr][self._nlp.vocab.strings.add(word)].append(self._group_of[literal])
        return self.filtered[self._group_of[literal]]

    def __call__(self, doc: Doc) -> list[Span]:
        from spacy.attrs import LEMMA, LOWER

        present = doc.to_array([LOWER, LEMMA])
        groups: set[int] = set()
        for column, attr in enumerate(_FILTER_ATTRS):
            index = self._index[attr]
            for word in set(present[:, column].tolist()) if len(doc) else ():
                groups.update(index.get(word, ()))
        found: list[Span] = [*self.always(doc), *self.phrases(doc)]
        for group in sorted(groups):
            found.extend(self.filtered[group](doc))
        return [(label, start, end) for own, start, end in found for label in self.aliases[own]]
