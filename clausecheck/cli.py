"""Command line: ``clausecheck PATH...`` checks contracts and prints or writes reports."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from clausecheck.errors import RuleError
from clausecheck.findings import SEVERITY_RANK, DocumentReport, ErrorInfo
from clausecheck.output import report_names, write_atomic
from clausecheck.read import WALKED

app = typer.Typer(add_completion=False, rich_markup_mode=None, help="Flag the risky clauses of French IT contracts.")


class Format(StrEnum):
    markdown = "markdown"
    json = "json"


class FailOn(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    none = "none"


class SideOption(StrEnum):
    client = "client"
    supplier = "supplier"


def collect(paths: list[Path]) -> tuple[list[Path], list[DocumentReport]]:
    """Files to check, in a stable order, and the files of folders that were skipped."""
    files: list[Path] = []
    skipped: list[DocumentReport] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if child.name.startswith(("~$", ".")):
                continue  # Word lock files and hidden files are not contracts
            if child.suffix.lower() in WALKED:
                files.append(child)
            else:
                skipped.append(
                    DocumentReport(
                        path=str(child),
                        status="skipped",
                        error=ErrorInfo(
                            code="unsupported-format", message=f"format {child.suffix or 'sans extension'} ignoré"
                        ),
                    )
                )
    return files, skipped


@app.command()
def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Contracts (.docx, .pdf, .txt, .md) or folders of contracts.", readable=False)
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write one report per contract and an index here.")
    ] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of your own rules, added to the bundled ones.")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.")
    ] = FailOn.high,
    side: Annotated[
        SideOption, typer.Option("--side", help="The party you represent; recommendations are written for it.")
    ] = SideOption.client,
    no_date: Annotated[
        bool, typer.Option("--no-date", help="Leave the run date out, for reproducible reports.")
    ] = False,
) -> None:
    """Check French IT contracts and report the risky clauses."""
    from clausecheck.checker import shared_checker
    from clausecheck.nlp import ModelError
    from clausecheck.render_json import render_json
    from clausecheck.render_markdown import render_document, render_index
    from clausecheck.run_info import make_run_info

    try:
        checker = shared_checker(side=side.value, extra_rules=tuple(rules or ()))
    except (RuleError, ModelError) as exc:
        typer.echo(f"clausecheck: {exc}", err=True)
        raise typer.Exit(2) from None
    ruleset = checker.ruleset
    info = make_run_info(ruleset.files, checker.model, side.value, no_date)
    files, skipped = collect(paths)
    names = report_names(files) if output else {}
    reports: list[tuple[DocumentReport, str | None]] = [(doc, None) for doc in skipped]
    for doc in checker.check_all(files):
        if doc.error:
            typer.echo(f"clausecheck: {doc.path}: {doc.error.message}", err=True)
        name = names.get(doc.path)
        if output and name and format is Format.markdown:
            write_atomic(output / name, render_document(doc, info, ruleset))
        reports.append((doc, name))
    docs = [doc for doc, _ in reports]
    if format is Format.json:
        text = render_json([d for d in docs if d.status != "skipped"], info)
        if output:
            write_atomic(output / "report.json", text)
        else:
            sys.stdout.write(text)
    elif output:
        write_atomic(output / "index.md", render_index(reports, info))
    else:
        sys.stdout.write("\n\n".join(render_document(d, info, ruleset) for d in docs if d.status != "skipped"))
        if len(docs) > 1:
            sys.stdout.write("\n\n" + render_index(reports, info))
    raise typer.Exit(_exit_code(docs, fail_on))


def _exit_code(docs: list[DocumentReport], fail_on: FailOn) -> int:
    if any(d.status == "error" for d in docs):
        return 2
    if fail_on is FailOn.none:
        return 0
    threshold = SEVERITY_RANK[fail_on.value]
    return int(any(SEVERITY_RANK[f.severity] >= threshold for d in docs for f in d.findings))


def main() -> None:
    app()
