"""Benchmark `clausecheck serve`: latency for one contract, throughput for concurrent uploads.

    .venv/bin/python benchmarks/serve.py                  # 10 single uploads, then 20 at once
    .venv/bin/python benchmarks/serve.py --clients 50     # more at once

The server is started as counsel start it (`clausecheck serve --port 0`, its own process,
model loaded once); uploads go over HTTP as the page's form sends them, and each is timed
until the report page is received (POST, redirect, rendering of the HTML report).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from common import REPO, SAMPLES, log

CONTRACTS = ("contrat-telephonie-voip.docx", "abonnement-saas-crm.docx", "telecom-fixe-mobile.pdf")


def start_server(cwd: Path) -> tuple[subprocess.Popen[str], str, float]:
    """The server's process, its address, and the seconds it took to print it (model loading)."""
    began = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "clausecheck", "serve", "--port", "0"]
    process = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    address: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if match := re.search(r"page d'analyse sur (http://\S+)", line):
                address.append(match[1])
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(300):
        process.kill()
        raise SystemExit("the server did not start")
    return process, address[0], time.perf_counter() - began


async def upload(client: httpx.AsyncClient, name: str) -> float:
    began = time.perf_counter()
    files = [("fichiers", (name, (SAMPLES / name).read_bytes()))]
    answer = await client.post("/analyse", files=files, data={"cote": "client"})
    if answer.status_code != 200 or 'class="verdict' not in answer.text:
        raise SystemExit(f"unexpected answer {answer.status_code} for {name}")
    return time.perf_counter() - began


async def measure(url: str, singles: int, clients: int) -> dict[str, float]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, follow_redirects=True, timeout=600, limits=limits) as client:
        await upload(client, CONTRACTS[0])  # warm-up: first request, caches
        single = [await upload(client, CONTRACTS[0]) for _ in range(singles)]
        began = time.perf_counter()
        batch = await asyncio.gather(*(upload(client, CONTRACTS[i % len(CONTRACTS)]) for i in range(clients)))
        wall = time.perf_counter() - began
    ordered = sorted(batch)
    return {
        "single_median": statistics.median(single),
        "single_min": min(single),
        "single_max": max(single),
        "wall": wall,
        "per_minute": clients / wall * 60,
        "concurrent_median": statistics.median(ordered),
        "concurrent_p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "concurrent_max": ordered[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--singles", type=int, default=10, help="sequential uploads of one contract (latency)")
    parser.add_argument("--clients", type=int, default=20, help="uploads sent at once (throughput)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log("starting clausecheck serve")
        process, url, startup = start_server(Path(folder))
        try:
            log(f"server on {url}, measuring")
            result = asyncio.run(measure(url, options.singles, options.clients))
        finally:
            process.terminate()
            process.wait(30)
    machine = platform.processor() or platform.machine()
    print(f"Machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Start (model load, until the address is printed): {startup:.1f} s")
    print(
        f"One contract ({CONTRACTS[0]}), {options.singles} uploads one after the other: "
        f"median {result['single_median'] * 1000:.0f} ms (min {result['single_min'] * 1000:.0f}, "
        f"max {result['single_max'] * 1000:.0f})"
    )
    print(
        f"{options.clients} uploads at once ({', '.join(CONTRACTS)} in turn): all answered in {result['wall']:.2f} s, "
        f"{result['per_minute']:.0f} contracts/min; per upload median {result['concurrent_median']:.2f} s, "
        f"p95 {result['concurrent_p95']:.2f} s, max {result['concurrent_max']:.2f} s"
    )


if __name__ == "__main__":
    main()
