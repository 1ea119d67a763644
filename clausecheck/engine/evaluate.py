"""Rule kinds: one small evaluator each, turning pattern matches into findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clausecheck.engine.exposure import estimate_exposure
from clausecheck.engine.matching import Hit, Key, Matches
from clausecheck.model.document import Clause, ContractText
from clausecheck.model.findings import ClauseRef, Evidence, Finding, Location, PatternRef
from clausecheck.ruleset.schema import (
    AbsentRule,
    CoverageRule,
    DeletionRule,
    ExceptionGroup,
    Group,
    MatchesRule,
    RequiresRule,
    Rule,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class ClauseView:
    """A clause, or one piece of a very long clause, with the matches found in its NLP text.

    The NLP text of a clause is its heading (its title, or for an untitled sub-clause its
    parent's), a newline, then its body; ``offset`` is where this piece starts in that text.
    """

    clause: Clause
    matches: Matches
    offset: int = 0
    heading: str = ""

    @property
    def body_offset(self) -> int:
        """Where the clause body starts, relative to this piece's doc."""
        return len(self.heading) + 1 - self.offset


@dataclass
class Satisfied:
    sentences: list[int]
    hits: list[Hit]
    groups: list[str]


def condition(
    rule_id: str, when: Sequence[Group], unless: Sequence[ExceptionGroup], view: ClauseView
) -> Satisfied | None:
    """Whether the clause meets ``when``/``unless``, with the matches that made it so."""
    m = view.matches

    def in_scope(group: Group | ExceptionGroup, hits: list[Hit]) -> list[Hit]:
        if group.within == "title":
            return [h for h in hits if m.doc[h.start].idx < view.body_offset]
        return hits

    when_hits = []
    for gi, g in enumerate(when):  # most clauses miss a group: stop at the first
        hits = in_scope(g, m.get((rule_id, "when", gi)))
        if not hits:
            return None
        when_hits.append(hits)
    assert m.sentenced, "a clause whose 'when' groups all match has its sentences read (reads_sentences)"
    positive = [h for hits in when_hits for h in hits]

    def counts(hit: Hit) -> bool:
        return not any(p.start <= hit.start and hit.end <= p.end for p in positive)

    unless_hits = [[h for h in in_scope(g, m.get((rule_id, "unless", gi))) if counts(h)] for gi, g in enumerate(unless)]
    if any(hits for g, hits in zip(unless, unless_hits, strict=True) if g.within in ("clause", "title")):
        return None
    scoped = [(g, hits) for g, hits in zip(when, when_hits, strict=True) if g.within in _SENTENCE_SCOPES]
    reaches = (
        _Reach(m.doc)
        if any(g.within != "sentence" for g, _ in scoped)
        or any(g.within in ("sentence-or-before", "sentence-or-list", "next-pronoun") for g in unless)
        else None
    )

    def blocks(group: ExceptionGroup, hit: Hit) -> set[int]:
        """The sentences an exception blocks: its own; with "sentence-or-previous" the next too, which
        may refer back to it ("Dans ce cas, …"); with "sentence-or-before" the one before when its own
        refers back to it ("… Il en avertit le Client"); with "sentence-or-list" the items of a list it leads in
        ("Nous pouvons interrompre l'accès : - en cas d'attaque …"); with "next-pronoun" not its own but
        the next ones a subject pronoun opens, which stands for what it names ("Le Client … . Il signale …")."""
        if group.within == "sentence-or-previous":
            return {hit.sent, hit.sent + 1}
        if group.within == "sentence-or-before" and reaches is not None:
            return reaches.previous_referred(hit)
        if group.within == "sentence-or-list" and reaches is not None:
            return reaches.list_items(hit)
        if group.within == "next-pronoun" and reaches is not None:
            return reaches.next_pronoun(hit)
        return {hit.sent}

    blocked = {
        sent
        for g, hits in zip(unless, unless_hits, strict=True)
        if g.within not in ("clause", "title")
        for h in hits
        for sent in blocks(g, h)
    }
    names = [g.name for g in when]
    if not scoped:
        # Only clause-wide groups: a sentence an exception blocks lends them no match.
        kept = [[h for h in hits if h.sent not in blocked] for hits in when_hits]
        if any(not hits for hits in kept):
            return None
        clause_hits = [h for hits in kept for h in hits]
        return Satisfied(sorted({h.sent for h in clause_hits}), clause_hits, names)
    clause_hits = [h for g, hits in zip(when, when_hits, strict=True) if g.within not in _SENTENCE_SCOPES for h in hits]

    def where(group: Group, hit: Hit) -> set[int]:
        """The sentences a hit counts in: its own, a list's items for a match in its lead-in, the
        next sentence when it refers back (not from a sentence an exception blocks)."""
        if reaches is None or group.within == "sentence" or hit.sent in blocked:
            return {hit.sent}
        if group.within == "sentence-or-next":
            return reaches.next_referring(hit)
        return reaches.list_items(hit)

    reach = [[(h, where(g, h)) for h in hits] for g, hits in scoped]
    candidates = set.intersection(*(set().union(*(sents for _, sents in group)) for group in reach))
    sentences = candidates - blocked
    if not sentences:
        return None

    def needed(group: Group, hits: list[tuple[Hit, set[int]]], hit: Hit, sents: set[int]) -> bool:
        """Whether the hit serves a sentence that met the condition: a match carried to the next
        sentence only where that sentence has none of its own."""
        if group.within != "sentence-or-next":
            return bool(sents & sentences)
        own = {h.sent for h, _ in hits}
        return any(s == hit.sent or s not in own for s in sents & sentences)

    used = [h for (g, _), hits in zip(scoped, reach, strict=True) for h, sents in hits if needed(g, hits, h, sents)]
    # a list's lead-in is quoted with the item it introduces, a sentence with the one it refers back to
    return Satisfied(sorted(sentences | {h.sent for h in used}), used + clause_hits, names)


_SENTENCE_SCOPES = ("sentence", "sentence-or-list", "sentence-or-next")
_BULLETS = ("-", "•", "–", "—", "*", "·", "○", "▪")
# How a sentence opens when it goes on about what the one before said: a demonstrative ("Cet
# engagement", "Ces migrations"), "ledit", a subject pronoun, "Dans ce cas" and its kin.
_SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})
_REFERS_BACK = frozenset(
    {"ce", "cet", "cette", "ces", "ledit", "ladite", "lesdits", "lesdites", "celui", "celle", "ceux", "celles"}
    | _SUBJECT_PRONOUNS
)
_REFERS_BACK_PAIRS = frozenset({("dans", "ce"), ("en", "ce"), ("à", "cet"), ("de", "ce"), ("à", "ce")})


class _Reach:
    """The sentences beyond its own a match may count in.

    A list's items: "Sont exclus : la perte de chiffre d'affaires ; la perte d'une chance ; …",
    which the sentence model often ends at each ";", parting an item from the words of its lead-in.
    The next sentence, when it refers back: "Le titulaire livre une application en état de marche.
    Cet engagement est une obligation de moyens."
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = list(doc.sents)

    def next_referring(self, hit: Hit) -> set[int]:
        """The hit's sentence, and the next one if it opens by referring back."""
        return {hit.sent, hit.sent + 1} if self._refers_back(hit.sent + 1) else {hit.sent}

    def previous_referred(self, hit: Hit) -> set[int]:
        """The hit's sentence, and the one before if the hit's opens by referring back to it."""
        return {hit.sent - 1, hit.sent} if hit.sent > 0 and self._refers_back(hit.sent) else {hit.sent}

    def _refers_back(self, index: int) -> bool:
        """Whether sentence ``index`` exists and opens by referring back to the one before."""
        if index >= len(self.sents):
            return False
        words = [t.lower_ for t in self.sents[index] if t.is_alpha][:2]
        return bool(words) and (words[0] in _REFERS_BACK or tuple(words) in _REFERS_BACK_PAIRS)

    def next_pronoun(self, hit: Hit) -> set[int]:
        """The sentences after the hit's that open with a subject pronoun, one after the other, which
        French reads as the subject of the sentence before: "Le Client est responsable de ses accès.
        Il applique les règles fixées. Il signale toute compromission." """
        reached: set[int] = set()
        for index in range(hit.sent + 1, len(self.sents)):
            words = [t.lower_ for t in self.sents[index] if t.is_alpha][:1]
            if not words or words[0] not in _SUBJECT_PRONOUNS:
                break
            reached.add(index)
        return reached

    def list_items(self, hit: Hit) -> set[int]:
        """The hit's sentence and, when the hit lies before the ":" that opens a list, the list's
        items: the sentences that follow while the one before ends with ";", ":" or "," or the
        next opens with a bullet."""
        first = hit.sent
        lead = self.sents[first]
        # (a hit may end with the ":" itself: "le droit d'interrompre l'accès, notamment :")
        if not any(token.text == ":" for token in self.doc[hit.end - 1 : lead.end]):
            return {first}
        reached = {first}
        for index in range(first + 1, len(self.sents)):
            before, text = self.sents[index - 1].text.rstrip(), self.sents[index].text.lstrip()
            if not (before.endswith((";", ":", ",")) or text.startswith(_BULLETS)):
                break
            reached.add(index)
        return reached


def sentence_keys(rules: Sequence[Rule]) -> list[frozenset[Key]]:
    """For each rule, the keys that must all have hits in a clause before ``condition`` reads
    its sentences (it returns earlier unless every 'when' group matches).

    A deletion rule reads the other rules' conditions, not its own.
    """
    return [when_keys(rule) for rule in rules if not isinstance(rule, DeletionRule)]


def when_keys(rule: Rule) -> frozenset[Key]:
    """The keys of a rule's 'when' groups: its condition holds only in a text where each has hits."""
    return frozenset((rule.id, "when", gi) for gi in range(len(rule.when)))


def reads_sentences(keys: list[frozenset[Key]], matches: Matches) -> bool:
    """Whether some rule may look at the sentences of this text, given ``sentence_keys``."""
    # one subset test per rule, looped over in C: it is asked of every text
    return any(map(matches.hits.keys().__ge__, keys))


def _excerpt(view: ClauseView, sat: Satisfied) -> str:
    """The sentences that met the condition, from the clause body (the heading is named apart)."""
    sents = list(view.matches.doc.sents)
    body_start = len(view.heading) + 1
    original = f"{view.heading}\n{view.clause.text}"
    parts = []
    for i in sat.sentences:
        start, end = view.offset + sents[i].start_char, view.offset + sents[i].end_char
        text = original[max(start, body_start) : end].strip() or original[start:end].strip()
        parts.append(text)
    return " … ".join(parts)


def _finding(rule: Rule, view: ClauseView | None, sat: Satisfied | None, **extra: object) -> Finding:
    clause = view.clause if view else None
    excerpt = None
    evidence = Evidence(matched=sat.groups if sat else [])
    location = None
    if view and sat:
        excerpt = _excerpt(view, sat)
        doc = view.matches.doc
        offset = view.body_offset
        spans = sorted(
            {(doc[h.start].idx - offset, doc[h.end - 1].idx + len(doc[h.end - 1]) - offset) for h in sat.hits}
        )
        evidence.spans = [(a, b) for a, b in spans if a >= 0]
        evidence.patterns = [
            PatternRef.model_validate({"rule_id": rule_id, "part": part, "group": group, "pattern": pattern})
            for (rule_id, part, group), pattern in sorted({(h.key, h.pattern) for h in sat.hits})
        ]
        start = view.clause.start
        location = Location(start=start, end=view.clause.end, spans=[(start + a, start + b) for a, b in evidence.spans])
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=rule.message,
        clause=clause_ref(clause) if clause else None,
        excerpt=excerpt,
        clause_text=clause.text if clause else None,
        inserted=clause.inserted if clause else False,
        why=rule.why,
        advice=rule.recommendation.advice(),
        references=rule.references,
        evidence=evidence,
        location=location,
        **extra,
    )


def clause_ref(clause: Clause) -> ClauseRef:
    """The clause as the reader cites it: an unnumbered section is part of the article it sits in;
    a clause with neither a number nor an article above it is cited by its heading (the preamble
    has none)."""
    if clause.number is None and clause.parent is not None:
        return ClauseRef(number=clause.parent, title=clause.title, section=True)
    if clause.number is None and clause.title:
        return ClauseRef(number=clause.title, title=clause.title, heading=True)
    return ClauseRef(number=clause.number, title=clause.title)


def _matches(rule: MatchesRule, contract: ContractText, views: list[ClauseView]) -> list[Finding]:
    findings = []
    done: set[int] = set()
    for view in _candidates(rule, views):
        sat = condition(rule.id, rule.when, rule.unless, view)
        if sat is None or id(view.clause) in done:
            continue
        done.add(id(view.clause))
        extra: dict[str, object] = {}
        if rule.exposure:
            estimate = estimate_exposure(contract, view.clause)
            extra = {"exposure_note": estimate} if isinstance(estimate, str) else {"exposure": estimate}
        findings.append(_finding(rule, view, sat, **extra))
    return findings


def _absent(rule: AbsentRule, contract: ContractText, views: list[ClauseView]) -> list[Finding]:
    if any(condition(rule.id, rule.when, rule.unless, v) for v in _candidates(rule, views)):
        return []
    finding = _finding(rule, None, None)
    finding.evidence.detail = rule.searched
    return [finding]


def _requires(rule: RequiresRule, contract: ContractText, views: list[ClauseView]) -> list[Finding]:
    answered = {
        id(v.clause) for v in views if any(v.matches.get((rule.id, "then", gi)) for gi in range(len(rule.then)))
    }
    findings = []
    done: set[int] = set()
    for view in _candidates(rule, views):
        sat = condition(rule.id, rule.when, rule.unless, view)
        if sat is None or id(view.clause) in answered or id(view.clause) in done:
            continue
        done.add(id(view.clause))
        finding = _finding(rule, view, sat)
        finding.evidence.detail = "absent : " + ", ".join(g.name for g in rule.then)
        findings.append(finding)
    return findings


# A line of this many words at most, starting with the anchor, is a heading inside a clause.
_HEADING_WORDS = 5


def _coverage(rule: CoverageRule, contract: ContractText, views: list[ClauseView]) -> list[Finding]:
    scoped = [(v, sat) for v in _candidates(rule, views) if (sat := condition(rule.id, rule.when, rule.unless, v))]
    if not scoped:
        return []
    # A security article's sub-clauses ("8.5 Sensibilisation" under "8 Sécurité") are part of it.
    articles = {v.clause.number for v, _ in scoped if v.clause.number}
    within = [v for v in views if v.clause.parent in articles or any(v is s for s, _ in scoped)]
    covered = {ti for v in within for ti in range(len(rule.themes)) if v.matches.get((rule.id, "theme", ti))}
    absent = [theme for ti, theme in enumerate(rule.themes) if ti not in covered]
    missing = [theme.label for theme in absent]
    if not missing:
        return []

    def in_title(view: ClauseView) -> int:
        """2 when the clause's heading names security, 1 when a heading inside it does, else 0."""
        text = view.matches.text
        inside = 0
        for h in view.matches.get((rule.id, "anchor", 0)):
            start = view.matches.doc[h.start].idx
            if start < view.body_offset:
                return 2
            # or a heading inside the clause: a short line of its own ("Sécurité" in an annex)
            end = text.find("\n", start)
            if text[start - 1] == "\n" and len(text[start : end if end >= 0 else None].split()) <= _HEADING_WORDS:
                inside = 1
        return inside

    def themes_in(view: ClauseView) -> int:
        return sum(1 for ti in range(len(rule.themes)) if view.matches.get((rule.id, "theme", ti)))

    def commits(view: ClauseView, sat: Satisfied) -> bool:
        hits = view.matches.get((rule.id, "commitment", 0))
        if any(h.sent in sat.sentences for h in hits):
            return True
        # or in the lead-in of a list of undertakings the security item belongs to
        # ("Le Prestataire s'engage à :", then "- fournir …", "- assurer la sécurité …")
        sents = list(view.matches.doc.sents)
        first = min(sat.sentences)
        return any(h.sent < first and sents[h.sent].text.rstrip().endswith(":") for h in hits)

    # The main security clause: titled as such when one is; of those, one where the supplier commits
    # to security rather than listing the client's own duties; then one whose own heading names
    # security, rather than a line inside it (a list of services sold with a "Cybersécurité :"
    # group); then the one that treats the most themes (the first on a tie): a "Sécurité" article
    # listing the client's own duties comes before the supplier's "Sécurité des données" in many
    # terms of service.
    rank = {id(v): in_title(v) for v, _ in scoped}
    titled = [(v, s) for v, s in scoped if rank[id(v)]]
    view, sat = max(titled or scoped, key=lambda vs: (commits(*vs), rank[id(vs[0])], themes_in(vs[0])))
    finding = _finding(rule, view, sat, missing=missing)
    finding.advice = rule.recommendation.advice([theme.ask for theme in absent])  # what to ask for, theme by theme
    finding.evidence.detail = "thèmes absents : " + ", ".join(missing)
    return [finding]


def _candidates(rule: Rule, views: list[ClauseView]) -> list[ClauseView]:
    """The views where every 'when' group has a match, in order: the only ones ``condition`` can
    accept. One subset test per view, instead of a call of ``condition`` on every view for every rule."""
    needed = when_keys(rule)
    return [view for view in views if view.matches.hits.keys() >= needed]


EVALUATORS: dict[str, Callable[..., list[Finding]]] = {
    "matches": _matches,
    "absent": _absent,
    "requires": _requires,
    "coverage": _coverage,
}


def evaluate(rule: Rule, contract: ContractText, views: list[ClauseView]) -> list[Finding]:
    return EVALUATORS[rule.kind](rule, contract, views)
