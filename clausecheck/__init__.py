"""clausecheck: flags the risky clauses of French IT contracts, with the case law behind each flag."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from clausecheck.model.findings import DocumentReport


def check(
    source: str | Path | tuple[str, bytes], *, side: str = "client", rules: list[Path] | None = None
) -> DocumentReport:
    """Check one contract, a path or a (file name, content) pair, and return its report.

    The pipeline is loaded on first use and kept for the next calls.
    """
    from clausecheck.engine.checker import shared_checker

    return shared_checker(side=side, extra_rules=tuple(rules or ())).check(
        source if isinstance(source, tuple) else Path(source)
    )
