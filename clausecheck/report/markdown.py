"""The French Markdown report a counsel reads, and the index of a batch."""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck.model.findings import DocumentReport, Finding, Side
from clausecheck.model.labels import SEVERITY_FR, SIDE_FR
from clausecheck.report.digest import (
    SEVERITIES,
    UNACCENTED_FR,
    digest,
    first_sentence,
    parties_fr,
    type_names,
    type_reasons,
)
from clausecheck.report.labels import (
    DISCLAIMER,
    SCOPE,
    clause_name,
    date_fr,
    exposure_fr,
    merge_spans,
    removed_fr,
    revisions_fr,
)
from clausecheck.report.run_info import RunInfo
from clausecheck.ruleset.loader import RuleSet

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def quote(text: str, spans: list[tuple[int, int]]) -> str:
    """The clause as a blockquote, matched words in bold."""
    pieces: list[str] = []
    cursor = 0
    for start, end in merge_spans(spans, text):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"**{escape(text[start:end]).strip()}**")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "\n".join(f"> {line}" if line.strip() else ">" for line in "".join(pieces).split("\n"))


def render_finding(index: int, finding: Finding, side: Side) -> list[str]:
    lines = [
        f"### {index}. {finding.title}",
        "",
        f"**Gravité** : {SEVERITY_FR[finding.severity]} · **Règle** : `{finding.rule_id}`",
        "",
        f"**Clause** : {escape(clause_name(finding))}",
    ]
    if finding.inserted and not finding.revisions:
        lines[-1] += " *(texte introduit par une modification suivie)*"
    if changes := revisions_fr(finding):
        lines += ["", f"**Modification suivie** : {escape(changes)}"]
    if removed := removed_fr(finding):
        lines += ["", f"**Protection retirée** : {escape(removed)}"]
    lines += ["", finding.message, ""]
    if finding.clause_text:
        lines += [quote(finding.clause_text, finding.evidence.spans), ""]
    elif finding.evidence.detail:
        lines += [f"*Recherché sans succès* : {finding.evidence.detail}", ""]
    if finding.missing:
        lines += ["**Éléments absents** : " + ", ".join(finding.missing), ""]
    if finding.exposure:
        lines += [f"**Exposition maximale** : {exposure_fr(finding.exposure)}", ""]
    elif finding.exposure_note:
        lines += [f"**Exposition** : non calculée — {finding.exposure_note}", ""]
    lines += [
        f"**Analyse** : {finding.why}",
        "",
        f"**Points de négociation** : {finding.advice.for_side(side)}",
        "",
        "**Références** :",
        "",
    ]
    lines += [f"- {ref.markdown()}" for ref in finding.references]
    return [*lines, ""]


def _rule_list(ids: list[str], ruleset: RuleSet) -> list[str]:
    if not ids:
        return ["Aucune.", ""]
    out = []
    for rule_id in ids:
        rule = ruleset.get(rule_id)
        out.append(f"- `{rule_id}` — {rule.title if rule else ''}")
    return [*out, ""]


def type_line(doc: DocumentReport) -> str:
    """The types retained and the strongest words behind them, so counsel see why a rule applied or not."""
    types = type_names(doc)
    reasons = type_reasons(doc)
    return f"- **Type de contrat** : {types}" + (f" — {escape(reasons)}" if reasons else "")


def render_document(doc: DocumentReport, info: RunInfo, ruleset: RuleSet) -> str:
    """The first screen answers « should I sign? »; the findings follow; versions come last."""
    lines = [f"# {escape(doc.title or Path(doc.path).name)}", "", f"*Analyse des risques de {escape(doc.path)}*", ""]
    if doc.status != "ok":
        error = doc.error
        lines += [f"**Document non analysé** : {error.message if error else doc.status}", ""]
        return "\n".join([*lines, *_footer(info)]) + "\n"
    summary = digest(doc)
    lines += [f"**{summary.verdict}**", ""]
    if parties := parties_fr(doc):
        lines.append(f"- **Parties** : {escape(parties)}")
    lines.append(type_line(doc))
    if summary.exposure:
        lines.append(f"- **Exposition maximale** : {summary.exposure}")
    if doc.findings:
        counts = " · ".join(f"{SEVERITY_FR[s]} : {summary.counts[s]}" for s in SEVERITIES)
        lines.append(f"- **Constats** : {counts}")
    if doc.revision_authors:
        lines.append(f"- **Modifications suivies de** : {escape(', '.join(doc.revision_authors))}")
    if doc.written_without_accents:
        lines.append(f"- **Lecture** : {UNACCENTED_FR}")
    lines.append(
        f"- **Point de vue** : {SIDE_FR[info.side]}" + (f" · analysé le {date_fr(info.date)}" if info.date else "")
    )
    lines.append("")
    if summary.priorities:
        lines += ["## À traiter en priorité", ""]
        for i, finding in enumerate(summary.priorities, 1):
            action = first_sentence(finding.advice.for_side(info.side))
            lines.append(f"{i}. **{escape(finding.title)}** ({escape(clause_name(finding))}) : {action}")
        lines.append("")
    if doc.findings:
        lines += ["## Synthèse", "", "| Gravité | Clause | Risque |", "|---|---|---|"]
        for finding in doc.findings:
            lines.append(
                f"| {SEVERITY_FR[finding.severity]} | {escape(clause_name(finding))} | {escape(finding.title)} |"
            )
        lines += ["", "## Constats", ""]
        for i, finding in enumerate(doc.findings, 1):
            lines += render_finding(i, finding, info.side)
    lines += [
        "## Règles vérifiées sans constat",
        "",
        *_rule_list(doc.rules_clean, ruleset),
        "## Règles non applicables à ce type de contrat",
        "",
        *_rule_list(doc.rules_not_applicable, ruleset),
    ]
    return "\n".join([*lines, *_footer(info)]) + "\n"


def _footer(info: RunInfo) -> list[str]:
    return [
        "---",
        "",
        SCOPE,
        "",
        DISCLAIMER,
        "",
        f"*clausecheck {info.version} · règles {info.rules_version} · modèle {info.model}*",
    ]


def render_index(docs: list[tuple[DocumentReport, str | None]], info: RunInfo) -> str:
    """One line per contract, the riskiest first, with a link to its report."""
    lines = ["# Analyse des risques — index", ""]
    if info.date:
        lines.append(f"- **Date** : {info.date}")
    lines += [
        f"- **Versions** : clausecheck {info.version} · règles {info.rules_version} · modèle {info.model}",
        f"- **Contrats** : {len(docs)}",
        "",
        "| Contrat | Statut | Type de contrat | Élevée | Moyenne | Faible | Information | Rapport |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for doc, report in sorted(docs, key=lambda item: item[0].risk_key()):
        counts = doc.severity_counts()
        status = (
            "analysé"
            if doc.status == "ok"
            else f"{'ignoré' if doc.status == 'skipped' else 'erreur'} : " + (doc.error.message if doc.error else "")
        )
        types = type_names(doc) if doc.status == "ok" else ""
        link = f"[rapport]({report})" if report else ""
        lines.append(
            f"| {escape(doc.path)} | {escape(status)} | {types} | {counts['high']} | {counts['medium']} | "
            f"{counts['low']} | {counts['info']} | {link} |"
        )
    return "\n".join([*lines, "", "---", DISCLAIMER]) + "\n"
