"""Command line: ``clausecheck PATH...`` checks contracts; ``rules``, ``explain``, ``schema``, ``test`` serve rules;
``serve`` opens the local upload page.

Everything it says to the user is French: they are counsel. Usage errors are reported
in one French line with exit status 2, like any other error of the run.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clausecheck.cli.check import app
    from clausecheck.cli.rules import rules_app

__all__ = ["app", "main", "rules_app"]

SUBCOMMANDS = ("rules", "explain", "schema", "test", "serve")

# Each command group imports only its own module: `rules` and `explain` start without the
# reading and batch modules the check command needs (issue 15's cold-start target).
_MODULES = {"app": "clausecheck.cli.check", "rules_app": "clausecheck.cli.rules"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(import_module(_MODULES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # The main command takes paths, so the documentation commands are told apart by name.
    name = "rules_app" if len(sys.argv) > 1 and sys.argv[1] in SUBCOMMANDS else "app"
    __getattr__(name)(prog_name="clausecheck")  # exits; a usage error is one French line (cli/french.py)
