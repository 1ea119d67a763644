"""Tracked changes in the findings: whose insertion a finding quotes, which deletion removed a protection.

Counsel review the other side's redlines first. Three things are drawn from the changes the
reader kept (``ContractText.revisions``):

* each finding lists the tracked insertions among its words (its matched words, or the
  sentences it quotes), with author and date;
* an exposure whose price or term was typed in a tracked insertion says so in its basis;
* a ``deletion`` rule reports each tracked deletion that removes a protection another rule
  looks for. The clause is read twice, as it was before the deletion and as it is once the
  deletion is accepted, and every other applicable rule is asked the same question on both:
  an ``absent`` rule's clause found before and not after, a ``matches`` or ``requires`` rule
  that stays silent before and fires after (its ``unless`` exception or ``then`` element
  was deleted), a ``coverage`` theme covered before and not after. A replacement that trades
  a risk for a lesser one is not reported. No rule is named here: what counts as a
  protection is what the rule files already say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from clausecheck.engine.evaluate import ClauseView, clause_ref, condition
from clausecheck.engine.exposure import exposure_words
from clausecheck.model.document import Clause, ContractText
from clausecheck.model.findings import SEVERITY_RANK, DocumentReport, Evidence, Finding, Location
from clausecheck.model.revisions import Revision
from clausecheck.ruleset.schema import AbsentRule, CoverageRule, DeletionRule, PatternGroup, RequiresRule, Rule

# Builds the NLP views of clauses under their headings (``Checker.views``).
Views = Callable[[list[Clause], list[str]], list[ClauseView]]

_WORD_BEFORE = re.compile(r"\S+\s*$")
# Longer clauses are read around each deletion only (see ``_reading``).
_WHOLE_CLAUSE_CHARS = 5_000
# CriticMarkup deletions, as a rule file's examples write a tracked deletion.
_MARKUP = re.compile(r"\{--(.*?)--\}", re.DOTALL)


# --- insertions ----------------------------------------------------------------------------


def annotate_revisions(report: DocumentReport, contract: ContractText) -> None:
    """List the reviewers; tell each finding which tracked insertions its words hold."""
    report.revision_authors = list(dict.fromkeys(r.author for r in contract.revisions if r.author))
    insertions = [r for r in contract.revisions if r.kind == "insertion"]
    if not insertions:
        return
    for finding in report.findings:
        if finding.location is not None and not finding.revisions:
            finding.revisions = _inserted_words(finding, finding.location, insertions)
        clause = _clause_of(contract, finding.location)
        if finding.exposure is not None and clause is not None:
            for name, words in zip(("prix issu", "durée issue"), exposure_words(contract, clause), strict=True):
                typed = _typed_in([words] if words else [], contract.full_text, insertions)
                if typed:
                    changes = " ; ".join(_replacing(r, contract) for r in typed)
                    finding.exposure.basis += f" ; {name} d'une modification suivie : {changes}"


def _clause_of(contract: ContractText, location: Location | None) -> Clause | None:
    if location is None:
        return None
    return next((c for c in contract.clauses if c.start == location.start and c.end == location.end), None)


def _inserted_words(finding: Finding, location: Location, insertions: list[Revision]) -> list[Revision]:
    """Insertions of the clause that touch its matched words or lie in the sentences it quotes."""
    excerpt = (finding.excerpt or "").casefold()
    return [
        r
        for r in insertions
        if location.start <= r.start and r.end <= location.end
        and (
            any(r.start < b and a < r.end for a, b in location.spans)
            or (len(r.text) > 2 and r.text.casefold() in excerpt)
        )
    ]  # fmt: skip


def _replacing(insertion: Revision, contract: ContractText) -> str:
    """'« 938 » inséré par … le 3 novembre 2026 à la place de « 850 »' when the insertion replaced words."""
    replaced = next((r for r in contract.revisions if r.kind == "deletion" and r.start == insertion.start), None)
    return insertion.describe() + (f" à la place de « {replaced.words()} »" if replaced else "")


def _typed_in(words: list[str], full_text: str, insertions: list[Revision]) -> list[Revision]:
    """Insertions that overlap a place where the price or term is written."""
    places = [(m.start(), m.end()) for w in words for m in re.finditer(re.escape(w), full_text)]
    return [r for r in insertions if any(r.start < b and a < r.end for a, b in places)]


# --- deletions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    """What a rule sees in one reading of a clause: whether it would fire, which protections it finds."""

    risky: bool
    protections: frozenset[str]


def _state(rule: Rule, views: Sequence[ClauseView]) -> _State:
    met = [v for v in views if condition(rule.id, rule.when, rule.unless, v)]
    if isinstance(rule, AbsentRule):
        # The clause the rule looks for is the protection; its absence is the risk, judged contract-wide.
        return _State(False, frozenset(g.name for g in rule.when) if met else frozenset())
    if isinstance(rule, CoverageRule):
        covered = {
            theme.label for ti, theme in enumerate(rule.themes) for v in views if v.matches.get((rule.id, "theme", ti))
        }
        # A theme counts where the clause is one the rule reads (its 'unless' aside: an exception is not a theme).
        in_scope = any(condition(rule.id, rule.when, [], v) for v in views)
        return _State(False, frozenset(covered) if in_scope else frozenset())
    groups: list[tuple[str, int, PatternGroup]] = [("unless", gi, g) for gi, g in enumerate(rule.unless)]
    if isinstance(rule, RequiresRule):
        groups += [("then", gi, g) for gi, g in enumerate(rule.then)]
        met = [v for v in met if not any(v.matches.get((rule.id, "then", gi)) for gi in range(len(rule.then)))]
    found = {g.name for part, gi, g in groups for v in views if v.matches.get((rule.id, part, gi))}
    return _State(bool(met), frozenset(found))


def _removed(rule: Rule, before: _State, after: _State) -> list[str]:
    """The protections of ``rule`` the deletion took away; [] when it changed nothing the rule cares about."""
    lost = sorted(before.protections - after.protections)
    if isinstance(rule, AbsentRule | CoverageRule):
        return lost
    return lost if after.risky and not before.risky else []


def restored(text: str, at: int, deleted: str, replaced_by: Revision | None = None, start: int = 0) -> str:
    """``text`` with the deleted words put back at ``at`` (offsets from ``start``), and the words a
    replacement typed in their place taken out; a space is added where words would otherwise touch."""
    cut = at - start
    tail = cut if replaced_by is None else replaced_by.end - start
    left, right = text[:cut], text[tail:]
    pad_left = " " if left and not left[-1].isspace() and deleted[:1].isalnum() else ""
    pad_right = " " if right[:1].isalnum() else ""
    return f"{left}{pad_left}{deleted}{pad_right}{right}"


def deletion_findings(
    rule: DeletionRule,
    contract: ContractText,
    others: list[Rule],
    views: list[ClauseView],
    make_views: Views,
    headings: dict[int, str],
) -> list[Finding]:
    """One finding per tracked deletion that removes a protection one of ``others`` looks for."""
    deletions = [r for r in contract.revisions if r.kind == "deletion"]
    if not deletions:
        return []
    watched = [r for r in others if not isinstance(r, DeletionRule)]
    # A paragraph deleted whole reads with the next one: at the start of a heading, it ends the clause before.
    placed = [(d, c) for d in deletions if (c := _clause_at(contract, d.start) or _clause_at(contract, d.start - 1))]
    readings = [_reading(contract, d, c) for d, c in placed]
    # The clause as it was and, for a long clause read around its deletion only, that paragraph as it is.
    pieces = [
        (piece, headings[id(clause)])
        for (_, clause), reading in zip(placed, readings, strict=True)
        for piece in (reading.before, reading.after)
        if piece is not None
    ]
    made = make_views([piece for piece, _ in pieces], [head for _, head in pieces])
    by_clause: dict[int, list[ClauseView]] = {}
    for view in [*views, *made]:
        by_clause.setdefault(id(view.clause), []).append(view)
    findings: list[Finding] = []
    for (deletion, clause), reading in zip(placed, readings, strict=True):
        read_before = by_clause.get(id(reading.before), [])
        read_after = by_clause.get(id(reading.after or clause), [])
        states = [(other, _state(other, read_before), _state(other, read_after)) for other in watched]
        # A replacement may trade a risk for a lesser one ("tout le prix restant" becoming "trois mois de
        # redevance"): only a protection lost on a rule graver than every risk the change removed is reported.
        eased = max((SEVERITY_RANK[o.severity] for o, b, a in states if b.risky and not a.risky), default=-1)
        for other, before, after in states:
            lost = _removed(other, before, after)
            if lost and SEVERITY_RANK[other.severity] > eased:
                findings.append(_finding(rule, other, deletion, clause, lost))
                break  # one finding per deletion: the first rule it disarms, in rule-file order
    return findings


@dataclass(frozen=True)
class _Reading:
    before: Clause
    after: Clause | None  # None: the clause itself, already read


def _reading(contract: ContractText, deletion: Revision, clause: Clause) -> _Reading:
    """The text to read before and after one deletion: its whole clause, or for a long clause its paragraph.

    Each deletion costs one more NLP pass over what is read; a paragraph bounds that cost on a
    long clause with many changes, at the price of a clause-wide group spread over other paragraphs.
    """
    at = deletion.start - clause.start
    low, high = 0, len(clause.text)
    if high > _WHOLE_CLAUSE_CHARS:
        low = clause.text.rfind("\n", 0, at) + 1
        high = clause.text.find("\n", at) if clause.text.find("\n", at) >= 0 else high
    replaced = _replacement(contract, deletion)
    text = restored(clause.text[low:high], deletion.start, deletion.text, replaced, clause.start + low)
    before = clause.model_copy(update={"text": text, "start": 0, "end": 0})
    whole = low == 0 and high == len(clause.text)
    return _Reading(before, None if whole else clause.model_copy(update={"text": clause.text[low:high]}))


def _finding(rule: DeletionRule, other: Rule, deletion: Revision, clause: Clause, lost: list[str]) -> Finding:
    at = deletion.start - clause.start
    word = _WORD_BEFORE.search(clause.text[:at])
    span = (word.start(), word.start() + len(word.group().rstrip())) if word else (at, min(at + 1, len(clause.text)))
    spans = [span] if span[0] < span[1] else []
    severity = max(rule.severity, other.severity, key=SEVERITY_RANK.__getitem__)
    return Finding(
        rule_id=rule.id,
        severity=severity,
        title=rule.title,
        message=rule.message,
        clause=clause_ref(clause),
        excerpt=f"[supprimé : « {deletion.words()} »]",
        clause_text=clause.text,
        inserted=clause.inserted,
        revisions=[deletion],
        why=rule.why,
        advice=rule.recommendation.advice(),
        references=rule.references,
        evidence=Evidence(matched=lost, spans=spans, detail=f"{', '.join(lost)} — règle {other.id} ({other.title})"),
        location=Location(
            start=clause.start, end=clause.end, spans=[(clause.start + a, clause.start + b) for a, b in spans]
        ),
    )


def _clause_at(contract: ContractText, at: int) -> Clause | None:
    """The clause whose body holds offset ``at`` (a deletion at the very end of a body included)."""
    return next((c for c in contract.clauses if c.start <= at <= c.end and c.text), None)


def _replacement(contract: ContractText, deletion: Revision) -> Revision | None:
    """The insertion typed where the words were deleted (Word records a replacement as both)."""
    return next((r for r in contract.revisions if r.kind == "insertion" and r.start == deletion.start), None)


def from_markup(text: str) -> tuple[str, list[Revision]]:
    """A rule example's text with its ``{--deleted words--}`` taken out, and those deletions."""
    parts: list[str] = []
    deletions: list[Revision] = []
    cursor = length = 0
    for match in _MARKUP.finditer(text):
        kept = text[cursor : match.start()]
        parts.append(kept)
        length += len(kept)
        deletions.append(Revision(kind="deletion", text=match[1].strip(), start=length, end=length))
        cursor = match.end()
    parts.append(text[cursor:])
    return "".join(parts), deletions
