"""Pydantic's validation errors told in French to the rule author, with what to do.

Pydantic reports one error per refusal, in English, with a ``type`` (``missing``,
``literal_error`` …) and a location that mixes the keys of the YAML data with the names
of the union members it tried (``('rules', 0, 'matches', 'severity')``). ``explain``
picks the error that tells the most, walks its location through the data so the path
names what the author wrote, and says it in French by ``type``; a type it does not know
keeps pydantic's own message behind a French prefix, so nothing is lost.

The same function explains spaCy's token pattern schema, which is pydantic too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic_core import ErrorDetails

Path_ = tuple[str | int, ...]

RULE_KINDS = ("matches", "absent", "requires", "coverage", "deletion")
SCHEMA_HINT = "voir `clausecheck schema`"


class Refusal(ValueError):
    """A validator's refusal: a French message, what to do, and the rule it is about when it knows."""

    def __init__(self, message: str, hint: str | None = None, *, rule_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.rule_id = rule_id


@dataclass(frozen=True)
class Explained:
    """One refusal in French: where it is in the data, what is wrong, what to do."""

    path: Path_
    message: str
    hint: str | None = None
    rule_id: str | None = None  # a validator's refusal may name the rule itself (a duplicate id)


# Errors that only say the value is not of the type a union member wanted: when every member
# refused the value so, the message lists what each one would have taken.
_KINDS_OF_VALUE = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "bool_type": "true ou false",
    "bool_parsing": "true ou false",
    "list_type": "une liste",
    "tuple_type": "une liste",
    "set_type": "une liste",
    "dict_type": "des champs « nom: valeur »",
    "model_type": "des champs « nom: valeur »",
    "model_attributes_type": "des champs « nom: valeur »",
    "dataclass_type": "des champs « nom: valeur »",
    "none_required": "une valeur vide",
}
_CHOICES = ("literal_error", "enum")
_ALTERNATIVES = (*_KINDS_OF_VALUE, *_CHOICES, "string_pattern_mismatch")
_OWN = ("value_error", "assertion_error")

# What a field's value is, for "gravité attendue parmi …": by dotted field name, then by last name.
_NOUNS = {
    "references.kind": "nature de référence attendue",
    "severity": "gravité attendue",
    "within": "portée attendue",
    "applies_to": "type de contrat attendu",
    "type": "type de contrat attendu",
    "zone": "zone attendue",
    "stated_zones": "zone attendue",
    "status": "statut attendu",
    "kind": "genre attendu",
}
_TYPE_HINTS = {
    "string_type": "mettez la valeur entre guillemets",
    "list_type": "écrivez une liste, par exemple [a, b]",
    "bool_type": "écrivez true ou false, sans guillemets",
    "dict_type": "écrivez des lignes « nom: valeur » en retrait sous le champ",
    "model_type": "écrivez des lignes « nom: valeur » en retrait sous le champ",
    "model_attributes_type": "écrivez des lignes « nom: valeur » en retrait sous le champ",
    "int_type": "écrivez un nombre entier, sans guillemets",
    "float_type": "écrivez un nombre, sans guillemets, avec un point décimal (0.5)",
}


def show(value: Any, limit: int = 60) -> str:
    """A value as the author wrote it, on one short line."""
    if value is None:
        return "vide"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "des champs « nom: valeur »"
    return str(value)


def describe(value: Any) -> str:
    """What kind of value the author wrote: 'le nombre 3', 'le texte « oui »', 'une liste'."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {show(value)}"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    if isinstance(value, str):
        return f"le texte « {show(value)} »"
    return show(value)


def data_path(loc: Sequence[Any], data: Any, error_type: str) -> Path_:
    """``loc`` without pydantic's union-member names: the keys and indexes the author wrote.

    A missing field is not in the data: its name, the last of ``loc``, is kept.
    """
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if _holds(node, part):
            node = node[part]
            path.append(part)
        elif error_type == "missing" and i == len(loc) - 1 and isinstance(part, str):
            path.append(part)
    return tuple(path)


def _holds(node: Any, part: Any) -> bool:
    """Whether ``part`` is a key of the mapping or an index of the list ``node``."""
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def field_name(path: Path_) -> str:
    """A path's names without the list indexes: ``when.patterns`` for ``('when', 0, 'patterns')``."""
    return ".".join(p for p in path if isinstance(p, str))


def explain(
    errors: Sequence[ErrorDetails],
    data: Any,
    known: Iterable[str] = (),
    *,
    unknown: str = "champ inconnu",
    reference: str = SCHEMA_HINT,
) -> Explained:
    """The error that tells the most, in French. ``known``: field names to suggest for a misspelt one,
    said ``unknown``; ``reference``: where the author reads what is allowed.

    A validator's own refusal first; else the deepest error in the data (a union member that
    got further saw more of the value); errors of several members on the same value together.
    """
    located = [(error, data_path(error["loc"], data, error["type"])) for error in errors]
    own = [(e, p) for e, p in located if e["type"] in _OWN]
    if own:
        error, path = own[0]
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, Refusal):
            return Explained(path, cause.message, cause.hint, cause.rule_id)
        message = str(cause) if cause is not None else error["msg"].removeprefix("Value error, ")
        return Explained(path, f"valeur refusée ({message})", SCHEMA_HINT)
    deepest = max(len(p) for _, p in located)
    path = next(p for _, p in located if len(p) == deepest)
    here = [e for e, p in located if p == path]
    specific = [e for e in here if e["type"] not in _ALTERNATIVES]
    if len(here) > 1 and not specific:
        return Explained(path, *_alternatives(here, path))
    error = (specific or here)[0]
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):  # about the rule's 'kind' field
        path = (*path, str((error.get("ctx") or {}).get("discriminator", "kind")).strip("'"))
    return Explained(path, *_one(error, path, known, unknown, reference))


def _values(expected: str) -> list[str]:
    """``'info', 'low', 'medium' or 'high'`` as ['info', 'low', 'medium', 'high']."""
    return re.findall(r"'((?:[^'\\]|\\.)*)'", expected) or [expected]


def _noun(path: Path_) -> str:
    name = field_name(path)
    return next((noun for key, noun in _NOUNS.items() if name == key or name.endswith("." + key)), "valeur attendue")


def _alternatives(errors: list[ErrorDetails], path: Path_) -> tuple[str, str | None]:
    """Every member of a union refused the value: say what each would have taken."""
    value = errors[0].get("input")
    if field_name(path).endswith("OP"):
        return _operator(value)
    wanted: list[str] = []
    for error in errors:
        if error["type"] in _CHOICES:
            values = _values(str((error.get("ctx") or {}).get("expected", "")))
            phrase = f"la valeur « {values[0]} »" if len(values) == 1 else f"l'une des valeurs {', '.join(values)}"
        elif error["type"] == "string_pattern_mismatch":
            phrase = f"un texte de la forme {(error.get('ctx') or {}).get('pattern', '')}"
        else:
            phrase = _KINDS_OF_VALUE[error["type"]]
        if phrase not in wanted:
            wanted.append(phrase)
    hint = (
        "écrivez all, ou une liste de types : [saas, hosting]"
        if field_name(path).endswith("applies_to")
        else f"corrigez la valeur ; {SCHEMA_HINT}"
    )
    return f"il faut {' ou '.join(wanted)}, pas {describe(value)}", hint


def _operator(value: Any) -> tuple[str, str]:
    return (
        f"opérateur « {show(value)} » inconnu, OP vaut ?, *, +, ! ou une fenêtre {{m,n}}",
        'par exemple OP: "?" pour un mot facultatif, OP: "{0,3}" pour sauter jusqu\'à trois mots',
    )


def _one(
    error: ErrorDetails, path: Path_, known: Iterable[str], unknown: str, reference: str
) -> tuple[str, str | None]:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    name = field_name(path).rpartition(".")[2]
    if kind == "missing":
        parent = field_name(path[:-1]).rpartition(".")[2]
        where = f" sous « {parent} »" if parent else ""
        return "champ obligatoire absent", f"ajoutez « {name}: … »{where} ; {reference}"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.75)
        if guess:
            return unknown, f"vouliez-vous écrire « {guess[0]} » ? sinon supprimez-le ; {reference}"
        return unknown, f"supprimez-le ou corrigez son orthographe ; {reference}"
    if name == "OP" and kind in (*_CHOICES, "string_pattern_mismatch"):
        return _operator(value)
    if kind in _CHOICES:
        values = _values(str(ctx.get("expected", "")))
        return f"valeur « {show(value)} » refusée, {_noun(path)} parmi {', '.join(values)}", "choisissez l'une d'elles"
    if kind == "union_tag_invalid":
        tags = ", ".join(_values(str(ctx.get("expected_tags", ""))))
        tag = ctx.get("tag", show(value))
        return f"genre de règle « {tag} » inconnu, attendu parmi {tags}", f"corrigez « kind » ; {SCHEMA_HINT}"
    if kind == "union_tag_not_found":
        return (
            f"genre de règle absent, attendu parmi {', '.join(RULE_KINDS)}",
            f"ajoutez par exemple « kind: matches » à la règle ; {SCHEMA_HINT}",
        )
    if kind in _KINDS_OF_VALUE:
        return f"il faut {_KINDS_OF_VALUE[kind]}, pas {describe(value)}", _TYPE_HINTS.get(kind)
    if kind in ("too_short", "too_long"):
        return _length(kind, ctx)
    if kind in ("string_too_short", "string_too_long"):
        bound = ctx.get("min_length" if kind == "string_too_short" else "max_length")
        most = "au moins" if kind == "string_too_short" else "au plus"
        return f"texte de {len(str(value))} caractère(s), il en faut {most} {bound}", "corrigez le texte"
    if kind == "string_pattern_mismatch":
        return _malformed(path, value, str(ctx.get("pattern", "")))
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"la valeur {show(value)} doit être {words} {show(ctx.get(key))}", "corrigez la valeur"
    return f"valeur refusée (message de pydantic : {error['msg']})", reference


_BOUNDS = {
    "greater_than": ("supérieure à", "gt"),
    "greater_than_equal": ("supérieure ou égale à", "ge"),
    "less_than": ("inférieure à", "lt"),
    "less_than_equal": ("inférieure ou égale à", "le"),
}


def _length(kind: str, ctx: dict[str, Any]) -> tuple[str, str | None]:
    actual = ctx.get("actual_length", 0) or 0
    unit = "entrée" if ctx.get("field_type") == "Dictionary" else "élément"
    if kind == "too_short":
        bound = ctx.get("min_length", 1)
        plural = "s" if bound > 1 else ""
        if actual == 0:
            return (
                f"liste vide, il faut au moins {bound} {unit}{plural}",
                "ajoutez-en, ou retirez le champ s'il est facultatif",
            )
        return f"{actual} {unit}{'s' if actual > 1 else ''}, il en faut au moins {bound}", "ajoutez-en"
    bound = ctx.get("max_length", 0)
    return f"{actual} {unit}s, il en faut au plus {bound}", "retirez-en"


def _malformed(path: Path_, value: Any, pattern: str) -> tuple[str, str | None]:
    name = field_name(path)
    if name.rpartition(".")[2] == "id":
        return (
            f"identifiant « {show(value)} » mal formé : famille.risque, en minuscules, chiffres et tirets",
            "par exemple termination.full-remaining-price",
        )
    if name.startswith("vocabularies"):
        return (
            f"nom de vocabulaire « {show(value)} » mal formé : une minuscule, puis des minuscules, "
            "chiffres, « _ » ou « - »",
            "par exemple supplier ou frais-resiliation",
        )
    return f"valeur « {show(value)} » mal formée", f"elle doit suivre l'expression régulière {pattern}"
