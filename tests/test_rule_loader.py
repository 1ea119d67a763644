"""Broken rule files stop the run with the file, line, rule id and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.model.errors import RuleError
from clausecheck.ruleset.loader import bundled_rules_dir, load_rules, rule_json_schema

BAD = Path(__file__).parent / "fixtures" / "bad_rules"
GOOD = Path(__file__).parent / "fixtures" / "good_rules"
VOCAB = Path(__file__).parent / "fixtures" / "vocab_rules"


@pytest.mark.parametrize(
    ("folder", "line", "rule_id", "field", "words"),
    [
        ("syntax", 5, None, None, "erreur de syntaxe YAML"),
        ("duplicate_key", 4, "custom.dup-key", None, "champ « title » écrit deux fois"),
        (
            "unknown_field",
            6,
            "custom.unknown-field",
            "severty",
            "champ inconnu (conseil : vouliez-vous écrire « severity » ?",
        ),
        (
            "bad_severity",
            5,
            "custom.bad-severity",
            "severity",
            "valeur « critical » refusée, gravité attendue parmi info, low, medium, high",
        ),
        ("yes_boolean", 5, "custom.yes-bool", None, "« yes » serait lu comme un booléen"),
        ("duplicate_id", 2, "custom.dup-id", "id", "identifiant de règle déjà utilisé par"),
        (
            "unknown_vocab",
            21,
            "custom.unknown-vocab",
            "when.0.patterns.1.1.VOCAB",
            "vocabulaire « fournisseurz » inconnu",
        ),
        ("unknown_slot", 21, "custom.unknown-slot", "when.0.patterns.1", "vocabulaire « fournisseurz » inconnu"),
        ("duplicate_vocab", 3, None, "vocabularies.client", "vocabulaire « client » déjà défini dans"),
        ("vocab_phrase", 3, None, "vocabularies.fees", "« frais de résiliation » n'est pas un mot seul"),
        ("evidence_missing", 22, "custom.evidence-missing", "examples.fires", "la preuve « indemnité » ne figure pas"),
    ],
)
def test_rule_loader_names_file_line_rule_and_field(
    folder: str, line: int, rule_id: str | None, field: str | None, words: str
) -> None:
    with pytest.raises(RuleError) as caught:
        load_rules([BAD / folder])
    error = caught.value
    assert Path(error.file).parent.name == folder
    assert error.line == line
    assert error.rule_id == rule_id
    assert error.field == field
    assert words in str(error)
    assert f":{line}" in str(error)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        # nine lines of nine aliases: 9**9 values from under 600 bytes
        (
            '    v0: &v0 ["a","a","a","a","a","a","a","a","a"]\n'
            + "".join(f"    v{n}: &v{n} [" + ",".join([f"*v{n - 1}"] * 9) + "]\n" for n in range(1, 9)),
            3,
            "bombe d'alias",
        ),
        ("    k: " + "[" * 50 + "]" * 50 + "\n", 3, "imbriquées sur plus de 40 niveaux"),
    ],
)
def test_rule_loader_refuses_hostile_yaml_in_one_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    (tmp_path / "hostile.yaml").write_text("rules:\n  - id: custom.hostile\n" + body, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    message = str(caught.value)
    assert "\n" not in message and words in message
    assert message.startswith(f"{tmp_path / 'hostile.yaml'}:{line}, règle custom.hostile : ")


def test_rule_loader_adds_user_folder_to_bundled_rules() -> None:
    bundled = load_rules()
    extended = load_rules([GOOD])
    assert len(extended.rules) == len(bundled.rules) + 1
    assert extended.get("custom.extra-rule") is not None


def test_rule_loader_reads_a_folder_named_twice_once() -> None:
    # `clausecheck test rules` from a clone passes the bundled folder itself
    bundled = load_rules()
    again = load_rules([bundled_rules_dir(), Path(str(bundled_rules_dir()) + "/.")])
    assert [r.id for r in again.rules] == [r.id for r in bundled.rules]


def test_rule_loader_expands_word_families_into_plain_lower_constraints() -> None:
    ruleset = load_rules([VOCAB])
    assert "renewal" in ruleset.vocabularies and "supplier" in ruleset.vocabularies
    rule = ruleset.get("custom.unilateral-change")
    assert rule is not None
    pattern = rule.when[0].patterns[0]
    assert isinstance(pattern, list)
    assert all("VOCAB" not in token and "FORMS_OF" not in token for token in pattern)
    supplier, _se, reserve, optional_le, *_ = pattern
    assert {"prestataire", "éditeur", "hébergeurs"} <= set(supplier["LOWER"]["IN"])
    assert {"réserve", "réservent", "réservera"} <= set(reserve["LOWER"]["IN"])
    assert optional_le == {"LOWER": "le", "OP": "?"}
    renewal = ruleset.get("custom.tacit-renewal")
    assert renewal is not None
    first = renewal.when[0].patterns[0]
    assert isinstance(first, list)
    words = first[0]["LOWER"]["IN"]
    assert {"reconduction", "renouvelé", "renouvellera", "renouvellement"} <= set(words)


def test_rule_loader_bundled_rules_do_not_see_a_folder_vocabulary() -> None:
    assert "renewal" not in load_rules().vocabularies


def test_rule_loader_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="dossier de règles introuvable"):
        load_rules([tmp_path / "nowhere"])


def test_rule_loader_bundled_rules_cover_the_catalog() -> None:
    catalog = {
        "termination.full-remaining-price",
        "termination.indemnity-vat",
        "termination.reduction-waiver",
        "termination.partial-fee-dedit",
        "advice.duty-missing",
        "advice.duty-excluded",
        "advice.needs-undefined",
        "advice.unilateral-technology-change",
        "delivery.acceptance-missing",
        "delivery.best-efforts-only",
        "liability.loss-of-chance-excluded",
        "hosting.notice-procedure-missing",
        "hosting.geoblocking-not-addressed",
        "security.obligations-missing",
        "security.incident-notification-missing",
        "security.anssi-themes-incomplete",
    }
    assert catalog <= {rule.id for rule in load_rules().rules}


def test_rule_loader_json_schema_describes_rule_kinds() -> None:
    schema = rule_json_schema()
    text = str(schema)
    for kind in ("matches", "absent", "requires", "coverage"):
        assert f"'{kind}'" in text
    assert schema["properties"]["rules"]["type"] == "array"


def test_rule_loader_explain_lists_known_misses() -> None:
    from clausecheck.ruleset.docs import explain_rule

    rule = load_rules([VOCAB]).get("custom.unilateral-change")
    assert rule is not None
    text = explain_rule(rule)
    assert "Lacunes connues" in text
    assert text.index("Le Prestataire pourra modifier les tarifs") > text.index("Lacunes connues")
