"""The same check mapped over a Dask distributed cluster (``pip install "clausecheck[dask]"``).

Files travel as (name, bytes), so workers need no shared file system; each worker process
builds its checker once (``shared_checker`` is a per-process cache) and keeps it for every
file it is given. Results come back in input order. A worker lost mid-run takes only its
running tasks with it: the scheduler gives them to another worker (Dask's own
rescheduling), and ``retries`` covers an exception raised on the way.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
            LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True, dashboard_address=None)
        )
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(address, timeout=30))
    except (OSError, TimeoutError) as exc:
        raise DaskError(f"--dask {address} : ordonnanceur Dask injoignable ({exc})") from None


def check_on_dask(address: str, paths: list[Path], rule_dirs: tuple[Path, ...] = ()) -> Iterator[DocumentReport]:
    """Check ``paths`` on the cluster at ``address`` (or ``local:N``), yielding reports in input order."""
    with ExitStack() as stack:
        client = _client(address, stack)
        threads = sum(client.nthreads().values()) or 1
        window: deque[Any] = deque()
        pending = iter(paths)

        def submit_next() -> None:
            path = next(pending, None)
            if path is not None:
                window.append(client.submit(check_file, _payload(path), rule_dirs, retries=_RETRIES, pure=False))

        for _ in range(threads * _IN_FLIGHT_PER_THREAD):
            submit_next()
        while window:
            future = window.popleft()
            report: DocumentReport = future.result()
            future.release()
            submit_next()
            yield report
