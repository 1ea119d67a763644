"""Shared fixtures: the bundled rules and one checker per test session (the model loads once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from clausecheck.checker import Checker
    from clausecheck.rule_loader import RuleSet


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    from clausecheck.rule_loader import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def checker(ruleset: RuleSet) -> Checker:
    from clausecheck.checker import Checker

    return Checker(ruleset)
