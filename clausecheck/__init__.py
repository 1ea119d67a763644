"""clausecheck: flags the risky clauses of French IT contracts, with the case law behind each flag.

As a library::

    import clausecheck

    report = clausecheck.check("contrat.docx")           # or check(("contrat.docx", data))
    print(clausecheck.render([report], side="supplier"))  # Markdown, for the supplier's counsel
    print(clausecheck.render([report], format="json"))    # the JSON envelope, client's view
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

__version__ = "0.1.0"

if TYPE_CHECKING:
    from clausecheck.model.findings import DocumentReport, Side


def check(source: str | Path | tuple[str, bytes], *, rules: list[Path] | None = None) -> DocumentReport:
    """Check one contract, a path or a (file name, content) pair, and return its report.

    The pipeline is loaded on first use and kept for the next calls. The report serves
    both sides: the side is chosen when rendering.
    """
    from clausecheck.engine.checker import shared_checker

    return shared_checker(extra_rules=tuple(rules or ())).check(source if isinstance(source, tuple) else Path(source))


def render(
    reports: list[DocumentReport],
    *,
    format: Literal["markdown", "json", "sarif"] = "markdown",
    side: Side = "client",
    rules: list[Path] | None = None,
) -> str:
    """Render checked reports for one side, as the command line prints them (without a date)."""
    from clausecheck.engine.checker import shared_checker
    from clausecheck.report.renderers import render as render_as
    from clausecheck.report.run_info import make_run_info

    checker = shared_checker(extra_rules=tuple(rules or ()))
    info = make_run_info(checker.ruleset.files, checker.model, side, no_date=True)
    text = render_as(format, reports, info, checker.ruleset)
    assert isinstance(text, str), "the library renders text formats only"
    return text
