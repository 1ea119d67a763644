"""The documented library call: check once (a path or bytes), render for either side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import clausecheck
from clausecheck.engine import checker as checker_module

pytestmark = pytest.mark.slow

VOIP = Path(__file__).parent.parent / "samples" / "contrat-telephonie-voip.docx"


def test_library_checks_once_and_renders_both_sides() -> None:
    checker_module.shared_checker.cache_clear()
    report = clausecheck.check(VOIP)
    client = clausecheck.render([report], side="client")
    supplier = clausecheck.render([report], side="supplier")
    # One pipeline for both views: the side is a rendering choice, not a second check.
    assert checker_module.shared_checker.cache_info().currsize == 1
    assert "Point de vue** : client" in client and "Point de vue** : prestataire" in supplier
    rule = checker_module.shared_checker().ruleset.get("termination.full-remaining-price")
    assert rule is not None
    assert rule.recommendation.client in client and rule.recommendation.client not in supplier
    assert rule.recommendation.supplier in supplier


def test_library_reads_bytes_as_it_reads_the_file() -> None:
    from_path = clausecheck.check(VOIP)
    from_bytes = clausecheck.check((VOIP.name, VOIP.read_bytes()))
    assert from_bytes.findings and from_bytes.findings == from_path.findings
    envelope = json.loads(clausecheck.render([from_bytes], format="json"))
    assert envelope["documents"][0]["path"] == VOIP.name


def test_library_bytes_of_a_broken_file_is_an_error_report() -> None:
    report = clausecheck.check(("contrat.docx", b"PK\x03\x04 not really a zip"))
    assert report.status == "error" and report.error is not None
    assert report.error.code == "corrupt-file"
