"""A batch checked in forked worker processes, each document under a time budget.

A pathological document can make work grow faster than its size inside C code (a regex,
spaCy's tokenizer) that no signal interrupts; only killing the process stops it. So each
document is checked in a worker forked from this process (sharing the loaded model), and
when it outlives the budget its worker is killed, the document reported ``too-slow`` and
the batch goes on with a fresh worker. A worker killed from outside (``kill -9``, the
out-of-memory killer) costs only the document it held: that document is retried once on
a fresh worker, then reported ``worker-died``; nothing is ever waited on forever.
Reports come back in input order. Each worker holds the document it checks and the next
one, so that it goes on while this process reads and prints the report it just sent.
What a worker sends back may be the report already made into what the caller needs (its
JSON, for one): this process then only writes it, and does not cap the batch's speed.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Generic, TypeVar

from clausecheck.engine.source import source_name
from clausecheck.model.errors import ReadError
from clausecheck.model.findings import DocumentReport, ErrorInfo, Finding

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.process import BaseProcess
    from pathlib import Path

    from clausecheck.engine.checker import Checker
    from clausecheck.engine.source import Source

DEFAULT_BUDGET = 120.0  # seconds per document; a long real contract takes a few seconds
_ATTEMPTS = 2  # a document whose worker dies is tried once more
_AHEAD_PER_JOB = 8  # documents checked ahead of the next one to report, per worker
_HELD = 2  # documents sent to a worker at once: the one it checks, the one it starts next

T = TypeVar("T")

_WORK: Callable[[Path], object] | None = None  # set before the workers are forked; they inherit it


def _serve(conn: Connection) -> None:
    """A worker: paths in, finished reports out, until the batch closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle, once
    assert _WORK is not None, "workers are forked after their work is set"
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        conn.send(_WORK(path))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    held: deque[int] = field(default_factory=deque)  # documents sent, the first being checked
    started: float = 0.0  # when the first began (at the latest)

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


class SharedRuleTexts:
    """Findings of one rule made to share its texts (title, message, why, advice, references).

    A report unpickled from a worker gives each finding its own copy of its rule's texts, a
    few kilobytes kept until the batch is rendered: over 1 000 contracts the CLI grew by
    tens of megabytes. The first finding of each rule lends its texts to the next ones.
    """

    def __init__(self) -> None:
        self._first: dict[str, Finding] = {}

    def __call__(self, report: DocumentReport) -> DocumentReport:
        for finding in report.findings:
            first = self._first.setdefault(finding.rule_id, finding)
            if first is not finding and _texts(first) == _texts(finding):
                finding.title, finding.message, finding.why = first.title, first.message, first.why
                finding.advice, finding.references = first.advice, first.references
        return report


def _texts(finding: Finding) -> tuple[object, ...]:
    return finding.title, finding.message, finding.why, finding.advice, finding.references


def failed_report(source: Source, reason: str, detail: str) -> DocumentReport:
    """The report of a document the batch gave up on (``too-slow``, ``worker-died``)."""
    error = ReadError.of(reason, detail)
    return DocumentReport(
        path=source_name(source), status="error", error=ErrorInfo(code=error.code, message=error.message)
    )


def check_batch(
    checker: Checker, paths: list[Path], jobs: int = 1, budget: float | None = DEFAULT_BUDGET
) -> Iterator[DocumentReport]:
    """Check ``paths`` in ``jobs`` workers, each document within ``budget`` seconds (None or 0: no limit).

    Without a budget and with one job, documents are checked in this process, as a library would.
    """
    return map(SharedRuleTexts(), run_batch(checker, paths, _as_is, jobs, budget))


def _as_is(report: DocumentReport) -> DocumentReport:
    return report


def run_batch(
    checker: Checker,
    paths: list[Path],
    finish: Callable[[DocumentReport], T],
    jobs: int = 1,
    budget: float | None = DEFAULT_BUDGET,
) -> Iterator[T]:
    """``check_batch``, each report passed through ``finish`` (e.g. made into its JSON).

    With several workers, each finishes the reports it makes and sends back what ``finish``
    returns: finished here, they would add this process's work to theirs, and it would cap
    the batch. With one worker, this process finishes them while the worker checks the next.
    """
    limit = budget or math.inf
    if jobs <= 1 and math.isinf(limit):
        for path in paths:
            yield finish(checker.check(path))
    elif jobs <= 1:
        yield from map(finish, _Scheduler(checker.check, failed_report, paths, 1, limit).run())
    else:

        def work(path: Path) -> T:
            return finish(checker.check(path))

        def give_up(path: Path, reason: str, detail: str) -> T:
            return finish(failed_report(path, reason, detail))

        yield from _Scheduler(work, give_up, paths, jobs, limit).run()


class _Scheduler(Generic[T]):
    def __init__(
        self,
        work: Callable[[Path], T],
        give_up: Callable[[Path, str, str], T],
        paths: list[Path],
        jobs: int,
        budget: float,
    ) -> None:
        self.work, self.give_up, self.paths, self.jobs, self.budget = work, give_up, paths, jobs, budget
        self.todo: deque[int] = deque(range(len(paths)))
        self.attempts = [0] * len(paths)
        self.done: dict[int, T] = {}
        self.workers: list[_Worker] = []
        self.context = multiprocessing.get_context("fork")

    def run(self) -> Iterator[T]:
        global _WORK
        _WORK = self.work
        following = 0
        try:
            while following < len(self.paths):
                self._hand_out(following)
                self._collect()
                while following in self.done:
                    yield self.done.pop(following)
                    following += 1
        finally:
            for worker in self.workers:
                worker.stop()
            gc.unfreeze()  # back within the collector's reach: a library caller may run many batches

    def _spawn(self) -> _Worker:
        # What is loaded so far (the model, the rules) lives as long as the batch: kept out of
        # the collector's reach, so that a worker's collections do not write to, and copy,
        # every page it shares with this process.
        gc.freeze()
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs,), daemon=True)
        process.start()
        theirs.close()  # so that the worker's death reads as the end of its pipe
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _hand_out(self, following: int) -> None:
        while self.todo and self.todo[0] < following + self.jobs * _AHEAD_PER_JOB:
            worker = min(self.workers, key=lambda w: len(w.held), default=None)
            if worker is None or (worker.held and len(self.workers) < self.jobs):
                worker = self._spawn()
            elif len(worker.held) >= _HELD:
                return
            index = self.todo.popleft()
            self.attempts[index] += 1
            if not worker.held:
                worker.started = time.monotonic()
            worker.held.append(index)
            try:
                worker.conn.send(self.paths[index])
            except OSError:  # died, while idle or on the document it was checking
                self._drop(worker, blamed=len(worker.held) > 1)

    def _collect(self) -> None:
        busy = [w for w in self.workers if w.held]
        deadline = min(w.started for w in busy) + self.budget
        wait(
            [w.conn for w in busy] + [w.process.sentinel for w in busy],
            timeout=max(0.0, deadline - time.monotonic()) if math.isfinite(deadline) else None,
        )
        for worker in busy:
            try:
                while worker.held and worker.conn.poll():
                    self.done[worker.held.popleft()] = worker.conn.recv()
                    # The worker goes straight on to the next document it holds: its clock
                    # starts now at the latest, never while the document waited behind the other.
                    worker.started = time.monotonic()
            except (EOFError, OSError):
                self._drop(worker, blamed=True)  # the pipe ended: the worker died before answering
                continue
            if not worker.held:
                continue
            if not worker.process.is_alive():
                self._drop(worker, blamed=True)
            elif time.monotonic() - worker.started >= self.budget:
                index = worker.held.popleft()
                self.done[index] = self.give_up(self.paths[index], "too-slow", f"plus de {self.budget:g} s")
                self._drop(worker, blamed=False)

    def _drop(self, worker: _Worker, blamed: bool) -> None:
        """Stop a worker; the documents it held go back, the one it checked blamed if ``blamed``.

        A document is tried at most twice on a worker that dies while checking it, then reported.
        """
        worker.stop()
        self.workers.remove(worker)
        back: list[int] = []
        for position, index in enumerate(worker.held):
            if position > 0 or not blamed:
                self.attempts[index] -= 1  # never started, or not the cause: not an attempt
            elif self.attempts[index] >= _ATTEMPTS:
                self.done[index] = self.give_up(self.paths[index], "worker-died", f"{self.attempts[index]} essais")
                continue
            back.append(index)
        self.todo.extendleft(reversed(back))
