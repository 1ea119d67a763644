"""What a check produces: findings per document, and the report over a batch."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from clausecheck.model.dates import month_fr
from clausecheck.model.revisions import Revision

Severity = Literal["info", "low", "medium", "high"]
Side = Literal["client", "supplier"]
# ISO 4217 codes; "FCFA" where a contract names the CFA franc without saying which (XOF or XAF)
Currency = Literal["EUR", "CHF", "CAD", "USD", "XOF", "XAF", "FCFA"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3}


class Exposure(BaseModel):
    """The maximum amount a clause exposes the client to, and how it was computed."""

    model_config = ConfigDict(extra="forbid")

    amount: float
    currency: Currency = Field(default="EUR", description="ISO 4217 code; FCFA where the contract does not say which.")
    tax: Literal["HT", "TTC"] | None = None
    basis: str = Field(description="How it was computed, e.g. '938 € HT × 36 mois'.")


class ClauseRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str | None = Field(
        description="The number a reader cites: the clause's own, or for an unnumbered section inside a numbered "
        "article (a '#### Mises à jour' under '## 18.'), the article's; for a clause with no number and no "
        "numbered article above it (a contract cut by headings alone), its heading; None for the preamble."
    )
    title: str
    section: bool = Field(default=False, description="An unnumbered section of article ``number``, named by its title.")
    heading: bool = Field(
        default=False, description="No number, no article above: ``number`` is the heading the reader cites it by."
    )


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["decision", "statute", "doctrine", "guidance"]
    citation: str
    url: str | None = None
    note: str | None = Field(default=None, description="What the reference is cited for, or what is unknown of it.")
    status: Literal["verified", "reported"] = Field(
        description="'verified': read in its official or a reliable published source; "
        "'reported': known only from a secondary source, not read."
    )
    source: str = Field(description="Where it was verified (e.g. 'Légifrance'), or who reports it.")
    checked: str = Field(description="Year and month (YYYY-MM) the reference was last checked.")

    def status_fr(self) -> str:
        """'vérifiée sur Légifrance en novembre 2026' or 'rapportée par …, non vérifiée'."""
        if self.status == "verified":
            return f"vérifiée sur {self.source} en {month_fr(self.checked)}"
        return f"rapportée par {self.source}, non vérifiée"

    def markdown(self) -> str:
        """'Citation (note) — <url> — vérifiée sur … en novembre 2026', as the reports list it."""
        line = self.citation + (f" ({self.note})" if self.note else "") + (f" — <{self.url}>" if self.url else "")
        return f"{line} — {self.status_fr()}"


class PatternRef(BaseModel):
    """One pattern of a rule that matched: the rule, the part of it, the group and the pattern's index."""

    model_config = ConfigDict(extra="forbid")

    rule_id: str
    part: Literal["when", "unless", "then", "theme", "anchor"]
    group: int
    pattern: int


class Evidence(BaseModel):
    """Why the finding was raised: which pattern groups matched where, what was searched."""

    model_config = ConfigDict(extra="forbid")

    matched: list[str] = Field(default_factory=list, description="Names of the pattern groups that matched.")
    spans: list[tuple[int, int]] = Field(
        default_factory=list, description="Character offsets of matched words within the clause text."
    )
    detail: str | None = Field(default=None, description="What was searched for, or what is missing.")
    patterns: list[PatternRef] = Field(default_factory=list, description="The patterns whose matches fired.")


class Location(BaseModel):
    """Where a finding sits in the document's full text (``ContractText.full_text``), so that a
    renderer can point at it (the annotated Word copy) without reading the contract again."""

    model_config = ConfigDict(extra="forbid")

    start: int = Field(description="Offset of the clause body.")
    end: int
    spans: list[tuple[int, int]] = Field(default_factory=list, description="Offsets of the matched words.")


class Advice(BaseModel):
    """What to negotiate, for each party: one check serves both, the report picks its side."""

    model_config = ConfigDict(extra="forbid")

    client: str
    supplier: str

    def for_side(self, side: Side) -> str:
        return self.supplier if side == "supplier" else self.client


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    severity: Severity
    title: str
    message: str
    clause: ClauseRef | None
    excerpt: str | None = None
    clause_text: str | None = Field(default=None, exclude=True)
    inserted: bool = Field(default=False, description="The clause contains text from a tracked insertion.")
    revisions: list[Revision] = Field(
        default_factory=list,
        description="Tracked changes behind the finding: the insertions among its words, or the deletion it reports.",
    )
    why: str
    advice: Advice = Field(exclude=True)
    references: list[Reference]
    exposure: Exposure | None = None
    exposure_note: str | None = Field(default=None, description="Why no exposure could be computed.")
    missing: list[str] = Field(default_factory=list, description="Themes or elements the clause leaves out.")
    evidence: Evidence = Field(default_factory=Evidence)
    location: Location | None = Field(default=None, description="None for a finding of absence.")


class ErrorInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    message: str


class TypeEvidence(BaseModel):
    """One word family found in one part of the contract, and what it weighed for a type."""

    model_config = ConfigDict(extra="forbid")

    type: str
    signal: str = Field(description="Name of the word family, e.g. 'serveur dédié'.")
    zone: str = Field(description="Part of the contract: title, opening, object, definitions, services, prices, …")
    count: int = Field(description="How many times the family was found there.")
    excerpt: str = Field(description="The first words found, as written.")
    points: float


class Party(BaseModel):
    """A contracting party as the contract states it: its name when one is given, and its role."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, description="The name stated, trimmed of capital, register and seat.")
    role: str = Field(description="The term the contract defines for it, e.g. 'le Prestataire'.")


class DocumentReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    status: Literal["ok", "error", "skipped"] = "ok"
    error: ErrorInfo | None = None
    title: str | None = None
    parties: list[Party] = Field(
        default_factory=list, description="The contracting parties the contract states; empty when it states none."
    )
    contract_types: list[str] = Field(default_factory=list)
    types_determined: bool = Field(
        default=False,
        description="True once the contract's types are known; false for a contract that says nothing of what "
        "it supplies (only rules for all contracts apply) and for a document not analysed.",
    )
    type_scores: dict[str, float] = Field(default_factory=dict, description="Weighed evidence per type.")
    type_evidence: list[TypeEvidence] = Field(
        default_factory=list, description="The strongest signals behind the types retained."
    )
    findings: list[Finding] = Field(default_factory=list)
    rules_clean: list[str] = Field(default_factory=list, description="Applicable rules that found nothing.")
    rules_not_applicable: list[str] = Field(default_factory=list)
    revision_authors: list[str] = Field(
        default_factory=list, description="Who made the tracked changes of a Word draft, in order of appearance."
    )
    written_without_accents: bool = Field(
        default=False, description="The text has almost no accented letter; the rules read it without accents."
    )

    def severity_counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    def risk_key(self) -> tuple[int, ...]:
        """Sorts a batch riskiest first (most high, then medium… findings), then errors, then skipped files."""
        counts = self.severity_counts()
        status = {"ok": 0, "error": 1, "skipped": 2}[self.status]
        return (status, *(-counts[s] for s in ("high", "medium", "low", "info")))

    def top_finding(self) -> Finding | None:
        return max(self.findings, key=lambda f: SEVERITY_RANK[f.severity], default=None)
