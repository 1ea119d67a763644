"""What the server answers: the upload page, the reports of the HTML deliverable, the downloads.

The report pages are ``render_html`` / ``render_html_index`` as the command line writes
them, with a bar of actions (downloads, point of view) added above their content.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from clausecheck.engine.checker import Checker
from clausecheck.model.findings import DocumentReport, Side
from clausecheck.report.html import render_html, render_html_index
from clausecheck.report.renderers import MEDIA, render
from clausecheck.report.run_info import RunInfo, make_run_info
from clausecheck.serve.jobs import Job
from clausecheck.serve.uploads import SIDE_PARAM, Limits

_ENV = Environment(
    loader=PackageLoader("clausecheck.serve", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# The upload page looks like the reports: their style sheet, then the page's own.
_CSS = Markup(
    files("clausecheck.report").joinpath("templates/style.css").read_text(encoding="utf-8")
    + files("clausecheck.serve").joinpath("templates/serve.css").read_text(encoding="utf-8")
)
_SERVE_CSS = Markup(files("clausecheck.serve").joinpath("templates/serve.css").read_text(encoding="utf-8"))
SCRIPT = files("clausecheck.serve").joinpath("static/upload.js").read_text(encoding="utf-8")

# Status of a request none of whose files could be checked, by the error code of the files.
_STATUS = {"too-large": 413, "unsupported-format": 415, "legacy-doc": 415, "internal-error": 500}
DOWNLOADS = {
    "annote": "Copie annotée (Word)",
    "rapport.docx": "Rapport Word",
    "rapport.json": "JSON",
    "rapport.sarif": "SARIF",
}


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    media_type: str

    def disposition(self) -> str:
        """An attachment header any browser reads, the name in ASCII and in full UTF-8."""
        fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in self.filename)
        return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(self.filename, safe='')}"


def job_status(reports: list[DocumentReport]) -> int:
    """200 when one file at least was checked; else the status its failure calls for (422 by default)."""
    if any(r.status == "ok" for r in reports):
        return 200
    statuses = {_STATUS.get(r.error.code if r.error else "", 422) for r in reports}
    return statuses.pop() if len(statuses) == 1 else 422


def failures(reports: list[DocumentReport]) -> list[str]:
    return [f"{r.path} : {r.error.message}" for r in reports if r.status != "ok" and r.error]


class Pages:
    def __init__(self, checker: Checker, limits: Limits, ttl: float) -> None:
        self.checker, self.limits, self.ttl = checker, limits, ttl

    def info(self, side: Side) -> RunInfo:
        return make_run_info(self.checker.ruleset.files, self.checker.model, side, no_date=False)

    def upload(self, errors: list[str] | None = None, side: Side = "client") -> str:
        return _ENV.get_template("upload.html.j2").render(
            css=_CSS,
            errors=errors or [],
            side=SIDE_PARAM[side],
            limits=self.limits.describe(),
            minutes=round(self.ttl / 60),
            accept=",".join((".docx", ".pdf", ".txt", ".md")),
        )

    def login(self, error: str | None = None) -> str:
        return _ENV.get_template("login.html.j2").render(css=_CSS, error=error)

    def message(self, title: str, text: str) -> str:
        return _ENV.get_template("message.html.j2").render(css=_CSS, title=title, text=text)

    def report(self, job: Job, side: Side, number: int | None) -> str:
        """One contract's report (``number``, from 1), or all the contracts of the job on one page."""
        docs = job.results()
        chosen = [docs[number - 1]] if number else docs
        page = render_html(chosen, self.info(side), self.checker.ruleset)
        base = f"/rapport/{job.id}" + (f"/{number}" if number else "/tous")
        back = f"/rapport/{job.id}?cote={SIDE_PARAM[side]}" if len(docs) > 1 else None
        return _with_bar(page, self._bar(job, side, base, number, back))

    def index(self, job: Job, side: Side) -> str:
        """A batch: one row per file, riskiest first, each linked to its own report."""
        cote = SIDE_PARAM[side]
        rows = [
            (doc, f"/rapport/{job.id}/{i}?cote={cote}" if doc.status != "skipped" else None)
            for i, doc in enumerate(job.results(), 1)
        ]
        page = render_html_index(rows, self.info(side))
        return _with_bar(page, self._bar(job, side, f"/rapport/{job.id}", None, None, everything=True))

    def _bar(
        self, job: Job, side: Side, base: str, number: int | None, back: str | None, everything: bool = False
    ) -> Markup:
        """Point of view, downloads (of this contract, or of the whole batch), way back to the list."""
        cote = SIDE_PARAM[side]
        doc = f"&doc={number}" if number else ""
        kinds = [k for k in DOWNLOADS if k != "annote" or (number and job.draft(number - 1))]
        return Markup(
            _ENV.get_template("bar.html.j2").render(
                back=back,
                everything=f"/rapport/{job.id}/tous?cote={cote}" if everything else None,
                sides=[
                    {"label": label, "href": f"{base}?cote={param}", "current": param == cote}
                    for param, label in (("client", "Client"), ("prestataire", "Prestataire"))
                ],
                downloads=[
                    {"label": DOWNLOADS[k], "href": f"/telecharger/{job.id}/{k}?cote={cote}{doc}"} for k in kinds
                ],
            )
        )

    def download(self, job: Job, kind: str, side: Side, number: int | None) -> Download | None:
        """The file asked for, or None when there is no such file (a PDF has no annotated copy)."""
        docs = job.results()
        chosen = [docs[number - 1]] if number else docs
        stem = Path(chosen[0].path).stem if len(chosen) == 1 else "contrats"
        if kind == "annote":
            draft = job.draft(number - 1) if number else None
            if draft is None or chosen[0].status != "ok":
                return None
            from clausecheck.report.annotate import annotated_copy

            data, _ = annotated_copy(draft, chosen[0], side)
            return Download(data, f"{stem}.annote.docx", MEDIA["docx"][1])
        fmt = next((f for f, (suffix, _) in MEDIA.items() if kind == f"rapport{suffix}" and kind in DOWNLOADS), None)
        if fmt is None:
            return None
        # The registry leaves skipped files out of the formats that have no place for them.
        rendered = render(fmt, chosen, self.info(side), self.checker.ruleset)
        data = rendered.encode() if isinstance(rendered, str) else rendered
        return Download(data, f"{stem}.{kind}", MEDIA[fmt][1])


def _with_bar(page: str, bar: Markup) -> str:
    """The report page with the bar's style in its head and the bar above its content."""
    head, main = "</head>", '<main id="contenu">'
    if head not in page or main not in page:
        raise RuntimeError("the HTML report no longer has the head and main the bar is placed by")
    page = page.replace(head, f"<style>{_SERVE_CSS}</style>\n{head}", 1)
    return page.replace(main, f"{bar}\n{main}", 1)
