"""Mutated rule files load or stop with one RuleError line: never another exception.

A fixed-seed mutation loop over a bundled rule file: flipped bytes, deleted or repeated
lines, and hostile snippets (aliases, anchors, deep brackets, control characters, costly
or broken regexes) inserted at random lines.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from clausecheck.model.errors import RuleError
from clausecheck.ruleset.loader import bundled_rules_dir, load_rules

# Loads a few hundred mutated rule files.
pytestmark = pytest.mark.slow

_SEED = 16
_SNIPPETS = (
    "*security_types",
    "&again",
    "[" * 200,
    "\x00",
    "\x07",
    '{REGEX: "^(a+)+$"}',
    '{REGEX: "(("}',
    "{OP: '{0,500}'}",
    "<<: *security_types",
    "on",
    "- " * 80,
)


def _mutant(lines: list[str], rng: random.Random) -> str:
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        kind = rng.randrange(4)
        if kind == 0:
            line = lines[at]
            if line:
                pos = rng.randrange(len(line))
                lines[at] = line[:pos] + chr(rng.randrange(32, 127)) + line[pos + 1 :]
        elif kind == 1:
            del lines[at]
        elif kind == 2:
            lines.insert(at, lines[rng.randrange(len(lines))])
        else:
            line = lines[at]
            pos = rng.randrange(len(line) + 1)
            lines[at] = line[:pos] + rng.choice(_SNIPPETS) + line[pos:]
    return "\n".join(lines)


@pytest.mark.parametrize("index", range(40))
def test_rule_fuzz_a_mutated_rule_file_loads_or_gives_one_error_line(tmp_path: Path, index: int) -> None:
    text = (bundled_rules_dir() / "security.yaml").read_text(encoding="utf-8")
    original = text.replace("id: security.", "id: fuzz.").splitlines()  # no clash with the bundled ids
    rng = random.Random(_SEED * 1000 + index)
    (tmp_path / "mutant.yaml").write_text(_mutant(original, rng), encoding="utf-8")
    try:
        load_rules([tmp_path])
    except RuleError as exc:
        assert "\n" not in str(exc)
