"""The JSON envelope printed in pieces, and reports from workers sharing their rules' texts."""

from __future__ import annotations

import json
import pickle
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clausecheck.batch.budget import SharedRuleTexts
from clausecheck.engine.checker import Checker
from clausecheck.model.findings import DocumentReport, Finding
from clausecheck.report.json_envelope import SCHEMA_VERSION, document_json, json_chunks, render_json
from clausecheck.report.json_text import indented
from clausecheck.report.markdown import render_document
from clausecheck.report.run_info import RunInfo, make_run_info

SAMPLES = sorted((Path(__file__).parent.parent / "samples").iterdir())


@pytest.fixture(scope="module")
def reports(checker: Checker) -> list[DocumentReport]:
    return [checker.check(path) for path in SAMPLES[:3]]


def _whole(docs: list[DocumentReport], info: RunInfo) -> str:
    """The envelope as one json.dumps, the way it was written before it came in pieces."""
    tool = {"name": "clausecheck", "version": info.version, "rules_version": info.rules_version, "model": info.model}
    envelope = {
        "schema_version": SCHEMA_VERSION,
        "tool": tool,
        "date": info.date,
        "side": info.side,
        "documents": [document_json(d, info.side) for d in docs],
    }
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_in_pieces_is_the_whole_envelope(checker: Checker, reports: list[DocumentReport], count: int) -> None:
    info = make_run_info(checker.ruleset.files, checker.model, "client", True)
    docs = reports[:count]
    assert render_json(docs, info) == _whole(docs, info)
    pieces = list(json_chunks(docs, info))
    assert len(pieces) == (1 if count == 0 else count + 2)  # head, one per document, tail
    assert len(json.loads("".join(pieces))["documents"]) == count


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_in_pieces_encodes_each_report_as_it_comes(
    checker: Checker, reports: list[DocumentReport], count: int
) -> None:
    info = make_run_info(checker.ruleset.files, checker.model, "client", True)
    events: list[str] = []

    def coming() -> Iterator[DocumentReport]:
        for index, report in enumerate(reports[:count]):
            events.append(f"report {index}")
            yield report

    written = []
    for piece in json_chunks(coming(), info):
        written.append(piece)
        events.append("written")
    # each document's part is written before the next report is asked for
    expected = [step for i in range(count) for step in (f"report {i}", "written")]
    assert events == (["report 0", "written", *expected[1:], "written"] if count else ["written"])
    assert "".join(written) == _whole(reports[:count], info)


def test_reports_from_workers_share_their_rules_texts(reports: list[DocumentReport]) -> None:
    received = [pickle.loads(pickle.dumps(report)) for report in reports * 2]  # as through a worker's pipe
    shared = SharedRuleTexts()
    after = [shared(report) for report in received]
    assert [r.model_dump() for r in after] == [r.model_dump() for r in reports * 2]
    by_rule: dict[str, list[Finding]] = {}
    for finding in (f for report in after for f in report.findings):
        by_rule.setdefault(finding.rule_id, []).append(finding)
    repeated = [findings for findings in by_rule.values() if len(findings) > 1]
    assert len(repeated) > 3
    for first, *others in repeated:
        for other in others:
            assert other.why is first.why and other.references is first.references and other.advice is first.advice


def _random_value(rng: random.Random, depth: int) -> Any:
    """Nested containers, awkward strings and every kind of number json writes."""
    leaves: list[Any] = [
        None,
        True,
        False,
        0,
        -7,
        10**30,
        0.1,
        -0.0,
        1e100,
        2.5e-8,
        float("nan"),
        float("inf"),
        float("-inf"),
        "",
        "Résiliation « anticipée »",
        'guillemets " et \\ barre',
        "ligne\nsuivante\ttab\x00\x1f",
        "\u2028\u2029\ud800",
        "€ 1 000",
    ]
    if depth <= 0 or rng.random() < 0.3:
        return rng.choice(leaves)
    size = rng.randint(0, 4)
    kind = rng.choice(["dict", "list", "tuple"])
    items = [_random_value(rng, depth - 1) for _ in range(size)]
    if kind == "dict":
        return {rng.choice(["a", "clé", 'k"\n', ""]) + str(i): item for i, item in enumerate(items)}
    return items if kind == "list" else tuple(items)


def test_report_json_indented_writes_what_json_dumps_writes() -> None:
    rng = random.Random(3)
    values = [_random_value(rng, 5) for _ in range(400)]
    for value in values:
        expected = json.dumps(value, ensure_ascii=False, indent=2)
        assert indented(value) == expected
        assert indented(value, margin="    ") == "\n".join("    " + line for line in expected.split("\n"))[4:]
    assert sum(isinstance(v, dict | list | tuple) and len(v) > 0 for v in values) > 100
    with pytest.raises(TypeError):
        indented({1: "clé numérique"})
    with pytest.raises(TypeError):
        indented({"date": object()})


def test_an_exposure_in_swiss_francs_is_reported_in_swiss_francs(checker: Checker, tmp_path: Path) -> None:
    path = tmp_path / "colocation.txt"
    path.write_text(
        "CONDITIONS DE COLOCATION\n\n"
        "Article 1 – Prix\nRedevance mensuelle (emplacement et énergie) : CHF 1'180.– hors TVA.\n\n"
        "Article 2 – Durée\nLe contrat est conclu pour une durée ferme de 24 mois.\n\n"
        "Article 3 – Résiliation anticipée\nSi le Client résilie avant le terme, il reste redevable de "
        "l'intégralité des redevances restant à courir jusqu'au terme du contrat.\n",
        encoding="utf-8",
    )
    report = checker.check(path)
    [exposure] = [f.exposure for f in report.findings if f.exposure]
    assert (exposure.amount, exposure.currency, exposure.tax) == (28320.0, "CHF", "HT")
    [written] = [f["exposure"] for f in document_json(report, "client")["findings"] if "exposure" in f]
    assert written["currency"] == "CHF"
    markdown = render_document(
        report, make_run_info(checker.ruleset.files, checker.model, "client", no_date=True), checker.ruleset
    )
    assert "**Exposition maximale** : 28\u202f320 CHF HT (1 180 CHF HT × 24 mois" in markdown
    assert "- **Exposition maximale** : 28\u202f320 CHF HT" in markdown
