"""The rule file format: pydantic models a counsel's YAML is validated against.

A rule is data. Its patterns use spaCy's own dialect: a string is a phrase matched on
the lowercase form of the words; a list of dicts is a token pattern for spaCy's
Matcher (``LEMMA``, ``LOWER``, ``POS``, ``OP`` …). Patterns are grouped; a condition
holds when every ``when`` group matches (in one sentence, or anywhere in the clause)
and no ``unless`` group does.

A token may name a word family instead of spelling it out (see ``clausecheck.ruleset.vocab``):

- ``{VOCAB: supplier}`` is any word of the shared vocabulary ``supplier`` (``rules/vocabulary.yaml``
  or a ``vocabularies:`` file in your own rule folder): prestataire, éditeur, hébergeur…
- ``{FORMS_OF: modifier}`` is any form of the word: modifier, modifie, modifient, modifié,
  modifiée, modifiera… ; ``{FORMS_OF: [modifier, modification]}`` joins several families.

Both keep the token's other keys (``{VOCAB: client, OP: "?"}``) and become a plain
``{LOWER: {IN: [...]}}`` when the rules load, so they cost nothing more when matching.
A phrase may hold them as slots: ``"{supplier} se {FORMS_OF: réserver} le droit de {FORMS_OF: modifier}"``.

Every rule tests itself: ``examples.fires`` must be flagged (an example may list the
``evidence`` words the finding must quote), ``examples.silent`` must not, and
``examples.known_miss`` records a text the rule should flag but does not yet.
``clausecheck test DIR`` runs a folder's examples.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from clausecheck.model.findings import Advice, Reference, Severity
from clausecheck.ruleset.validation import Refusal

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


class PatternGroup(_Strict):
    """Patterns that stand for one idea, e.g. 'the whole remaining price'."""

    name: str = Field(description="Short name of the idea, shown as evidence.")
    patterns: list[Pattern] = Field(min_length=1, description="Phrases (strings) or spaCy token patterns.")


class Group(PatternGroup):
    """A group of ``when`` (or ``then``): where its patterns must match."""

    within: Literal["sentence", "sentence-or-list", "sentence-or-next", "clause", "title"] = Field(
        default="sentence",
        description="'sentence': the sentence-scoped groups must all match in one sentence; "
        "'sentence-or-list': the same, and a match in the lead-in of a list (before its ':') also "
        "counts in each item of the list ('Sont exclus : … ; la perte de chance ; …'); "
        "'sentence-or-next': the same, and a match also counts in the next sentence when that one "
        "opens by referring back ('Cet engagement…', 'Dans ce cas…', 'Il…'); "
        "'clause': anywhere in the clause, title included; 'title': in the clause title only.",
    )


class ExceptionGroup(PatternGroup):
    """A group of ``unless``: what its match blocks."""

    within: Literal[
        "sentence", "sentence-or-previous", "sentence-or-before", "sentence-or-list", "next-pronoun", "clause", "title"
    ] = Field(
        default="sentence",
        description="'sentence': the sentence it matches in; 'sentence-or-previous': that sentence and the "
        "next, which may refer back to it ('Le Client manque à ses obligations. Dans ce cas, …'); "
        "'sentence-or-before': that sentence and, when it opens by referring back, the one before "
        "('Le Prestataire peut changer de plateforme. Il en avertit le Client en lui indiquant les conséquences.'); "
        "'sentence-or-list': that sentence and, for a match in the lead-in of a list (before its ':'), "
        "each item of the list ('Nous pouvons interrompre l'accès : - en cas d'attaque …'); "
        "'next-pronoun': not that sentence but those after it that open with a subject pronoun, which stands "
        "for what the match names ('Le Client applique les règles d'accès. Il signale toute compromission.'); "
        "'clause': the whole clause, title included; 'title': in the clause title only.",
    )


class Condition(_Strict):
    when: list[Group] = Field(min_length=1, description="Every group must match.")
    unless: list[ExceptionGroup] = Field(
        default_factory=list,
        description="No group may match. A match lying inside a 'when' match is ignored, "
        "so 'accord préalable' does not cancel 'sans accord préalable'.",
    )


class Example(_Strict):
    title: str = ""
    text: str
    evidence: list[str] = Field(
        default_factory=list,
        description="'fires' examples only: words of the text the finding must quote as evidence, "
        "e.g. ['sommes restant dues'].",
    )
    note: str = Field(default="", description="Why the example is there; for a known miss, what is missing.")

    @model_validator(mode="after")
    def _evidence_in_text(self) -> Example:
        folded = self.text.casefold()
        for words in self.evidence:
            if words.casefold() not in folded:
                raise Refusal(
                    f"la preuve « {words} » ne figure pas dans le texte de l'exemple",
                    "recopiez dans « evidence » des mots exacts du texte de l'exemple",
                )
        return self


ExampleItem = str | Example


class Examples(_Strict):
    fires: list[ExampleItem] = Field(min_length=1, description="Texts the rule must flag.")
    silent: list[ExampleItem] = Field(min_length=1, description="Texts the rule must leave alone.")
    known_miss: list[ExampleItem] = Field(
        default_factory=list,
        description="Texts the rule should flag but does not yet: reported, not failed; "
        "one that starts being flagged must move to 'fires'.",
    )

    @model_validator(mode="after")
    def _evidence_on_fires_only(self) -> Examples:
        for part in ("silent", "known_miss"):
            if any(isinstance(e, Example) and e.evidence for e in getattr(self, part)):
                raise Refusal(
                    f"« evidence » n'a de sens que pour un exemple « fires », pas « {part} »",
                    f"retirez « evidence » des exemples « {part} »",
                )
        return self


class Recommendation(_Strict):
    client: str = Field(description="What to negotiate when representing the client.")
    supplier: str = Field(description="What to negotiate when representing the supplier.")
    client_wording: str | None = Field(default=None, description="A wording to propose for the client.")
    supplier_wording: str | None = Field(default=None, description="A wording to propose for the supplier.")

    def advice(self, asks: list[str] | None = None) -> Advice:
        """What to negotiate for each side, with that side's suggested wording when there is one.

        ``asks``: what to ask for on each theme a coverage finding reports missing, put in
        place of ``{missing}``, so that the advice names those themes and no others.
        """
        client, supplier = self.negotiation(asks)
        return Advice(
            client=_with_wording(client, self.client_wording),
            supplier=_with_wording(supplier, self.supplier_wording),
        )

    def negotiation(self, asks: list[str] | None = None) -> tuple[str, str]:
        """What the client and what the supplier negotiate, ``{missing}`` replaced by ``asks``."""
        return _fill(self.client, asks), _fill(self.supplier, asks)


MISSING = "{missing}"  # in a coverage rule's recommendation: the asks of the themes found missing


def _fill(text: str, asks: list[str] | None) -> str:
    if not asks or MISSING not in text:
        return text
    listed = asks[0] if len(asks) == 1 else ", ".join(asks[:-1]) + " et " + asks[-1]
    return text.replace(MISSING, listed)


def _with_wording(text: str, wording: str | None) -> str:
    return text + (f"\n\nRédaction suggérée : « {wording} »" if wording else "")


class Theme(_Strict):
    name: str
    label: str = Field(description="French name of the theme shown in the report.")
    ask: str = Field(
        default="",
        description="What to ask for on this theme when it is missing, in French; it takes the place of "
        "'{missing}' in the rule's recommendation, e.g. 'postes de travail (protection tenue à jour)'.",
    )
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

    def every_ask(self) -> list[str] | None:
        """What to ask for on every theme, as a rule's documentation lists them (None: no themes)."""
        return None

    @model_validator(mode="after")
    def _missing_in_coverage_only(self) -> _RuleBase:
        if not isinstance(self, CoverageRule) and MISSING in self.recommendation.client + self.recommendation.supplier:
            raise Refusal(
                f"« {MISSING} » ne s'emploie que dans la recommandation d'une règle « coverage »",
                "écrivez les éléments à demander en toutes lettres",
            )
        return self


class MatchesRule(_RuleBase):
    """Fires on each clause whose wording meets the condition."""

    kind: Literal["matches"]
    exposure: bool = Field(default=False, description="Estimate the periodic price × commitment term.")


class AbsentRule(_RuleBase):
    """Fires once per contract when no clause meets the condition."""

    kind: Literal["absent"]
    searched: str = Field(description="French description of what was searched for, shown in the report.")

    @model_validator(mode="after")
    def _no_evidence(self) -> AbsentRule:
        # An absence finding quotes nothing: its 'fires' examples are texts lacking the clause.
        if any(isinstance(e, Example) and e.evidence for e in self.examples.fires):
            raise Refusal(
                "une règle « absent » ne cite aucun passage du contrat",
                "retirez « evidence » de ses exemples",
            )
        return self


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
    commitment: list[Pattern] = Field(
        default_factory=list,
        description="Patterns of a commitment ('[le Prestataire] s'engage à'): among the clauses the anchor "
        "titles (all, if it titles none), one whose sentence meeting the condition holds one is the main clause.",
    )

    def every_ask(self) -> list[str] | None:
        return [theme.ask for theme in self.themes if theme.ask] or None

    @model_validator(mode="after")
    def _asks_fill_missing(self) -> CoverageRule:
        # Either every theme says what to ask for and the recommendation lists the missing ones
        # in place of {missing}, or no theme does: an ask nothing shows would be written in vain.
        asked = [t.name for t in self.themes if t.ask]
        used = MISSING in self.recommendation.client + self.recommendation.supplier
        if used and len(asked) < len(self.themes):
            unasked = next(t.name for t in self.themes if not t.ask)
            raise Refusal(
                f"le thème « {unasked} » n'a pas de « ask » : la recommandation ne saurait quoi demander "
                f"pour lui à la place de « {MISSING} »",
                "donnez à chaque thème un « ask », ce qu'il faut demander quand il manque",
            )
        if asked and not used:
            raise Refusal(
                f"le thème « {asked[0]} » a un « ask » mais la recommandation n'écrit pas « {MISSING} »",
                f"écrivez « {MISSING} » dans la recommandation, là où les thèmes absents doivent être listés",
            )
        return self


class DeletionRule(_RuleBase):
    """Fires on each tracked deletion of a Word draft that removes a protection another rule looks for.

    What counts as a protection comes from the other rules (see ``clausecheck.engine.revisions``):
    this rule only says how to report it. Its examples write the deleted words in CriticMarkup,
    ``{--après en avoir informé le Client--}``; a finding takes the higher of this rule's
    severity and that of the rule whose protection was deleted.
    """

    kind: Literal["deletion"]
    when: list[Group] = Field(default_factory=list, description="Unused: the other rules say what protects.")

    @model_validator(mode="after")
    def _marked_deletions(self) -> DeletionRule:
        if self.when or self.unless:
            raise Refusal(
                "une règle « deletion » n'a ni « when » ni « unless » : les motifs des autres règles en tiennent lieu",
                "retirez « when » et « unless » de la règle",
            )
        for example in self.examples.fires:
            text = example.text if isinstance(example, Example) else example
            if "{--" not in text:
                raise Refusal(
                    "chaque exemple « fires » d'une règle « deletion » marque les mots supprimés",
                    "entourez-les ainsi : {--après en avoir informé le Client--}",
                )
        return self


Rule = Annotated[MatchesRule | AbsentRule | RequiresRule | CoverageRule | DeletionRule, Field(discriminator="kind")]


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise Refusal(
                    "identifiant de règle déjà utilisé plus haut dans ce fichier",
                    "donnez à chaque règle un identifiant différent",
                    rule_id=rule.id,
                )
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
            raise Refusal(
                f"terme « {term} » mal formé",
                "un terme est fait de mots (un « * » peut finir un mot), d'alternatives jointes par « | » "
                "et de « … » entre deux mots",
            )
    return terms


# Terms of the type file, each checked against the term syntax.
Terms = Annotated[list[str], AfterValidator(_check_terms)]


class TermFamily(_Strict):
    """Words that say one thing about the contract ("serveur dédié", "VPS", "colocation")."""

    name: str = Field(description="Short French name shown as evidence, e.g. 'serveur dédié'.")
    weight: float = Field(default=1.0, gt=0, description="How strongly the family points to its type.")
    terms: Terms = Field(min_length=1, description="Terms of the family (see the term syntax).")
    supporting: bool = Field(
        default=False, description="Common to many contracts: counts only beside a non-supporting family of the type."
    )
    operative: bool = Field(
        default=False,
        description="Says what the contract does wherever it is written (a licence granted): found in the "
        "body, it still counts among what the contract states it is for.",
    )
    means_of: list[ContractType] = Field(
        default_factory=list,
        description="Types under which the family names the supplier's own means, not a service sold: when one "
        "of them leads the contract, the family adds nothing ('un hébergeur' in a SaaS contract is the "
        "publisher's host), unless the title or the opening names it, or another family states its type "
        "outside the body.",
    )
    not_after: list[str] = Field(
        default_factory=list,
        description="Words that, right before a term, make it something else: 'sur le site internet' is where "
        "a business sells, not a website it builds. Same syntax as the terms, without '…'.",
    )

    not_between: list[str] = Field(
        default_factory=list,
        description="Words that may not stand in a term's '…': 'créer … plateforme' is no development when "
        "the words between say 'un compte sur la'. One word each, alternatives joined by '|', '*' ending a word.",
    )

    @field_validator("not_after")
    @classmethod
    def _not_after(cls, words: list[str]) -> list[str]:
        if any("…" in w for w in words):
            raise Refusal("« … » ne se met pas dans not_after", "écrivez les mots tels qu'ils précèdent le terme")
        return _check_terms(words)

    @field_validator("not_between")
    @classmethod
    def _not_between(cls, words: list[str]) -> list[str]:
        if any(len(w.split()) != 1 or "…" in w for w in words):
            raise Refusal("not_between attend des mots seuls", "écrivez un mot par entrée, sans espace ni « … »")
        return _check_terms(words)


class TypeSignal(_Strict):
    type: ContractType = Field(description="'other' holds the signals of a contract outside IT supply.")
    families: list[TermFamily] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> TypeSignal:
        names = [f.name for f in self.families]
        if len(set(names)) != len(names):
            raise Refusal(
                f"deux familles du type {self.type} portent le même nom",
                "donnez à chaque famille un nom différent : il est cité comme preuve",
            )
        return self


class ZoneSignal(_Strict):
    """A part of the contract, told by its article heading, and what a word found there weighs."""

    zone: Zone
    weight: float = Field(gt=0)
    headings: Terms = Field(default_factory=list, description="Terms of the headings that open the zone.")


class Thresholds(_Strict):
    min_score: float = Field(gt=0, description="Score a type needs to be retained.")
    relative: float = Field(gt=0, le=1, description="Share of the leading type's score a further type needs.")
    other_margin: float = Field(
        gt=0,
        description="Non-IT signals settle the type 'other' at this many times the IT types' scores added up.",
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
    secondary_score: float = Field(
        ge=0,
        description="Points outside the body a type needs to be retained beside the leading one, once the "
        "leading type has that many: words found only in the body are then passing mentions.",
    )


VOCAB_NAME = r"^[a-z][a-z0-9_-]*$"


class VocabularyEntry(_Strict):
    """A word family given in parts; a plain list of words is the same as ``words:``."""

    words: list[str] = Field(default_factory=list, description="Words, each one token, matched ignoring case.")
    forms_of: list[str] = Field(
        default_factory=list, description="Words whose every form is included (modifier: modifie, modifiées…)."
    )
    stems: list[str] = Field(
        default_factory=list, description="Beginnings of words: 'résili' stands for résilier, résiliation…"
    )

    @model_validator(mode="after")
    def _not_empty(self) -> VocabularyEntry:
        if not (self.words or self.forms_of or self.stems):
            raise Refusal("vocabulaire vide", "donnez-lui des mots sous « words », « forms_of » ou « stems »")
        return self


class VocabularyFile(_Strict):
    """Named word families that rules use as ``{VOCAB: name}`` in token patterns."""

    vocabularies: dict[
        Annotated[str, Field(pattern=VOCAB_NAME)], Annotated[list[str], Field(min_length=1)] | VocabularyEntry
    ] = Field(min_length=1)


class Outside(_Strict):
    """What a sentence says lies outside the contract, so that its words lend it no type."""

    sentences: Terms = Field(
        default_factory=list,
        description="Terms that put a whole sentence outside the contract: bought from a third party "
        "('auprès de son installateur'), under another contract, excluded from it.",
    )
    after_negation: Terms = Field(
        default_factory=list,
        description="Terms of a negation ('ne … aucun'): the words from its start to the end of the "
        "sentence, or to a 'mais' or a colon, lend no type ('n'héberge aucune donnée').",
    )


class TypeFile(_Strict):
    """How contract types are told apart: word families weighed by the part of the contract they appear in."""

    zones: list[ZoneSignal] = Field(min_length=1)
    thresholds: Thresholds
    outside: Outside = Field(default_factory=Outside)
    contract_types: list[TypeSignal] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_zone(self) -> TypeFile:
        missing = set(get_args(Zone)) - {z.zone for z in self.zones}
        if missing:
            raise Refusal(
                f"aucun poids pour {'la zone' if len(missing) == 1 else 'les zones'} {', '.join(sorted(missing))}",
                "ajoutez chaque zone sous « zones », avec son poids",
            )
        return self
