"""Token patterns tried only where they can match: anchors found in each text's words.

Most patterns have a token that must be one of a few literal words (a ``LOWER``, ``LEMMA``
or ``TEXT`` value or list, taking one token), the others one that must match a ``REGEX``:
such a pattern cannot match a text that has no word its anchor accepts, nor anywhere but
around such a word. Of several such tokens, the one whose words occur in the fewest clause
texts anchors the pattern (``word_shares.tsv``). Patterns are grouped by anchor; a text
tries only the groups whose words it contains (a set lookup over the text's distinct words;
a regex is tried once per distinct word, and remembered), and each pattern only at those
words, followed forwards and backwards from there (:mod:`~clausecheck.engine.tokenmatch`).
Identical patterns are matched once.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib.resources import files
from itertools import compress, count
from typing import TYPE_CHECKING, Any

from clausecheck.engine.tokenmatch import AnchoredPattern, Columns, compile_pattern

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

# Distinct words whose regex anchors are remembered, per attribute.
_MAX_REMEMBERED = 200_000
_FILTER_ATTRS = ("LOWER", "LEMMA", "TEXT")
_COLUMN = {"LOWER": "LOWER", "LEMMA": "LEMMA", "TEXT": "ORTH"}  # pattern key -> Doc.to_array attribute

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


def _anchor_literal(pattern: TokenPattern, shares: Mapping[str, float]) -> tuple[int, str, frozenset[str]] | None:
    """The token index, attribute and words of :func:`required_literals`."""
    best: tuple[int, str, frozenset[str]] | None = None
    best_rank = (math.inf, 0)
    for index, token in enumerate(pattern):
        keys = {k.upper(): v for k, v in token.items()}
        if keys.get("OP") not in (None, "+"):
            continue
        for attr in _FILTER_ATTRS:
            words = _words(keys.get(attr)) if attr in keys else None
            if not words:
                continue
            rank = (sum(shares.get(w.lower(), 0.0) for w in words), len(words))
            if rank < best_rank:
                best, best_rank = (index, attr, frozenset(words)), rank
    return best


def required_literals(
    pattern: TokenPattern, shares: Mapping[str, float] | None = None
) -> tuple[str, frozenset[str]] | None:
    """The rarest set of words one of which a text must contain for the pattern to match.

    A word's ``shares`` value is the share of clause texts it occurs in (:func:`word_shares`;
    a word left out is rare): the set whose words occur in the fewest texts is the one that
    rules out most texts and places, then the smaller set.
    """
    found = _anchor_literal(pattern, word_shares() if shares is None else shares)
    return None if found is None else (found[1], found[2])


@lru_cache(maxsize=1)
def word_shares() -> dict[str, float]:
    """The share of clause texts holding each frequent word, measured on ``tests/corpus`` by
    ``benchmarks/word_shares.py``. It orders anchors only: speed, not findings."""
    text = files("clausecheck.engine").joinpath("word_shares.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {word: float(share) for word, share in rows}


def required_regex(pattern: TokenPattern) -> tuple[int, str, str] | None:
    """For a pattern without literal words: a token that must match a ``REGEX`` (index, attribute, regex)."""
    for index, token in enumerate(pattern):
        keys = {k.upper(): v for k, v in token.items()}
        if keys.get("OP") is not None:
            continue
        for attr in _FILTER_ATTRS:
            value = keys.get(attr)
            if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
                return index, attr, value["REGEX"]
    return None


class Prefiltered:
    """Token patterns compiled into a phrase matcher and anchored token patterns.

    An anchor group holds the patterns sharing one anchor (a token that must be one of a
    few words, or match a ``REGEX``); a text tries them only at the tokens their anchor
    accepts. A pattern with no such token is tried everywhere; one using what
    :mod:`~clausecheck.engine.tokenmatch` leaves to spaCy runs in spaCy's ``Matcher``.
    """

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher

        self._nlp = nlp
        self._shares = word_shares()
        # Every pattern is added here too, so a bad rule is refused as spaCy would; never run.
        self._validator = Matcher(nlp.vocab, validate=True)
        self.spacy: Matcher = Matcher(nlp.vocab, validate=True)
        self.always: list[tuple[int, AnchoredPattern]] = []
        self.groups: list[list[tuple[int, AnchoredPattern]]] = []
        self._columns: set[str] = set()  # the doc columns the patterns and anchors read
        self._group_of: dict[tuple[str, frozenset[str] | str], int] = {}
        # (attribute, word hash) -> the anchor groups a text containing that word must try
        self._index: dict[str, dict[int, list[int]]] = {attr: defaultdict(list) for attr in _FILTER_ATTRS}
        # attribute -> (compiled regex, anchor group); which word hash matches which, found once
        self._regexes: dict[str, list[tuple[re.Pattern[str], int]]] = defaultdict(list)
        # attribute -> the groups of each word met that triggers some, and the words that trigger none
        self._known: dict[str, dict[int, tuple[int, ...]]] = defaultdict(dict)
        self._quiet: dict[str, set[int]] = defaultdict(set)
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
        self._validator.add(own, [pattern])
        anchor = _anchor_literal(pattern, self._shares) or required_regex(pattern)
        compiled = compile_pattern(pattern, strings, anchor[0] if anchor else None)
        if compiled is None:
            self.spacy.add(own, [pattern])
        else:
            self._columns.update(name for step in compiled.steps for name, _kind, _value in step.checks)
            if anchor is None:
                self.always.append((own_hash, compiled))
            else:
                _index, attr, words = anchor
                self.groups[self._group((attr, words))].append((own_hash, compiled))
        self._seen[text] = own_hash
        self.aliases[own_hash] = [strings.add(label)]

    def _group(self, anchor: tuple[str, frozenset[str] | str]) -> int:
        if anchor not in self._group_of:
            group = self._group_of[anchor] = len(self.groups)
            self.groups.append([])
            attr, words = anchor
            self._columns.add(_COLUMN[attr])
            if isinstance(words, str):
                self._regexes[attr].append((re.compile(words), group))
            else:
                for word in words:
                    self._index[attr][self._nlp.vocab.strings.add(word)].append(group)
            self._known[attr].clear()
            self._quiet[attr].clear()
        return self._group_of[anchor]

    def _groups_of(self, attr: str, words: set[int]) -> dict[int, tuple[int, ...]]:
        """The anchor groups each of these words (hashes of ``attr`` values) triggers.

        Each word's answer is remembered: most words of a text trigger nothing, and one set
        difference leaves the few others.
        """
        known, quiet = self._known[attr], self._quiet[attr]
        found: dict[int, tuple[int, ...]] = {}
        for word in words - quiet:
            groups = known.get(word)
            if groups is None:
                if len(known) + len(quiet) >= _MAX_REMEMBERED:
                    known.clear()  # a long-running server meets new words forever
                    quiet.clear()
                groups = self._lookup(attr, word)
                if not groups:
                    quiet.add(word)
                    continue
                known[word] = groups
            found[word] = groups
        return found

    def _lookup(self, attr: str, word: int) -> tuple[int, ...]:
        groups = tuple(self._index[attr].get(word, ()))
        regexes = self._regexes.get(attr)
        if regexes:
            value = self._nlp.vocab.strings[word]
            groups += tuple(group for regex, group in regexes if regex.search(value))
        return groups

    @property
    def columns(self) -> set[str]:
        """The doc columns the patterns and anchors read."""
        return self._columns

    def __call__(self, doc: Doc, columns: Columns | None = None) -> list[Span]:
        """Every match in ``doc``; ``columns``, when given, hold at least :attr:`columns`."""
        found: list[Span] = [*self.spacy(doc)] if len(self.spacy) else []
        if columns is None:
            columns = Columns(doc, sorted(self._columns))
        for own, pattern in self.always:
            found += [(own, start, end) for start, end in pattern.everywhere(columns)]
        positions: dict[int, list[int]] = defaultdict(list)
        for words, groups_of in self._anchors(columns):
            # the positions of the few words that trigger a group, picked out without a Python loop
            for position in compress(count(), map(groups_of.__contains__, words)):
                for group in groups_of[words[position]]:
                    positions[group].append(position)
        for group, where in positions.items():
            for own, pattern in self.groups[group]:
                if pattern.possible(columns):
                    found += [(own, start, end) for start, end in pattern.around(columns, where)]
        return [(label, start, end) for own, start, end in found for label in self.aliases[own]]

    def could_match(self, doc: Doc, columns: Columns | None = None) -> bool:
        """Whether some pattern may match ``doc``: the words it cannot do without are there,
        its anchor's and those of the other tokens it must take (literal or regex).

        Nothing is run, and no check but those words is read: the doc may lack what the
        patterns test otherwise (sentence starts, before the sentence model has run).
        """
        if len(self.spacy):
            return True
        if columns is None:
            columns = Columns(doc, sorted(self._columns))
        if any(pattern.could(columns) for _, pattern in self.always):
            return True
        groups = {group for _, groups_of in self._anchors(columns) for found in groups_of.values() for group in found}
        return any(pattern.could(columns) for group in groups for _, pattern in self.groups[group])

    def _anchors(self, columns: Columns) -> Iterator[tuple[list[int], dict[int, tuple[int, ...]]]]:
        """For each anchor attribute the text has: its words, and the groups each word triggers."""
        for attr in _FILTER_ATTRS:
            words = columns.lists.get(_COLUMN[attr])
            groups_of = self._groups_of(attr, columns.words(_COLUMN[attr])) if words else None
            if words and groups_of:
                yield words, groups_of
