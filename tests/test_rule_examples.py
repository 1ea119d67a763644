"""Every rule tests itself: each example must fire (or stay silent) as the rule says."""

from __future__ import annotations

import pytest

from clausecheck.engine.checker import Checker
from clausecheck.ruleset.loader import load_rules
from clausecheck.ruleset.selftest import Case, cases, example_text, judge

CASES = [pytest.param(case, id=f"{case.rule.id}-{case.expected}-{case.index}") for case in cases(load_rules().rules)]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_rule_examples_behave_as_declared(checker: Checker, case: Case) -> None:
    rule = checker.ruleset.get(case.rule.id)
    assert rule is not None
    findings = checker.run_example(rule, case.example)
    outcome = judge(case, findings)
    assert outcome.passed, f"{case.label}: {outcome.problem}: {example_text(case.example)}"


def test_rule_examples_at_least_five_each() -> None:
    for rule in load_rules().rules:
        assert len(rule.examples.fires) >= 5, f"{rule.id}: fewer than 5 'fires' examples"
        assert len(rule.examples.silent) >= 5, f"{rule.id}: fewer than 5 'silent' examples"
