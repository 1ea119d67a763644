"""Accuracy on a labelled corpus of contracts written apart from the rules.

Each contract in ``tests/corpus`` has a label file beside it listing every finding it
should get (rule and clause as the reader sees it) and its contract types. A finding
that is expected but missing, or raised but not expected, fails the test. The rule
catalog's absence rules match on the rule alone; clause rules also on the clause,
where "9" and "9.2" match each other. A label's ``known_unexpected`` lists findings the
checker raises wrongly, ``known_missed`` expected findings it misses (or, with
``exposure: true``, whose exposure it does not compute) and ``known_missed_types`` types it
does not give, each with the reason: they must still be wrong the same way (once fixed, the
label is updated), and the accuracy figures count them as errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clausecheck.engine.checker import Checker
from clausecheck.text.headings import parse_number

CORPUS = Path(__file__).parent / "corpus"
LABELS = sorted(CORPUS.glob("*.yaml"))
ABSENCE = {
    "advice.duty-missing",
    "advice.needs-undefined",
    "delivery.acceptance-missing",
    "hosting.notice-procedure-missing",
    "security.obligations-missing",
    "security.incident-notification-missing",
}

pytestmark = pytest.mark.slow


def _key(clause: str | None) -> tuple[int | str, ...] | None:
    """'9.2' -> (9, 2); in a contract that numbers nothing, the heading cited, its case and spaces folded."""
    if not clause:
        return None
    number = parse_number(clause)
    return number.key if number else (" ".join(clause.lower().split()),)


def _same_clause(a: tuple[int | str, ...] | None, b: tuple[int | str, ...] | None) -> bool:
    if a is None or b is None:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


@pytest.mark.parametrize("label_path", LABELS, ids=[p.stem for p in LABELS])
def test_corpus_contract_gets_exactly_its_labelled_findings(checker: Checker, label_path: Path) -> None:
    label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
    report = checker.check(CORPUS / label["file"])
    assert report.status == "ok", report.error
    types_missed = set(label.get("known_missed_types", []))
    assert set(label["contract_types"]) - types_missed <= set(report.contract_types)
    assert not types_missed & set(report.contract_types), "type now given: drop it from known_missed_types"
    got = [(f.rule_id, _key(f.clause.number) if f.clause else None) for f in report.findings]
    known = label.get("known_missed", [])
    known_missed = {(k["rule"], k.get("clause")) for k in known if not k.get("exposure")}
    exposure_missed = {(k["rule"], k.get("clause")) for k in known if k.get("exposure")}
    missed = []
    for expected in label.get("expect", []):
        rule, clause = expected["rule"], _key(expected.get("clause"))
        hit = next((g for g in got if g[0] == rule and (rule in ABSENCE or _same_clause(g[1], clause))), None)
        if (rule, expected.get("clause")) in known_missed:
            assert hit is None, f"{rule} @ {expected.get('clause', '-')} now found: drop it from known_missed"
        elif hit is None:
            missed.append(f"{rule} @ {expected.get('clause', '-')}")
        else:
            got.remove(hit)
        if "exposure" in expected:
            amounts = [f.exposure.amount for f in report.findings if f.rule_id == rule and f.exposure]
            right = any(abs(a - expected["exposure"]) <= 0.01 * expected["exposure"] for a in amounts)
            if (rule, expected.get("clause")) in exposure_missed:
                assert not right, f"{rule} @ {expected.get('clause')}: exposure now right, drop it from known_missed"
            else:
                assert right, amounts
    assert not missed, f"missed: {missed}"
    for known in label.get("known_unexpected", []):
        rule, clause = known["rule"], _key(known.get("clause"))
        hit = next((g for g in got if g[0] == rule and (rule in ABSENCE or _same_clause(g[1], clause))), None)
        assert hit is not None, f"{rule} @ {known.get('clause', '-')} no longer raised: drop it from known_unexpected"
        got.remove(hit)
    assert not got, f"unexpected: {got}"


def test_corpus_is_labelled() -> None:
    assert len(LABELS) >= 30
    for label_path in LABELS:
        label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
        assert (CORPUS / label["file"]).exists(), label_path.name
