"""Every rule tests itself: each example must fire (or stay silent) as the rule says."""

from __future__ import annotations

import pytest

from clausecheck.engine.checker import Checker
from clausecheck.ruleset.loader import load_rules
from clausecheck.ruleset.schema import Example, ExampleItem

CASES = [
    pytest.param(rule.id, expected, i, id=f"{rule.id}-{expected}-{i}")
    for rule in load_rules().rules
    for expected in ("fires", "silent")
    for i in range(len(getattr(rule.examples, expected)))
]


def _text(example: ExampleItem) -> str:
    return f"[{example.title}] {example.text}" if isinstance(example, Example) else example


@pytest.mark.slow
@pytest.mark.parametrize(("rule_id", "expected", "index"), CASES)
def test_rule_examples_behave_as_declared(checker: Checker, rule_id: str, expected: str, index: int) -> None:
    rule = checker.ruleset.get(rule_id)
    assert rule is not None
    example = getattr(rule.examples, expected)[index]
    findings = checker.run_example(rule, example)
    if expected == "fires":
        assert findings, f"missed: {rule_id} should fire on: {_text(example)}"
    else:
        assert not findings, f"unexpected: {rule_id} fired on: {_text(example)}"


def test_rule_examples_at_least_five_each() -> None:
    for rule in load_rules().rules:
        assert len(rule.examples.fires) >= 5, f"{rule.id}: fewer than 5 'fires' examples"
        assert len(rule.examples.silent) >= 5, f"{rule.id}: fewer than 5 'silent' examples"
