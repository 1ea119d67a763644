"""SARIF 2.1.0 output, so code-scanning dashboards and SARIF viewers can list the findings.

One run per call: every rule of the rule set is described in ``tool.driver.rules`` (a
viewer shows a rule's help even when it did not fire), every finding is a ``result``,
and unreadable contracts become tool execution notifications rather than results,
since they say nothing about the contract's risks.

Contracts are Word or PDF files: they have no lines, and a finding carries no offset
into the file itself, so results point at the file and name the clause as a logical
location instead of giving a ``region``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, get_args
from urllib.parse import quote

from clausecheck.model.errors import ReadErrorCode
from clausecheck.model.findings import ClauseRef, DocumentReport, Finding, Side
from clausecheck.report.json_text import indented
from clausecheck.report.labels import clause_name
from clausecheck.report.run_info import RunInfo
from clausecheck.ruleset.loader import RuleSet
from clausecheck.ruleset.schema import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "clausecheck"

# SARIF has three levels; 'low' and 'info' both become 'note', and the finer severity
# stays in the properties so nothing is lost.
LEVELS: dict[str, str] = {"high": "error", "medium": "warning", "low": "note", "info": "note"}

# The SARIF spec lists code and XML constructs for logicalLocation.kind and allows
# another value when none fits; a contract clause is none of them.
CLAUSE_KIND = "section"

# Versioned so that a change in how fingerprints are computed is a new key, not a
# silent change of value that would reopen every known finding.
FINGERPRINT_KEY = "clausecheck/v1"

# Relative paths are relative to where clausecheck ran; SARIF wants a base id for
# them, and %SRCROOT% is the one code-scanning services resolve to the checkout.
SRCROOT = "%SRCROOT%"

MIME_TYPES: dict[str, str] = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
}

_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)

Json = dict[str, Any]


def render_sarif(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str:
    """The SARIF log of a batch, byte-identical for identical inputs."""
    rule_index = {rule.id: index for index, rule in enumerate(ruleset.rules)}
    artifacts = _Artifacts()
    for doc in docs:
        artifacts.add(doc.path)
    notifications, descriptors = _notifications(docs, artifacts)
    run: Json = {
        "tool": {"driver": _driver(info, ruleset, descriptors)},
        "invocations": [
            {
                "executionSuccessful": not any(doc.status == "error" for doc in docs),
                "toolExecutionNotifications": notifications,
            }
        ],
        "language": "fr-FR",
        "artifacts": artifacts.entries(docs),
        "results": [
            result
            for doc in docs
            if doc.status == "ok"
            for result in _results(doc, rule_index, artifacts.location(doc.path), info.side)
        ],
        "properties": _run_properties(info),
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return indented(log) + "\n"


def artifact_uri(path: str) -> tuple[str, str | None]:
    """The URI of a contract and its base id: relative paths stay relative, percent-encoded."""
    local = Path(path)
    if local.is_absolute():
        return local.as_uri(), None
    # Only '/' is left as is: a ':' in the first segment would read as a URI scheme.
    return quote(local.as_posix(), safe="/"), SRCROOT


def rule_name(rule_id: str) -> str:
    """'termination.full-remaining-price' → 'TerminationFullRemainingPrice'."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[.\-]", rule_id) if part)


def _driver(info: RunInfo, ruleset: RuleSet, notifications: list[Json]) -> Json:
    driver: Json = {"name": TOOL_NAME, "version": info.version}
    if _SEMVER.match(info.version):
        # semanticVersion must be SemVer; a PEP 440 dev version is not, so it is left out.
        driver["semanticVersion"] = info.version
    driver["rules"] = [_rule(rule, info.side) for rule in ruleset.rules]
    driver["notifications"] = notifications
    driver["properties"] = {"rulesVersion": info.rules_version, "model": info.model}
    return driver


def _rule(rule: Rule, side: Side) -> Json:
    # The help is written for the party the run represents, like the findings' own
    # recommendation, so a supplier's dashboard does not tell them what a client wants.
    advice = rule.recommendation.advice(rule.every_ask()).for_side(side)
    text_refs: list[str] = []
    markdown_refs: list[str] = []
    for ref in rule.references:
        text_refs.append(f"- {ref.citation}" + (f" — {ref.url}" if ref.url else ""))
        markdown_refs.append(f"- {ref.markdown()}")
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.message},
        "help": {
            "text": f"{rule.why}\n\nÀ négocier : {advice}\n\nRéférences :\n" + "\n".join(text_refs),
            "markdown": f"**Analyse** : {rule.why}\n\n**À négocier** : {advice}\n\n"
            "**Références** :\n\n" + "\n".join(markdown_refs),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.id.split(".", 1)[0]], "severity": rule.severity, "kind": rule.kind},
    }


def _results(doc: DocumentReport, rule_index: dict[str, int], artifact: Json, side: Side) -> list[Json]:
    results: list[Json] = []
    seen: dict[str, int] = {}
    for finding in doc.findings:
        identity = _identity(finding, artifact["uri"])
        seen[identity] = seen.get(identity, 0) + 1
        result: Json = {"ruleId": finding.rule_id}
        if finding.rule_id in rule_index:
            result["ruleIndex"] = rule_index[finding.rule_id]
        result["level"] = LEVELS[finding.severity]
        result["message"] = {"text": f"{finding.message} ({clause_name(finding)})"}
        result["locations"] = [_location(finding, artifact)]
        # The occurrence number keeps two findings of one rule in one clause apart
        # without changing the first one's fingerprint when a second appears.
        result["partialFingerprints"] = {FINGERPRINT_KEY: f"{identity}:{seen[identity]}"}
        result["properties"] = _result_properties(finding, side)
        results.append(result)
    return results


def _identity(finding: Finding, uri: str) -> str:
    """What makes a finding the same one from run to run: rule, clause and file, not wording."""
    clause = ""
    if finding.clause is not None:
        # Unnumbered clauses (a preamble, a section inside an article, a clause cited by its heading)
        # are told apart by their title, as before headings were cited.
        clause = "" if finding.clause.heading else finding.clause.number or ""
        if finding.clause.number is None or finding.clause.section or finding.clause.heading:
            clause += f"#{finding.clause.title}"
    return hashlib.sha256(f"{finding.rule_id}\x1f{clause}\x1f{uri}".encode()).hexdigest()[:32]


def _location(finding: Finding, artifact: Json) -> Json:
    location: Json = {"physicalLocation": {"artifactLocation": artifact}}
    if finding.clause is not None:
        # Absence findings are about the whole contract: the file is their only location.
        location["logicalLocations"] = [_clause_location(finding.clause)]
    location["message"] = {"text": clause_name(finding)}
    return location


def _clause_location(clause: ClauseRef) -> Json:
    number, title = clause.number, clause.title
    parts = [] if clause.heading else [p for p in (number or "").split(".") if p]
    if not parts:
        # No number: the preamble, or in a contract numbering nothing the heading itself.
        name = title if clause.heading else "Préambule"
        return {"name": name, "fullyQualifiedName": name, "kind": CLAUSE_KIND, "properties": {"title": title}}
    # '9.2.1' → 'Article 9 > 9.2 > 9.2.1': the article, then each enclosing sub-clause.
    chain = [f"Article {parts[0]}"] + [".".join(parts[: i + 1]) for i in range(1, len(parts))]
    return {
        "name": ".".join(parts),
        "fullyQualifiedName": " > ".join(chain),
        "kind": CLAUSE_KIND,
        "properties": {"title": title},
    }


def _result_properties(finding: Finding, side: Side) -> Json:
    props: Json = {"severity": finding.severity}
    if finding.excerpt:
        props["excerpt"] = finding.excerpt
    if finding.inserted:
        props["inserted"] = True
    if finding.revisions:
        props["revisions"] = [r.model_dump(exclude_none=True) for r in finding.revisions]
    if finding.exposure:
        props["exposure"] = finding.exposure.model_dump()
    if finding.exposure_note:
        props["exposureNote"] = finding.exposure_note
    if finding.missing:
        props["missing"] = finding.missing
    if finding.clause is None and finding.evidence.detail:
        props["searched"] = finding.evidence.detail
    props["recommendation"] = finding.advice.for_side(side)
    return props


def _notifications(docs: list[DocumentReport], artifacts: _Artifacts) -> tuple[list[Json], list[Json]]:
    """Notifications for files not analysed, and the descriptors they refer to."""
    codes = list(get_args(ReadErrorCode))
    notifications: list[Json] = []
    for doc in docs:
        if doc.status == "ok" or doc.error is None:
            continue
        if doc.error.code not in codes:
            codes.append(doc.error.code)
        notifications.append(
            {
                "locations": [{"physicalLocation": {"artifactLocation": artifacts.location(doc.path)}}],
                "message": {"text": f"{doc.path}: {doc.error.message}"},
                # A skipped file (unsupported format in a folder) is not a failure of the run.
                "level": "error" if doc.status == "error" else "note",
                "descriptor": {"id": doc.error.code, "index": codes.index(doc.error.code)},
            }
        )
    return notifications, [{"id": code} for code in codes]


def _run_properties(info: RunInfo) -> Json:
    props: Json = {"side": info.side}
    # A date rather than a made-up start time: RunInfo only knows the day.
    if info.date is not None:
        props["date"] = info.date
    return props


class _Artifacts:
    """The files of the batch, each listed once, in the order they were given."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}

    def add(self, path: str) -> None:
        self._index.setdefault(path, len(self._index))

    def location(self, path: str) -> Json:
        uri, base = artifact_uri(path)
        location: Json = {"uri": uri}
        if base:
            location["uriBaseId"] = base
        location["index"] = self._index[path]
        return location

    def entries(self, docs: list[DocumentReport]) -> list[Json]:
        status: dict[str, str] = {}
        authors: dict[str, list[str]] = {}
        for doc in docs:
            status.setdefault(doc.path, doc.status)
            authors.setdefault(doc.path, doc.revision_authors)
        entries: list[Json] = []
        for path in self._index:
            location = self.location(path)
            del location["index"]  # an artifact's own location does not point at itself
            entry: Json = {"location": location}
            mime = MIME_TYPES.get(Path(path).suffix.lower())
            if mime:
                entry["mimeType"] = mime
            if status[path] != "skipped":
                entry["roles"] = ["analysisTarget"]
            if authors[path]:
                entry["properties"] = {"revisionAuthors": authors[path]}
            entries.append(entry)
        return entries
