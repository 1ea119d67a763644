"""The strict YAML reader: no silent duplicate keys, no YAML 1.1 booleans, lines kept."""

from __future__ import annotations

import pytest

from clausecheck.ruleset import strict_yaml


def test_strict_yaml_keeps_line_of_each_value() -> None:
    data, lines = strict_yaml.load("a: 1\nb:\n  - x\n  - 'y'\nc: 2026-11-26\n")
    assert data == {"a": 1, "b": ["x", "y"], "c": "2026-11-26"}
    assert lines[("b", 1)] == 4
    assert lines[("c",)] == 5


@pytest.mark.parametrize("word", ["on", "yes", "No", "OFF", "y"])
def test_strict_yaml_refuses_yaml11_booleans(word: str) -> None:
    with pytest.raises(strict_yaml.StrictYAMLError, match="booléen") as caught:
        strict_yaml.load(f"key: ok\nflag: {word}\n")
    assert caught.value.line == 2


def test_strict_yaml_quoted_words_stay_strings() -> None:
    data, _ = strict_yaml.load("flag: 'on'\nother: true\nnum: 1.5\nnothing: ~\n")
    assert data == {"flag": "on", "other": True, "num": 1.5, "nothing": None}


def test_strict_yaml_refuses_duplicate_keys() -> None:
    with pytest.raises(strict_yaml.StrictYAMLError, match="champ « a » écrit deux fois") as caught:
        strict_yaml.load("a: 1\nb: 2\na: 3\n")
    assert caught.value.line == 3


def _alias_bomb(levels: int = 9) -> str:
    """A rule whose nine lines of nine aliases each expand to 9**9 strings."""
    text = 'rules:\n  - id: bomb.rule\n    v0: &v0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(1, levels):
        text += f"    v{level}: &v{level} [" + ",".join([f"*v{level - 1}"] * 9) + "]\n"
    return text


def test_strict_yaml_refuses_an_alias_bomb_quickly() -> None:
    text = _alias_bomb()
    assert len(text) < 600
    with pytest.raises(strict_yaml.StrictYAMLError, match="bombe d'alias") as caught:
        strict_yaml.load(text)
    assert caught.value.rule_id == "bomb.rule"
    assert caught.value.line is not None


def test_strict_yaml_refuses_an_alias_inside_itself() -> None:
    with pytest.raises(strict_yaml.StrictYAMLError, match="boucle sans fin") as caught:
        strict_yaml.load("rules:\n  - &loop\n    id: loop.rule\n    child: *loop\n")
    assert (caught.value.line, caught.value.rule_id) == (2, "loop.rule")


def test_strict_yaml_limits_aliases_and_depth() -> None:
    many = "rules:\n  - id: many.rule\n    a: &a [x]\n" + "".join(f"    b{i}: *a\n" for i in range(150))
    with pytest.raises(strict_yaml.StrictYAMLError, match="plus de 100 alias"):
        strict_yaml.load(many)
    for depth in (60, 5000):
        deep = "rules:\n  - id: deep.rule\n    k: " + "[" * depth + "]" * depth + "\n"
        with pytest.raises(strict_yaml.StrictYAMLError, match="imbriquées") as caught:
            strict_yaml.load(deep)
        assert caught.value.line == 3


def test_strict_yaml_keeps_a_few_aliases() -> None:
    data, _ = strict_yaml.load("a: &a [x, {y: 1}]\nb: *a\nc: *a\n")
    assert data["b"] == data["c"] == ["x", {"y": 1}]


def test_strict_yaml_names_the_line_of_a_nul_character() -> None:
    with pytest.raises(strict_yaml.StrictYAMLError, match="caractère U\\+0000 interdit") as caught:
        strict_yaml.load('rules:\n  - id: custom.nul\n    title: "a\x00b"\n')
    assert caught.value.line == 3
