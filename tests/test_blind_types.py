"""Contract openings written from the catalog's contract types alone (tests/typing/): each is given
every type a counsel would give it and none that would be wrong, but for the gaps listed with their
reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from clausecheck.engine.checker import Checker
from clausecheck.ruleset.schema import CONTRACT_TYPES

OPENINGS: list[dict[str, Any]] = [
    item
    for path in sorted((Path(__file__).parent / "typing").glob("*.yaml"))
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def test_blind_types_cover_every_type_expected_and_refused() -> None:
    assert {t for item in OPENINGS for t in item["expect"]} == set(CONTRACT_TYPES)
    assert {t for item in OPENINGS for t in item.get("never", [])} >= set(CONTRACT_TYPES) - {"other"}


@pytest.mark.slow
@pytest.mark.parametrize("item", [pytest.param(item, id=item["id"]) for item in OPENINGS])
def test_blind_types_expected_and_never_wrong(checker: Checker, item: dict[str, Any]) -> None:
    types = set(checker.check((f"{item['id']}.md", item["text"].encode())).contract_types)
    right = set(item["expect"]) <= types and not types & set(item.get("never", []))
    if "known_gap" in item:
        assert not right, f"a known gap is now typed as expected, remove its mark: {item['id']}"
    else:
        assert right, f"{item['why']}: got {sorted(types)}"
