"""A batch checked on a local Dask cluster gives byte for byte the sequential run's output."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from itertools import cycle, islice
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker
    from clausecheck.model.findings import DocumentReport

ROOT = Path(__file__).parent.parent
CONTRACTS = sorted(p for p in (ROOT / "tests" / "corpus").iterdir() if p.suffix != ".yaml")
CONTRACTS += sorted((ROOT / "samples").iterdir())


def _run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "clausecheck",
        "--format",
        "json",
        "--no-date",
        "--fail-on",
        "none",
        *map(str, args),
    ]
    return subprocess.run(command, capture_output=True, env=env, timeout=300, check=False)


@pytest.mark.slow
def test_dask_two_worker_cluster_output_is_byte_identical_to_the_sequential_run(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    folder = tmp_path / "lot"
    folder.mkdir()
    for i, contract in enumerate(islice(cycle(CONTRACTS), 40)):
        shutil.copy(contract, folder / f"{i:02d}-{contract.name}")
    sequential = _run(folder)
    on_dask = _run("--dask", "local:2", folder)
    assert sequential.returncode == 0, sequential.stderr.decode()
    assert on_dask.returncode == 0, on_dask.stderr.decode()
    assert b'"findings"' in sequential.stdout and sequential.stdout.count(b'"path"') >= 40
    assert on_dask.stdout == sequential.stdout


def test_dask_bad_local_address_is_refused_in_french(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from clausecheck.batch.dask_run import DaskError, check_on_dask

    with pytest.raises(DaskError, match="nombre de processus"):
        list(check_on_dask("local:deux", [tmp_path / "a.txt"]))


@pytest.mark.slow
def test_dask_worker_lost_mid_run_loses_no_file(tmp_path: Path, checker: Checker) -> None:
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from clausecheck.batch.dask_run import check_on_dask

    files = []
    for i, contract in enumerate(islice(cycle(CONTRACTS), 16)):
        files.append(tmp_path / f"{i:02d}-{contract.name}")
        shutil.copy(contract, files[-1])
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as watcher,
    ):
        reports: list[DocumentReport] = []
        for report in check_on_dask(cluster.scheduler_address, files):
            if not reports:  # the first result is back: the others are running or queued
                victim = next(iter(watcher.run(os.getpid).values()))
                os.kill(victim, signal.SIGKILL)
            reports.append(report)
    assert [r.model_dump_json() for r in reports] == [checker.check(f).model_dump_json() for f in files]


@pytest.mark.slow
def test_dask_document_over_its_time_budget_is_too_slow_and_the_batch_goes_on(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    folder = tmp_path / "lot"
    folder.mkdir()
    shutil.copy(CONTRACTS[0], folder / f"a-{CONTRACTS[0].name}")
    # 5 s to check on one core, each short article matched by many patterns
    article = (
        "Le Prestataire ne garantit pas la sécurité ; il informe le Client de toute faille "
        "et peut modifier la plateforme."
    )
    long_text = "".join(f"Article {i} – Obligations\n{article}\n\n" for i in range(1, 13500))
    (folder / "b-tres-long.txt").write_text("Contrat de prestation informatique\n\n" + long_text, encoding="utf-8")
    shutil.copy(CONTRACTS[1], folder / f"c-{CONTRACTS[1].name}")
    on_dask = _run("--dask", "local:1", "--time-budget", "2", folder)
    sequential = _run(*sorted(p for p in folder.iterdir() if not p.name.startswith("b-")))
    assert on_dask.returncode == 2, on_dask.stderr.decode()
    documents = json.loads(on_dask.stdout)["documents"]
    assert [d["status"] for d in documents] == ["ok", "error", "ok"]
    assert documents[1]["error"]["code"] == "too-slow"
    assert "plus de 2 s" in documents[1]["error"]["message"]
    kept = json.loads(sequential.stdout)["documents"]
    assert [documents[0], documents[2]] == kept  # the worker restarted after the long one checks as before
