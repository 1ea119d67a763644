"""A project's settings: ``clausecheck.toml`` or ``[tool.clausecheck]`` in ``pyproject.toml``.

The nearest file from the current folder upward is used; options given on the command
line win over it. Rule folders are relative to the file that names them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clausecheck.model.findings import DocumentReport
from clausecheck.ruleset.validation import explain


class ConfigError(Exception):
    """A settings file that cannot be used; the message is French and names the file."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    side: Literal["client", "supplier"] | None = None
    fail_on: Literal["info", "low", "medium", "high", "none"] | None = Field(default=None, alias="fail-on")
    rules: list[Path] = Field(default_factory=list, description="Folders of your own rules.")
    select: list[str] = Field(default_factory=list, description="Rule ids or families to report (all if empty).")
    ignore: list[str] = Field(default_factory=list, description="Rule ids or families never to report.")
    time_budget: float | None = Field(
        default=None, ge=0, alias="time-budget", description="Seconds per document before it is too-slow (0: none)."
    )
    source: Path | None = Field(default=None, exclude=True)


def find_settings(start: Path) -> Settings:
    """The settings of the nearest ``clausecheck.toml`` or ``pyproject.toml`` with a section."""
    for folder in [start, *start.parents]:
        own = folder / "clausecheck.toml"
        if own.is_file():
            return _load(own, _read(own))
        project = folder / "pyproject.toml"
        if project.is_file():
            tool = _read(project).get("tool")
            section = tool.get("clausecheck") if isinstance(tool, dict) else None
            if isinstance(section, dict):
                return _load(project, section)
    return Settings()


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} : fichier de configuration illisible ({exc})") from None


def _load(path: Path, data: dict[str, object]) -> Settings:
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        names = [field.alias or name for name, field in Settings.model_fields.items() if name != "source"]
        said = explain(exc.errors(), data, names, reference="voir les réglages dans le README")
        where = ".".join(str(part) for part in said.path)
        hint = f" (conseil : {said.hint})" if said.hint else ""
        raise ConfigError(f"{path} : réglage « {where} » invalide : {said.message}{hint}") from None
    settings.rules = [path.parent / folder for folder in settings.rules]
    settings.source = path
    return settings


def _selected(rule_id: str, patterns: list[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p.rstrip(".") + ".") for p in patterns)


def keep_rule(rule_id: str, select: list[str], ignore: list[str]) -> bool:
    """``termination`` selects a family, ``termination.indemnity-vat`` one rule."""
    return (not select or _selected(rule_id, select)) and not _selected(rule_id, ignore)


def filter_report(doc: DocumentReport, select: list[str], ignore: list[str]) -> DocumentReport:
    """The report restricted to the selected rules (findings and the lists of rules checked)."""
    if not select and not ignore:
        return doc
    return doc.model_copy(
        update={
            "findings": [f for f in doc.findings if keep_rule(f.rule_id, select, ignore)],
            "rules_clean": [r for r in doc.rules_clean if keep_rule(r, select, ignore)],
            "rules_not_applicable": [r for r in doc.rules_not_applicable if keep_rule(r, select, ignore)],
        }
    )
