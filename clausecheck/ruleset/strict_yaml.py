"""YAML read strictly, keeping the line of every value.

PyYAML silently keeps the last of duplicate keys, reads ``on``/``yes`` as booleans and
dates as ``datetime.date``; a rule file must not change meaning that way. Values are
built from the node tree so each path (``("rules", 0, "severity")``) keeps its line.

Aliases are expanded while building, so a hostile file could make a few hundred bytes
expand into billions of values (an "alias bomb"), refer to itself, or nest deeper than
Python's stack: the number of values, of aliases and the depth are bounded, each
breach a one-line error with the line and the rule it happened in.

Every message is French and comes with a hint: the rule author reads them, not PyYAML's.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_YAML11_BOOLS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
# libyaml's parser builds the same node tree (with lines and scalar styles) several times
# faster than the pure-Python one; the strict checks below run on the nodes either way.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
# The bundled files hold at most ~5 000 values, nest 10 deep and use a handful of aliases.
MAX_VALUES = 100_000
MAX_ALIASES = 100
MAX_DEPTH = 40


class StrictYAMLError(ValueError):
    """A rule file that is not the YAML a rule file may be; ``message`` and ``hint`` are French."""

    def __init__(self, message: str, line: int | None, rule_id: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.rule_id = rule_id
        self.hint = hint


_DEPTH = f"valeurs imbriquées sur plus de {MAX_DEPTH} niveaux"
_DEPTH_HINT = "un fichier de règles n'a pas besoin d'autant de niveaux : vérifiez les crochets [ ] et accolades { }"
_SYNTAX_HINT = (
    "vérifiez à cette ligne ou juste avant l'indentation, faite d'espaces, les guillemets et les deux-points ;"
    " un texte qui contient « : » ou « # » se met entre guillemets"
)
_QUOTE_HINT = "mettez la valeur entre guillemets"
# PyYAML's problems (libyaml's wording, and the pure-Python parser's) in French, first match wins.
_SYNTAX: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), french, hint)
    for pattern, french, hint in (
        (r"^mapping values are not allowed", "deux-points « : » inattendu", _SYNTAX_HINT),
        (r"^block sequence entries are not allowed", "élément de liste « - » inattendu à cet endroit", _SYNTAX_HINT),
        (r"that cannot start any token", "caractère qui ne peut pas commencer une valeur", _QUOTE_HINT),
        (r"^found unexpected end of stream", "guillemet ouvert jamais refermé", "refermez le guillemet"),
        (r"^found unexpected document", "guillemet ouvert jamais refermé avant « --- »", "refermez le guillemet"),
        (
            r"^found unknown escape character",
            "barre oblique inverse « \\ » inconnue entre guillemets doubles",
            "doublez-la (\\\\) ou mettez le texte entre guillemets simples",
        ),
        (
            r"expected ',' or '\]'",
            "liste entre crochets [ ] mal fermée",
            "séparez les éléments par « , » et fermez par « ] »",
        ),
        (
            r"expected ',' or '\}'",
            "dictionnaire entre accolades { } mal fermé",
            "séparez les champs par « , » et fermez par « } »",
        ),
        (r"^could not find expected ':'", "deux-points « : » attendu après le nom du champ", _SYNTAX_HINT),
        (
            r"^did not find expected key|^expected <block end>",
            "indentation incohérente ou texte en trop, cette ligne ne s'aligne pas sur celles de même niveau",
            "alignez-la, avec des espaces, sur les lignes voisines ; un texte qui suit des guillemets ou des "
            "crochets se met tout entier entre guillemets",
        ),
        (
            r"^did not find expected '-' indicator",
            "indentation incohérente, élément de liste « - » attendu",
            "alignez les « - » de la liste les uns sous les autres",
        ),
        (
            r"^did not find expected node content|^expected the node content",
            "valeur attendue à cet endroit",
            _SYNTAX_HINT,
        ),
        (
            r"^found undefined alias",
            "alias (*nom) qui ne renvoie à aucune ancre (&nom) définie avant lui",
            "définissez l'ancre avant l'alias, ou recopiez la valeur",
        ),
        (r"^second occurrence", "ancre (&nom) définie deux fois", "donnez à chaque ancre un nom différent"),
        (
            r"another document",
            "plusieurs documents dans un même fichier",
            "retirez la ligne « --- » ou scindez le fichier",
        ),
        (
            r"alphabetic or numeric character",
            "nom d'ancre ou d'alias (&nom, *nom) vide ou mal formé",
            "si « & » ou « * » fait partie du texte, " + _QUOTE_HINT,
        ),
        (r"^found unknown directive", "directive « % » inconnue", _QUOTE_HINT),
        (
            r"expected <document start>|expected '<document start>'",
            "contenu inattendu après la fin du document, au niveau le plus haut",
            "vérifiez l'indentation de cette ligne : elle doit être en retrait sous un champ",
        ),
        (
            r"expected comment or line break|chomping or indentation indicators",
            "texte inattendu après la valeur, sur la même ligne",
            "mettez toute la valeur entre guillemets, ou passez à la ligne",
        ),
        (r"^exceeded maximum nesting depth", _DEPTH, _DEPTH_HINT),
    )
)


def _syntax_error(problem: str, line: int | None, char: str) -> StrictYAMLError:
    """PyYAML's ``problem`` in French; ``char`` is the character the parser stopped at."""
    if char == "\t":
        return StrictYAMLError(
            "erreur de syntaxe YAML, tabulation dans l'indentation", line, hint="indentez avec des espaces"
        )
    for pattern, french, hint in _SYNTAX:
        if pattern.search(problem):
            if french is _DEPTH:
                return StrictYAMLError(french, line, hint=hint)
            found = f" (« {char} »)" if hint is _QUOTE_HINT and char.strip() else ""
            return StrictYAMLError(f"erreur de syntaxe YAML, {french}{found}", line, hint=hint)
    return StrictYAMLError(f"erreur de syntaxe YAML (message de l'analyseur : {problem})", line, hint=_SYNTAX_HINT)


def load(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text``; return the data and the 1-based line of each value's path."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        found = text[mark.index : mark.index + 1] if mark else ""
        raise _syntax_error(str(exc.problem or exc), line, found) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL, before any parsing
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        raise StrictYAMLError(
            f"caractère U+{char:04X} interdit dans un fichier YAML (caractère invisible ou spécial)",
            line,
            hint="supprimez-le : il vient souvent d'un copier-coller depuis un PDF ou un traitement de texte",
        ) from None
    except RecursionError:  # the pure-Python parser, without libyaml's own depth limit
        raise StrictYAMLError(_DEPTH, None, hint=_DEPTH_HINT) from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _Builder(lines).build(node, ()), lines


class _Builder:
    """Values from nodes, counting what aliases would multiply."""

    def __init__(self, lines: dict[Path_, int]) -> None:
        self.lines = lines
        self.built: set[int] = set()  # ids of nodes already built once: meeting one again is an alias
        self.open: set[int] = set()  # ids of the nodes being built, to catch an alias inside itself
        self.values = 0
        self.aliases = 0
        self.rule_id: str | None = None

    def fail(self, message: str, node: yaml.Node, hint: str) -> StrictYAMLError:
        return StrictYAMLError(message, node.start_mark.line + 1, self.rule_id, hint)

    def build(self, node: yaml.Node, path: Path_, *, copy: bool = False) -> Any:
        """``copy``: ``node`` lies inside an alias already counted."""
        copy = self._count(node, path, copy)
        self.lines[path] = node.start_mark.line + 1
        if len(path) == 2 and path[0] == "rules" and isinstance(node, yaml.MappingNode):
            self.rule_id = next(
                (v.value for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)), None
            )
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            assert isinstance(node, yaml.ScalarNode), "a YAML node is a mapping, a sequence or a scalar"
            return _scalar(node, self.rule_id)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i), copy=copy) for i, item in enumerate(node.value)]
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(
                        "un nom de champ doit être un simple mot, pas une liste ni un dictionnaire",
                        key_node,
                        "écrivez « nom: valeur », le nom étant un mot",
                    )
                key = key_node.value
                if key in result:
                    raise self.fail(
                        f"champ « {key} » écrit deux fois au même niveau",
                        key_node,
                        "gardez-en un seul : YAML n'en retiendrait que le dernier",
                    )
                result[key] = self.build(value_node, (*path, key), copy=copy)
            return result
        finally:
            self.open.discard(id(node))

    def _count(self, node: yaml.Node, path: Path_, copy: bool) -> bool:
        if id(node) in self.open:
            raise self.fail(
                "un alias (*nom) renvoie à la valeur qui le contient (boucle sans fin)",
                node,
                "un alias ne peut renvoyer qu'à une valeur définie avant et ailleurs",
            )
        if id(node) in self.built and not copy:
            copy = True
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self.fail(
                    f"plus de {MAX_ALIASES} alias (*nom) dans un même fichier",
                    node,
                    "recopiez les valeurs au lieu de les désigner par des alias",
                )
        self.built.add(id(node))
        self.values += 1
        if self.values > MAX_VALUES:
            raise self.fail(
                f"plus de {MAX_VALUES} valeurs une fois les alias (*nom) développés, fichier piégé "
                "(« bombe d'alias ») ou erroné",
                node,
                "n'utilisez pas ce fichier si vous ne l'avez pas écrit ; sinon, recopiez les valeurs sans alias",
            )
        if len(path) > MAX_DEPTH:
            raise self.fail(_DEPTH, node, _DEPTH_HINT)
        return copy


def _scalar(node: yaml.ScalarNode, rule_id: str | None) -> Any:
    value: str = node.value
    if node.style:  # quoted or block scalar: always a string (libyaml marks plain with "", PyYAML None)
        return value
    if _YAML11_BOOLS.match(value):
        raise StrictYAMLError(
            f"« {value} » serait lu comme un booléen (oui/non) par certains outils YAML",
            node.start_mark.line + 1,
            rule_id,
            f'mettez-le entre guillemets ("{value}") pour un texte, ou écrivez true ou false',
        )
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value  # dates and everything else stay strings
