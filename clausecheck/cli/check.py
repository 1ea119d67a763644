"""``clausecheck PATH...``: check contracts and write their reports."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clausecheck import __version__
from clausecheck.batch.budget import DEFAULT_BUDGET, run_batch
from clausecheck.batch.config import ConfigError, find_settings
from clausecheck.batch.inputs import collect
from clausecheck.batch.outputs import OutputError, check_output_dir, output_stems
from clausecheck.cli.common import CONTEXT, Format, checker_for, say
from clausecheck.cli.french import FrenchCommand
from clausecheck.cli.writer import Batch, Checked, Outcome, Prepare
from clausecheck.model.findings import SEVERITY_RANK, Side
from clausecheck.text.names import printable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from clausecheck.engine.checker import Checker

EPILOG = (
    "Documentation des règles : clausecheck rules | clausecheck explain ID_DE_RÈGLE | clausecheck schema"
    " | clausecheck test DOSSIER. Page d'analyse locale : clausecheck serve"
)

app = typer.Typer(add_completion=False, rich_markup_mode=None, context_settings=CONTEXT)


class FailOn(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    none = "none"


class SideOption(StrEnum):
    client = "client"
    supplier = "supplier"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clausecheck {__version__}")
        raise typer.Exit()


@app.command(epilog=EPILOG, cls=FrenchCommand)
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Contrats (.docx, .pdf, .txt, .md) ou dossiers de contrats.", readable=False, metavar="CHEMIN..."
        ),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Format du rapport.")] = Format.markdown,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Dossier où écrire un rapport par contrat et l'index.", metavar="DOSSIER"),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="Dossier de vos propres règles, ajoutées aux règles fournies.", metavar="DOSSIER"),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Statut de sortie 1 dès un constat de cette gravité ou plus (défaut : high)."),
    ] = None,
    side: Annotated[
        SideOption | None,
        typer.Option("--side", help="La partie que vous représentez (défaut : client) ; les conseils lui sont écrits."),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Ne signaler que ces règles ou familles (ex. termination).", metavar="RÈGLE"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Ne jamais signaler ces règles ou familles.", metavar="RÈGLE"),
    ] = None,
    annotate: Annotated[
        bool,
        typer.Option("--annotate", help="Écrire une copie de chaque projet Word avec les constats en commentaires."),
    ] = False,
    no_date: Annotated[
        bool, typer.Option("--no-date", help="Omettre la date, pour des rapports reproductibles.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Processus de travail pour un lot.", metavar="N")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Répartir le lot sur une grappe Dask : adresse de l'ordonnanceur, ou local:N processus.",
            metavar="ADRESSE",
        ),
    ] = None,
    time_budget: Annotated[
        float | None,
        typer.Option(
            "--time-budget",
            min=0,
            help="Secondes accordées à chaque document avant de l'abandonner (too-slow) ; 0 : sans limite"
            " (défaut : 120).",
            metavar="SECONDES",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Afficher le détail d'une erreur interne.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Afficher la version et quitter.")
    ] = False,
) -> None:
    """Analyse des contrats informatiques en français et signale les clauses à risque."""
    if debug:
        logging.basicConfig(format="clausecheck : %(message)s")
        logging.getLogger("clausecheck").setLevel(logging.DEBUG)
    try:
        settings = find_settings(Path.cwd())
    except ConfigError as exc:
        say(str(exc))
        raise typer.Exit(2) from None
    chosen_side: Side = side.value if side else (settings.side or "client")
    threshold = fail_on.value if fail_on else (settings.fail_on or "high")
    select_ids, ignore_ids = [*settings.select, *(select or [])], [*settings.ignore, *(ignore or [])]
    if format is Format.docx and output is None:
        say("--format docx écrit des documents Word : indiquez le dossier où les écrire avec -o DOSSIER")
        raise typer.Exit(2)
    try:
        if output is not None:
            check_output_dir(output)
        checker = checker_for([*settings.rules, *(rules or [])])
    except OutputError as exc:
        say(str(exc))
        raise typer.Exit(2) from None
    from clausecheck.report.run_info import make_run_info

    info = make_run_info(checker.ruleset.files, checker.model, chosen_side, no_date)
    files, skipped = collect(paths, exclude=output)
    for doc in skipped:
        say(f"{doc.path} : {doc.error.message if doc.error else 'ignoré'} (ignoré)")
    if not files:
        say("aucun contrat à analyser (.docx, .pdf, .txt ou .md) dans " + ", ".join(printable(str(p)) for p in paths))
        raise typer.Exit(2)
    budget = next(b for b in (time_budget, settings.time_budget, DEFAULT_BUDGET) if b is not None)
    inputs = frozenset(p.resolve() for p in files)
    batch = Batch(checker.ruleset, info, output, inputs, output_stems(files), format, annotate)
    prepare = batch.prepare(select_ids, ignore_ids)
    reports = (
        _on_dask(dask, files, (*settings.rules, *(rules or [])), budget, prepare)
        if dask is not None
        else _with_progress(checker, files, jobs, budget, prepare)
    )
    try:
        for path, checked in zip(files, reports, strict=True):
            batch.add(path, checked)
    except KeyboardInterrupt:
        # The workers are stopped by then. The reports already written stay; an index of
        # them replaces the previous run's, which would otherwise list reports of another run.
        # JSON already printed is closed, so that it stays a valid envelope.
        if output is not None or batch.printed:
            batch.finish(skipped)
        say(f"interrompu (Ctrl-C) : {len(batch.outcomes)} contrat(s) sur {len(files)} traité(s)")
        raise typer.Exit(130) from None
    batch.finish(skipped)
    raise typer.Exit(2 if batch.failed_outputs else _exit_code(batch.outcomes, threshold))


def _with_progress(
    checker: Checker, files: list[Path], jobs: int, budget: float, prepare: Prepare
) -> Iterator[Checked]:
    """Check the files, with a progress bar on a terminal for batches and silence elsewhere."""
    jobs = min(jobs, len(files))
    if len(files) < 2 or not sys.stderr.isatty():
        yield from run_batch(checker, files, prepare, jobs, budget)
        return
    from rich.console import Console
    from rich.progress import Progress

    # JSON is printed on standard output as the reports come: not through the bar's console.
    with Progress(console=Console(stderr=True), transient=True, redirect_stdout=False) as progress:
        task = progress.add_task("Analyse des contrats", total=len(files))
        for checked in run_batch(checker, files, prepare, jobs, budget):
            progress.advance(task)
            yield checked


def _on_dask(
    address: str, files: list[Path], rule_dirs: tuple[Path, ...], budget: float, prepare: Prepare
) -> Iterator[Checked]:
    """The batch checked on a Dask cluster; Dask is imported only when asked for."""
    from clausecheck.batch.dask_run import DaskError, check_on_dask

    try:
        yield from map(prepare, check_on_dask(address, files, rule_dirs, budget))
    except DaskError as exc:
        say(str(exc))
        raise typer.Exit(2) from None


def _exit_code(outcomes: list[Outcome], fail_on: str) -> int:
    if any(o.status == "error" for o in outcomes):
        return 2
    if fail_on == "none":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[severity] >= threshold for o in outcomes for severity in o.severities))
