"""Command line: ``clausecheck PATH...`` checks contracts; ``rules``, ``explain``, ``schema`` and ``test``
document and test rules."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clausecheck.model.errors import RuleError
from clausecheck.model.findings import SEVERITY_RANK, DocumentReport, ErrorInfo
from clausecheck.read import WALKED
from clausecheck.report.files import report_names, safe_stem, write_atomic

if TYPE_CHECKING:
    from collections.abc import Iterator

    from clausecheck.engine.checker import Checker
    from clausecheck.report.run_info import RunInfo
    from clausecheck.ruleset.loader import RuleSet

SUBCOMMANDS = ("rules", "explain", "schema", "test")
EPILOG = (
    "Rule documentation: clausecheck rules | clausecheck explain RULE_ID | clausecheck schema | clausecheck test DIR"
)

app = typer.Typer(add_completion=False, rich_markup_mode=None)
rules_app = typer.Typer(add_completion=False, rich_markup_mode=None, help="Document the rules.")


class Format(StrEnum):
    markdown = "markdown"
    json = "json"
    sarif = "sarif"


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
                message = f"format {child.suffix or 'sans extension'} ignoré"
                error = ErrorInfo(code="unsupported-format", message=message)
                skipped.append(DocumentReport(path=str(child), status="skipped", error=error))
    return files, skipped


@app.command(epilog=EPILOG)
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Contracts (.docx, .pdf, .txt, .md) or folders of contracts.", readable=False, metavar="PATH..."
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.markdown,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write one report per contract, an index and a CSV here.", metavar="DIR"),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="A folder of your own rules, added to the bundled ones.", metavar="DIR"),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.")
    ] = FailOn.high,
    side: Annotated[
        SideOption, typer.Option("--side", help="The party you represent; recommendations are written for it.")
    ] = SideOption.client,
    annotate: Annotated[
        bool,
        typer.Option("--annotate", help="Write a copy of each Word draft with the findings as comments."),
    ] = False,
    no_date: Annotated[
        bool, typer.Option("--no-date", help="Leave the run date out, for reproducible reports.")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for a batch.")] = 1,
) -> None:
    """Check French IT contracts and report the risky clauses."""
    from clausecheck.engine.checker import shared_checker
    from clausecheck.engine.nlp import ModelError
    from clausecheck.report.run_info import make_run_info

    try:
        checker = shared_checker(side=side.value, extra_rules=tuple(rules or ()))
    except (RuleError, ModelError) as exc:
        typer.echo(f"clausecheck: {exc}", err=True)
        raise typer.Exit(2) from None
    info = make_run_info(checker.ruleset.files, checker.model, side.value, no_date)
    files, skipped = collect(paths)
    names = report_names(files) if output else {}
    reports: list[tuple[DocumentReport, str | None]] = [(doc, None) for doc in skipped]
    for doc in _with_progress(checker, files, jobs):
        if doc.error:
            typer.echo(f"clausecheck: {doc.path}: {doc.error.message}", err=True)
        name = names.get(doc.path)
        if output and name and format is Format.markdown:
            from clausecheck.report.markdown import render_document

            write_atomic(output / name, render_document(doc, info, checker.ruleset))
        if annotate and doc.status == "ok" and doc.path.lower().endswith(".docx"):
            _annotate(doc, output)
        reports.append((doc, name if format is Format.markdown else None))
    _write_outputs(reports, info, checker.ruleset, format, output)
    raise typer.Exit(_exit_code([doc for doc, _ in reports], fail_on))


def _with_progress(checker: Checker, files: list[Path], jobs: int) -> Iterator[DocumentReport]:
    """Check the files, with a progress bar on a terminal for batches and silence elsewhere."""
    jobs = min(jobs, len(files))
    if len(files) < 2 or not sys.stderr.isatty():
        yield from checker.check_all(files, jobs)
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Analyse des contrats", total=len(files))
        for doc in checker.check_all(files, jobs):
            progress.advance(task)
            yield doc


def _annotate(doc: DocumentReport, output: Path | None) -> None:
    from clausecheck.report.annotate import annotate_docx

    source = Path(doc.path)
    target = (output or Path.cwd()) / f"{safe_stem(source)}.annote.docx"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        annotate_docx(source, target, doc)
    except (OSError, ValueError) as exc:
        typer.echo(f"clausecheck: {doc.path}: copie annotée non écrite ({exc})", err=True)


def _write_outputs(
    reports: list[tuple[DocumentReport, str | None]], info: RunInfo, ruleset: RuleSet, fmt: Format, output: Path | None
) -> None:
    from clausecheck.report.csv_index import render_csv
    from clausecheck.report.markdown import render_document, render_index

    docs = [doc for doc, _ in reports]
    checked = [d for d in docs if d.status != "skipped"]
    if fmt is Format.markdown:
        text = "\n\n".join(render_document(d, info, ruleset) for d in checked)
        if len(docs) > 1:
            text += "\n\n" + render_index(reports, info)
    elif fmt is Format.json:
        from clausecheck.report.json_envelope import render_json

        text = render_json(checked, info)
    else:
        from clausecheck.report.sarif import render_sarif

        text = render_sarif(docs, info, ruleset)
    if output is None:
        sys.stdout.write(text)
        return
    if fmt is not Format.markdown:
        write_atomic(output / f"report.{fmt.value}", text)
    write_atomic(output / "index.md", render_index(reports, info))
    write_atomic(output / "index.csv", render_csv(docs))


def _exit_code(docs: list[DocumentReport], fail_on: FailOn) -> int:
    if any(d.status == "error" for d in docs):
        return 2
    if fail_on is FailOn.none:
        return 0
    threshold = SEVERITY_RANK[fail_on.value]
    return int(any(SEVERITY_RANK[f.severity] >= threshold for d in docs for f in d.findings))


def _load(rules: list[Path] | None) -> RuleSet:
    from clausecheck.ruleset.loader import load_rules

    try:
        return load_rules(rules or [])
    except RuleError as exc:
        typer.echo(f"clausecheck: {exc}", err=True)
        raise typer.Exit(2) from None


RulesOption = Annotated[
    list[Path] | None, typer.Option("--rules", help="A folder of your own rules to include.", metavar="DIR")
]


@rules_app.command("rules")
def list_rules(rules: RulesOption = None) -> None:
    """List the rules: id, severity, title, contract types."""
    from clausecheck.ruleset.docs import rules_table

    typer.echo(rules_table(_load(rules)))


@rules_app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. termination.full-remaining-price.")],
    rules: RulesOption = None,
) -> None:
    """Print a rule's lesson, what to negotiate, its references and examples."""
    from clausecheck.ruleset.docs import explain_rule

    ruleset = _load(rules)
    rule = ruleset.get(rule_id)
    if rule is None:
        known = ", ".join(r.id for r in ruleset.rules)
        typer.echo(f"clausecheck: unknown rule '{rule_id}'; known rules: {known}", err=True)
        raise typer.Exit(2)
    typer.echo(explain_rule(rule))


@rules_app.command()
def schema() -> None:
    """Print the JSON Schema of rule files, for editors."""
    from clausecheck.ruleset.loader import rule_json_schema

    typer.echo(json.dumps(rule_json_schema(), ensure_ascii=False, indent=2))


@rules_app.command("test")
def test_rules(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(help="Rule folders whose examples to run (default: the bundled rules).", metavar="[DIR]..."),
    ] = None,
    all_rules: Annotated[bool, typer.Option("--all", help="Run the bundled rules' examples too.")] = False,
) -> None:
    """Run the rules' examples: each must be flagged, or left alone, as its rule file says."""
    from clausecheck.engine.checker import shared_checker
    from clausecheck.engine.nlp import ModelError
    from clausecheck.ruleset.selftest import report, run

    try:
        checker = shared_checker(extra_rules=tuple(folders or ()))
    except (RuleError, ModelError) as exc:
        typer.echo(f"clausecheck: {exc}", err=True)
        raise typer.Exit(2) from None
    sources = checker.ruleset.sources
    wanted = {folder.resolve() for folder in folders or []}
    chosen = [
        rule
        for rule in checker.ruleset.rules
        if all_rules or not wanted or Path(sources[rule.id].file).parent.resolve() in wanted
    ]
    outcomes = run(chosen, checker.run_example)
    typer.echo(report(outcomes))
    raise typer.Exit(int(any(not outcome.passed for outcome in outcomes)))


def main() -> None:
    # The main command takes paths, so the documentation commands are told apart by name.
    if len(sys.argv) > 1 and sys.argv[1] in SUBCOMMANDS:
        rules_app(prog_name="clausecheck")
    else:
        app(prog_name="clausecheck")
