"""Shared fixtures: the bundled rules and one checker per test session (the model loads once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker
    from clausecheck.ruleset.loader import RuleSet


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    from clausecheck.ruleset.loader import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def checker(ruleset: RuleSet) -> Checker:
    from clausecheck.engine.checker import Checker

    return Checker(ruleset)
