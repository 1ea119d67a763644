"""Command line: ``clausecheck PATH...`` checks contracts; ``rules``, ``explain``, ``schema``, ``test`` serve rules;
``serve`` opens the local upload page.

Everything it says to the user is French: they are counsel. Usage errors are reported
in one French line with exit status 2, like any other error of the run.
"""

from __future__ import annotations

import sys

from clausecheck.cli.check import app
from clausecheck.cli.rules import rules_app

__all__ = ["app", "main", "rules_app"]

SUBCOMMANDS = ("rules", "explain", "schema", "test", "serve")


def main() -> None:
    # The main command takes paths, so the documentation commands are told apart by name.
    command = rules_app if len(sys.argv) > 1 and sys.argv[1] in SUBCOMMANDS else app
    command(prog_name="clausecheck")  # exits; a usage error is one French line (cli/french.py)
