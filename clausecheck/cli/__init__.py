"""Command line: ``clausecheck PATH...`` checks contracts; ``rules``, ``explain``, ``schema``, ``test`` serve rules;
``serve`` opens the local upload page.

Everything it says to the user is French: they are counsel. Usage errors are reported
in one French line with exit status 2, like any other error of the run.
"""

from __future__ import annotations

import sys

import typer
from typer.exceptions import TyperException

from clausecheck.cli.check import app
from clausecheck.cli.common import say
from clausecheck.cli.rules import rules_app

__all__ = ["app", "main", "rules_app"]

SUBCOMMANDS = ("rules", "explain", "schema", "test", "serve")


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
