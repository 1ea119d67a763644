"""Command line: ``clausecheck PATH...`` checks contracts; ``rules``, ``explain``, ``schema``, ``test`` serve rules;
``serve`` opens the local upload page.

Everything it says to the user is French: they are counsel. Usage errors are reported
in one French line with exit status 2, like any other error of the run.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.exceptions import TyperException

from clausecheck import __version__
from clausecheck.batch.budget import DEFAULT_BUDGET, check_batch
from clausecheck.batch.config import ConfigError, filter_report, find_settings
from clausecheck.batch.inputs import collect
from clausecheck.batch.outputs import OutputError, check_output_dir, output_stems, write_output
from clausecheck.model.errors import RuleError
from clausecheck.model.findings import SEVERITY_RANK, DocumentReport, Side
from clausecheck.text.names import printable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from clausecheck.engine.checker import Checker
    from clausecheck.report.run_info import RunInfo
    from clausecheck.ruleset.loader import RuleSet

SUBCOMMANDS = ("rules", "explain", "schema", "test", "serve")
EPILOG = (
    "Documentation des règles : clausecheck rules | clausecheck explain ID_DE_RÈGLE | clausecheck schema"
    " | clausecheck test DOSSIER. Page d'analyse locale : clausecheck serve"
)
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(add_completion=False, rich_markup_mode=None, context_settings=CONTEXT)
rules_app = typer.Typer(
    add_completion=False, rich_markup_mode=None, context_settings=CONTEXT, help="Documenter les règles."
)


class Format(StrEnum):
    markdown = "markdown"
    html = "html"
    docx = "docx"
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


def say(message: str) -> None:
    """One line for the user on stderr, prefixed like every message of the tool."""
    typer.echo(f"clausecheck : {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clausecheck {__version__}")
        raise typer.Exit()


@app.command(epilog=EPILOG)
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
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processus de travail pour un lot.")] = 1,
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
        checker = _checker([*settings.rules, *(rules or [])])
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
    batch = _Batch(checker.ruleset, info, output, frozenset(p.resolve() for p in files), output_stems(files))
    budget = next(b for b in (time_budget, settings.time_budget, DEFAULT_BUDGET) if b is not None)
    reports = (
        _on_dask(dask, files, (*settings.rules, *(rules or [])))
        if dask is not None
        else _with_progress(checker, files, jobs, budget)
    )
    for path, doc in zip(files, reports, strict=True):
        batch.add(path, filter_report(doc, select_ids, ignore_ids), format, annotate)
    batch.finish(skipped, format)
    raise typer.Exit(_exit_code(batch.docs + batch.failed_outputs, threshold))


def _checker(rule_dirs: list[Path]) -> Checker:
    from clausecheck.engine.checker import shared_checker
    from clausecheck.engine.nlp import ModelError

    try:
        return shared_checker(extra_rules=tuple(rule_dirs))
    except (RuleError, ModelError) as exc:
        say(str(exc))
        raise typer.Exit(2) from None


class _Batch:
    """The reports of a run as they come, and the files it writes."""

    def __init__(
        self, ruleset: RuleSet, info: RunInfo, output: Path | None, inputs: frozenset[Path], stems: dict[str, str]
    ) -> None:
        self.ruleset, self.info, self.output, self.inputs, self.stems = ruleset, info, output, inputs, stems
        self.docs: list[DocumentReport] = []
        self.links: dict[int, str] = {}
        self.failed_outputs: list[DocumentReport] = []

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
        self.docs.append(doc)

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
            self.failed_outputs.append(DocumentReport(path=str(target), status="error"))
            return False
        return True

    def finish(self, skipped: list[DocumentReport], fmt: Format) -> None:
        from clausecheck.report.csv_index import render_csv
        from clausecheck.report.markdown import render_index

        everything = [*skipped, *self.docs]
        indexed = [(doc, None) for doc in skipped] + [(doc, self.links.get(i)) for i, doc in enumerate(self.docs)]
        if self.output is None:
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
        if self.output is not None or len(everything) > 1:
            say(self.summary(len(skipped)))

    def _render(self, docs: list[DocumentReport], fmt: Format) -> str | bytes:
        """The documents in one format; skipped files appear only where the format lists them."""
        checked = [d for d in docs if d.status != "skipped"]
        if fmt is Format.markdown:
            from clausecheck.report.markdown import render_document

            return "\n\n".join(render_document(d, self.info, self.ruleset) for d in checked)
        if fmt is Format.html:
            from clausecheck.report.html import render_html

            return render_html(checked, self.info, self.ruleset)
        if fmt is Format.docx:
            from clausecheck.report.word import render_word

            return render_word(checked, self.info)
        if fmt is Format.json:
            from clausecheck.report.json_envelope import render_json

            return render_json(checked, self.info)
        from clausecheck.report.sarif import render_sarif

        return render_sarif(docs, self.info, self.ruleset)

    def summary(self, skipped: int) -> str:
        """'3 contrats analysés, 1 illisible · constats : 2 élevés, 4 moyens… · rapports dans rapports/'."""
        ok = sum(d.status == "ok" for d in self.docs)
        failed = len(self.docs) - ok
        counts: Counter[str] = Counter(f.severity for d in self.docs for f in d.findings)
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


def _with_progress(checker: Checker, files: list[Path], jobs: int, budget: float) -> Iterator[DocumentReport]:
    """Check the files, with a progress bar on a terminal for batches and silence elsewhere."""
    jobs = min(jobs, len(files))
    if len(files) < 2 or not sys.stderr.isatty():
        yield from check_batch(checker, files, jobs, budget)
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Analyse des contrats", total=len(files))
        for doc in check_batch(checker, files, jobs, budget):
            progress.advance(task)
            yield doc


def _on_dask(address: str, files: list[Path], rule_dirs: tuple[Path, ...]) -> Iterator[DocumentReport]:
    """The batch checked on a Dask cluster; Dask is imported only when asked for."""
    from clausecheck.batch.dask_run import DaskError, check_on_dask

    try:
        yield from check_on_dask(address, files, rule_dirs)
    except DaskError as exc:
        say(str(exc))
        raise typer.Exit(2) from None


def _exit_code(docs: list[DocumentReport], fail_on: str) -> int:
    if any(d.status == "error" for d in docs):
        return 2
    if fail_on == "none":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[f.severity] >= threshold for d in docs for f in d.findings))


def _load(rules: list[Path] | None) -> RuleSet:
    from clausecheck.ruleset.loader import load_rules

    try:
        return load_rules([*find_settings(Path.cwd()).rules, *(rules or [])])
    except (RuleError, ConfigError) as exc:
        say(str(exc))
        raise typer.Exit(2) from None


RulesOption = Annotated[
    list[Path] | None, typer.Option("--rules", help="Dossier de vos propres règles à inclure.", metavar="DOSSIER")
]


@rules_app.command("rules")
def list_rules(rules: RulesOption = None) -> None:
    """Lister les règles : identifiant, gravité, titre, types de contrat."""
    from clausecheck.ruleset.docs import rules_table

    typer.echo(rules_table(_load(rules)))


@rules_app.command()
def explain(
    rule_id: Annotated[
        str, typer.Argument(help="Identifiant d'une règle, ex. termination.full-remaining-price.", metavar="RÈGLE")
    ],
    rules: RulesOption = None,
) -> None:
    """Expliquer une règle : la leçon, quoi négocier, les références, les exemples."""
    from clausecheck.ruleset.docs import explain_rule

    ruleset = _load(rules)
    rule = ruleset.get(rule_id)
    if rule is None:
        known = ", ".join(r.id for r in ruleset.rules)
        say(f"règle inconnue « {rule_id} » ; règles connues : {known}")
        raise typer.Exit(2)
    typer.echo(explain_rule(rule))


@rules_app.command()
def schema() -> None:
    """Afficher le schéma JSON des fichiers de règles, pour votre éditeur."""
    from clausecheck.ruleset.loader import rule_json_schema

    typer.echo(json.dumps(rule_json_schema(), ensure_ascii=False, indent=2))


@rules_app.command("test")
def test_rules(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Dossiers de règles dont lancer les exemples (défaut : les règles fournies).", metavar="[DOSSIER]..."
        ),
    ] = None,
    all_rules: Annotated[bool, typer.Option("--all", help="Lancer aussi les exemples des règles fournies.")] = False,
) -> None:
    """Lancer les exemples des règles : chacun doit être signalé, ou non, comme le dit sa règle."""
    from clausecheck.ruleset.selftest import report, run

    checker = _checker(folders or [])
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


@rules_app.command()
def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host", help="Adresse d'écoute ; hors de cet ordinateur, un jeton d'accès est exigé.", metavar="ADRESSE"
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port (0 : un port libre).", metavar="PORT")
    ] = 0,
    token: Annotated[
        str | None,
        typer.Option("--token", help="Jeton d'accès que la page demande (généré si --host l'exige).", metavar="JETON"),
    ] = None,
    max_size: Annotated[
        int, typer.Option("--max-size", min=1, help="Taille maximale d'un fichier, en Mo.", metavar="MO")
    ] = 20,
    max_files: Annotated[
        int, typer.Option("--max-files", min=1, help="Nombre maximal de fichiers par envoi.", metavar="N")
    ] = 20,
    rules: RulesOption = None,
) -> None:
    """Ouvrir la page d'analyse locale : déposez un projet de contrat, lisez ses risques."""
    try:
        from clausecheck.serve.run import ServeError, limits_from
        from clausecheck.serve.run import serve as run
    except ImportError:
        say("la page d'analyse demande ses modules : pip install 'clausecheck[serve]'")
        raise typer.Exit(2) from None
    try:
        checker = _checker([*find_settings(Path.cwd()).rules, *(rules or [])])
        run(checker, host, port, token, limits_from(max_size, max_files), say)
    except (ServeError, ConfigError) as exc:
        say(str(exc))
        raise typer.Exit(2) from None


# Click's own usage errors are English; counsel get them in French, in one line.
_USAGE_FR = (
    ("Missing argument", "argument manquant"),
    ("No such option", "option inconnue"),
    ("No such command", "commande inconnue"),
    ("Invalid value for", "valeur invalide pour"),
    ("Option '", "l'option '"),
    ("requires an argument", "attend une valeur"),
    ("is not one of", "n'est pas parmi"),
    ("is not a valid integer", "n'est pas un nombre entier"),
    ("is not in the range", "est hors de l'intervalle"),
    ("Got unexpected extra argument", "argument en trop"),
    ("Did you mean", "Vouliez-vous dire"),
)


def _usage_fr(message: str) -> str:
    for english, french in _USAGE_FR:
        message = message.replace(english, french)
    return " ".join(message.split())


def main() -> None:
    # The main command takes paths, so the documentation commands are told apart by name.
    command = rules_app if len(sys.argv) > 1 and sys.argv[1] in SUBCOMMANDS else app
    try:
        code = command(prog_name="clausecheck", standalone_mode=False)
    except typer.Abort:
        say("interrompu")
        sys.exit(130)
    except TyperException as exc:  # typer's usage errors (unknown option, missing argument…)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        say(f"{_usage_fr(message)} (clausecheck -h pour l'aide)")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
