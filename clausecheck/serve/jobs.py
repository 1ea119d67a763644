"""Checks queued on one worker thread, and their results kept a while in memory for the downloads.

The model is loaded once and shared: spaCy is not documented as safe to call from several
threads at once, so one thread checks the files one after the other and every request
waits its turn instead of being refused. Each file is its own job: a broken one fails
alone and the others go on.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from clausecheck.engine.checker import Checker
from clausecheck.model.errors import MESSAGES
from clausecheck.model.findings import DocumentReport, ErrorInfo, Side
from clausecheck.serve.uploads import Upload, extension

_log = logging.getLogger("clausecheck.serve")


@dataclass
class Job:
    """One upload of one or several files, checked in the order received."""

    id: str
    side: Side
    uploads: list[Upload]
    created: float = field(default_factory=time.monotonic)
    reports: list[DocumentReport | None] = field(default_factory=list)
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.reports = [None] * len(self.uploads)

    @property
    def done(self) -> int:
        return sum(r is not None for r in self.reports)

    @property
    def size(self) -> int:
        return sum(len(u.data) for u in self.uploads)

    def results(self) -> list[DocumentReport]:
        assert self.finished.is_set(), "results are read once the job has finished"
        return [r for r in self.reports if r is not None]

    def draft(self, index: int) -> bytes | None:
        """The uploaded Word draft at ``index``, the only kind that can be annotated, while it is kept."""
        upload = self.uploads[index]
        return upload.data if extension(upload.name) == ".docx" and upload.data else None


class CheckQueue:
    """One worker thread for the shared checker, fed by at most ``capacity`` files at a time."""

    def __init__(self, checker: Checker, capacity: int = 32) -> None:
        self.checker = checker
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clausecheck-check")
        # Files beyond the capacity wait here, in the event loop, for a place in the queue.
        self._slots = asyncio.Semaphore(capacity)
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, job: Job) -> None:
        """Check the job's files in the background; ``job.finished`` is set when all are done."""
        task = asyncio.get_running_loop().create_task(self._run(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Job) -> None:
        began = time.monotonic()
        try:
            await asyncio.gather(*(self._check(job, i) for i in range(len(job.uploads))))
            failed = sum(r is not None and r.status != "ok" for r in job.reports)
            seconds = f"{time.monotonic() - began:.1f}".replace(".", ",")
            # Counts only: the names and contents of the files are never logged.
            _log.info(
                "%d fichier(s) reçu(s), %d analysé(s), %d non analysé(s) en %s s",
                len(job.uploads),
                len(job.uploads) - failed,
                failed,
                seconds,
            )
        finally:
            code, message = MESSAGES["internal-error"]
            for index, report in enumerate(job.reports):  # only if the queue was shut down under it
                if report is None:
                    error = ErrorInfo(code=code, message=message)
                    job.reports[index] = DocumentReport(path=job.uploads[index].name, status="error", error=error)
            job.finished.set()

    async def _check(self, job: Job, index: int) -> None:
        upload = job.uploads[index]
        if not upload.supported:
            code, message = MESSAGES["unsupported-format"]
            if extension(upload.name) == ".doc":
                code, message = MESSAGES["legacy-doc"]
            job.reports[index] = DocumentReport(
                path=upload.name, status="skipped", error=ErrorInfo(code=code, message=message)
            )
            return
        async with self._slots:
            loop = asyncio.get_running_loop()
            # Checker.check turns any failure, ours included, into the document's error.
            report = await loop.run_in_executor(self._executor, self.checker.check, (upload.name, upload.data))
        job.reports[index] = report
        if extension(upload.name) != ".docx" or report.status != "ok":
            # Only a Word draft that was read is kept, to annotate it; the rest is let go now.
            job.uploads[index] = Upload(upload.name, b"")

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)


class ResultStore:
    """Jobs by random id, forgotten after ``ttl`` seconds or when the store passes its caps."""

    def __init__(self, ttl: float = 3600, max_jobs: int = 50, max_bytes: int = 512 * 1024 * 1024) -> None:
        self.ttl, self.max_jobs, self.max_bytes = ttl, max_jobs, max_bytes
        self._jobs: OrderedDict[str, Job] = OrderedDict()

    def new(self, uploads: list[Upload], side: Side) -> Job:
        self._expire()
        job = Job(secrets.token_urlsafe(16), side, uploads)
        self._jobs[job.id] = job
        while len(self._jobs) > 1 and (
            len(self._jobs) > self.max_jobs or sum(j.size for j in self._jobs.values()) > self.max_bytes
        ):
            self._jobs.popitem(last=False)  # the oldest goes first
        return job

    def get(self, job_id: str) -> Job | None:
        self._expire()
        return self._jobs.get(job_id)

    def __len__(self) -> int:
        return len(self._jobs)

    def _expire(self) -> None:
        limit = time.monotonic() - self.ttl
        for job_id in [k for k, job in self._jobs.items() if job.created < limit]:
            del self._jobs[job_id]
