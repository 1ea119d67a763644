"""Rule documentation at the command line: the list, and one rule explained."""

from __future__ import annotations

import textwrap

from clausecheck.model.labels import KIND_FR, SEVERITY_FR, TYPE_FR
from clausecheck.ruleset.loader import RuleSet
from clausecheck.ruleset.schema import Example, ExampleItem, Rule

_WIDTH = 100


def rules_table(ruleset: RuleSet) -> str:
    rows = [("RÈGLE", "GRAVITÉ", "GENRE", "TITRE", "CONTRATS")]
    for rule in ruleset.rules:
        rows.append((rule.id, SEVERITY_FR[rule.severity], KIND_FR[rule.kind], rule.title, _types(rule)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
        for row in rows
    )


def _types(rule: Rule) -> str:
    return "tous" if rule.applies_to == "all" else ", ".join(TYPE_FR.get(t, t) for t in rule.applies_to)


def _para(text: str, first: str = "  ", rest: str = "  ") -> str:
    # A no-break space keeps "70 %" and "€ HT" on one line, as French typography wants.
    words = " ".join(text.split()).replace(" %", "\u00a0%").replace(" €", "\u00a0€")
    return textwrap.fill(words, _WIDTH, initial_indent=first, subsequent_indent=rest)


def _example(item: ExampleItem) -> str:
    text = (f"[{item.title}] {item.text}" if item.title else item.text) if isinstance(item, Example) else item
    return _para(text, "  - ", "    ")


def explain_rule(rule: Rule) -> str:
    """The rule as ``ruff rule`` prints one: what it flags, why, what to do, sources, examples."""
    client, supplier = rule.recommendation.negotiation(rule.every_ask())
    lines = [
        f"{rule.id} — {rule.title}",
        "",
        f"Gravité : {SEVERITY_FR[rule.severity]} · genre : {KIND_FR[rule.kind]} · contrats : {_types(rule)}",
        "",
        "Ce qu'elle signale :",
        _para(rule.message),
        "",
        "Analyse :",
        _para(rule.why),
        "",
        "À négocier (client) :",
        _para(client),
        "",
        "À négocier (prestataire) :",
        _para(supplier),
    ]
    if rule.recommendation.client_wording:
        lines += ["", "Rédaction suggérée (client) :", _para(rule.recommendation.client_wording)]
    if rule.recommendation.supplier_wording:
        lines += ["", "Rédaction suggérée (prestataire) :", _para(rule.recommendation.supplier_wording)]
    lines += ["", "Références :"]
    for ref in rule.references:
        extra = "".join(f" ({part})" for part in (ref.note,) if part)
        lines.append(f"  - {ref.citation}{extra}" + (f" <{ref.url}>" if ref.url else "") + f" [{ref.status_fr()}]")
    lines += [
        "",
        "Exemples signalés :",
        *(_example(e) for e in rule.examples.fires),
        "",
        "Exemples non signalés :",
        *(_example(e) for e in rule.examples.silent),
    ]
    if rule.examples.known_miss:
        lines += ["", "Lacunes connues (à signaler, pas encore reconnues) :"]
        lines += [_example(e) for e in rule.examples.known_miss]
    return "\n".join(lines)
