"""clausecheck: flags the risky clauses of French IT contracts, with the case law behind each flag."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from clausecheck.findings import DocumentReport


def check(path: str | Path, *, side: str = "client", rules: list[Path] | None = None) -> DocumentReport:
    """Check one contract and return its report (loads the pipeline on first use)."""
    from clausecheck.checker import shared_checker

    return shared_checker(side=side, extra_rules=tuple(rules or ())).check(Path(path))
