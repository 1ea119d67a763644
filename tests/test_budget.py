"""A batch never hangs: each document has a time budget, a killed worker costs one retry."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from clausecheck.batch.budget import check_batch, run_batch
from clausecheck.cli import app

# Each check runs in a forked worker process.
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker
    from clausecheck.model.findings import DocumentReport

SMALL = (
    "CONTRAT DE PRESTATIONS\n\nArticle 4 – Résiliation anticipée\n\nEn cas de résiliation anticipée par le Client, "
    "celui-ci verse une indemnité égale à l'intégralité des mensualités restant à courir jusqu'au terme du contrat.\n"
)


def _heavy(folder: Path) -> Path:
    """A contract that takes seconds to check (5 s here): 13 500 short articles, each matched by many patterns."""
    path = folder / "tres-long.txt"
    article = (
        "Le Prestataire ne garantit pas la sécurité ; il informe le Client de toute faille "
        "et peut modifier la plateforme."
    )
    articles = (f"Article {n} – Obligations\n{article}\n\n" for n in range(1, 13500))
    path.write_text("Contrat de prestation informatique\n\n" + "".join(articles), encoding="utf-8")
    return path


def _small(folder: Path) -> Path:
    path = folder / "court.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_budget_a_document_past_its_budget_is_too_slow_and_the_batch_goes_on(
    checker: Checker, tmp_path: Path, jobs: int
) -> None:
    started = time.monotonic()
    reports = list(check_batch(checker, [_heavy(tmp_path), _small(tmp_path)], jobs, budget=1))
    assert time.monotonic() - started < 60  # not the minutes the heavy document would take
    assert [r.error.code if r.error else r.status for r in reports] == ["too-slow", "ok"]
    assert reports[0].error is not None
    assert reports[0].path.endswith("tres-long.txt") and "--time-budget" in (reports[0].error.message or "")
    assert any(f.rule_id == "termination.full-remaining-price" for f in reports[1].findings)


def test_budget_is_set_on_the_command_line_and_the_exit_status_is_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--format", "json", "--no-date", "--time-budget", "1", str(_heavy(tmp_path)), str(_small(tmp_path))]
    )
    assert result.exit_code == 2
    codes = [(d["error"] or {}).get("code") for d in json.loads(result.stdout)["documents"]]
    assert codes == ["too-slow", None]


def _kill_workers(count: int, killed: list[int]) -> None:
    """Kill -9 the first ``count`` workers, each once it has worked for half a second."""
    deadline = time.monotonic() + 60
    while len(killed) < count and time.monotonic() < deadline:
        for child in multiprocessing.active_children():
            if child.pid is not None and child.pid not in killed:
                time.sleep(0.5)
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)
                break
        time.sleep(0.05)


def test_budget_a_killed_worker_is_retried_once_then_reported(checker: Checker, tmp_path: Path) -> None:
    killed: list[int] = []
    killer = threading.Thread(target=_kill_workers, args=(2, killed))
    killer.start()
    reports = list(check_batch(checker, [_heavy(tmp_path), _small(tmp_path)], 1, budget=120))
    killer.join()
    assert len(killed) == 2
    assert [r.error.code if r.error else r.status for r in reports] == ["worker-died", "ok"]
    assert "2 essais" in (reports[0].error.message if reports[0].error else "")


def test_budget_a_document_waiting_on_a_killed_worker_is_not_blamed(checker: Checker, tmp_path: Path) -> None:
    """Each worker holds the next document too; its death counts only against the one it was checking."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    killed: list[int] = []
    killer = threading.Thread(target=_kill_workers, args=(3, killed))
    killer.start()
    reports = list(check_batch(checker, [_heavy(first), _heavy(second), _small(tmp_path)], 1, budget=120))
    killer.join()
    assert len(killed) == 3
    # killed on the first twice, then once on the second, which waited behind it the first two times
    assert [r.error.code if r.error else r.status for r in reports] == ["worker-died", "ok", "ok"]


def test_budget_objects_frozen_for_the_workers_are_unfrozen_after_the_batch(checker: Checker, tmp_path: Path) -> None:
    """A library caller running many batches must not keep every cycle of the previous ones forever."""
    assert len(list(check_batch(checker, [_small(tmp_path)], 1, budget=60))) == 1
    assert gc.get_freeze_count() == 0
    assert len(list(checker.check_all([_small(tmp_path)] * 2, jobs=2))) == 2
    assert gc.get_freeze_count() == 0
    one_by_one = checker.check_all([_small(tmp_path)] * 2)
    next(one_by_one)
    assert gc.get_freeze_count() > 0  # frozen while the batch runs
    assert len(list(one_by_one)) == 1
    assert gc.get_freeze_count() == 0


def _where(report: DocumentReport) -> tuple[str, str, int]:
    """What ``finish`` makes of a report here: its status or error code, and the process that made it."""
    return Path(report.path).name, report.error.code if report.error else report.status, os.getpid()


@pytest.mark.parametrize("jobs", [1, 2])
def test_budget_reports_are_finished_by_the_workers_when_there_are_several(
    checker: Checker, tmp_path: Path, jobs: int
) -> None:
    """Several workers finish their own reports (this process would cap them); one worker's are
    finished here, while it checks the next. A document given up on is finished here too."""
    paths = [_heavy(tmp_path), _small(tmp_path), _small(tmp_path)]
    finished = list(run_batch(checker, paths, _where, jobs, budget=1))
    assert [(name, status) for name, status, _ in finished] == [
        ("tres-long.txt", "too-slow"),
        ("court.txt", "ok"),
        ("court.txt", "ok"),
    ]
    here = os.getpid()
    assert finished[0][2] == here
    assert all((pid != here) == (jobs > 1) for _, _, pid in finished[1:])


def test_budget_without_budget_one_job_checks_and_finishes_in_this_process(checker: Checker, tmp_path: Path) -> None:
    finished = list(run_batch(checker, [_small(tmp_path)], _where, 1, budget=0))
    assert finished == [("court.txt", "ok", os.getpid())]
