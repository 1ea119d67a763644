"""Find, read and validate rule files; every error names file, line, rule id and field."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from clausecheck.model.errors import RuleError
from clausecheck.ruleset import schema, strict_yaml
from clausecheck.ruleset.cost import check_cost
from clausecheck.ruleset.schema import (
    CoverageRule,
    Pattern,
    PatternGroup,
    RequiresRule,
    Rule,
    RuleFile,
    TypeFile,
    VocabularyFile,
)
from clausecheck.ruleset.schema_fr import in_french
from clausecheck.ruleset.validation import explain
from clausecheck.ruleset.vocab import Family, VocabError, expand_token, family, slots, token_positions

_TYPES_KEY = "contract_types"
_VOCAB_KEY = "vocabularies"
# Every field name a rule, type or vocabulary file may use, to suggest one for a misspelt field.
_FIELD_NAMES = sorted(
    {
        name
        for model in vars(schema).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        for name in model.model_fields
    }
)


def bundled_rules_dir() -> Path:
    """The rules shipped with clausecheck.

    A wheel carries them inside the package (``clausecheck/rules``); a source checkout
    or editable install reads the repository's top-level ``rules/`` folder.
    """
    package = Path(__file__).parent.parent
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


@dataclass(frozen=True)
class RuleSource:
    """Where a rule was written, to point errors at its lines."""

    file: str
    lines: dict[strict_yaml.Path_, int]
    base: strict_yaml.Path_

    def line(self, *sub: str | int) -> int | None:
        path = (*self.base, *sub)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())  # the file's first value: an error about the whole file


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    sources: dict[str, RuleSource] = field(default_factory=dict)
    types: TypeFile | None = None
    types_source: RuleSource | None = None
    files: list[str] = field(default_factory=list)
    vocabularies: dict[str, Family] = field(default_factory=dict)
    vocabulary_sources: dict[str, RuleSource] = field(default_factory=dict)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def load_rules(extra_dirs: list[Path] | None = None) -> RuleSet:
    """Load the bundled rules, then each user folder's; a duplicate id is an error.

    Word families (``{VOCAB: …}``, ``{FORMS_OF: …}``) are expanded once every file is read,
    so a rule may use a vocabulary defined in any file of any folder loaded.
    """
    ruleset = RuleSet()
    # A folder named twice (the bundled one passed to ``clausecheck test rules``, or a folder in
    # both the settings and --rules) is read once: its ids are not duplicates of themselves.
    folders = list(dict.fromkeys(f.resolve() if f.is_dir() else f for f in [bundled_rules_dir(), *(extra_dirs or [])]))
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(
                str(folder), "dossier de règles introuvable", hint="indiquez à --rules un dossier qui existe"
            )
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            _load_file(path, ruleset)
    if ruleset.types is None:
        raise RuleError(
            str(bundled_rules_dir()),
            f"aucun fichier ne définit « {_TYPES_KEY} » (les types de contrat)",
            hint="réinstallez clausecheck : le fichier contract-types.yaml des règles fournies manque",
        )
    _expand_families(ruleset)
    return ruleset


def _load_file(path: Path, ruleset: RuleSet) -> None:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise RuleError(
            name,
            "fichier qui n'est pas encodé en UTF-8",
            line=line,
            hint="réenregistrez-le en UTF-8 depuis votre éditeur (« Enregistrer sous », encodage UTF-8)",
        ) from None
    except PermissionError:
        raise RuleError(name, "lecture refusée (droits d'accès)", hint="vérifiez les permissions du fichier") from None
    except OSError as exc:
        raise RuleError(
            name,
            "fichier illisible" + (f" (erreur système n° {exc.errno})" if exc.errno else ""),
            hint="vérifiez que le fichier existe, est un fichier ordinaire et s'ouvre dans votre éditeur",
        ) from None
    try:
        data, lines = strict_yaml.load(text)
    except strict_yaml.StrictYAMLError as exc:
        raise RuleError(name, str(exc), line=exc.line, rule_id=exc.rule_id, hint=exc.hint) from None
    ruleset.files.append(name)
    if isinstance(data, dict) and _TYPES_KEY in data:
        if ruleset.types is not None:
            raise RuleError(
                name,
                f"« {_TYPES_KEY} » est déjà défini dans {ruleset.types_source.file if ruleset.types_source else '?'}",
                line=lines.get((_TYPES_KEY,)),
                field=_TYPES_KEY,
                hint="les types de contrat se règlent dans un seul fichier : retirez celui-ci de votre dossier",
            )
        ruleset.types = _validate(TypeFile, data, name, lines)
        ruleset.types_source = RuleSource(name, lines, ())
        return
    if isinstance(data, dict) and _VOCAB_KEY in data:
        _load_vocabularies(_validate(VocabularyFile, data, name, lines), RuleSource(name, lines, ()), ruleset)
        return
    parsed = _validate(RuleFile, data, name, lines)
    for index, rule in enumerate(parsed.rules):
        source = RuleSource(name, lines, ("rules", index))
        if rule.id in ruleset.sources:
            first = ruleset.sources[rule.id]
            raise RuleError(
                name,
                f"identifiant de règle déjà utilisé par {first.file}:{first.line('id')}",
                line=source.line("id"),
                rule_id=rule.id,
                field="id",
                hint="donnez à votre règle un autre identifiant",
            )
        ruleset.sources[rule.id] = source
        ruleset.rules.append(rule)


def _load_vocabularies(parsed: VocabularyFile, source: RuleSource, ruleset: RuleSet) -> None:
    for vocab_name, entry in parsed.vocabularies.items():
        if vocab_name in ruleset.vocabulary_sources:
            first = ruleset.vocabulary_sources[vocab_name]
            raise RuleError(
                source.file,
                f"vocabulaire « {vocab_name} » déjà défini dans {first.file}:{first.line(_VOCAB_KEY, vocab_name)}",
                line=source.line(_VOCAB_KEY, vocab_name),
                field=f"{_VOCAB_KEY}.{vocab_name}",
                hint="donnez un autre nom à votre vocabulaire",
            )
        try:
            ruleset.vocabularies[vocab_name] = family(entry)
        except VocabError as exc:
            raise RuleError(
                source.file,
                str(exc),
                line=source.line(_VOCAB_KEY, vocab_name),
                field=f"{_VOCAB_KEY}.{vocab_name}",
                hint=exc.hint,
            ) from None
        ruleset.vocabulary_sources[vocab_name] = source


_Located = tuple[str, RuleSource, strict_yaml.Path_, list[Pattern]]


def _pattern_lists(ruleset: RuleSet) -> Iterator[_Located]:
    """Every list of patterns with its owner rule and where it was written."""
    for rule in ruleset.rules:
        source = ruleset.sources[rule.id]
        parts: list[tuple[str, Sequence[PatternGroup]]] = [("when", rule.when), ("unless", rule.unless)]
        if isinstance(rule, RequiresRule):
            parts.append(("then", rule.then))
        for part, groups in parts:
            for gi, group in enumerate(groups):
                yield rule.id, source, (part, gi, "patterns"), group.patterns
        if isinstance(rule, CoverageRule):
            for ti, theme in enumerate(rule.themes):
                yield rule.id, source, ("themes", ti, "patterns"), theme.patterns
            yield rule.id, source, ("anchor",), rule.anchor
            yield rule.id, source, ("commitment",), rule.commitment


def _expand_families(ruleset: RuleSet) -> None:
    """Replace each VOCAB / FORMS_OF token by the plain spaCy constraint it stands for.

    A phrase with slots stays a phrase (the engine cuts it into tokens); its slots are
    checked here so an unknown name stops the run with the line it is on.
    """
    for rule_id, source, where, patterns in _pattern_lists(ruleset):
        for pi, pattern in enumerate(patterns):
            if isinstance(pattern, str):
                try:
                    for *_span, token in slots(pattern):
                        expand_token(token, ruleset.vocabularies)
                except VocabError as exc:
                    raise _family_error(exc, source, rule_id, (*where, pi)) from None
                continue
            expanded = list(pattern)
            for ti, token in token_positions(pattern):
                try:
                    expanded[ti] = expand_token(token, ruleset.vocabularies)
                except VocabError as exc:
                    raise _family_error(exc, source, rule_id, (*where, pi, ti, exc.key)) from None
            check_cost(expanded, source, (*where, pi), rule_id)
            patterns[pi] = expanded


def _family_error(exc: VocabError, source: RuleSource, rule_id: str, at: strict_yaml.Path_) -> RuleError:
    return RuleError(
        source.file,
        str(exc),
        line=source.line(*at),
        rule_id=rule_id,
        field=".".join(map(str, at)),
        hint=exc.hint,
    )


_Model = type[RuleFile] | type[TypeFile] | type[VocabularyFile]


def _validate(model: _Model, data: Any, name: str, lines: dict[strict_yaml.Path_, int]) -> Any:
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        raise _rule_error(exc, data, name, lines) from None


def _rule_error(exc: ValidationError, data: Any, name: str, lines: dict[strict_yaml.Path_, int]) -> RuleError:
    explained = explain(exc.errors(), data, _FIELD_NAMES)
    path = explained.path
    rule_id = explained.rule_id
    if rule_id is None and len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        item = data["rules"][path[1]]
        rule_id = item.get("id") if isinstance(item, dict) else None
    named = path if path[:1] != ("rules",) else path[2:]
    field_name = ".".join(str(p) for p in named if not isinstance(p, int)) or None
    line = RuleSource(name, lines, ()).line(*path)
    if explained.rule_id is not None and isinstance(data, dict) and isinstance(data.get("rules"), list):
        # A validator names the rule (a duplicate id): point at its last occurrence.
        index = max(i for i, r in enumerate(data["rules"]) if isinstance(r, dict) and r.get("id") == rule_id)
        line, field_name = lines.get(("rules", index, "id")), "id"
    return RuleError(name, explained.message, line=line, rule_id=rule_id, field=field_name, hint=explained.hint)


def rule_json_schema() -> dict[str, Any]:
    """JSON Schema of a rule file, for editors, its descriptions in French."""
    return in_french(TypeAdapter(RuleFile).json_schema(), "RuleFile")
