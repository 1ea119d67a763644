"""What identifies a run: versions of the tool, rules and model, and its date."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from clausecheck import __version__
from clausecheck.model.findings import Side


@dataclass(frozen=True)
class RunInfo:
    version: str
    rules_version: str
    model: str
    date: str | None
    side: Side


def rules_version(files: list[str]) -> str:
    """A digest of the rule files' contents, so two reports say whether the rules differed."""
    digest = hashlib.sha256()
    for name in sorted(files, key=lambda f: Path(f).name):
        digest.update(Path(name).name.encode())
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()[:12]


def run_date(no_date: bool) -> str | None:
    """Today's date, or the one fixed by SOURCE_DATE_EPOCH for reproducible reports."""
    if no_date:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    except (OverflowError, OSError, ValueError):  # a date no calendar has: today's, as without the variable
        moment = datetime.now(UTC)
    return moment.date().isoformat()


def make_run_info(files: list[str], model: str, side: Side, no_date: bool) -> RunInfo:
    return RunInfo(__version__, rules_version(files), model, run_date(no_date), side)
