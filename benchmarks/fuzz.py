"""Long fuzzing run: mutants of small generated contracts through the readers and the checker.

    .venv/bin/python benchmarks/fuzz.py --count 5000                # readers and segmenter only
    .venv/bin/python benchmarks/fuzz.py --count 2000 --check        # the whole check, spaCy included
    .venv/bin/python benchmarks/fuzz.py --seed 7 --only 1234 --keep out/   # replay one mutant

Each mutant runs in a forked worker with a time limit (``--timeout``) and a memory limit
(``--memory`` MB above what the worker maps when it starts). A failure is an exception
other than ReadError, a report that cannot be written as UTF-8 JSON, a hang or a dead
worker; ``--keep DIR`` writes each failing mutant there to be replayed. Exit code 1 when
anything failed. The mutations and seeds are in ``tests/fuzz_inputs.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from common import REPO, log

sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from fuzz_inputs import Runner, failed, mutants


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="number of mutants (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="mutant i of a seed is always the same")
    parser.add_argument("--check", action="store_true", help="run the whole check (loads spaCy), not only reading")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant before it counts as a hang")
    parser.add_argument("--memory", type=int, default=2048, help="MB a worker may map above its start")
    parser.add_argument("--keep", type=Path, help="folder where failing mutants are written")
    parser.add_argument("--only", type=int, help="run only mutant number ONLY of the seed")
    parser.add_argument("--slow", type=float, default=5.0, help="report mutants that take longer (seconds)")
    args = parser.parse_args()

    checker = None
    if args.check:
        from clausecheck.engine.checker import Checker
        from clausecheck.ruleset.loader import load_rules

        checker = Checker(load_rules())
    results: Counter[str] = Counter()
    failures = 0
    started = time.perf_counter()
    with Runner(checker, timeout=args.timeout, memory=args.memory * 1024 * 1024) as runner:
        for number, mutant in enumerate(mutants(args.seed, args.count)):
            if args.only is not None and number != args.only:
                continue
            start = time.perf_counter()
            result = runner.run(mutant.name, mutant.data)
            took = time.perf_counter() - start
            results[result.split("\n")[0] if failed(result) else result] += 1
            if took > args.slow:
                log(f"slow: #{number} {mutant.label()} {len(mutant.data)} bytes, {took:.1f} s")
            if failed(result):
                failures += 1
                log(f"FAILED #{number} {mutant.label()} ({len(mutant.data)} bytes): {result}")
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{args.seed}-{number}-{mutant.name}").write_bytes(mutant.data)
            if number and number % 500 == 0:
                log(f"{number} mutants, {failures} failures")
    print(f"{sum(results.values())} mutants in {time.perf_counter() - started:.0f} s, {failures} failures")
    for result, count in results.most_common():
        print(f"{count:6d}  {result}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
