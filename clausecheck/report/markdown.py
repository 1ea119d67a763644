"""The French Markdown report a counsel reads, and the index of a batch."""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck.model.findings import DocumentReport, Finding, Side
from clausecheck.report.labels import DISCLAIMER, SEVERITY_FR, SIDE_FR, TYPE_FR, amount_fr, clause_name, merge_spans
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
    if finding.inserted:
        lines[-1] += " *(texte introduit par une modification suivie)*"
    lines += ["", finding.message, ""]
    if finding.clause_text:
        lines += [quote(finding.clause_text, finding.evidence.spans), ""]
    elif finding.evidence.detail:
        lines += [f"*Recherché sans succès* : {finding.evidence.detail}", ""]
    if finding.missing:
        lines += ["**Éléments absents** : " + ", ".join(finding.missing), ""]
    if finding.exposure:
        tax = f" {finding.exposure.tax}" if finding.exposure.tax else ""
        lines += [
            f"**Exposition maximale** : {amount_fr(finding.exposure.amount)}{tax} "
            f"({finding.exposure.basis}, résiliation dès le premier jour)",
            "",
        ]
    elif finding.exposure_note:
        lines += [f"**Exposition** : non calculée — {finding.exposure_note}", ""]
    lines += [
        f"**Pourquoi c'est un risque** : {finding.why}",
        "",
        f"**Ce qu'il faut négocier** : {finding.advice.for_side(side)}",
        "",
        "**Références** :",
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


ZONE_FR = {
    "title": "le titre",
    "opening": "le préambule",
    "object": "l'objet",
    "definitions": "les définitions",
    "services": "la description des services",
    "prices": "les prix",
    "headings": "les titres d'articles",
    "body": "le corps du contrat",
}


def type_line(doc: DocumentReport, shown: int = 4) -> str:
    """The types retained and the strongest words behind them, so counsel see why a rule applied or not."""
    if not doc.types_determined:
        return (
            "- **Type de contrat** : type non déterminé — rien dans le contrat ne dit ce qu'il fournit ; "
            "seules les règles applicables à tous les contrats ont été appliquées"
        )
    names = ", ".join(TYPE_FR.get(t, t) for t in doc.contract_types)
    shown = max(shown, len(doc.contract_types))  # the evidence lists each type's best signal first
    reasons = [f"« {escape(e.excerpt)} » dans {ZONE_FR.get(e.zone, e.zone)}" for e in doc.type_evidence[:shown]]
    more = "…" if len(doc.type_evidence) > shown else ""
    return f"- **Type retenu** : {names}" + (" — " + ", ".join(reasons) + more if reasons else "")


def render_document(doc: DocumentReport, info: RunInfo, ruleset: RuleSet) -> str:
    name = Path(doc.path).name
    lines = [f"# Analyse de risques — {escape(name)}", "", f"- **Fichier** : {escape(doc.path)}"]
    if info.date:
        lines.append(f"- **Date** : {info.date}")
    lines.append(f"- **Versions** : clausecheck {info.version} · règles {info.rules_version} · modèle {info.model}")
    if doc.status != "ok":
        error = doc.error
        lines += ["", f"**Document non analysé** : {error.message if error else doc.status}", "", "---", DISCLAIMER]
        return "\n".join(lines) + "\n"
    if doc.title:
        lines.append(f"- **Intitulé** : {escape(doc.title)}")
    lines.append(type_line(doc))
    lines += [f"- **Point de vue** : {SIDE_FR[info.side]}", "", "## Synthèse", ""]
    if doc.findings:
        lines += ["| Gravité | Clause | Risque |", "|---|---|---|"]
        for finding in doc.findings:
            lines.append(
                f"| {SEVERITY_FR[finding.severity]} | {escape(clause_name(finding))} | {escape(finding.title)} |"
            )
    else:
        lines.append("Aucun risque détecté par les règles appliquées.")
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
        "---",
        DISCLAIMER,
    ]
    return "\n".join(lines) + "\n"


def render_index(docs: list[tuple[DocumentReport, str | None]], info: RunInfo) -> str:
    """One line per contract, the riskiest first, with a link to its report."""
    lines = ["# Analyse de risques — index", ""]
    if info.date:
        lines.append(f"- **Date** : {info.date}")
    lines += [
        f"- **Versions** : clausecheck {info.version} · règles {info.rules_version} · modèle {info.model}",
        f"- **Contrats** : {len(docs)}",
        "",
        "| Contrat | Statut | Types | Élevée | Moyenne | Faible | Info | Rapport |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for doc, report in sorted(docs, key=lambda item: item[0].risk_key()):
        counts = doc.severity_counts()
        status = (
            "analysé"
            if doc.status == "ok"
            else f"{'ignoré' if doc.status == 'skipped' else 'erreur'} : " + (doc.error.message if doc.error else "")
        )
        types = ", ".join(TYPE_FR.get(t, t) for t in doc.contract_types)
        if doc.status == "ok" and not doc.types_determined:
            types = "non déterminé"
        link = f"[rapport]({report})" if report else ""
        lines.append(
            f"| {escape(doc.path)} | {escape(status)} | {types} | {counts['high']} | {counts['medium']} | "
            f"{counts['low']} | {counts['info']} | {link} |"
        )
    return "\n".join([*lines, "", "---", DISCLAIMER]) + "\n"
