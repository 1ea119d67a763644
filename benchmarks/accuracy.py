"""Accuracy on a labelled folder: precision, recall and F1 per rule, and contract types.

    .venv/bin/python benchmarks/accuracy.py tests/corpus [--verbose]

A labelled folder holds contracts and one YAML label per contract (``file``,
``contract_types``, ``expect`` with ``rule`` and, for clause rules, ``clause``), the format
of ``tests/corpus``. Scoring follows the rule catalog's convention: a finding of a bundled
rule that is not expected is a false positive; absence rules match on the rule alone,
clause rules also on the clause ("9" and "9.2" match); a contract's labelled types must
all be among the types clausecheck gives it. Use it to score a batch of new contracts
once, before changing anything for them: that first figure is the honest estimate.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clausecheck.engine.checker import shared_checker
from clausecheck.model.findings import DocumentReport
from clausecheck.text.headings import parse_number

Key = tuple[str, ...] | None
_PREFIX = re.compile(r"(?i)^(article|art\.?|clause|section|§)\s*")


@dataclass
class Tally:
    """Counts per rule, and the lines that explain them."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    types_ok: int = 0
    docs: int = 0
    lines: list[str] = field(default_factory=list)


def _key(clause: str | None) -> Key:
    """'Article 9.2', 'IX', '10.a' -> ('9', '2'), ('9',), ('10', 'a'): lettered sub-articles count."""
    if not clause:
        return None
    text = _PREFIX.sub("", clause.strip()).strip(" .:-–—)")
    parts = [part.strip() for part in re.split(r"[.\-–)]\s*", text) if part.strip()]
    if parts and not parts[0].isdigit() and (number := parse_number(parts[0])) is not None:
        parts[0] = str(number.key[0])  # a Roman article number
    return tuple(str(int(p)) if p.isdigit() else p.lower() for p in parts) or None


def _same_clause(a: Key, b: Key) -> bool:
    if a is None or b is None:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def score_document(
    label: dict, report: DocumentReport, rule_ids: set[str], clause_free: set[str], tally: Tally
) -> None:
    """Add one contract's matches, misses and false flags to ``tally``."""
    tally.docs += 1
    name = label["file"]
    if set(label.get("contract_types") or []) <= set(report.contract_types):
        tally.types_ok += 1
    else:
        tally.lines.append(f"TYPE  {name}: {label.get('contract_types')} -> {report.contract_types}")
    got = [(f.rule_id, _key(f.clause.number) if f.clause else None) for f in report.findings if f.rule_id in rule_ids]
    for expected in label.get("expect") or []:
        rule, clause = expected["rule"], _key(expected.get("clause"))
        hit = next((g for g in got if g[0] == rule and (rule in clause_free or _same_clause(g[1], clause))), None)
        if hit is None:
            tally.fn[rule] += 1
            tally.lines.append(f"MISS  {name}: {rule} @ {expected.get('clause', '-')}")
        else:
            tally.tp[rule] += 1
            got.remove(hit)
    for rule, key in got:
        tally.fp[rule] += 1
        clause = ".".join(key) if key else "-"
        tally.lines.append(f"FALSE {name}: {rule} @ {clause}")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="labelled folder (contracts and their YAML labels)")
    parser.add_argument("--verbose", action="store_true", help="per-rule table and every miss and false flag")
    args = parser.parse_args(argv)
    checker = shared_checker()
    rule_ids = {rule.id for rule in checker.ruleset.rules}
    clause_free = {rule.id for rule in checker.ruleset.rules if rule.kind == "absent"}
    tally = Tally()
    for label_path in sorted(args.folder.glob("*.yaml")):
        label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
        if not isinstance(label, dict) or not (args.folder / str(label.get("file"))).is_file():
            continue
        score_document(label, checker.check(args.folder / label["file"]), rule_ids, clause_free, tally)
    tp, fp, fn = sum(tally.tp.values()), sum(tally.fp.values()), sum(tally.fn.values())
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if args.verbose:
        print(f"{'rule':44} {'tp':>4} {'fp':>4} {'fn':>4}")
        for rule in sorted(set(tally.tp) | set(tally.fp) | set(tally.fn)):
            print(f"{rule:44} {tally.tp[rule]:4} {tally.fp[rule]:4} {tally.fn[rule]:4}")
        print("\n".join(tally.lines))
    print(
        f"docs={tally.docs} tp={tp} fp={fp} fn={fn} P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
        f"types={tally.types_ok}/{tally.docs}"
    )
    return 0 if tally.docs else 2


if __name__ == "__main__":
    sys.exit(main())
