"""Every rule tests itself: each example must fire (or stay silent) as the rule says."""

from __future__ import annotations

import pytest

from clausecheck.engine.checker import Checker
from clausecheck.ruleset.loader import load_rules
from clausecheck.ruleset.schema import Example
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


# The wording a finding suggests, each side's, read as a clause of its own.
WORDINGS = [
    pytest.param(rule.id, side, id=f"{rule.id}-{side}")
    for rule in load_rules().rules
    if rule.kind != "deletion"
    for side in ("client_wording", "supplier_wording")
    if getattr(rule.recommendation, side)
]


@pytest.mark.slow
@pytest.mark.parametrize(("rule_id", "side"), WORDINGS)
def test_a_rules_suggested_wording_does_not_trigger_it(checker: Checker, rule_id: str, side: str) -> None:
    # The clause counsel are told to propose must pass the rule that proposed it. An info-level rule names a
    # regime rather than a risk (the partial fee: a dédit, whose amount is to negotiate), and its wording is
    # such a clause: it is asked only not to be flagged above info.
    rule = checker.ruleset.get(rule_id)
    assert rule is not None
    findings = checker.run_example(rule, Example(title="Clause proposée", text=getattr(rule.recommendation, side)))
    if rule.severity == "info":
        assert all(f.severity == "info" for f in findings)
    else:
        assert not findings, f"{rule_id} flags its own {side}"
