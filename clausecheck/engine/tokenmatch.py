"""One token pattern matched from a token it cannot do without, over a doc's attribute columns.

spaCy's ``Matcher`` builds a Python ``Token`` at every position for each predicate written
in Python (``IN``, ``REGEX``), at every call; that was most of a check's time. Here a doc
is read once into plain lists (one ``Doc.to_array`` call), and a pattern is tried only at
the positions of its anchor, a token it must consume exactly once: what must come after
is followed forwards, what must come before backwards, and every pair of ends is a match.
The matches are spaCy's: every distinct non-empty (start, end) the pattern fits, with the
same meaning of ``?``, ``*``, ``+``, ``!`` and ``{m,n}`` (tests compare both on the whole
corpus and on random texts). A pattern using anything else returns None from
:func:`compile_pattern` and stays with spaCy's ``Matcher``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc

# Token attributes read from the doc's columns: strings (as hashes) and flags (0 or 1).
_STRINGS = {"TEXT": "ORTH", "ORTH": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA"}
_FLAGS = {
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "IS_BRACKET",
    "IS_QUOTE",
    "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT",
    "IS_CURRENCY",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
    "IS_SENT_START",
}
# Words whose regex results are remembered, per regex: a long-running server meets new words forever.
_MAX_REMEMBERED = 100_000

EQ, IN, NOT_IN, FLAG, REGEX = range(5)


class Regex:
    """A ``REGEX`` predicate on one string attribute, its answer remembered per word."""

    def __init__(self, pattern: str, strings: StringStore) -> None:
        self.search = re.compile(pattern).search
        self.strings = strings
        self.matching: set[int] = set()
        self.failing: set[int] = set()

    def __call__(self, word: int) -> bool:
        if word in self.matching:
            return True
        if word in self.failing:
            return False
        if len(self.matching) + len(self.failing) >= _MAX_REMEMBERED:
            self.matching.clear()
            self.failing.clear()
        found = self.search(self.strings[word]) is not None
        (self.matching if found else self.failing).add(word)
        return found

    def any_of(self, words: set[int]) -> bool:
        """Whether one of ``words`` matches: set operations, and a search for words never seen."""
        return not self.matching.isdisjoint(words) or any(self(word) for word in words - self.failing)


# One check on one column: (column name, kind, value): a hash, a set of hashes, a flag's
# expected truth or a Regex.
Check = tuple[str, int, Any]


@dataclass(frozen=True)
class Step:
    """One pattern token: its checks, whether negated (``!``), and how many tokens it takes."""

    checks: tuple[Check, ...]
    negated: bool
    least: int
    most: int | None  # None: as many as there are


class Columns:
    """A doc's attributes as plain lists, one per column the patterns read."""

    def __init__(self, doc: Doc, names: list[str]) -> None:
        from spacy.attrs import IDS

        self.length = len(doc)
        self.lists: dict[str, list[int]] = {name: [] for name in names}
        if names and self.length:
            ids = [IDS["SENT_START" if name == "IS_SENT_START" else name] for name in names]
            # uint64 values: tolist() gives ints (numpy's stubs say floats)
            table = cast("list[list[int]]", doc.to_array(ids).reshape(self.length, len(ids)).T.tolist())
            self.lists = dict(zip(names, table, strict=True))
        self._words: dict[str, set[int]] = {}

    def words(self, name: str) -> set[int]:
        """The distinct values of one column."""
        found = self._words.get(name)
        if found is None:
            found = self._words[name] = set(self.lists[name])
        return found


def _holds(checks: tuple[Check, ...], columns: dict[str, list[int]], i: int) -> bool:
    for name, kind, value in checks:
        word = columns[name][i]
        if kind == EQ:
            if word != value:
                return False
        elif kind == IN:
            if word not in value:
                return False
        elif kind == NOT_IN:
            if word in value:
                return False
        elif kind == FLAG:
            if (word == 1) != value:
                return False
        elif not value(word):
            return False
    return True


def follow(steps: tuple[Step, ...], starts: set[int], columns: Columns, forward: bool) -> set[int]:
    """Where ``steps`` can end when begun at each of ``starts`` (backwards: token ``s - 1`` first)."""
    lists, length = columns.lists, columns.length
    for step in steps:
        checks, negated, least, limit = step.checks, step.negated, step.least, step.most
        free = not checks and not negated  # a wildcard: any token
        reached: set[int] = set()
        for start in starts:
            room = length - start if forward else start
            most = room if limit is None or limit > room else limit
            if least == 0:
                reached.add(start)
            if free:
                span = range(start + least, start + most + 1) if forward else range(start - most, start - least + 1)
                reached.update(span)
                continue
            taken = 0
            while taken < most:
                if _holds(checks, lists, start + taken if forward else start - 1 - taken) == negated:
                    break
                taken += 1
                if taken >= least:
                    reached.add(start + taken if forward else start - taken)
        if not reached:
            return reached
        starts = reached
    return starts


class AnchoredPattern:
    """A compiled token pattern, its anchor a step that takes exactly one token (None: none does)."""

    def __init__(self, steps: tuple[Step, ...], anchor: int | None) -> None:
        self.steps, self.anchor = steps, anchor
        at = 0 if anchor is None else anchor
        self.before, self.after = steps[:at][::-1], steps[at + 1 :]
        # Words the text must contain, one of each set, for any match: those of the steps that
        # take one token, but the anchor's, which is found at the positions tried anyway.
        self.required: tuple[tuple[str, frozenset[int]], ...] = tuple(
            (name, frozenset([value]) if kind == EQ else value)
            for index, step in enumerate(steps)
            if (step.least, step.most) == (1, 1) and not step.negated and index != anchor
            for name, kind, value in step.checks
            if kind in (EQ, IN)
        )
        # Steps taking one token that must match a regex: tried over the text's words only
        # when asking whether the pattern could match at all (could), not at every match.
        self.required_regexes: tuple[tuple[str, Regex], ...] = tuple(
            (name, value)
            for index, step in enumerate(steps)
            if (step.least, step.most) == (1, 1) and not step.negated and index != anchor
            for name, kind, value in step.checks
            if kind == REGEX
        )
        # The prefilter finds the anchor's one literal or regex; more checks must be tried.
        self.recheck = anchor is not None and len(steps[anchor].checks) > 1
        # A pattern whose every token takes exactly one token (half of them) matches exactly
        # ``len(steps)`` tokens, placed by its anchor: each token is tested once, no ends followed.
        self.fixed: tuple[tuple[int, Step], ...] | None = None
        if anchor is not None and all((step.least, step.most) == (1, 1) for step in steps):
            self.fixed = tuple((index - anchor, step) for index, step in enumerate(steps) if index != anchor)

    def possible(self, columns: Columns) -> bool:
        """Whether the text holds a word for every token the pattern cannot do without."""
        # a loop, not all() over a generator: called for every candidate pattern of every text
        for name, value in self.required:  # noqa: SIM110
            if value.isdisjoint(columns.words(name)):
                return False
        return True

    def could(self, columns: Columns) -> bool:
        """:meth:`possible`, and a word for each token that must match a regex."""
        return self.possible(columns) and all(
            regex.any_of(columns.words(name)) for name, regex in self.required_regexes
        )

    def around(self, columns: Columns, positions: list[int], trusted: bool = True) -> set[tuple[int, int]]:
        """The matches whose anchor is at one of ``positions``.

        ``trusted``: the positions are words the anchor's literal or regex accepts, found by
        the prefilter; its other checks, if any, are still tried.
        """
        assert self.anchor is not None
        check = self.steps[self.anchor].checks if self.recheck or not trusted else ()
        lists, before, after = columns.lists, self.before, self.after
        found: set[tuple[int, int]] = set()
        if self.fixed is not None:
            first, last = -len(before), len(after) + 1  # the match, relative to the anchor
            for position in positions:
                if position + first < 0 or position + last > columns.length:
                    continue
                if check and not _holds(check, lists, position):
                    continue
                for shift, step in self.fixed:
                    if _holds(step.checks, lists, position + shift) == step.negated:
                        break
                else:
                    found.add((position + first, position + last))
            return found
        for position in positions:
            if check and not _holds(check, lists, position):
                continue
            ends = follow(after, {position + 1}, columns, forward=True) if after else {position + 1}
            if ends:
                starts = follow(before, {position}, columns, forward=False) if before else {position}
                found.update((start, end) for start in starts for end in ends)
        return found

    def everywhere(self, columns: Columns) -> set[tuple[int, int]]:
        """Every match, for a pattern no word list or regex anchors."""
        if not self.possible(columns):
            return set()
        if self.anchor is not None:
            return self.around(columns, list(range(columns.length)), trusted=False)
        found: set[tuple[int, int]] = set()
        for start in range(columns.length):
            found.update((start, end) for end in follow(self.steps, {start}, columns, forward=True) if end > start)
        return found


def _quantity(op: Any) -> tuple[int, int | None] | None:
    """The least and most tokens a pattern token with operator ``op`` takes; None if unknown."""
    fixed: dict[Any, tuple[int, int | None]] = {None: (1, 1), "!": (1, 1), "?": (0, 1), "*": (0, None), "+": (1, None)}
    if op in fixed:
        return fixed[op]
    quantified = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op) if isinstance(op, str) else None
    if quantified is None:
        return None
    low, comma, high = quantified.groups()
    least = int(low) if low else 0
    if not comma:
        return (least, least) if low else None
    return least, int(high) if high else None


def _checks(token: dict[str, Any], strings: StringStore) -> tuple[Check, ...] | None:
    checks: list[Check] = []
    for key, value in token.items():
        if key == "OP":
            continue
        if key in _FLAGS and isinstance(value, bool):
            checks.append((key, FLAG, value))
            continue
        column = _STRINGS.get(key)
        if column is None:
            return None
        if isinstance(value, str):
            checks.append((column, EQ, strings.add(value)))
            continue
        if not isinstance(value, dict) or not value:
            return None
        for predicate, argument in value.items():
            words = isinstance(argument, list) and all(isinstance(w, str) for w in argument)
            if predicate in ("IN", "NOT_IN") and words:
                hashes = frozenset(strings.add(w) for w in argument)
                checks.append((column, IN if predicate == "IN" else NOT_IN, hashes))
            elif predicate == "REGEX" and isinstance(argument, str):
                checks.append((column, REGEX, Regex(argument, strings)))
            else:
                return None
    return tuple(checks)


def compile_pattern(pattern: list[dict[str, Any]], strings: StringStore, anchor: int | None) -> AnchoredPattern | None:
    """``pattern`` as steps, anchored on its token ``anchor`` (which must take exactly one token).

    Without an ``anchor``, the first step that takes exactly one token anchors it. None when
    the pattern uses an attribute, predicate or operator this matcher leaves to spaCy.
    """
    steps: list[Step] = []
    first: int | None = None
    for index, token in enumerate(pattern):
        upper = {str(k).upper(): v for k, v in token.items()}
        quantity, checks = _quantity(upper.get("OP")), _checks(upper, strings)
        if quantity is None or checks is None:
            return None
        least, most = quantity
        negated = upper.get("OP") == "!"
        if index == anchor:
            if least < 1 or negated:
                return None
            first = len(steps)  # the first of the tokens it must take
        # "x{2,5}" becomes x, x, then x{0,3}: the tokens it must take can anchor the pattern.
        steps += [Step(checks, negated, 1, 1)] * least
        if most is None or most > least:
            steps.append(Step(checks, negated, 0, None if most is None else most - least))
    if anchor is None:
        first = next((i for i, s in enumerate(steps) if (s.least, s.most) == (1, 1) and not s.negated), None)
    return AnchoredPattern(tuple(steps), first)
