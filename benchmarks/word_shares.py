"""Write the share of clause texts holding each frequent word, which the matcher anchors by.

    .venv/bin/python benchmarks/word_shares.py            # rewrite clausecheck/engine/word_shares.tsv
    .venv/bin/python benchmarks/word_shares.py --check    # exit 1 if the shipped table is not what it writes

A token pattern is tried only where one of its tokens, its anchor, finds a word it accepts
(``clausecheck/engine/prefilter.py``); the rarer that token's words, the fewer the texts and
places it is tried at. How rare a word is comes from this table: the share of the clause
texts of ``tests/corpus`` (contracts written apart from the rules, and apart from the
generated benchmark corpus) in which the word occurs, as the matcher sees those texts (each
clause's heading and text, tokenized by the French model, lowercased). Words in fewer than
one text in a hundred are left out: any of them is rare enough. The table changes speed
only, never a finding (tests/test_prefilter.py compares every clause's matches with spaCy's).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from common import REPO

CORPUS = REPO / "tests" / "corpus"
TABLE = REPO / "clausecheck" / "engine" / "word_shares.tsv"
MIN_SHARE = 0.01


def table() -> str:
    """The table's text: a comment line, then one ``word<TAB>share`` line per word, most frequent first."""
    from clausecheck.engine.checker import headings, shared_checker, split_long
    from clausecheck.engine.nlp import plain
    from clausecheck.engine.source import read_contract

    nlp = shared_checker().nlp
    holding: Counter[str] = Counter()
    texts = 0
    for path in sorted(p for p in CORPUS.iterdir() if p.suffix != ".yaml"):
        contract = read_contract(path)
        for clause, head in zip(contract.clauses, headings(contract.clauses), strict=True):
            for _offset, piece in split_long(f"{head}\n{clause.text}"):
                texts += 1
                holding.update({token.lower_ for token in nlp.make_doc(plain(piece)) if not token.is_space})
    lines = [f"# share of the {texts} clause texts of tests/corpus holding each word; benchmarks/word_shares.py"]
    shares = ((n / texts, word) for word, n in holding.items() if n / texts >= MIN_SHARE)
    frequent = sorted(shares, key=lambda x: (-x[0], x[1]))
    lines += [f"{word}\t{share:.3f}" for share, word in frequent]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the shipped table instead of writing it")
    args = parser.parse_args()
    text = table()
    if args.check:
        if TABLE.read_text(encoding="utf-8") != text:
            print(f"{TABLE.relative_to(REPO)} is out of date: run benchmarks/word_shares.py", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE.relative_to(REPO)}: {text.count(chr(10)) - 1} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
