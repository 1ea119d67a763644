"""SARIF output: valid against the OASIS schema and a SARIF model, faithful to the findings.

The reports come from the real checker on the sample contracts, so the test follows
whatever the rules find today instead of a hand-made report that could drift from it.
The schema in fixtures/ is the OASIS SARIF 2.1.0 JSON schema (oasis-tcs/sarif-spec,
``sarif-2.1/schema/sarif-schema-2.1.0.json``), copied so the test needs no network.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from pydantic import BaseModel
from sarif_pydantic import Sarif
from sarif_pydantic.sarif import Notification

from clausecheck.model.findings import ClauseRef, DocumentReport, Finding
from clausecheck.report.run_info import RunInfo
from clausecheck.report.sarif import artifact_uri, render_sarif, rule_name

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker
    from clausecheck.ruleset.loader import RuleSet

REPO = Path(__file__).parent.parent
SCHEMA = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"
SAMPLES = ["contrat-telephonie-voip.docx", "abonnement-saas-crm.docx", "accord-confidentialite.docx"]
SAMPLES += ["telecom-fixe-mobile.pdf"]
VOIP = "samples/contrat-telephonie-voip.docx"
# Written out rather than imported, so a wrong mapping in the module cannot agree with itself.
EXPECTED_LEVEL = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$")


def info(date: str | None = "2025-10-01") -> RunInfo:
    return RunInfo("0.1.0", "0123456789ab", "fr_core_news_sm-3.8.0", date, "client")


@pytest.fixture(scope="module")
def docs(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> list[DocumentReport]:
    broken = tmp_path_factory.mktemp("sarif") / "contrat abîmé.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip archive")
    # Checked from the repository root so the paths are relative, as a user types them.
    with contextlib.chdir(REPO):
        reports = [checker.check(Path("samples") / name) for name in SAMPLES]
    return [*reports, checker.check(broken)]


@pytest.fixture(scope="module")
def text(docs: list[DocumentReport], ruleset: RuleSet) -> str:
    return render_sarif(docs, info(), ruleset)


@pytest.fixture(scope="module")
def run(text: str) -> dict[str, Any]:
    log = json.loads(text)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    return log["runs"][0]


def findings_in_order(docs: list[DocumentReport]) -> list[tuple[DocumentReport, Finding]]:
    return [(doc, finding) for doc in docs for finding in doc.findings]


@pytest.mark.slow
def test_valid_against_the_oasis_schema(text: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(json.loads(text))]
    assert errors == []


@pytest.mark.slow
def test_parses_with_the_sarif_pydantic_model(text: str) -> None:
    data = json.loads(text)
    log = Sarif.model_validate(data)
    # The model accepts unknown keys; a key it does not know is a misspelt SARIF name,
    # except where the model itself lags behind the spec.
    invocation = log.runs[0].invocations[0]
    unknown = set(_unknown_keys(log)) - {"Invocation.toolExecutionNotifications"}
    assert unknown == set()
    for raw in invocation.model_extra["toolExecutionNotifications"]:
        assert set(_unknown_keys(Notification.model_validate(raw))) == set()
    assert log.model_dump(mode="json", by_alias=True, exclude_unset=True) == data


def _unknown_keys(model: BaseModel) -> Iterator[str]:
    for key in model.model_extra or {}:
        yield f"{type(model).__name__}.{key}"
    for name in type(model).model_fields:
        value = getattr(model, name)
        children = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        for child in children:
            if isinstance(child, BaseModel):
                yield from _unknown_keys(child)


@pytest.mark.slow
def test_every_rule_is_described(run: dict[str, Any], ruleset: RuleSet) -> None:
    driver = run["tool"]["driver"]
    assert driver["name"] == "clausecheck"
    assert driver["version"] == driver["semanticVersion"] == "0.1.0"
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [r.id for r in ruleset.rules]
    for described, rule in zip(driver["rules"], ruleset.rules, strict=True):
        assert described["name"] == rule_name(rule.id)
        assert described["shortDescription"]["text"] == rule.title
        assert described["fullDescription"]["text"] == rule.message
        assert described["defaultConfiguration"]["level"] == EXPECTED_LEVEL[rule.severity]
        assert described["properties"] == {
            "tags": [rule.id.split(".")[0]],
            "severity": rule.severity,
            "kind": rule.kind,
        }
        help_text = described["help"]["text"]
        # a coverage rule's help lists what to ask for on every theme in place of {missing}
        client, _ = rule.recommendation.negotiation(rule.every_ask())
        assert help_text.startswith(rule.why + "\n\nÀ négocier : " + client)
        assert "{missing}" not in help_text
        assert "\n\nRéférences :\n- " in help_text
        assert all(ref.citation in help_text for ref in rule.references)
        assert all(ref.url in help_text for ref in rule.references if ref.url)
        assert all(ref.citation in described["help"]["markdown"] for ref in rule.references)


@pytest.mark.slow
def test_one_result_per_finding_with_mapped_levels(run: dict[str, Any], docs: list[DocumentReport]) -> None:
    expected = findings_in_order(docs)
    results = run["results"]
    assert len(results) == len(expected)
    # The samples between them raise every severity, so every mapping is exercised.
    assert {finding.severity for _, finding in expected} == set(EXPECTED_LEVEL)
    rules = run["tool"]["driver"]["rules"]
    for result, (doc, finding) in zip(results, expected, strict=True):
        assert result["ruleId"] == finding.rule_id == rules[result["ruleIndex"]]["id"]
        assert result["level"] == EXPECTED_LEVEL[finding.severity]
        assert result["message"]["text"].startswith(finding.message)
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uri"] == doc.path  # these relative paths need no escaping
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]
        assert "region" not in result["locations"][0]["physicalLocation"]
    fingerprints = [r["partialFingerprints"]["clausecheck/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


@pytest.mark.slow
def test_clause_is_the_logical_location(run: dict[str, Any]) -> None:
    result = next(
        r
        for r in run["results"]
        if r["ruleId"] == "termination.full-remaining-price"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == VOIP
    )
    (logical,) = result["locations"][0]["logicalLocations"]
    assert logical["name"] == "9.2"
    assert logical["fullyQualifiedName"] == "Article 9 > 9.2"
    assert logical["kind"] == "section"
    assert "9.2 — Résiliation anticipée" in result["message"]["text"]
    props = result["properties"]
    assert props["severity"] == "high"
    assert "ensemble des sommes" in props["excerpt"]
    assert props["exposure"]["amount"] == 33768.0
    assert props["exposure"]["basis"] == "938 € HT × 36 mois"


@pytest.mark.slow
def test_absence_findings_point_at_the_file_only(run: dict[str, Any], docs: list[DocumentReport]) -> None:
    absent = [
        result
        for result, (_, finding) in zip(run["results"], findings_in_order(docs), strict=True)
        if finding.clause is None
    ]
    assert absent, "the VoIP sample has absence findings"
    for result in absent:
        (location,) = result["locations"]
        assert "logicalLocations" not in location
        assert location["physicalLocation"]["artifactLocation"]["uri"].startswith("samples/")
        assert result["message"]["text"].endswith("(Ensemble du contrat)")


@pytest.mark.slow
def test_unreadable_file_is_an_error_notification(run: dict[str, Any], docs: list[DocumentReport]) -> None:
    broken = docs[-1]
    assert broken.status == "error" and broken.error is not None
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == f"{broken.path}: {broken.error.message}"
    descriptor = notification["descriptor"]
    assert descriptor["id"] == broken.error.code == "corrupt-file"
    assert run["tool"]["driver"]["notifications"][descriptor["index"]]["id"] == "corrupt-file"
    uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == Path(broken.path).as_uri()
    assert uri.endswith("/contrat%20ab%C3%AEm%C3%A9.docx")
    assert all(URI_CHARS.match(a["location"]["uri"]) for a in run["artifacts"])
    assert len(run["artifacts"]) == len(docs)


@pytest.mark.slow
def test_a_clean_batch_is_a_successful_execution(docs: list[DocumentReport], ruleset: RuleSet) -> None:
    run = json.loads(render_sarif(docs[:-1], info(), ruleset))["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


@pytest.mark.slow
def test_output_is_deterministic(
    text: str, docs: list[DocumentReport], ruleset: RuleSet, checker: Checker, tmp_path: Path
) -> None:
    assert render_sarif(docs, info(), ruleset) == text
    # A second check of the same contract renders the same bytes: no ids, clocks or hash seeds.
    with contextlib.chdir(REPO):
        again = checker.check(Path(VOIP))
    assert render_sarif([again], info(), ruleset) == render_sarif(docs[:1], info(), ruleset)


@pytest.mark.slow
def test_date_only_when_known(docs: list[DocumentReport], ruleset: RuleSet) -> None:
    dated = json.loads(render_sarif(docs[:1], info("2025-10-01"), ruleset))["runs"][0]
    undated = json.loads(render_sarif(docs[:1], info(None), ruleset))["runs"][0]
    assert dated["properties"]["date"] == "2025-10-01"
    assert "date" not in undated["properties"]
    assert "startTimeUtc" not in undated["invocations"][0]


def test_relative_paths_are_percent_encoded_posix_uris() -> None:
    assert artifact_uri("dossier client/contrat été.docx") == (
        "dossier%20client/contrat%20%C3%A9t%C3%A9.docx",
        "%SRCROOT%",
    )
    assert artifact_uri("../contrats/a#1?.pdf") == ("../contrats/a%231%3F.pdf", "%SRCROOT%")
    # A colon in the first segment would otherwise read as a URI scheme.
    assert artifact_uri("c:ontrat.docx")[0] == "c%3Aontrat.docx"
    assert artifact_uri("/srv/contrats/x y.pdf") == ("file:///srv/contrats/x%20y.pdf", None)


def test_rule_names_are_pascal_case() -> None:
    assert rule_name("termination.full-remaining-price") == "TerminationFullRemainingPrice"
    assert rule_name("security.anssi-themes-incomplete") == "SecurityAnssiThemesIncomplete"


def clause_finding(ruleset: RuleSet, clause: ClauseRef) -> Finding:
    """A finding of the first rule, on ``clause``."""
    rule = ruleset.rules[0]
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=rule.message,
        clause=clause,
        why=rule.why,
        advice=rule.recommendation.advice(),
        references=rule.references,
    )


def test_nested_and_unnumbered_clauses(ruleset: RuleSet) -> None:
    base = clause_finding(ruleset, ClauseRef(number="4.1.2", title="Sous-clause"))
    preamble = base.model_copy(update={"clause": ClauseRef(number=None, title="Préambule")})
    doc = DocumentReport(path="contrat.docx", findings=[base, preamble, base])
    results = json.loads(render_sarif([doc], info(), ruleset))["runs"][0]["results"]
    nested, unnumbered, repeated = (r["locations"][0]["logicalLocations"][0] for r in results)
    assert nested["name"] == "4.1.2"
    assert nested["fullyQualifiedName"] == "Article 4 > 4.1 > 4.1.2"
    assert unnumbered["name"] == unnumbered["fullyQualifiedName"] == "Préambule"
    assert repeated == nested
    first, _, second = (r["partialFingerprints"]["clausecheck/v1"] for r in results)
    # Same rule, clause and file: same identity, told apart by the occurrence number.
    assert first.split(":")[0] == second.split(":")[0]
    assert (first.split(":")[1], second.split(":")[1]) == ("1", "2")


def test_sections_of_one_article_keep_their_own_identity(ruleset: RuleSet) -> None:
    base = clause_finding(ruleset, ClauseRef(number="4", title="Évolutions", section=True))
    other_section = clause_finding(ruleset, ClauseRef(number="4", title="Supervision", section=True))
    retitled = clause_finding(ruleset, ClauseRef(number="4", title="Exploitation"))
    renamed = clause_finding(ruleset, ClauseRef(number="4", title="Exploitation du service"))

    def identities(*findings: Finding) -> list[str]:
        doc = DocumentReport(path="contrat.docx", findings=list(findings))
        results = json.loads(render_sarif([doc], info(), ruleset))["runs"][0]["results"]
        return [r["partialFingerprints"]["clausecheck/v1"].split(":")[0] for r in results]

    # Two unnumbered sections of article 4 are two clauses, whichever of them a later draft drops.
    first, second = identities(base, other_section)
    assert first != second and identities(other_section) == [second]
    # A numbered article stays itself when its title is reworded.
    assert len(set(identities(retitled) + identities(renamed))) == 1


def test_a_clause_cited_by_its_heading_keeps_the_identity_of_an_unnumbered_clause(ruleset: RuleSet) -> None:
    by_heading = clause_finding(ruleset, ClauseRef(number="Responsabilité", title="Responsabilité", heading=True))
    unnumbered = clause_finding(ruleset, ClauseRef(number=None, title="Responsabilité"))
    runs = [
        json.loads(render_sarif([DocumentReport(path="cgu.md", findings=[f])], info(), ruleset))
        for f in (by_heading, unnumbered)
    ]
    results = [run["runs"][0]["results"][0] for run in runs]
    # Baselines recorded before headings were cited see the same alert, not a new one.
    assert results[0]["partialFingerprints"] == results[1]["partialFingerprints"]
    assert results[0]["locations"][0]["logicalLocations"][0]["name"] == "Responsabilité"
