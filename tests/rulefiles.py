"""A one-rule YAML file, complete and valid, for tests that need a rule folder of their own."""

from __future__ import annotations

# one verified reference, as every rule needs
_REFERENCES = """\
    references:
      - kind: statute
        citation: "C. civ. art. 1231-5"
        checked: "2026-11"
        status: verified
        source: Légifrance
"""


def one_rule(rule_id: str, pattern: str, fires: str, *, title: str = "Règle d'essai", severity: str = "low") -> str:
    """A ``matches`` rule whose single pattern line is ``- {pattern}`` (line 20 of the file)."""
    return f"""\
rules:
  - id: {rule_id}
    title: {title}
    kind: matches
    severity: {severity}
    message: Un message.
    why: Une raison.
    recommendation:
      client: Négocier.
      supplier: Négocier aussi.
{_REFERENCES}    when:
      - name: mot
        patterns:
          - {pattern}
    examples:
      fires: ["{fires}"]
      silent: ["Rien."]
"""


def coverage_rule(client: str, second_ask: str | None) -> str:
    """A ``coverage`` rule of two themes whose first has an ``ask``; ``second_ask`` None: the second has none."""
    ask = f'        ask: "{second_ask}"\n' if second_ask is not None else ""
    return f"""\
rules:
  - id: custom.themes
    title: Thèmes de sécurité
    kind: coverage
    severity: low
    message: Un message.
    why: Une raison.
    recommendation:
      client: "{client}"
      supplier: Décrire les mesures.
{_REFERENCES}    when:
      - name: sécurité
        patterns:
          - "sécurité"
    themes:
      - name: audit
        label: audits de sécurité
        ask: "audits (un audit par an)"
        patterns:
          - "audit"
      - name: sauvegarde
        label: sauvegardes
{ask}        patterns:
          - "sauvegarde"
    examples:
      fires: ["La sécurité est assurée par des audits."]
      silent: ["Rien."]
"""
