"""In-process measures: clausecheck end to end against a bare nlp.pipe over the same texts."""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import QUIET_CORES, SAMPLES, log

# --- what spaCy sees -------------------------------------------------------------------------


@dataclass
class Extracted:
    """The readable contracts, each with the texts clausecheck hands spaCy (title, then clause
    pieces, as Checker.views builds them) and what reading and segmenting it cost."""

    paths: list[Path] = field(default_factory=list)
    texts: list[list[str]] = field(default_factory=list)
    read_seconds: list[float] = field(default_factory=list)
    clause_counts: list[int] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(t.split()) for doc in self.texts for t in doc)

    @property
    def clauses(self) -> int:
        return sum(self.clause_counts)

    def head(self, words: int) -> Extracted:
        """The first contracts, up to about ``words`` words: a smaller corpus of the same mix."""
        total, n = 0, 0
        while n < len(self.texts) and total < words:
            total += sum(len(t.split()) for t in self.texts[n])
            n += 1
        return Extracted(self.paths[:n], self.texts[:n], self.read_seconds[:n], self.clause_counts[:n], self.unreadable)


def extract(paths: Sequence[Path]) -> Extracted:
    """Read and segment every contract, timed: that is clausecheck's reading cost."""
    from clausecheck.engine.checker import split_long
    from clausecheck.engine.nlp import plain
    from clausecheck.engine.source import read_contract
    from clausecheck.model.errors import ReadError

    out = Extracted()
    for path in paths:
        start = time.perf_counter()
        try:
            contract = read_contract(path)
        except ReadError as exc:
            out.unreadable.append(f"{path.name}: {exc.code}")
            continue
        out.read_seconds.append(time.perf_counter() - start)
        out.paths.append(path)
        out.clause_counts.append(len(contract.clauses))
        pieces = [plain(piece) for c in contract.clauses for _, piece in split_long(f"{c.title}\n{c.text}")]
        out.texts.append([plain(contract.title), *pieces])
    return out


def nlp_batch_size() -> int:
    from clausecheck.engine import checker

    return int(getattr(checker, "_NLP_BATCH", 64))


# --- measures ---------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: float
    unit: str
    target: str = "—"
    met: bool | None = None

    def shown(self) -> str:
        if self.unit == "×":
            return f"{self.value:.2f}×"
        if self.unit in ("words/s", "MB"):
            return f"{self.value:,.0f} {self.unit}"
        return f"{self.value:.2f} {self.unit}"


@dataclass
class Background:
    """CPU that other processes used during each measure, in cores.

    The machine may be shared (someone running the tests or the CLI): a busy core halves
    a two-process speed-up and inflates every wall clock, so each number says how quiet
    the machine was while it was taken.
    """

    cores: dict[str, float] = field(default_factory=dict)
    _spent: dict[str, tuple[float, float]] = field(default_factory=dict)  # label: (others' cpu, wall)
    patience: float = 0.0  # seconds this run may still spend waiting for a quiet machine

    @contextlib.contextmanager
    def watch(self, label: str) -> Iterator[None]:
        self.wait_quiet()
        busy, own, start = _busy_cpu_seconds(), _own_cpu_seconds(), time.perf_counter()
        yield
        wall = time.perf_counter() - start
        others = (_busy_cpu_seconds() - busy) - (_own_cpu_seconds() - own)
        before = self._spent.get(label, (0.0, 0.0))  # a measure taken in parts: average over all
        cpu, total = before[0] + others, before[1] + wall
        self._spent[label] = (cpu, total)
        self.cores[label] = max(0.0, cpu / total) if total > 0 else 0.0

    def noisy(self, limit: float = QUIET_CORES) -> dict[str, float]:
        return {label: c for label, c in self.cores.items() if c > limit}

    def wait_quiet(self) -> None:
        """Wait for a second in which other processes leave the CPUs alone, spending at most
        what is left of the run's ``patience``."""
        start, told = time.perf_counter(), False
        while self.patience > time.perf_counter() - start:
            busy, own = _busy_cpu_seconds(), _own_cpu_seconds()
            time.sleep(1)
            others = (_busy_cpu_seconds() - busy) - (_own_cpu_seconds() - own)
            if others <= QUIET_CORES:
                break
            if not told:
                log(
                    f"  other processes use {others:.1f} cores; waiting up to {self.patience:.0f} s for a quiet machine"
                )
                told = True
        self.patience = max(0.0, self.patience - (time.perf_counter() - start))


def _busy_cpu_seconds() -> float:
    """Machine-wide non-idle CPU time (steal included: a hypervisor taking the core is noise too)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    return 0.0


def _own_cpu_seconds() -> float:
    # Children count once reaped: pool workers at pool exit, CLI runs at wait4.
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def end_to_end(checker: Any, paths: Sequence[Path], jobs: int) -> tuple[float, float, int]:
    """Library path: Checker.check_all, in this process (workers forked for jobs > 1). The JSON
    envelope is written as the CLI prints it: each document's part as its report comes.

    Returns (total seconds, of which rendering, documents in error).
    """
    from clausecheck.report.json_envelope import json_chunks
    from clausecheck.report.run_info import make_run_info

    info = make_run_info(checker.ruleset.files, checker.model, "client", no_date=True)
    errors, rendering = 0, 0.0

    def reports() -> Iterator[Any]:
        nonlocal errors, rendering
        for report in checker.check_all(list(paths), jobs=jobs):
            errors += report.status == "error"
            handed = time.perf_counter()
            yield report
            rendering += time.perf_counter() - handed  # back here once its part is written

    start = time.perf_counter()
    for _part in json_chunks(reports(), info):
        pass
    return time.perf_counter() - start, rendering, errors


def scheduled(checker: Any, paths: Sequence[Path], jobs: int) -> float:
    """The CLI's path (what ``--jobs`` runs): ``run_batch`` with its default time budget and the
    CLI's ``Prepare``, the documents checked in ``jobs`` forked workers (one for ``jobs=1``),
    each document's JSON made where the CLI makes it (by the workers when there are several,
    else in this process) and its part of the envelope put together as the CLI prints it."""
    from clausecheck.batch.budget import run_batch
    from clausecheck.cli.writer import Prepare
    from clausecheck.report.json_envelope import ENVELOPE_END, document_separator, envelope_head
    from clausecheck.report.run_info import make_run_info

    info = make_run_info(checker.ruleset.files, checker.model, "client", no_date=True)
    prepare = Prepare((), (), "client", print_json=True, keep_report=False)
    start = time.perf_counter()
    written = len(envelope_head(info))
    for index, checked in enumerate(run_batch(checker, list(paths), prepare, jobs)):
        assert checked.json is not None, "every checked document's JSON is printed"
        written += len(document_separator(index) + checked.json)
    written += len(ENVELOPE_END)
    return time.perf_counter() - start


def bare_pipe(nlp: Any, texts: list[list[str]], batch: int, per_contract: bool, disable: Sequence[str] = ()) -> float:
    """The same loaded pipeline over the same texts: one stream, or one nlp.pipe per contract
    (which is how clausecheck batches, so the gap between the two is a batching cost)."""
    start = time.perf_counter()
    if per_contract:
        for doc_texts in texts:
            for _ in nlp.pipe(doc_texts, batch_size=batch, disable=list(disable)):
                pass
    else:
        for _ in nlp.pipe((t for doc_texts in texts for t in doc_texts), batch_size=batch):
            pass
    return time.perf_counter() - start


def warm_up(checker: Any) -> None:
    # Lazy imports (readers, renderers) and first-call allocations are not throughput.
    for path in sorted(SAMPLES.iterdir()):
        checker.check(path)


def throughput(
    checker: Any, corpus: Extracted, jobs: int, background: Background, rounds: int = 1
) -> tuple[list[Row], dict[str, Any]]:
    """Bare pipeline, then end to end with 1 and ``jobs`` processes, ``rounds`` times; medians kept.

    A shared or virtual machine drifts over minutes, which would bias a ratio of two
    measures taken one after the other. So in each round the bare pipeline is timed before
    and after the end-to-end runs, and those run on the two halves of the corpus in the
    order 1, N on the first half then N, 1 on the second (ABBA): a linear drift cancels. It
    also speeds up and slows down within minutes, by more than a round's drift: the table
    shows the median of the rounds, each ratio taken within its round, and the notes every
    round. The speed-up is measured on both ways of running in parallel: the library's
    check_all (a multiprocessing pool), and the CLI's scheduler (what ``--jobs`` runs, the target).
    """
    batch = nlp_batch_size()
    # spaCy adds a lexeme to the vocab the first time it meets a word: whichever side ran
    # first would pay for all of them, so an untimed pass lets both find them there.
    bare_pipe(checker.nlp, corpus.texts, batch, per_contract=False)
    # clausecheck runs the senter after matching, on the texts whose rules read sentences:
    # the share of spaCy it cannot skip is the rest of the pipeline, over every text.
    skipped = [checker.later_senter] if checker.later_senter else []
    with background.watch("1. bare nlp.pipe"):
        bare_per_contract = bare_pipe(checker.nlp, corpus.texts, batch, per_contract=True, disable=skipped)
    each = [_throughput_round(checker, corpus, jobs, background, batch) for _ in range(rounds)]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in each)

    w = corpus.words
    one = median("one")
    rows = [
        Row("1. end to end, 1 process (library: check_all + JSON)", w / one, "words/s"),
        Row(f"1. bare nlp.pipe, same pipeline, batch_size={batch}, one stream", w / median("bare"), "words/s"),
        Row("1. ratio end to end / bare nlp.pipe", median("ratio"), "×", "≥ 0.50", median("ratio") >= 0.5),
        *_shares(one, sum(corpus.read_seconds), bare_per_contract, median("render_one"), skipped),
        Row(f"2. end to end, check_all(jobs={jobs}) + JSON", w / median("many"), "words/s"),
        Row(f"2. speed-up check_all jobs={jobs} vs 1 process (library's pool)", median("speed_up"), "×"),
        Row("2. end to end, CLI scheduler (run_batch), 1 worker", w / median("cli_one"), "words/s"),
        Row(f"2. end to end, CLI scheduler (run_batch), {jobs} workers", w / median("cli_many"), "words/s"),
        Row(
            f"2. speed-up --jobs {jobs} vs --jobs 1 (CLI scheduler)",
            median("cli_speed_up"),
            "×",
            "≥ 1.80",
            median("cli_speed_up") >= 1.8,
        ),
    ]
    details = {
        "documents": len(corpus.paths),
        "documents_in_error": each[0]["errors"],
        "unreadable_in_extraction": corpus.unreadable,
        "words": w,
        "clauses": corpus.clauses,
        "spacy_texts": sum(len(t) for t in corpus.texts),
        "rounds": each,
        "seconds": {
            "bare_pipe_per_contract": bare_per_contract,
            "bare_pipe_per_contract_leaves_out": skipped,
            "read_and_segment": sum(corpus.read_seconds),
        },
    }
    return rows, details


def _throughput_round(checker: Any, corpus: Extracted, jobs: int, background: Background, batch: int) -> dict[str, Any]:
    """One round of :func:`throughput`: seconds of each side, and the ratios taken within it."""
    with background.watch("1. bare nlp.pipe"):
        bare_before = bare_pipe(checker.nlp, corpus.texts, batch, per_contract=False)
    half = len(corpus.paths) // 2
    halves = (corpus.paths[:half], corpus.paths[half:])
    timings: dict[tuple[int, int], tuple[float, float, int]] = {}
    cli: dict[tuple[int, int], float] = {}
    for part, order in ((0, (1, jobs)), (1, (jobs, 1))):
        runs = [(False, n) for n in order] + [(True, n) for n in order]
        for scheduler, n in runs if part == 0 else runs[::-1]:
            way = "CLI scheduler" if scheduler else "check_all"
            with background.watch(f"{'1' if n == 1 else '2'}. end to end, {way}, {n} job{'s' if n > 1 else ''}"):
                if scheduler:
                    cli[part, n] = scheduled(checker, halves[part], n)
                else:
                    timings[part, n] = end_to_end(checker, halves[part], n)
    with background.watch("1. bare nlp.pipe"):
        bare_after = bare_pipe(checker.nlp, corpus.texts, batch, per_contract=False)
    bare = (bare_before + bare_after) / 2
    one = timings[0, 1][0] + timings[1, 1][0]
    many = timings[0, jobs][0] + timings[1, jobs][0]
    cli_one = cli[0, 1] + cli[1, 1]
    cli_many = cli[0, jobs] + cli[1, jobs]
    return {
        "bare": bare,
        "bare_before_after": [bare_before, bare_after],
        "one": one,
        "many": many,
        "cli_one": cli_one,
        "cli_many": cli_many,
        "render_one": timings[0, 1][1] + timings[1, 1][1],
        "errors": timings[0, 1][2] + timings[1, 1][2],
        "ratio": bare / one,
        "speed_up": one / many,
        "cli_speed_up": cli_one / cli_many,
        "speed_up_by_half": [timings[part, 1][0] / timings[part, jobs][0] for part in (0, 1)],
        "cli_speed_up_by_half": [cli[part, 1] / cli[part, jobs] for part in (0, 1)],
        "by_half": {
            "end_to_end_1": [timings[0, 1][0], timings[1, 1][0]],
            f"end_to_end_{jobs}": [timings[0, jobs][0], timings[1, jobs][0]],
            "cli_scheduler_1": [cli[0, 1], cli[1, 1]],
            f"cli_scheduler_{jobs}": [cli[0, jobs], cli[1, jobs]],
        },
    }


def _shares(total: float, read: float, nlp: float, render: float, skipped: list[str]) -> list[Row]:
    """Where the single-process time goes (informational). Reading and spaCy are timed on
    their own; matching and the rules are what remains (with ``skipped`` components, run by
    clausecheck on some texts only)."""
    left = f" but {', '.join(skipped)}" if skipped else ""
    later = f", {', '.join(skipped)} where needed" if skipped else ""
    parts = [
        ("read + segment (read_contract, timed alone)", read),
        (f"spaCy{left} (bare nlp.pipe, one call per contract)", nlp),
        ("JSON envelope (each document as its report comes)", render),
        (f"matching{later} + rules + other (remainder)", total - read - nlp - render),
    ]
    return [Row(f"   share of 1-process time: {name}", 100 * t / total, "%") for name, t in parts]
