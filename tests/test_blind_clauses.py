"""Clauses written from the rule catalog alone (tests/clauses/): each rule fires on the risky ones
(for a rule looking for a missing clause: on the near misses that lack it) and stays silent on the
others, but for the gaps listed with their reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from clausecheck.engine.checker import Checker
from clausecheck.ruleset.loader import load_rules
from clausecheck.ruleset.schema import Example

CLAUSES: list[dict[str, Any]] = [
    item
    for path in sorted((Path(__file__).parent / "clauses").glob("*.yaml"))
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def test_blind_clauses_cover_every_rule_but_deletion_both_ways() -> None:
    rules = {rule.id for rule in load_rules().rules if rule.kind != "deletion"}
    written = {(item["rule"], item["expect"]) for item in CLAUSES}
    assert written == {(rule, expect) for rule in rules for expect in ("fires", "silent")}


@pytest.mark.slow
@pytest.mark.parametrize(
    "item", [pytest.param(item, id=f"{item['rule']}-{item['expect']}-{n}") for n, item in enumerate(CLAUSES)]
)
def test_blind_clauses_fire_or_stay_silent(checker: Checker, item: dict[str, Any]) -> None:
    rule = checker.ruleset.get(item["rule"])
    assert rule is not None, f"unknown rule {item['rule']}"
    fired = bool(checker.run_example(rule, Example(title=item["title"], text=item["text"])))
    expected = item["expect"] == "fires"
    if "known_gap" in item:
        assert fired != expected, f"a known gap now behaves as expected, remove its mark: {item['text']}"
    else:
        assert fired == expected, f"{item['why']}: {item['text']}"
