"""The rule file format: pydantic models a counsel's YAML is validated against.

A rule is data. Its patterns use spaCy's own dialect: a string is a phrase matched on
the lowercase form of the words; a list of dicts is a token pattern for spaCy's
Matcher (``LEMMA``, ``LOWER``, ``POS``, ``OP`` …). Patterns are grouped; a condition
holds when every ``when`` group matches (in one sentence, or anywhere in the clause)
and no ``unless`` group does.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from clausecheck.model.findings import Reference, Severity

CONTRACT_TYPES = (
    "it-services",
    "saas",
    "hosting",
    "telecom",
    "software-license",
    "maintenance",
    "outsourcing",
    "other",
)
ContractType = Literal[
    "it-services", "saas", "hosting", "telecom", "software-license", "maintenance", "outsourcing", "other"
]

Pattern = str | list[dict[str, Any]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Group(_Strict):
    """Patterns that stand for one idea, e.g. 'the whole remaining price'."""

    name: str = Field(description="Short name of the idea, shown as evidence.")
    within: Literal["sentence", "clause", "title"] = Field(
        default="sentence",
        description="'sentence': the sentence-scoped groups must all match in one sentence; "
        "'clause': anywhere in the clause, title included; 'title': in the clause title only.",
    )
    patterns: list[Pattern] = Field(min_length=1, description="Phrases (strings) or spaCy token patterns.")


class Condition(_Strict):
    when: list[Group] = Field(min_length=1, description="Every group must match.")
    unless: list[Group] = Field(
        default_factory=list,
        description="No group may match. A match lying inside a 'when' match is ignored, "
        "so 'accord préalable' does not cancel 'sans accord préalable'.",
    )


class Example(_Strict):
    title: str = ""
    text: str


ExampleItem = str | Example


class Examples(_Strict):
    fires: list[ExampleItem] = Field(min_length=1, description="Texts the rule must flag.")
    silent: list[ExampleItem] = Field(min_length=1, description="Texts the rule must leave alone.")


class Recommendation(_Strict):
    client: str = Field(description="What to negotiate when representing the client.")
    supplier: str = Field(description="What to negotiate when representing the supplier.")
    client_wording: str | None = Field(default=None, description="A wording to propose for the client.")
    supplier_wording: str | None = Field(default=None, description="A wording to propose for the supplier.")

    def advice(self, side: str) -> str:
        """What to negotiate for one side, with that side's suggested wording when there is one."""
        text, wording = (
            (self.supplier, self.supplier_wording) if side == "supplier" else (self.client, self.client_wording)
        )
        return text + (f"\n\nRédaction suggérée : « {wording} »" if wording else "")


class Theme(_Strict):
    name: str
    label: str = Field(description="French name of the theme shown in the report.")
    patterns: list[Pattern] = Field(min_length=1)


class _RuleBase(Condition):
    id: str = Field(pattern=r"^[a-z0-9-]+\.[a-z0-9-]+$", description="Stable id, 'family.risk'.")
    title: str = Field(description="French title of the risk.")
    severity: Severity
    applies_to: list[ContractType] | Literal["all"] = Field(
        default="all", description="Contract types the rule is checked on."
    )
    message: str = Field(description="One French sentence saying what was found.")
    why: str = Field(description="The legal lesson, in two or three sentences.")
    recommendation: Recommendation
    references: list[Reference] = Field(min_length=1)
    examples: Examples


class MatchesRule(_RuleBase):
    """Fires on each clause whose wording meets the condition."""

    kind: Literal["matches"]
    exposure: bool = Field(default=False, description="Estimate the periodic price × commitment term.")


class AbsentRule(_RuleBase):
    """Fires once per contract when no clause meets the condition."""

    kind: Literal["absent"]
    searched: str = Field(description="French description of what was searched for, shown in the report.")


class RequiresRule(_RuleBase):
    """Fires on each clause that meets the condition but lacks every ``then`` group."""

    kind: Literal["requires"]
    then: list[Group] = Field(min_length=1, description="Groups the clause must also match (any one).")


class CoverageRule(_RuleBase):
    """Fires on the main clause meeting the condition when the clauses meeting it leave themes out."""

    kind: Literal["coverage"]
    themes: list[Theme] = Field(min_length=2)
    anchor: list[Pattern] = Field(
        default_factory=list, description="Title patterns that mark the main clause to attach the finding to."
    )


Rule = Annotated[MatchesRule | AbsentRule | RequiresRule | CoverageRule, Field(discriminator="kind")]


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id}")
            seen.add(rule.id)
        return self


# A term of a word family: words separated by spaces, matched without regard to case or
# accents. "héberg*" stands for every word starting so (hébergement, héberger, hébergeur);
# "site|serveur*" is one word among several; "…" lets up to four words come in between.
_TERM = re.compile(r"^(?:…|[\w'’-]+\*?(?:\|[\w'’-]+\*?)*)(?: (?:…|[\w'’-]+\*?(?:\|[\w'’-]+\*?)*))*$")

Zone = Literal["title", "opening", "object", "definitions", "services", "prices", "headings", "body"]


def _check_terms(terms: list[str]) -> list[str]:
    for term in terms:
        if not _TERM.match(term) or term.startswith("…") or term.endswith("…"):
            raise ValueError(
                f"term {term!r}: words (a '*' may end one), alternatives joined by '|', '…' between two words"
            )
    return terms


class TermFamily(_Strict):
    """Words that say one thing about the contract ("serveur dédié", "VPS", "colocation")."""

    name: str = Field(description="Short French name shown as evidence, e.g. 'serveur dédié'.")
    weight: float = Field(default=1.0, gt=0, description="How strongly the family points to its type.")
    terms: list[str] = Field(min_length=1, description="Terms of the family (see the term syntax).")
    supporting: bool = Field(
        default=False, description="Common to many contracts: counts only beside a non-supporting family of the type."
    )

    @field_validator("terms")
    @classmethod
    def _terms(cls, terms: list[str]) -> list[str]:
        return _check_terms(terms)


class TypeSignal(_Strict):
    type: ContractType = Field(description="'other' holds the signals of a contract outside IT supply.")
    families: list[TermFamily] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> TypeSignal:
        names = [f.name for f in self.families]
        if len(set(names)) != len(names):
            raise ValueError(f"families of {self.type}: each name once, it is shown as evidence")
        return self


class ZoneSignal(_Strict):
    """A part of the contract, told by its article heading, and what a word found there weighs."""

    zone: Zone
    weight: float = Field(gt=0)
    headings: list[str] = Field(default_factory=list, description="Terms of the headings that open the zone.")

    @field_validator("headings")
    @classmethod
    def _headings(cls, terms: list[str]) -> list[str]:
        return _check_terms(terms)


class Thresholds(_Strict):
    min_score: float = Field(gt=0, description="Score a type needs to be retained.")
    relative: float = Field(gt=0, le=1, description="Share of the leading type's score a further type needs.")
    other_margin: float = Field(
        gt=0, description="Non-IT signals settle the type 'other' at this many times the best IT score."
    )
    naming_weight: float = Field(
        gt=0, description="A family of this weight found in the title retains its type, even beside a stronger one."
    )
    stated_zones: list[Zone] = Field(
        min_length=1, description="Zones that state the services the contract includes (object, prices…)."
    )
    stated_score: float = Field(
        gt=0, description="Points of strong families in the stated zones that retain a type beside a stronger one."
    )
    opening_chars: int = Field(gt=0, description="How much of an unnumbered preamble counts as the opening.")


class TypeFile(_Strict):
    """How contract types are told apart: word families weighed by the part of the contract they appear in."""

    zones: list[ZoneSignal] = Field(min_length=1)
    thresholds: Thresholds
    contract_types: list[TypeSignal] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_zone(self) -> TypeFile:
        missing = set(get_args(Zone)) - {z.zone for z in self.zones}
        if missing:
            raise ValueError(f"zones: no weight for {', '.join(sorted(missing))}")
        return self
