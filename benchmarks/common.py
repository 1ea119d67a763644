"""Paths and units shared by the benchmark modules."""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
MB = 1024 * 1024
QUIET_CORES = 0.25  # CPU used by other processes above which a timing is flagged


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
