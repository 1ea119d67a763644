"""The commands that serve rules (``rules``, ``explain``, ``schema``, ``test``) and the upload page (``serve``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clausecheck.batch.config import ConfigError, find_settings
from clausecheck.cli.common import CONTEXT, checker_for, say
from clausecheck.cli.french import FrenchCommand, FrenchGroup
from clausecheck.model.errors import RuleError

if TYPE_CHECKING:
    from clausecheck.ruleset.loader import RuleSet

rules_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    help="Documenter les règles.",
    cls=FrenchGroup,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
)


def _load(rules: list[Path] | None) -> RuleSet:
    # The pickled copy, when these very files were loaded before, spares ~0.1 s of YAML parsing.
    from clausecheck.ruleset.cache import load_cached

    try:
        return load_cached([*find_settings(Path.cwd()).rules, *(rules or [])])
    except (RuleError, ConfigError) as exc:
        say(str(exc))
        raise typer.Exit(2) from None


RulesOption = Annotated[
    list[Path] | None, typer.Option("--rules", help="Dossier de vos propres règles à inclure.", metavar="DOSSIER")
]


@rules_app.command("rules", cls=FrenchCommand)
def list_rules(rules: RulesOption = None) -> None:
    """Lister les règles : identifiant, gravité, titre, types de contrat."""
    from clausecheck.ruleset.docs import rules_table

    typer.echo(rules_table(_load(rules)))


@rules_app.command(cls=FrenchCommand)
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


@rules_app.command(cls=FrenchCommand)
def schema() -> None:
    """Afficher le schéma JSON des fichiers de règles, pour votre éditeur."""
    from clausecheck.ruleset.loader import rule_json_schema

    typer.echo(json.dumps(rule_json_schema(), ensure_ascii=False, indent=2))


@rules_app.command("test", cls=FrenchCommand)
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

    checker = checker_for(folders or [])
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


@rules_app.command(cls=FrenchCommand)
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
        checker = checker_for([*find_settings(Path.cwd()).rules, *(rules or [])])
        run(checker, host, port, token, limits_from(max_size, max_files), say)
    except (ServeError, ConfigError) as exc:
        say(str(exc))
        raise typer.Exit(2) from None
