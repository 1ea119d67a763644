"""The files a run writes: one report per contract, the index, the annotated copies, the summary line."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from clausecheck.batch.budget import SharedRuleTexts
from clausecheck.batch.config import filter_report
from clausecheck.batch.outputs import OutputError, write_output
from clausecheck.cli.common import Format, say
from clausecheck.model.findings import DocumentReport, Side
from clausecheck.text.names import printable

if TYPE_CHECKING:
    from clausecheck.report.run_info import RunInfo
    from clausecheck.ruleset.loader import RuleSet


@contextlib.contextmanager
def held_ctrl_c() -> Iterator[None]:
    """Ctrl-C waits until a contract's report is written and recorded: the index written on
    interruption then lists every report the run left on disk (a report written, then
    interrupted before it was recorded, was missing from it)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
    if caught:
        raise KeyboardInterrupt


class Outcome(NamedTuple):
    """What the summary line and the exit status need of a report."""

    status: str
    severities: tuple[str, ...]


class Checked(NamedTuple):
    """A contract's report as the run writes it."""

    path: str
    error: str | None  # the error message, for a document not analysed
    outcome: Outcome
    report: DocumentReport | None  # None when only its JSON is printed
    json: str | None  # its part of the JSON printed on standard output, when JSON is printed


@dataclass(frozen=True)
class Prepare:
    """What becomes of a report in the worker that made it, so that the run only writes it.

    The run's own process reads every report the workers send; were it to unpickle whole
    reports and write their JSON itself, it would cap a batch's speed with more workers.
    """

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    side: Side
    print_json: bool  # JSON goes to standard output as reports come
    keep_report: bool  # the report itself is needed: other outputs, an annotated copy

    def __call__(self, doc: DocumentReport) -> Checked:
        from clausecheck.report.json_envelope import document_json_text

        doc = filter_report(doc, list(self.select), list(self.ignore))
        outcome = Outcome(doc.status, tuple(f.severity for f in doc.findings))
        json = document_json_text(doc, self.side) if self.print_json and doc.status != "skipped" else None
        error = doc.error.message if doc.error else None
        return Checked(doc.path, error, outcome, doc if self.keep_report else None, json)


class Batch:
    """The reports of a run as they come, and the files it writes.

    JSON on standard output is printed document by document as the reports come, and the
    reports are not kept: a data room's run holds one report at a time. Other outputs need
    the whole batch at the end (an index, one envelope in a file).
    """

    def __init__(
        self,
        ruleset: RuleSet,
        info: RunInfo,
        output: Path | None,
        inputs: frozenset[Path],
        stems: dict[str, str],
        fmt: Format,
        annotate: bool,
    ) -> None:
        self.ruleset, self.info, self.output, self.inputs, self.stems = ruleset, info, output, inputs, stems
        self.fmt, self.annotate = fmt, annotate
        self.shared = SharedRuleTexts()
        self.docs: list[DocumentReport] = []
        self.outcomes: list[Outcome] = []
        self.links: dict[int, str] = {}
        self.printed = 0  # documents printed so far, when JSON goes to standard output
        self.failed_outputs = 0  # files that could not be written

    @property
    def print_json(self) -> bool:
        """JSON goes to standard output as the reports come, and the reports are not kept."""
        return self.output is None and self.fmt is Format.json

    def prepare(self, select: list[str], ignore: list[str]) -> Prepare:
        """What the workers make of each report for this run (``select``/``ignore``: the rules kept)."""
        keep = not self.print_json or self.annotate
        return Prepare(tuple(select), tuple(ignore), self.info.side, self.print_json, keep)

    def add(self, path: Path, checked: Checked) -> None:
        with held_ctrl_c():
            self._add(path, checked)

    def _add(self, path: Path, checked: Checked) -> None:
        if checked.error:
            say(f"{printable(checked.path)} : {checked.error}")
        stem = self.stems[str(path)]
        doc = checked.report
        if doc is not None and self.output is not None and self.fmt in (Format.markdown, Format.html, Format.docx):
            name = f"{stem}.rapport.{'md' if self.fmt is Format.markdown else self.fmt.value}"
            if self._write(self.output / name, self._render([doc], self.fmt)):
                self.links[len(self.docs)] = name
        if doc is not None and self.annotate:
            self._annotate(path, doc, stem)
        if self.print_json:
            if checked.json is not None:  # None for a skipped file
                self._print_json(checked.json)
        else:
            assert doc is not None, "reports are kept unless their JSON is printed"
            self.docs.append(self.shared(doc))
        # Counted once printed or kept: a Ctrl-C in between leaves it out of the count too.
        self.outcomes.append(checked.outcome)

    def _print_json(self, json: str) -> None:
        from clausecheck.report.json_envelope import document_separator, envelope_head

        if not self.printed:
            sys.stdout.write(envelope_head(self.info))
        sys.stdout.write(document_separator(self.printed) + json)
        self.printed += 1

    def _annotate(self, path: Path, doc: DocumentReport, stem: str) -> None:
        if path.suffix.lower() != ".docx":
            say(f"{printable(doc.path)} : copie annotée non produite, seuls les fichiers .docx peuvent être annotés")
            return
        if doc.status != "ok":
            return
        from clausecheck.report.annotate import annotated_copy

        try:
            data, _ = annotated_copy(path.read_bytes(), doc, self.info.side)
        except Exception as exc:  # the report stands; only the copy is missing
            say(f"{printable(doc.path)} : copie annotée non écrite ({type(exc).__name__})")
            return
        self._write((self.output or Path.cwd()) / f"{stem}.annote.docx", data)

    def _write(self, target: Path, data: str | bytes) -> bool:
        try:
            write_output(target, data, self.inputs)
        except OutputError as exc:
            say(str(exc))
            self.failed_outputs += 1
            return False
        return True

    def finish(self, skipped: list[DocumentReport]) -> None:
        from clausecheck.report.csv_index import render_csv
        from clausecheck.report.markdown import render_index

        everything = [*skipped, *self.docs]
        indexed = [(doc, None) for doc in skipped] + [(doc, self.links.get(i)) for i, doc in enumerate(self.docs)]
        if self.print_json:
            from clausecheck.report.json_envelope import ENVELOPE_END, empty_envelope

            sys.stdout.write(ENVELOPE_END if self.printed else empty_envelope(self.info))
        elif self.output is None:
            text = self._render(everything, self.fmt)
            assert isinstance(text, str), "a binary format is written to files only"
            if self.fmt is Format.markdown and len(everything) > 1:
                text += "\n\n" + render_index(indexed, self.info)
            sys.stdout.write(text)
        else:
            if self.fmt in (Format.json, Format.sarif):
                self._write(self.output / f"report.{self.fmt.value}", self._render(everything, self.fmt))
            if self.fmt is Format.html:
                from clausecheck.report.html import render_html_index

                self._write(self.output / "index.html", render_html_index(indexed, self.info))
            self._write(self.output / "index.md", render_index(indexed, self.info))
            self._write(self.output / "index.csv", render_csv(everything))
        if self.output is not None or len(skipped) + len(self.outcomes) > 1:
            say(self.summary(len(skipped)))

    def _render(self, docs: list[DocumentReport], fmt: Format) -> str | bytes:
        from clausecheck.report.renderers import render

        return render(fmt.value, docs, self.info, self.ruleset)

    def summary(self, skipped: int) -> str:
        """'3 contrats analysés, 1 illisible · constats : 2 élevés, 4 moyens… · rapports dans rapports/'."""
        ok = sum(o.status == "ok" for o in self.outcomes)
        failed = len(self.outcomes) - ok
        counts: Counter[str] = Counter(severity for o in self.outcomes for severity in o.severities)
        words = {"high": "élevé", "medium": "moyen", "low": "faible", "info": "info"}
        found = ", ".join(f"{counts[s]} {words[s]}{'s' if counts[s] > 1 and s != 'info' else ''}" for s in words)
        line = f"{ok} contrat{'s' if ok > 1 else ''} analysé{'s' if ok > 1 else ''}"
        if failed:
            line += f", {failed} non analysé{'s' if failed > 1 else ''}"
        if skipped:
            line += f", {skipped} fichier{'s' if skipped > 1 else ''} ignoré{'s' if skipped > 1 else ''}"
        line += f" · constats : {found}"
        if self.output is not None:
            line += f" · rapports dans {printable(str(self.output))}"
        return line
