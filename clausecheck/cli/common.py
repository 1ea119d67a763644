"""What every command of the command line shares: the French line on stderr, the checker, the formats."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from clausecheck.model.errors import RuleError

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker

CONTEXT = {"help_option_names": ["-h", "--help"]}


class Format(StrEnum):
    markdown = "markdown"
    html = "html"
    docx = "docx"
    json = "json"
    sarif = "sarif"


def say(message: str) -> None:
    """One line for the user on stderr, prefixed like every message of the tool."""
    typer.echo(f"clausecheck : {message}", err=True)


def checker_for(rule_dirs: list[Path]) -> Checker:
    """The shared checker with these rule folders added; a rule or model error ends the run (exit 2)."""
    from clausecheck.engine.checker import shared_checker
    from clausecheck.engine.nlp import ModelError

    try:
        return shared_checker(extra_rules=tuple(rule_dirs))
    except (RuleError, ModelError) as exc:
        say(str(exc))
        raise typer.Exit(2) from None
