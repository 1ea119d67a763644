"""Rules test themselves: each example is run and judged against what the rule file declares.

``fires`` examples must be flagged (and the finding must quote the example's ``evidence``
words), ``silent`` examples must not be, ``known_miss`` examples document a gap: still
missed is expected, flagged means the gap is closed and the example must move to ``fires``
(like a strict xfail). For an ``absent`` rule an example is a one-clause contract: a
``fires`` text is one where the rule finds nothing of what it searches, so it reports it missing.

The engine runs the examples; this module only lists them and judges the findings, so it
stays below the engine in the layers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from clausecheck.model.findings import Finding
from clausecheck.ruleset.schema import Example, ExampleItem, Rule

Expectation = Literal["fires", "silent", "known_miss"]
EXPECTATIONS: tuple[Expectation, ...] = ("fires", "silent", "known_miss")
Runner = Callable[[Rule, ExampleItem], list[Finding]]


@dataclass(frozen=True)
class Case:
    rule: Rule
    expected: Expectation
    index: int

    @property
    def example(self) -> ExampleItem:
        items: list[ExampleItem] = getattr(self.rule.examples, self.expected)
        return items[self.index]

    @property
    def label(self) -> str:
        return f"{self.rule.id} · {self.expected} n° {self.index + 1}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    problem: str = ""  # French, for a failing example
    known_miss: bool = False  # a documented gap, still missed


def cases(rules: Iterable[Rule]) -> list[Case]:
    return [
        Case(rule, expected, i)
        for rule in rules
        for expected in EXPECTATIONS
        for i in range(len(getattr(rule.examples, expected)))
    ]


def example_text(example: ExampleItem) -> str:
    if not isinstance(example, Example):
        return example
    return f"[{example.title}] {example.text}" if example.title else example.text


def judge(case: Case, findings: list[Finding]) -> Outcome:
    """Whether the findings on one example are those its rule file declares."""
    example = case.example
    if case.expected == "silent":
        return Outcome(case, not findings, "signalé alors que l'exemple doit rester silencieux")
    if case.expected == "known_miss":
        if findings:
            return Outcome(case, False, "lacune connue désormais signalée : déplacez l'exemple dans « fires »")
        return Outcome(case, True, known_miss=True)
    if not findings:
        return Outcome(case, False, "non signalé alors que l'exemple doit l'être")
    wanted = example.evidence if isinstance(example, Example) else []
    text = example.text if isinstance(example, Example) else example
    spans = [span for finding in findings for span in finding.evidence.spans]
    uncovered = [words for words in wanted if not _quoted(text, words, spans)]
    if uncovered:
        quoted = ", ".join(f"« {text[a:b]} »" for a, b in sorted(set(spans))) or "rien"
        missing = ", ".join(f"« {w} »" for w in uncovered)
        return Outcome(case, False, f"signalé, mais la preuve ne cite pas {missing} (elle cite {quoted})")
    return Outcome(case, True)


def _quoted(text: str, words: str, spans: list[tuple[int, int]]) -> bool:
    """Whether one occurrence of ``words`` has every letter inside the evidence spans."""
    folded, target = text.casefold(), words.casefold()
    start = folded.find(target)
    while start >= 0:
        letters = [i for i in range(start, start + len(target)) if not text[i].isspace()]
        if all(any(a <= i < b for a, b in spans) for i in letters):
            return True
        start = folded.find(target, start + 1)
    return False


def run(rules: Iterable[Rule], runner: Runner) -> list[Outcome]:
    return [judge(case, runner(case.rule, case.example)) for case in cases(rules)]


def report(outcomes: list[Outcome]) -> str:
    """One French line per failing example, then the summary, as ``clausecheck test`` prints it."""
    lines = []
    for outcome in outcomes:
        example = outcome.case.example
        if not outcome.passed:
            lines.append(f"ÉCHEC {outcome.case.label} : {outcome.problem} — « {_short(example)} »")
        elif outcome.known_miss:
            note = example.note if isinstance(example, Example) and example.note else "sans explication"
            lines.append(f"lacune connue {outcome.case.label} : {note} — « {_short(example)} »")
    failed = sum(not o.passed for o in outcomes)
    known = sum(o.known_miss for o in outcomes)
    passed = len(outcomes) - failed - known
    summary = f"{len(outcomes)} exemples, {passed} conformes, {failed} échec{'s' if failed > 1 else ''}"
    if known:
        summary += f", {known} lacune{'s' if known > 1 else ''} connue{'s' if known > 1 else ''}"
    lines.append(summary)
    return "\n".join(lines)


def _short(example: ExampleItem, limit: int = 90) -> str:
    text = " ".join(example_text(example).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
