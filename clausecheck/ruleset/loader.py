"""Find, read and validate rule files; every error names file, line, rule id and field."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from clausecheck.model.errors import RuleError
from clausecheck.ruleset import strict_yaml
from clausecheck.ruleset.cost import check_cost
from clausecheck.ruleset.schema import CoverageRule, Pattern, RequiresRule, Rule, RuleFile, TypeFile, VocabularyFile
from clausecheck.ruleset.vocab import Family, VocabError, expand_token, family, slots, token_positions

_RULE_KINDS = ("matches", "absent", "requires", "coverage")
_TYPES_KEY = "contract_types"
_VOCAB_KEY = "vocabularies"
# Names pydantic puts in an error's location for the member of a union it tried.
_UNION_MEMBERS = (*_RULE_KINDS, "str", "Example", "VocabularyEntry")


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
        return None


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
            raise RuleError(str(folder), "rule folder not found", hint="pass an existing folder to --rules")
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            _load_file(path, ruleset)
    if ruleset.types is None:
        raise RuleError(str(bundled_rules_dir()), f"no file defines '{_TYPES_KEY}'")
    _expand_families(ruleset)
    return ruleset


def _load_file(path: Path, ruleset: RuleSet) -> None:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, f"cannot read the file: {exc}") from None
    try:
        data, lines = strict_yaml.load(text)
    except strict_yaml.StrictYAMLError as exc:
        raise RuleError(name, str(exc), line=exc.line, rule_id=exc.rule_id) from None
    ruleset.files.append(name)
    if isinstance(data, dict) and _TYPES_KEY in data:
        if ruleset.types is not None:
            raise RuleError(name, f"'{_TYPES_KEY}' is already defined in another file", line=lines.get((_TYPES_KEY,)))
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
                f"duplicate rule id, first defined in {first.file}:{first.line()}",
                line=source.line("id"),
                rule_id=rule.id,
                field="id",
            )
        ruleset.sources[rule.id] = source
        ruleset.rules.append(rule)


def _load_vocabularies(parsed: VocabularyFile, source: RuleSource, ruleset: RuleSet) -> None:
    for vocab_name, entry in parsed.vocabularies.items():
        if vocab_name in ruleset.vocabulary_sources:
            first = ruleset.vocabulary_sources[vocab_name]
            raise RuleError(
                source.file,
                f"vocabulary '{vocab_name}' is already defined in {first.file}:{first.line(_VOCAB_KEY, vocab_name)}",
                line=source.line(_VOCAB_KEY, vocab_name),
                field=f"{_VOCAB_KEY}.{vocab_name}",
                hint="give your vocabulary another name",
            )
        try:
            ruleset.vocabularies[vocab_name] = family(entry)
        except VocabError as exc:
            raise RuleError(
                source.file, str(exc), line=source.line(_VOCAB_KEY, vocab_name), field=f"{_VOCAB_KEY}.{vocab_name}"
            ) from None
        ruleset.vocabulary_sources[vocab_name] = source


_Located = tuple[str, RuleSource, strict_yaml.Path_, list[Pattern]]


def _pattern_lists(ruleset: RuleSet) -> Iterator[_Located]:
    """Every list of patterns with its owner rule and where it was written."""
    for rule in ruleset.rules:
        source = ruleset.sources[rule.id]
        parts = [("when", rule.when), ("unless", rule.unless)]
        if isinstance(rule, RequiresRule):
            parts.append(("then", rule.then))
        for part, groups in parts:
            for gi, group in enumerate(groups):
                yield rule.id, source, (part, gi, "patterns"), group.patterns
        if isinstance(rule, CoverageRule):
            for ti, theme in enumerate(rule.themes):
                yield rule.id, source, ("themes", ti, "patterns"), theme.patterns
            yield rule.id, source, ("anchor",), rule.anchor


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
        hint="vocabularies are defined under 'vocabularies:' (see rules/vocabulary.yaml)",
    )


_Model = type[RuleFile] | type[TypeFile] | type[VocabularyFile]


def _validate(model: _Model, data: Any, name: str, lines: dict[strict_yaml.Path_, int]) -> Any:
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        raise _rule_error(exc, data, name, lines) from None


def _rule_error(exc: ValidationError, data: Any, name: str, lines: dict[strict_yaml.Path_, int]) -> RuleError:
    errors = exc.errors()
    # A union reports one error per member; a validator's own message says more than "not a string".
    error = next((e for e in errors if e["type"] == "value_error"), errors[0])
    path = _data_path(error["loc"], data)
    rule_id = None
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        item = data["rules"][path[1]]
        rule_id = item.get("id") if isinstance(item, dict) else None
    source = RuleSource(name, lines, ())
    named = path if path[:1] == (_VOCAB_KEY,) else path[2:]
    field_name = ".".join(str(p) for p in named if not isinstance(p, int)) or None
    hint = None
    if error["type"] == "extra_forbidden":
        hint = "remove the field or check its spelling (see `clausecheck schema`)"
    elif error["type"] == "missing":
        hint = "add the field"
    elif error["type"] == "union_tag_invalid":
        hint = f"kind is one of {', '.join(_RULE_KINDS)}"
    if error["type"] == "value_error" and "duplicate rule id" in error["msg"]:
        return RuleError(name, error["msg"].removeprefix("Value error, "), line=source.line(*path))
    message = error["msg"].removeprefix("Value error, ")
    return RuleError(name, message, line=source.line(*path), rule_id=rule_id, field=field_name, hint=hint)


def _data_path(loc: tuple[Any, ...], data: Any) -> strict_yaml.Path_:
    """Drop pydantic's union-member names from ``loc`` so it walks the YAML data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part not in _UNION_MEMBERS and "[" not in part:
            path.append(part)  # a missing or unknown key: keep it to name the field
            node = None
    return tuple(path)


def rule_json_schema() -> dict[str, Any]:
    """JSON Schema of a rule file, for editors."""
    return TypeAdapter(RuleFile).json_schema()
