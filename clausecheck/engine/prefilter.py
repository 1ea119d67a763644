"""Token patterns run only where they can match: anchors found in each text's words.

spaCy's ``Matcher`` evaluates every pattern's predicates at every token; with a few hundred
``IN``/``REGEX`` predicates that is most of a check's time. Most patterns have a token that
must be one of a few literal words (a ``LOWER``, ``LEMMA`` or ``TEXT`` value or list, not
optional), the others one that must match a ``REGEX``: such a pattern cannot match a text
that has no word its anchor accepts, nor anywhere but around such a word. Patterns are
grouped by anchor; a text runs only the groups whose words it contains (a set lookup over
the text's distinct words; a regex is tried once per distinct word, and remembered), and
each group only on token windows around those words, as wide as its patterns can reach.
Identical patterns are matched once, and patterns that are plain word lists (every token
a fixed ``LOWER`` word or list, no operator) go to the ``PhraseMatcher``, which costs one
hash lookup per token whatever their number.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

# A word-list pattern is expanded into phrases only up to this many combinations.
_MAX_PHRASES = 256
# Distinct words whose regex anchors are remembered, per attribute.
_MAX_REMEMBERED = 200_000
_FILTER_ATTRS = ("LOWER", "LEMMA", "TEXT")
_COLUMN = {"LOWER": "LOWER", "LEMMA": "LEMMA", "TEXT": "ORTH"}  # pattern key -> Doc.to_array attribute

TokenPattern = list[dict[str, Any]]
Span = tuple[int, int, int]  # (label hash, start, end), as spaCy's matchers return them
# tokens a match can hold before and after its anchor; None: no bound on that side
Reach = tuple[int | None, int | None]


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


def _anchor_literal(pattern: TokenPattern, common: frozenset[str]) -> tuple[int, str, frozenset[str]] | None:
    """The token index, attribute and words of :func:`required_literals`."""
    best: tuple[int, str, frozenset[str]] | None = None
    best_rank = (2, 0)
    for index, token in enumerate(pattern):
        keys = {k.upper(): v for k, v in token.items()}
        if keys.get("OP") not in (None, "+"):
            continue
        for attr in _FILTER_ATTRS:
            words = _words(keys.get(attr)) if attr in keys else None
            if not words:
                continue
            rank = (int(any(_is_common(w, common) for w in words)), len(words))
            if rank < best_rank:
                best, best_rank = (index, attr, frozenset(words)), rank
    return best


def required_literals(pattern: TokenPattern, common: frozenset[str] = frozenset()) -> tuple[str, frozenset[str]] | None:
    """The rarest set of words one of which a text must contain for the pattern to match.

    A set with a ``common`` word (de, la, à: in nearly every clause) filters nothing, so any
    set without one is preferred; then the smaller set.
    """
    found = _anchor_literal(pattern, common)
    return None if found is None else (found[1], found[2])


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


def _most_tokens(op: Any) -> int | None:
    """The most tokens one pattern token with operator ``op`` consumes; None if unbounded or unknown."""
    if op in (None, "!", "?"):
        return 1
    if isinstance(op, str) and (quantified := re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)):
        low, comma, high = quantified.groups()
        if not comma:
            return int(low) if low else None
        return int(high) if high else None
    return None


def reach(pattern: TokenPattern, anchor: int) -> Reach | None:
    """How many tokens a match can hold before and after its anchor token (None: unbounded side).

    The anchor must consume exactly one token (no operator), else None: a match then lies
    within ``[p - before, p + 1 + after)`` of the position ``p`` of a word the anchor accepts.
    """
    if {k.upper(): v for k, v in pattern[anchor].items()}.get("OP") is not None:
        return None
    sides: list[int | None] = []
    for tokens in (pattern[:anchor], pattern[anchor + 1 :]):
        most = [_most_tokens({k.upper(): v for k, v in token.items()}.get("OP")) for token in tokens]
        sides.append(None if None in most else sum(m for m in most if m is not None))
    return sides[0], sides[1]


def windows(positions: list[int], before: int | None, after: int | None, length: int) -> list[tuple[int, int]]:
    """Token windows around anchor positions, one token wider than a match can reach, merged.

    A match touching a window's edge that is not the doc's edge is not one the doc has (the
    matcher stops there); every real match lies strictly inside the window of its anchor.
    An unbounded side (None) runs to the doc's edge.
    """
    merged: list[tuple[int, int]] = []
    for position in sorted(positions):
        start = 0 if before is None else max(0, position - before - 1)
        end = length if after is None else min(length, position + after + 2)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _is_common(word: str, common: frozenset[str]) -> bool:
    return word.lower() in common or len(word) <= 2 or word.endswith("'")


class Prefiltered:
    """Token patterns compiled into a phrase matcher, anchored matchers and an always-run matcher.

    An anchored matcher holds the patterns sharing one anchor (a token that must be one of
    a few words, or match a ``REGEX``); it runs only around the tokens its anchor accepts,
    on windows as wide as its patterns can reach (to the text's edge on an unbounded side).
    """

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
        # per anchored matcher: how far its patterns reach before and after the anchor
        self.reach: list[Reach | None] = []
        self._group_of: dict[tuple[str, frozenset[str] | str], int] = {}
        # (attribute, word hash) -> the anchored matchers a text containing that word must run
        self._index: dict[str, dict[int, list[int]]] = {attr: defaultdict(list) for attr in _FILTER_ATTRS}
        # attribute -> (compiled regex, anchored matcher); which word hash matches which, found once
        self._regexes: dict[str, list[tuple[re.Pattern[str], int]]] = defaultdict(list)
        self._regex_hits: dict[str, dict[int, tuple[int, ...]]] = defaultdict(dict)
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
            anchor = _anchor_literal(pattern, self._common) or required_regex(pattern)
            if anchor is None:
                self.always.add(own, [pattern])
            else:
                index, attr, words = anchor
                group = self._group((attr, words))
                self.filtered[group].add(own, [pattern])
                self.reach[group] = _wider(self.reach[group], reach(pattern, index))
        self._seen[text] = own_hash
        self.aliases[own_hash] = [strings.add(label)]

    def _group(self, anchor: tuple[str, frozenset[str] | str]) -> int:
        if anchor not in self._group_of:
            group = self._group_of[anchor] = len(self.filtered)
            self.filtered.append(self._matcher_type(self._nlp.vocab, validate=True))
            self.reach.append((0, 0))
            attr, words = anchor
            if isinstance(words, str):
                self._regexes[attr].append((re.compile(words), group))
                self._regex_hits[attr].clear()
            else:
                for word in words:
                    self._index[attr][self._nlp.vocab.strings.add(word)].append(group)
        return self._group_of[anchor]

    def _groups_of(self, attr: str, words: set[int]) -> dict[int, tuple[int, ...]]:
        """The anchored matchers each of these words (hashes of ``attr`` values) triggers."""
        index, regexes, known = self._index[attr], self._regexes.get(attr), self._regex_hits[attr]
        strings = self._nlp.vocab.strings
        found: dict[int, tuple[int, ...]] = {}
        for word in words:
            groups = tuple(index.get(word, ()))
            if regexes:
                hits = known.get(word)
                if hits is None:
                    if len(known) >= _MAX_REMEMBERED:
                        known.clear()  # a long-running server meets new words forever
                    value = strings[word]
                    hits = known[word] = tuple(group for regex, group in regexes if regex.search(value))
                groups += hits
            if groups:
                found[word] = groups
        return found

    def __call__(self, doc: Doc) -> list[Span]:
        found: list[Span] = [*self.always(doc)] if len(self.always) else []
        found += self.phrases(doc) if len(self.phrases) else []
        length = len(doc)
        positions: dict[int, list[int]] = defaultdict(list)
        if length:
            columns = doc.to_array([_COLUMN[attr] for attr in _FILTER_ATTRS])
            for column, attr in enumerate(_FILTER_ATTRS):
                words = columns[:, column].tolist()
                groups_of = self._groups_of(attr, set(words))
                if groups_of:
                    for position, word in enumerate(words):
                        for group in groups_of.get(word, ()):
                            positions[group].append(position)
        for group in sorted(positions):
            matcher, extent = self.filtered[group], self.reach[group]
            if extent is None:
                found.extend(matcher(doc))
                continue
            for start, end in windows(positions[group], *extent, length):
                for own, first, last in matcher(doc[start:end]):
                    if (first == 0 and start > 0) or (last == end - start and end < length):
                        continue  # cut by the window, not a match of the doc
                    found.append((own, start + first, start + last))
        return [(label, start, end) for own, start, end in found for label in self.aliases[own]]


def _wider(one: Reach | None, other: Reach | None) -> Reach | None:
    if one is None or other is None:
        return None
    return _most(one[0], other[0]), _most(one[1], other[1])


def _most(one: int | None, other: int | None) -> int | None:
    return None if one is None or other is None else max(one, other)
