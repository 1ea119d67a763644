"""The same check mapped over a Dask distributed cluster (``pip install "clausecheck[dask]"``).

Files travel as (name, bytes), so workers need no shared file system; each worker process
builds its checker once (``shared_checker`` is a per-process cache) and keeps it for every
file it is given. Results come back in input order. A worker lost mid-run takes only its
running tasks with it: the scheduler gives them to another worker (Dask's own
rescheduling), and ``retries`` covers an exception raised on the way.

The time budget: a Dask task runs in a worker thread, which nothing can stop from inside,
so the client watches the document whose result comes next. Once the scheduler shows it
running on a worker for longer than the budget, the document is reported ``too-slow`` and
that worker is restarted by its nanny; the documents it held are rescheduled. The clock
starts when the client sees the task running, never before it ran: a document may run a
little longer than the budget, it is never blamed for waiting in the queue.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clausecheck.batch.budget import failed_report
from clausecheck.engine.checker import shared_checker
from clausecheck.engine.source import Source
from clausecheck.model.findings import DocumentReport
from clausecheck.read.docx import MAX_UNCOMPRESSED

if TYPE_CHECKING:
    from distributed import Client

LOCAL = "local:"
# Files in flight per worker thread: enough to keep workers busy, few enough that a data
# room of thousands of contracts is never held in memory at once.
_IN_FLIGHT_PER_THREAD = 4
_RETRIES = 2
_POLL = 1.0  # seconds between two looks at a document that overruns its budget


class DaskError(Exception):
    """Dask is not installed, or the cluster address cannot be used."""


def check_file(source: Source, rule_dirs: tuple[Path, ...]) -> DocumentReport:
    """What a worker runs: the library check, with the checker this process already built."""
    return shared_checker(rule_dirs).check(source)


def _payload(path: Path) -> Source:
    """(name, bytes) for a readable file; else the path itself, so the worker reports the same error."""
    try:
        if path.is_file() and os.access(path, os.R_OK) and path.stat().st_size <= MAX_UNCOMPRESSED:
            return (str(path), path.read_bytes())
    except OSError:
        pass
    return path


def _client(address: str, stack: ExitStack) -> Client:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskError('--dask demande Dask : pip install "clausecheck[dask]"') from None
    if address.startswith(LOCAL):
        count = address.removeprefix(LOCAL)
        if not count.isdigit() or int(count) < 1:
            raise DaskError(f"--dask {address} : indiquez un nombre de processus, par exemple local:2")
        cluster = stack.enter_context(
            # Dask's warnings (a worker restarted after a too-slow document) are not for counsel:
            # what happened to each document is in its report.
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        )
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(address, timeout=30))
    except (OSError, TimeoutError) as exc:
        raise DaskError(f"--dask {address} : ordonnanceur Dask injoignable ({exc})") from None


def _load_checker_on_workers(client: Client, rule_dirs: tuple[Path, ...]) -> None:
    """Build the checker in every worker, and in every worker started later, before it gets a file.

    So a document's time on a worker is its own check, never the model's loading.
    """
    from distributed import WorkerPlugin

    class LoadChecker(WorkerPlugin):
        name = "clausecheck-checker"

        def setup(self, worker: object) -> None:
            shared_checker(rule_dirs)

    client.register_plugin(LoadChecker())


def _running_on(client: Client, key: object) -> str | None:
    """The worker running the task ``key``, if the scheduler shows it running."""
    return next((worker for worker, keys in client.processing().items() if key in keys), None)


def _outcome(client: Client, future: Any, path: Path, budget: float | None) -> DocumentReport:
    """The document's report, or ``too-slow`` once it has run on a worker for ``budget`` seconds."""
    if not budget:
        report: DocumentReport = future.result()
        return report
    running_since: float | None = None
    while True:
        try:
            report = future.result(timeout=min(_POLL, budget))
            return report
        except TimeoutError:
            pass
        worker = _running_on(client, future.key)
        now = time.monotonic()
        if worker is None:  # still queued, or queued again after its worker was lost
            running_since = None
        elif running_since is None:
            running_since = now
        elif now - running_since >= budget:
            future.cancel()
            client.restart_workers([worker], raise_for_error=False)
            return failed_report(path, "too-slow", f"plus de {budget:g} s")


def check_on_dask(
    address: str, paths: list[Path], rule_dirs: tuple[Path, ...] = (), budget: float | None = None
) -> Iterator[DocumentReport]:
    """Check ``paths`` on the cluster at ``address`` (or ``local:N``), yielding reports in input order.

    ``budget``: seconds a document may run on a worker (None or 0: no limit).
    """
    with ExitStack() as stack:
        client = _client(address, stack)
        _load_checker_on_workers(client, rule_dirs)
        threads = sum(client.nthreads().values()) or 1
        window: deque[tuple[Path, Any]] = deque()
        pending = iter(paths)

        def submit_next() -> None:
            path = next(pending, None)
            if path is not None:
                future = client.submit(check_file, _payload(path), rule_dirs, retries=_RETRIES, pure=False)
                window.append((path, future))

        for _ in range(threads * _IN_FLIGHT_PER_THREAD):
            submit_next()
        while window:
            path, future = window.popleft()
            report = _outcome(client, future, path, budget)
            future.release()
            submit_next()
            yield report
