"""Measures added with the prefilter: matching before/after, cold start, a local Dask cluster.

Each before/after pair is taken in one run, alternating (A B A B ...) and keeping each
side's best time, because the machine is shared and drifts.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import log
from measure import Background, Extracted, Row, end_to_end
from processes import cli_command, run_process

STARTUP_TARGET = 0.5  # seconds, cold start of the documentation commands


def _plain_checker(checker: Any) -> Any:
    """The same checker with every token pattern run on every text: the reference, and 'before'."""
    from clausecheck.engine.checker import Checker
    from clausecheck.engine.matching import Compiled

    plain = Checker(checker.ruleset, nlp=checker.nlp)
    plain.compiled = Compiled(checker.nlp, checker.ruleset, prefilter=False)
    return plain


def matching(checker: Any, corpus: Extracted, rounds: int, background: Background) -> tuple[list[Row], dict[str, Any]]:
    """Matching alone on parsed docs, then check_all end to end, plain Matcher vs prefilter."""
    plain = _plain_checker(checker)
    docs = [doc for texts in corpus.texts for doc in checker.nlp.pipe(texts)]
    words = corpus.words
    match_times: dict[str, list[float]] = {"plain": [], "prefilter": []}
    e2e_times: dict[str, list[float]] = {"plain": [], "prefilter": []}
    sides = {"plain": plain, "prefilter": checker}
    with background.watch("5. matching"):
        for _ in range(rounds):
            for name, side in sides.items():
                start = time.perf_counter()
                for doc in docs:
                    side.compiled.match(doc)
                match_times[name].append(time.perf_counter() - start)
            for name, side in sides.items():
                e2e_times[name].append(end_to_end(side, corpus.paths, jobs=1)[0])
    same = all(
        a.model_dump_json() == b.model_dump_json()
        for a, b in zip(checker.check_all(corpus.paths), plain.check_all(corpus.paths), strict=True)
    )
    before, after = min(match_times["plain"]), min(match_times["prefilter"])
    e2e_before, e2e_after = min(e2e_times["plain"]), min(e2e_times["prefilter"])
    rows = [
        Row("5. matching alone, plain Matcher (all token patterns, every text)", before, "s"),
        Row("5. matching alone, anchored patterns + dedup", after, "s"),
        Row("5. matching speed-up", before / after, "×"),
        Row("5. end to end, 1 process, plain Matcher", words / e2e_before, "words/s"),
        Row("5. end to end, 1 process, prefilter", words / e2e_after, "words/s"),
        Row("5. findings byte-identical, plain vs prefilter", float(same), "ok", "identical", same),
    ]
    details = {"documents": len(corpus.paths), "words": words, "docs": len(docs), "rounds": rounds}
    details |= {"matching_seconds": match_times, "end_to_end_seconds": e2e_times}
    return rows, details


def startup(rule_id: str, work: Path, repeat: int, background: Background) -> tuple[list[Row], dict[str, Any]]:
    """Cold start of the documentation commands, whole process (median of ``repeat`` runs)."""
    commands = {"rules": ["rules"], f"explain {rule_id}": ["explain", rule_id], "--help": ["--help"]}
    walls: dict[str, list[float]] = {name: [] for name in commands}
    with background.watch("6. start-up"):
        for _ in range(repeat):
            for name, args in commands.items():
                run = run_process([*cli_command(), *args], work / "startup.out", poll=None)
                if run.returncode != 0:
                    raise RuntimeError(f"clausecheck {name} failed: {run.stderr}")
                walls[name].append(run.wall)
    rows = []
    for name, runs in walls.items():
        median = statistics.median(runs)
        rows.append(
            Row(f"6. cold start: clausecheck {name}", median, "s", f"≤ {STARTUP_TARGET} s", median <= STARTUP_TARGET)
        )
    return rows, {"walls": walls}


def dask_local(
    paths: Sequence[Path], words: int, work: Path, workers: int, background: Background
) -> tuple[list[Row], dict[str, Any]]:
    """The CLI over one folder: one process, then --dask local:N; wall clock including start-up."""
    folder = work / "dask-batch"
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        shutil.copy(path, folder / path.name)
    base = [*cli_command(), "--format", "json", "--no-date", "--fail-on", "none"]
    runs = {}
    with background.watch("7. dask"):
        for name, extra in (("sequential", []), (f"dask local:{workers}", ["--dask", f"local:{workers}"])):
            log(f"dask section: CLI {name} over {len(paths)} contracts")
            runs[name] = run_process([*base, *extra, str(folder)], work / f"{name.split()[0]}.json", poll=None)
            if runs[name].returncode != 0:
                raise RuntimeError(f"clausecheck {name} failed: {runs[name].stderr}")
    same = (work / "sequential.json").read_bytes() == (work / "dask.json").read_bytes()
    seq, distributed = runs["sequential"].wall, runs[f"dask local:{workers}"].wall
    rows = [
        Row(f"7. CLI over {len(paths)} contracts, 1 process (start-up included)", words / seq, "words/s"),
        Row(f"7. CLI over {len(paths)} contracts, --dask local:{workers}", words / distributed, "words/s"),
        Row(f"7. Dask local:{workers} speed-up vs 1 process", seq / distributed, "×"),
        Row("7. Dask JSON byte-identical to the sequential run", float(same), "ok", "identical", same),
    ]
    return rows, {"walls": {name: run.wall for name, run in runs.items()}, "documents": len(paths), "words": words}
