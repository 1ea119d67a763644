"""Click's own words in French: help headings and usage errors, through the real command line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from clausecheck.cli import app, rules_app

ENGLISH = (
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Error",
    "Missing",
    "No such",
    "Try '",
    "Show this message",
    "[default",
    "[required",
    "Input should",
    "Value error",
    "Aborted",
)


def clausecheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clausecheck", *args], capture_output=True, text=True, check=False)


def assert_no_english(text: str) -> None:
    assert not [word for word in ENGLISH if word in text], text


@pytest.mark.slow
@pytest.mark.parametrize("args", [["-h"], ["--help"], ["rules", "-h"], ["explain", "-h"], ["serve", "-h"]])
def test_cli_french_help_headings(args: list[str]) -> None:
    done = clausecheck(*args)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("Utilisation : clausecheck ")
    assert "\nOptions :\n" in done.stdout and "Afficher cette aide et quitter." in done.stdout
    assert_no_english(done.stdout)


@pytest.mark.slow
def test_cli_french_help_of_the_check_lists_arguments_defaults_and_required() -> None:
    shown = clausecheck("-h").stdout
    assert "\nArguments :\n" in shown and "[obligatoire]" in shown and "[défaut : markdown]" in shown


def test_cli_french_help_of_the_rule_commands_lists_commandes() -> None:
    shown = CliRunner().invoke(rules_app, ["-h"], prog_name="clausecheck").stdout
    assert shown.startswith("Utilisation : clausecheck [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "\nCommandes :\n" in shown and "  explain " in shown
    assert_no_english(shown)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--inexistant"], "clausecheck : option inconnue : --inexistant (clausecheck -h pour l'aide)"),
        ([], "clausecheck : argument manquant 'CHEMIN...'. (clausecheck -h pour l'aide)"),
        (["rules", "--inexistant"], "clausecheck : option inconnue : --inexistant (clausecheck -h pour l'aide)"),
        (["-j", "zéro", "contrat.docx"], "valeur invalide pour '--jobs' / '-j' : nombre entier attendu"),
        (["--time-budget", "-1", "contrat.docx"], "valeur invalide pour '--time-budget' : au moins 0"),
        (["-f", "xml", "contrat.docx"], "valeur invalide pour '--format' / '-f' : 'xml' n'est pas parmi"),
    ],
)
def test_cli_french_usage_errors_one_line_exit_2(args: list[str], message: str) -> None:
    done = clausecheck(*args)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and len(done.stderr.splitlines()) == 1
    assert_no_english(done.stderr)


def test_cli_french_usage_error_also_when_the_command_is_run_by_a_test_runner() -> None:
    result = CliRunner().invoke(app, ["--inexistant"])
    assert result.exit_code == 2
    assert result.stderr == "clausecheck : option inconnue : --inexistant (clausecheck -h pour l'aide)\n"
