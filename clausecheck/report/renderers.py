"""One registry of report formats: the command line, the library and any front-end render through it.

Adding an output format is one function and one entry in ``RENDERERS``. Each renderer is
imported when used, so a run pays only for the format it asks for. Files the batch skipped
are listed only by the formats that have a place for them (SARIF's notifications).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clausecheck.model.findings import DocumentReport
    from clausecheck.report.run_info import RunInfo
    from clausecheck.ruleset.loader import RuleSet

Renderer = Callable[["list[DocumentReport]", "RunInfo", "RuleSet"], "str | bytes"]


def _checked(docs: list[DocumentReport]) -> list[DocumentReport]:
    return [d for d in docs if d.status != "skipped"]


def _markdown(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str:
    from clausecheck.report.markdown import render_document

    return "\n\n".join(render_document(d, info, ruleset) for d in _checked(docs))


def _html(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str:
    from clausecheck.report.html import render_html

    return render_html(_checked(docs), info, ruleset)


def _docx(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> bytes:
    from clausecheck.report.word import render_word

    return render_word(_checked(docs), info)


def _json(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str:
    from clausecheck.report.json_envelope import render_json

    return render_json(_checked(docs), info)


def _sarif(docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str:
    from clausecheck.report.sarif import render_sarif

    return render_sarif(docs, info, ruleset)


# Format name -> renderer. "docx" is binary: it is written to files, never printed.
RENDERERS: dict[str, Renderer] = {
    "markdown": _markdown,
    "html": _html,
    "docx": _docx,
    "json": _json,
    "sarif": _sarif,
}


# Format name -> file suffix and media type, for whoever writes or serves a rendered report.
MEDIA: dict[str, tuple[str, str]] = {
    "markdown": (".md", "text/markdown; charset=utf-8"),
    "html": (".html", "text/html; charset=utf-8"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "json": (".json", "application/json"),
    "sarif": (".sarif", "application/sarif+json"),
}


def render(fmt: str, docs: list[DocumentReport], info: RunInfo, ruleset: RuleSet) -> str | bytes:
    """The reports in format ``fmt`` (a key of ``RENDERERS``), for the side ``info`` names."""
    return RENDERERS[fmt](docs, info, ruleset)
