"""Every broken or hostile rule file stops the real command line with one French line on stderr.

Each case writes a rule file into a folder of its own and runs ``python -m clausecheck --rules
DIR contrat.txt``: the run must end with exit code 2 and exactly one line, naming the file,
the line, and where it applies the rule id and field, in French, with what to do.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from rulefiles import coverage_rule, one_rule

from clausecheck.ruleset import strict_yaml
from clausecheck.ruleset.loader import rule_json_schema
from clausecheck.ruleset.schema import Rule
from clausecheck.ruleset.schema_fr import DESCRIPTIONS
from clausecheck.ruleset.validation import RULE_KINDS, explain

ROOT = Path(__file__).parent.parent

BASE = one_rule("custom.demo", '"clause pénale"', "Une clause pénale.", severity="high")
PATTERN = '          - "clause pénale"\n'  # line 20


def _bomb() -> str:
    """Nine lines of nine aliases: 9**9 values from a few hundred bytes."""
    lines = '    v0: &v0 ["a","a","a","a","a","a","a","a","a"]\n'
    lines += "".join(f"    v{n}: &v{n} [" + ",".join([f"*v{n - 1}"] * 9) + "]\n" for n in range(1, 9))
    return BASE.replace("    why: Une raison.\n", lines)


def _pattern(pattern: str) -> str:
    return BASE.replace(PATTERN, f"          - {pattern}\n")


def _with(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


_VOCAB_FILE = "vocabularies:\n  frais:\n    words: [frais]\n"

# (id, file name, content, line, rule id, field, French words the message must hold)
CASES: list[tuple[str, str, str | bytes, int, str | None, str | None, str]] = [
    ("alias-bomb", "r.yaml", _bomb(), 7, "custom.demo", None, "bombe d'alias"),
    ("deep-nesting", "r.yaml", _with("Une raison.", "[" * 50 + "]" * 50), 7, "custom.demo", None, "imbriquées"),
    ("deeper-than-libyaml", "r.yaml", _with("Une raison.", "[" * 5000 + "]" * 5000), 7, None, None, "imbriquées"),
    ("nul", "r.yaml", _with("Règle d'essai", '"a\x00b"'), 3, None, None, "caractère U+0000 interdit"),
    ("not-utf8", "r.yaml", BASE.encode().replace(b"raison.", "raison é.".encode("latin-1")), 7, None, None, "UTF-8"),
    ("syntax", "r.yaml", _with("Un message.", "Un: message."), 6, None, None, "erreur de syntaxe YAML"),
    ("tab", "r.yaml", _with("    why: Une raison.\n", "    why:\n\t- Une raison.\n"), 8, None, None, "tabulation"),
    ("undefined-alias", "r.yaml", _with("Une raison.", "*raison"), 7, None, None, "alias (*nom)"),
    (
        "duplicate-key",
        "r.yaml",
        _with("    kind: matches\n", "    title: Autre\n    kind: matches\n"),
        4,
        "custom.demo",
        None,
        "champ « title » écrit deux fois",
    ),
    ("yaml11-boolean", "r.yaml", _with("severity: high", "severity: yes"), 5, "custom.demo", None, "booléen"),
    (
        "missing-kind",
        "r.yaml",
        _with("    kind: matches\n", ""),
        2,
        "custom.demo",
        "kind",
        "genre de règle absent, attendu parmi matches, absent, requires, coverage, deletion",
    ),
    (
        "unknown-kind",
        "r.yaml",
        _with("kind: matches", "kind: match"),
        4,
        "custom.demo",
        "kind",
        "genre de règle « match » inconnu",
    ),
    (
        "bad-severity",
        "r.yaml",
        _with("severity: high", "severity: critical"),
        5,
        "custom.demo",
        "severity",
        "gravité attendue parmi info, low, medium, high",
    ),
    (
        "unknown-field",
        "r.yaml",
        _with("    severity: high\n", "    severity: high\n    severty: high\n"),
        6,
        "custom.demo",
        "severty",
        "champ inconnu",
    ),
    (
        "missing-field",
        "r.yaml",
        _with("    message: Un message.\n", ""),
        2,
        "custom.demo",
        "message",
        "champ obligatoire absent",
    ),
    (
        "missing-nested-field",
        "r.yaml",
        _with("      client: Négocier.\n", ""),
        9,
        "custom.demo",
        "recommendation.client",
        "champ obligatoire absent",
    ),
    ("not-a-string", "r.yaml", _with("Règle d'essai", "3"), 3, "custom.demo", "title", "il faut un texte"),
    (
        "not-a-boolean",
        "r.yaml",
        _with("    why: Une raison.\n", "    why: Une raison.\n    exposure: oui\n"),
        8,
        "custom.demo",
        "exposure",
        "il faut true ou false",
    ),
    (
        "bad-id",
        "r.yaml",
        _with("id: custom.demo", 'id: "Custom Demo"'),
        2,
        "Custom Demo",
        "id",
        "identifiant « Custom Demo » mal formé",
    ),
    (
        "empty-list",
        "r.yaml",
        _with('        patterns:\n          - "clause pénale"\n', "        patterns: []\n"),
        19,
        "custom.demo",
        "when.patterns",
        "liste vide",
    ),
    (
        "bad-within",
        "r.yaml",
        _with("      - name: mot\n", "      - name: mot\n        within: paragraphe\n"),
        19,
        "custom.demo",
        "when.within",
        "portée attendue parmi sentence, sentence-or-list, sentence-or-next, clause, title",
    ),
    (
        # reaching the next sentence is for an exception only
        "next-sentence-when",
        "r.yaml",
        _with("      - name: mot\n", "      - name: mot\n        within: sentence-or-previous\n"),
        19,
        "custom.demo",
        "when.within",
        "valeur « sentence-or-previous » refusée, portée attendue parmi sentence, sentence-or-list, "
        "sentence-or-next, clause, title",
    ),
    (
        "bad-contract-type",
        "r.yaml",
        _with("    severity: high\n", "    severity: high\n    applies_to: [cloud]\n"),
        6,
        "custom.demo",
        "applies_to",
        "type de contrat attendu parmi",
    ),
    (
        "contract-type-not-a-list",
        "r.yaml",
        _with("    severity: high\n", "    severity: high\n    applies_to: saas\n"),
        6,
        "custom.demo",
        "applies_to",
        "il faut une liste ou la valeur « all »",
    ),
    (
        "bad-reference-kind",
        "r.yaml",
        _with("kind: statute", "kind: law"),
        12,
        "custom.demo",
        "references.kind",
        "nature de référence attendue parmi",
    ),
    ("pattern-not-text", "r.yaml", _pattern("3"), 20, "custom.demo", "when.patterns", "il faut un texte ou une liste"),
    (
        "evidence-missing",
        "r.yaml",
        _with('fires: ["Une clause pénale."]', 'fires: [{text: "Une clause pénale.", evidence: [indemnité]}]'),
        22,
        "custom.demo",
        "examples.fires",
        "la preuve « indemnité » ne figure pas",
    ),
    (
        "absent-with-evidence",
        "r.yaml",
        _with("kind: matches", "kind: absent\n    searched: une clause").replace(
            'fires: ["Une clause pénale."]', 'fires: [{text: "Une clause pénale.", evidence: [clause]}]'
        ),
        2,
        "custom.demo",
        None,
        "une règle « absent » ne cite aucun passage",
    ),
    (
        "deletion-with-when",
        "r.yaml",
        _with("kind: matches", "kind: deletion"),
        2,
        "custom.demo",
        None,
        "une règle « deletion » n'a ni « when » ni « unless »",
    ),
    (
        "duplicate-id-in-file",
        "r.yaml",
        BASE + BASE.removeprefix("rules:\n"),
        24,
        "custom.demo",
        "id",
        "identifiant de règle déjà utilisé",
    ),
    ("not-a-rule-file", "r.yaml", "- une\n- liste\n", 1, None, None, "il faut des champs « nom: valeur »"),
    (
        "invalid-regex",
        "r.yaml",
        _pattern('[{LOWER: {REGEX: "(("}}]'),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "REGEX « (( » invalide (parenthèse ouverte jamais refermée",
    ),
    (
        "costly-regex",
        "r.yaml",
        _pattern('[{LOWER: {REGEX: "^(a|ab)*$"}}]'),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "trop coûteuse",
    ),
    (
        "nested-quantifiers",
        "r.yaml",
        _pattern('[{LOWER: {REGEX: "^(a+)+$"}}]'),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "répète un groupe qui se répète lui-même",
    ),
    (
        "extension-attribute",
        "r.yaml",
        _pattern("[{_: {score: true}}]"),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "l'attribut de jeton « _ »",
    ),
    (
        "window-too-wide",
        "r.yaml",
        _pattern('[{LOWER: sans}, {OP: "{0,50}"}, {LOWER: préavis}]'),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "saute plus de 12 mots",
    ),
    (
        "leading-wildcard",
        "r.yaml",
        _pattern('[{OP: "*"}, {LOWER: préavis}]'),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "joker",
    ),
    (
        "unknown-token-attribute",
        "r.yaml",
        _pattern("[{LOWR: sans}]"),
        20,
        "custom.demo",
        "when.0.patterns.0.0.LOWR",
        "attribut de jeton inconnu",
    ),
    (
        "unknown-operator",
        "r.yaml",
        _pattern('[{LOWER: sans, OP: "x"}]'),
        20,
        "custom.demo",
        "when.0.patterns.0.0.OP",
        "opérateur « x » inconnu",
    ),
    (
        "unknown-vocabulary",
        "r.yaml",
        _pattern("[{VOCAB: fournisseurz}]"),
        20,
        "custom.demo",
        "when.0.patterns.0.0.VOCAB",
        "vocabulaire « fournisseurz » inconnu",
    ),
    (
        "unknown-slot",
        "r.yaml",
        _pattern('"{fournisseurz} résilie"'),
        20,
        "custom.demo",
        "when.0.patterns.0",
        "vocabulaire « fournisseurz » inconnu",
    ),
    (
        "irregular-verb",
        "r.yaml",
        _pattern("[{FORMS_OF: devoir}]"),
        20,
        "custom.demo",
        "when.0.patterns.0.0.FORMS_OF",
        "verbe irrégulier",
    ),
    (
        "vocabulary-bad-name",
        "v.yaml",
        "vocabularies:\n  Frais: [frais]\n",
        2,
        None,
        "vocabularies.Frais",
        "nom de vocabulaire « Frais » mal formé",
    ),
    ("vocabulary-empty", "v.yaml", "vocabularies:\n  frais: {}\n", 2, None, "vocabularies.frais", "vocabulaire vide"),
    (
        "vocabulary-twice",
        "v.yaml",
        _VOCAB_FILE.replace("frais", "client", 1),
        3,
        None,
        "vocabularies.client",
        "vocabulaire « client » déjà défini dans",
    ),
    (
        "vocabulary-phrase",
        "v.yaml",
        _VOCAB_FILE.replace("[frais]", "[frais de résiliation]"),
        3,
        None,
        "vocabularies.frais",
        "n'est pas un mot seul",
    ),
    (
        "vocabulary-split-by-tokenizer",
        "v.yaml",
        _VOCAB_FILE.replace("[frais]", "[dommages-intérêts]"),
        3,
        None,
        "vocabularies.frais",
        "coupe dommages-intérêts en plusieurs mots",
    ),
    (
        "missing-outside-coverage",
        "r.yaml",
        _with("client: Négocier.", "client: Négocier {missing}."),
        2,
        "custom.demo",
        None,
        "« {missing} » ne s'emploie que dans la recommandation d'une règle « coverage »",
    ),
    (
        "theme-without-ask",
        "r.yaml",
        coverage_rule("Compléter : {missing}.", None),
        2,
        "custom.themes",
        None,
        "le thème « sauvegarde » n'a pas de « ask »",
    ),
    (
        "ask-without-missing",
        "r.yaml",
        coverage_rule("Compléter la clause.", "sauvegardes (testées)"),
        2,
        "custom.themes",
        None,
        "le thème « audit » a un « ask » mais la recommandation n'écrit pas « {missing} »",
    ),
]
ENGLISH = (
    "is not allowed",
    "Unable",
    "Field required",
    "more than",
    "Input should",
    "Extra inputs",
    "hint",
    " rule ",
    "field ",
    "error",
    "expected",
    "found",
    "invalid",
    "should",
    "must",
)


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this tree's code, whatever the folder it runs from
    return subprocess.run(
        [sys.executable, "-m", "clausecheck", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "file", "content", "line", "rule_id", "field", "words"), CASES, ids=[case[0] for case in CASES]
)
def test_rule_errors_one_french_line_naming_file_line_rule_and_field(
    tmp_path: Path,
    name: str,
    file: str,
    content: str | bytes,
    line: int,
    rule_id: str | None,
    field: str | None,
    words: str,
) -> None:
    folder = tmp_path / "regles"
    folder.mkdir()
    path = folder / file
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    contract = tmp_path / "contrat.txt"
    contract.write_text("Le présent contrat est conclu pour un an.\n", encoding="utf-8")
    result = _run("--rules", str(folder), str(contract))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    said = lines[0]
    assert said.startswith(f"clausecheck : {path}:{line}"), said
    message = said.removeprefix(f"clausecheck : {path}")
    assert words in message
    assert "(conseil : " in message and message.endswith(")")
    assert (f"règle {rule_id}," in message or f"règle {rule_id} :" in message) if rule_id else "règle " not in message
    assert f"champ {field} : " in message if field else "champ " not in message.partition(" : ")[0]
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word.strip())}\b", message)]
    assert not found, message
    assert not re.search(r"\b(the|is|not|of|a|an)\b .*\b(the|is|not|of)\b", message), message


@pytest.mark.slow
def test_rule_errors_in_french_from_clausecheck_test_too(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(_with("severity: high", "severity: critical"), encoding="utf-8")
    result = _run("test", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        f"clausecheck : {tmp_path / 'r.yaml'}:5, règle custom.demo, champ severity : valeur « critical » refusée, "
        "gravité attendue parmi info, low, medium, high (conseil : choisissez l'une d'elles)\n"
    )


@pytest.mark.slow
def test_rule_errors_a_missing_rule_folder_in_french(tmp_path: Path) -> None:
    result = _run("rules", "--rules", str(tmp_path / "absent"))
    assert result.returncode == 2
    assert result.stderr == (
        f"clausecheck : {tmp_path / 'absent'} : dossier de règles introuvable "
        "(conseil : indiquez à --rules un dossier qui existe)\n"
    )


def test_rule_errors_name_every_rule_kind_of_the_schema() -> None:
    union = get_args(get_args(Rule)[0])
    assert tuple(get_args(model.model_fields["kind"].annotation)[0] for model in union) == RULE_KINDS


def test_rule_errors_an_unknown_pydantic_error_keeps_its_message_behind_a_french_prefix() -> None:
    error: Any = {"type": "something_new", "loc": ("rules", 0, "title"), "msg": "Some new refusal", "input": 1}
    explained = explain([error], {"rules": [{"title": 1}]})
    assert explained.path == ("rules", 0, "title")
    assert explained.message == "valeur refusée (message de pydantic : Some new refusal)"


def test_rule_errors_schema_describes_every_model_and_field_in_french() -> None:
    schema = rule_json_schema()
    models = [("RuleFile", schema), *schema["$defs"].items()]
    assert {name for name, _ in models} == set(DESCRIPTIONS)
    for name, definition in models:
        properties = definition.get("properties", {})
        assert set(DESCRIPTIONS[name]) == {"", *properties}, name
        assert definition["description"] == DESCRIPTIONS[name][""]
        for field, sub in properties.items():
            assert sub["description"] == DESCRIPTIONS[name][field], (name, field)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setting", "said"),
    [
        (
            'side = "acheteur"',
            "réglage « side » invalide : valeur « acheteur » refusée, valeur attendue parmi client, "
            "supplier (conseil : choisissez l'une d'elles)",
        ),
        ('sid = "client"', "réglage « sid » invalide : champ inconnu (conseil : vouliez-vous écrire « side » ?"),
        ("time-budget = -1", "réglage « time-budget » invalide : la valeur -1 doit être supérieure ou égale à 0"),
    ],
)
def test_rule_errors_a_bad_setting_in_french(tmp_path: Path, setting: str, said: str) -> None:
    (tmp_path / "clausecheck.toml").write_text(setting + "\n", encoding="utf-8")
    result = _run("rules", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"clausecheck : {tmp_path / 'clausecheck.toml'} : {said}")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("loader", [getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader], ids=["C", "py"])
@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: b: c\n", 1, "deux-points « : » inattendu"),
        ('a: "x\nb: 1\n', 3, "guillemet ouvert jamais refermé"),
        ("a:\n\t- x\n", 2, "tabulation dans l'indentation"),
        ("a: *nope\n", 1, "alias (*nom) qui ne renvoie à aucune ancre"),
        ("a:\n  b: 1\n c: 2\n", 3, "indentation incohérente"),
        ("a: |x\n  b\n", 1, "erreur de syntaxe YAML, "),
        ("a: 1\n... x\n", 2, "erreur de syntaxe YAML, "),
    ],
)
def test_rule_errors_yaml_syntax_in_french_with_either_parser(
    loader: type[yaml.SafeLoader], text: str, line: int, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(strict_yaml, "_LOADER", loader)
    with pytest.raises(strict_yaml.StrictYAMLError) as caught:
        strict_yaml.load(text)
    error = caught.value
    assert words in str(error) and "message de l'analyseur" not in str(error)
    assert error.line == line and error.hint
