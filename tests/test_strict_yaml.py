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
    with pytest.raises(strict_yaml.StrictYAMLError, match="boolean") as caught:
        strict_yaml.load(f"key: ok\nflag: {word}\n")
    assert caught.value.line == 2


def test_strict_yaml_quoted_words_stay_strings() -> None:
    data, _ = strict_yaml.load("flag: 'on'\nother: true\nnum: 1.5\nnothing: ~\n")
    assert data == {"flag": "on", "other": True, "num": 1.5, "nothing": None}


def test_strict_yaml_refuses_duplicate_keys() -> None:
    with pytest.raises(strict_yaml.StrictYAMLError, match="duplicate key 'a'") as caught:
        strict_yaml.load("a: 1\nb: 2\na: 3\n")
    assert caught.value.line == 3
