"""A fixed-seed sample of the mutation fuzzer: no exception but ReadError, no hang, no dead worker.

The long run is ``benchmarks/fuzz.py``; mutant ``i`` of seed ``s`` is rebuilt from those two
numbers alone, so a failure seen here or there can be replayed.
"""

from __future__ import annotations

from collections import Counter

import pytest
from fuzz_inputs import Runner, failed, mutants, outcome, seeds

from clausecheck.engine.checker import Checker

_SEED = 2026


def _run(checker: Checker | None, count: int, timeout: float) -> Counter[str]:
    results: Counter[str] = Counter()
    failures = []
    with Runner(checker, timeout=timeout) as runner:
        for mutant in mutants(_SEED, count):
            result = runner.run(mutant.name, mutant.data)
            results[result.split(":")[0]] += 1
            if failed(result):
                failures.append(f"{mutant.label()}: {result}")
    assert not failures, "\n".join(failures)
    return results


def test_seeds_are_read_as_five_articles() -> None:
    for name, data in seeds().items():
        assert outcome(name, data, None) == "ok", name


def test_readers_survive_a_hundred_mutants() -> None:
    results = _run(None, 100, timeout=30)
    assert results["ok"] >= 20 and results["read-error"] >= 20  # mutants neither all sound nor all broken


@pytest.mark.slow
def test_checker_survives_a_hundred_mutants(checker: Checker) -> None:
    results = _run(checker, 100, timeout=120)
    assert results["ok"] >= 20


def test_runner_reports_exceptions_and_hangs() -> None:
    with Runner(None, timeout=30) as runner:
        wrong_type = runner.run("c.txt", "pas des octets")  # type: ignore[arg-type]
        assert wrong_type.startswith("exception:") and failed(wrong_type)
        runner.timeout = 0.001
        # under the size limits (2 M characters), so the reader works on it rather than refusing it at once
        assert runner.run("c.txt", ("Article 1 – Objet\n\n" + "Le texte. " * 150_000).encode()).startswith("hang")
        runner.timeout = 30
        assert runner.run("c.txt", seeds()["contrat.txt"]) == "ok"  # a new worker after the hang
