"""The files a run writes: one report per contract, the index, the annotated copies, the summary line."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from clausecheck.batch.outputs import OutputError, write_output
from clausecheck.cli.common import Format, say
from clausecheck.model.findings import DocumentReport
from clausecheck.text.names import printable

if TYPE_CHECKING:
    from clausecheck.report.run_info import RunInfo
    from clausecheck.ruleset.loader import RuleSet


class Outcome(NamedTuple):
    """What the summary line and the exit status need of a report."""

    status: str
    severities: tuple[str, ...]


class Batch:
    """The reports of a run as they come, and the files it writes.

    JSON on standard output is printed document by document as the reports come, and the
    reports are not kept: a data room's run holds one report at a time. Other outputs need
    the whole batch at the end (an index, one envelope in a file).
    """

    def __init__(
        self, ruleset: RuleSet, info: RunInfo, output: Path | None, inputs: frozenset[Path], stems: dict[str, str]
    ) -> None:
        self.ruleset, self.info, self.output, self.inputs, self.stems = ruleset, info, output, inputs, stems
        self.docs: list[DocumentReport] = []
        self.outcomes: list[Outcome] = []
        self.links: dict[int, str] = {}
        self.printed = 0  # documents printed so far, when JSON goes to standard output
        self.failed_outputs = 0  # files that could not be written

    def add(self, path: Path, doc: DocumentReport, fmt: Format, annotate: bool) -> None:
        if doc.error:
            say(f"{printable(doc.path)} : {doc.error.message}")
        stem = self.stems[str(path)]
        if self.output is not None and fmt in (Format.markdown, Format.html, Format.docx):
            name = f"{stem}.rapport.{'md' if fmt is Format.markdown else fmt.value}"
            if self._write(self.output / name, self._render([doc], fmt)):
                self.links[len(self.docs)] = name
        if annotate:
            self._annotate(path, doc, stem)
        if self.output is None and fmt is Format.json:
            self._print_json(doc)
        else:
            self.docs.append(doc)
        # Counted once printed or kept: a Ctrl-C in between leaves it out of the count too.
        self.outcomes.append(Outcome(doc.status, tuple(f.severity for f in doc.findings)))

    def _print_json(self, doc: DocumentReport) -> None:
        from clausecheck.report.json_envelope import document_chunk, envelope_head

        if doc.status == "skipped":
            return
        if not self.printed:
            sys.stdout.write(envelope_head(self.info))
        sys.stdout.write(document_chunk(doc, self.info.side, self.printed))
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

    def finish(self, skipped: list[DocumentReport], fmt: Format) -> None:
        from clausecheck.report.csv_index import render_csv
        from clausecheck.report.markdown import render_index

        everything = [*skipped, *self.docs]
        indexed = [(doc, None) for doc in skipped] + [(doc, self.links.get(i)) for i, doc in enumerate(self.docs)]
        if self.output is None and fmt is Format.json:
            from clausecheck.report.json_envelope import ENVELOPE_END, empty_envelope

            sys.stdout.write(ENVELOPE_END if self.printed else empty_envelope(self.info))
        elif self.output is None:
            text = self._render(everything, fmt)
            assert isinstance(text, str), "a binary format is written to files only"
            if fmt is Format.markdown and len(everything) > 1:
                text += "\n\n" + render_index(indexed, self.info)
            sys.stdout.write(text)
        else:
            if fmt in (Format.json, Format.sarif):
                self._write(self.output / f"report.{fmt.value}", self._render(everything, fmt))
            if fmt is Format.html:
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
