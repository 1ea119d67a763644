"""Refuse token patterns whose matching cost explodes, naming the rule that wrote them.

A matcher keeps one partial match alive per position a wildcard can stop at (ours, and
spaCy's for the patterns left to it): a wide window (``{OP: "{0,50}"}``), an open one
(``{0,}``), a wildcard chain (two ``{OP: "*"}`` in a row) or a leading/trailing wildcard
multiplies the work without changing what the rule finds. A ``REGEX`` with a wide
``{m,n}`` repetition backtracks on long words, one with a repetition inside a repetition
(``^(a+)+$``) or with repeated alternatives that start alike (``(a|ab)*``) backtracks
exponentially, and one that does not compile, like a token naming an extension attribute
(``_``), would only fail once a contract is checked.
"""

from __future__ import annotations

import itertools
import re
import warnings
from typing import TYPE_CHECKING, Any

from clausecheck.model.errors import RuleError

with warnings.catch_warnings():  # the parser behind ``re``, public as sre_parse, deprecated since 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants
    import sre_parse

if TYPE_CHECKING:
    from clausecheck.ruleset.loader import RuleSource
    from clausecheck.ruleset.schema import Pattern

MAX_WINDOW = 12  # tokens a {OP: "{m,n}"} wildcard may skip; the rules use up to 10
MAX_REGEX_REPEAT = 20  # characters a {m,n} repetition may span inside a REGEX
_OP_WINDOW = re.compile(r"^\{(\d*)(,?)(\d*)\}$")
_REGEX_REPEAT = re.compile(r"(?<!\\)\{(\d*),(\d*)\}")


def _is_wildcard(token: dict[str, Any]) -> bool:
    """Any token at all, repeated: no constraint but an operator that allows several tokens."""
    keys = {k.upper() for k in token}
    return keys == {"OP"} and str(token.get("OP", token.get("op"))) in ("*", "+")


def _regexes(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value[k] for k in value if str(k).upper() == "REGEX" and isinstance(value[k], str)]
        for k, v in value.items():
            if str(k).upper() != "REGEX":
                found += _regexes(v)
        return found
    return []


_REGEX_HINT = (
    "écrivez une expression régulière Python valide, sans groupe répété qui se répète lui-même ou offre des"
    f" alternatives commençant pareil, et sans {{m,n}} au-delà de {MAX_REGEX_REPEAT}"
)
_WILDCARD_HINT = f"bornez la fenêtre à {{0,{MAX_WINDOW}}} mots au plus, entre deux mots précis"
# spaCy's "_" reads custom token attributes; the pipeline registers none, so a rule naming one
# would fail only when a contract is checked.
_EXTENSION = (
    "l'attribut de jeton « _ » (attributs d'extension de spaCy) n'est pas disponible pour les règles",
    "utilisez LOWER, TEXT, LEMMA, POS, {VOCAB: …} ou REGEX",
)
# Python's ``re`` errors in French, by the start of their message.
_RE_ERRORS = (
    ("missing ), unterminated subpattern", "parenthèse ouverte jamais refermée"),
    ("unbalanced parenthesis", "parenthèse fermante sans parenthèse ouvrante"),
    ("nothing to repeat", "quantificateur (*, +, ?, {m,n}) sans rien à répéter"),
    ("multiple repeat", "deux quantificateurs à la suite"),
    ("unterminated character set", "crochet [ ouvert jamais refermé"),
    ("bad escape", "séquence « \\ » inconnue"),
    ("bad character range", "intervalle de caractères à l'envers"),
    ("unknown extension", "construction (?…) inconnue"),
    ("missing group name", "nom de groupe absent"),
    ("unknown group name", "nom de groupe inconnu"),
    ("bad character in group name", "nom de groupe mal formé"),
    ("redefinition of group name", "nom de groupe utilisé deux fois"),
    ("invalid group reference", "renvoi à un groupe qui n'existe pas"),
    ("look-behind requires fixed-width pattern", "un (?<=…) ou (?<!…) doit avoir une longueur fixe"),
    ("min repeat greater than max repeat", "répétition {m,n} où m dépasse n"),
    ("the repetition number is too large", "nombre de répétitions trop grand"),
    ("missing ), unterminated name", "parenthèse de nom de groupe jamais refermée"),
    ("missing :", "deux-points attendu dans la construction (?…)"),
)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def _nested_repeat(items: Any, inside: bool = False) -> bool:
    """Whether a repetition of more than one occurrence sits inside another one."""
    for op, arg in items:
        if op in _REPEATS:
            _, high, sub = arg
            many = high is sre_constants.MAXREPEAT or high > 1
            children = [(sub, inside or many)]
            if many and inside:
                return True
        elif op is sre_constants.SUBPATTERN:
            children = [(arg[-1], inside)]
        elif op is sre_constants.BRANCH:
            children = [(branch, inside) for branch in arg[1]]
        else:
            continue
        if any(_nested_repeat(sub_items, within) for sub_items, within in children):
            return True
    return False


def _first_chars(items: Any) -> set[str] | None:
    """The characters a match of ``items`` can start with; None when it could start with many or none."""
    if not items:
        return None
    op, arg = items[0]
    if op is sre_constants.LITERAL:
        char = chr(arg)
        return {char.lower(), char.upper()}
    if op is sre_constants.SUBPATTERN:
        return _first_chars(arg[-1])
    if op is sre_constants.BRANCH:
        known = [f for branch in arg[1] if (f := _first_chars(branch)) is not None]
        return set().union(*known) if len(known) == len(arg[1]) else None
    if op in _REPEATS and arg[0] >= 1:
        return _first_chars(arg[2])
    return None


def _overlapping_branches(items: Any, inside: bool = False) -> bool:
    """Whether a repeated alternation has two branches that can start alike: ``(a|ab)*`` backtracks
    exponentially on a long run of ``a`` followed by a character that fails the match."""
    for op, arg in items:
        if op in _REPEATS:
            _, high, sub = arg
            if _overlapping_branches(sub, inside or high is sre_constants.MAXREPEAT or high > 1):
                return True
        elif op is sre_constants.SUBPATTERN:
            if _overlapping_branches(arg[-1], inside):
                return True
        elif op is sre_constants.BRANCH:
            if inside:
                known = [f for branch in arg[1] if (f := _first_chars(branch)) is not None]
                if len(known) < len(arg[1]) or any(a & b for a, b in itertools.combinations(known, 2)):
                    return True
            if any(_overlapping_branches(branch, inside) for branch in arg[1]):
                return True
    return False


def _invalid(exc: Exception) -> str:
    """Why ``re`` refused a regex, in French."""
    if not isinstance(exc, re.error):
        return "expression trop complexe"
    message = str(exc.msg)
    french = next((fr for en, fr in _RE_ERRORS if message.startswith(en)), f"message de Python : {message}")
    return french + (f", au caractère {exc.pos + 1}" if exc.pos is not None else "")


def _regex_problem(regex: str) -> str | None:
    try:
        parsed = sre_parse.parse(regex)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"REGEX « {regex} » invalide ({_invalid(exc)})"
    if _nested_repeat(parsed):
        return f"REGEX « {regex} » trop coûteuse : elle répète un groupe qui se répète lui-même (temps exponentiel)"
    if _overlapping_branches(parsed):
        return (
            f"REGEX « {regex} » trop coûteuse : elle répète des alternatives qui peuvent commencer"
            " par le même caractère (temps exponentiel)"
        )
    for low, high in _REGEX_REPEAT.findall(regex):
        if not high or int(high) > MAX_REGEX_REPEAT:
            return f"REGEX « {regex} » trop coûteuse : {{{low},{high}}} répète au-delà de {MAX_REGEX_REPEAT} caractères"
    return None


def _problem(pattern: list[dict[str, Any]]) -> tuple[str, str] | None:
    """What makes the pattern's cost explode, and what to do, in French."""
    if pattern and (_is_wildcard(pattern[0]) or _is_wildcard(pattern[-1])):
        return (
            "le motif commence ou finit par un joker ({OP: '*'} ou '+'), qui n'ajoute que du calcul",
            "retirez ce joker : le motif trouve la même chose sans lui",
        )
    for left, right in itertools.pairwise(pattern):
        if _is_wildcard(left) and _is_wildcard(right):
            return "deux jokers à la suite ({OP: '*'} deux fois) : leur coût explose", "gardez-en un seul"
    for token in pattern:
        if "_" in token:
            return _EXTENSION
        op = next((str(v) for k, v in token.items() if k.upper() == "OP"), "")
        window = _OP_WINDOW.match(op)
        if window and ((window.group(2) and not window.group(3)) or int(window.group(3) or 0) > MAX_WINDOW):
            return f"la fenêtre {op} saute plus de {MAX_WINDOW} mots, ce qui rend le motif trop coûteux", _WILDCARD_HINT
        for value in token.values():
            for regex in _regexes(value):
                if problem := _regex_problem(regex):
                    return problem, _REGEX_HINT
    return None


def check_cost(pattern: Pattern, source: RuleSource, where: tuple[str | int, ...], rule_id: str | None) -> None:
    """Raise a RuleError (file, line, rule id, field) for a pattern whose cost explodes."""
    if isinstance(pattern, str):
        return
    problem = _problem(pattern)
    if problem is not None:
        message, hint = problem
        raise RuleError(
            source.file, message, line=source.line(*where), rule_id=rule_id, field=".".join(map(str, where)), hint=hint
        )
