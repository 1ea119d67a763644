"""Click's own words in French: the help's headings and extras, and the usage errors.

Typer runs its own copy of Click (``typer._click`` since typer 0.26), whose messages are
plain English strings, not gettext look-ups, and gettext would follow the user's locale
anyway: counsel get French whatever their ``LANG``. So the words are set where Click lets
a program set them: the help formatter of the commands' context (``Context.formatter_class``),
the help option, and the command's ``main``, which reports a usage error in one French line
with exit status 2 however the command is called (``clausecheck``, a script, a test runner).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from clausecheck.cli.common import say

if TYPE_CHECKING:  # typer's Click is private: its classes are named for the type checker only
    from typer._click import Context as ClickContext
    from typer._click.formatting import HelpFormatter
else:
    HelpFormatter = typer.Context.formatter_class  # the formatter of the Click that typer runs

HEADINGS = {"Usage": "Utilisation", "Options": "Options", "Arguments": "Arguments", "Commands": "Commandes"}
HELP_OPTION = "Afficher cette aide et quitter."
# The extras typer adds after an option's help: "[default: 1; x>=1]", "[required]".
_EXTRAS = re.compile(r"\[([^\[\]]*)\]$")
_EXTRAS_FR = (("default: ", "défaut : "), ("required", "obligatoire"), ("env var: ", "variable d'environnement : "))
# Click's usage errors, word for word.
_USAGE_FR = (
    ("Missing argument", "argument manquant"),
    ("Missing option", "option manquante"),
    ("Missing command", "commande manquante"),
    ("No such option:", "option inconnue :"),
    ("No such command", "commande inconnue"),
    ("Possible options:", "options possibles :"),
    ("Invalid value for", "valeur invalide pour"),
    ("Value error, ", ""),
    ("Option '", "l'option '"),
    ("requires an argument", "attend une valeur"),
    ("does not take a value", "ne prend pas de valeur"),
    ("is not one of", "n'est pas parmi"),
    ("is not a valid integer", "n'est pas un nombre entier"),
    ("is not a valid float", "n'est pas un nombre"),
    ("is not in the range", "est hors de l'intervalle"),
    ("Got unexpected extra argument(s)", "argument(s) en trop"),
    ("Got unexpected extra arguments", "arguments en trop"),
    ("Got unexpected extra argument", "argument en trop"),
    ("Did you mean", "Vouliez-vous dire"),
    # typer converts values with pydantic, whose messages follow
    ("Input should be a valid integer, unable to parse string as an integer", "nombre entier attendu"),
    ("Input should be a valid number, unable to parse string as a number", "nombre attendu"),
    ("Input should be a valid integer", "nombre entier attendu"),
    ("Input should be a valid number", "nombre attendu"),
    ("Input should be greater than or equal to", "au moins"),
    ("Input should be less than or equal to", "au plus"),
    ("Input should be greater than", "plus de"),
    ("Input should be less than", "moins de"),
)


def usage_fr(message: str) -> str:
    """A Click usage error in French, on one line; its "name: value" colons spaced as French wants."""
    for english, french in _USAGE_FR:
        message = message.replace(english, french)
    message = re.sub(r"(?<=['\w]): ", " : ", message)
    return " ".join(message.split())


def _extras_fr(text: str) -> str:
    def translate(match: re.Match[str]) -> str:
        parts = match.group(1).split("; ")
        for english, french in _EXTRAS_FR:
            parts = [french + part.removeprefix(english) if part.startswith(english) else part for part in parts]
        return f"[{'; '.join(parts)}]"

    return _EXTRAS.sub(translate, text)


class FrenchFormatter(HelpFormatter):
    """The help as Click writes it, with French headings ("Utilisation :", "Commandes :")."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{HEADINGS['Usage']} : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)} :\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _extras_fr(text)) for term, text in rows], col_max, col_spacing)


class FrenchContext(typer.Context):
    formatter_class = FrenchFormatter


def _french_help(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = HELP_OPTION
    return option


def _run(main: Any, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
    """Run a command's ``main`` without Click's English error screen: a usage error is one French line, status 2."""
    try:
        result = main(*args, standalone_mode=False, **kwargs)
        code = result if isinstance(result, int) else 0
    except typer.Abort:
        say("interrompu")
        code = 130
    except typer.TyperException as exc:  # the usage errors of typer's Click (unknown option, missing argument…)
        say(f"{usage_fr(exc.format_message())} (clausecheck -h pour l'aide)")
        code = 2
    if not standalone_mode:
        return code
    sys.exit(code)


class _French:
    """The French help option and one-line usage errors, for a command and for a group."""

    context_class: type[ClickContext] = FrenchContext

    def get_help_option(self, ctx: ClickContext) -> TyperOption | None:
        return _french_help(cast(Any, super()).get_help_option(ctx))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        return _run(cast(Any, super()).main, *args, **kwargs)


class FrenchCommand(_French, TyperCommand):
    pass


class FrenchGroup(_French, TyperGroup):
    pass
