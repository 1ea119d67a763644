"""What the contract is for: its types, weighed from the whole document.

A contract says what it is in its title, its preamble and the parties' description,
its definitions, its object, the description of its services and its price list;
"Conditions générales de vente" says nothing and an "Objet" article is often generic
or missing. Each word family of ``rules/contract-types.yaml`` found in the contract
adds points to its type, more in a part that states what the contract is for (title >
object, preamble, definitions > body), with diminishing returns for repeats, so a
passing mention does not make a type. The leading type is retained with the others
reaching a share of its score; non-IT signals that outweigh every IT type make it
``other``; when no type reaches the threshold the type is not determined: the contract
names no IT service, so it is ``other`` too, and only the rules meant for all contracts apply.

Zones are told by article headings when the contract is well segmented; the opening
of the text stands for the preamble when it is not, and a word counts in the body
wherever it is, so the evidence holds on a contract read as one block.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from clausecheck.model.document import ContractText
from clausecheck.model.findings import TypeEvidence
from clausecheck.ruleset.schema import CONTRACT_TYPES, TermFamily, TypeFile, Zone
from clausecheck.text.fold import fold
from clausecheck.text.headings import TITLE_TRIM, is_heading_line, is_title_like, typed_heading

_GAP = r"\W+(?:\w+\W+){0,4}"
_EVIDENCE_PER_TYPE = 6


def term_regex(term: str, not_between: Sequence[str] = ()) -> str:
    """A term of the YAML ('héberg* … site|serveur*') as a regular expression on folded text;
    none of the words ``not_between`` may stand in its '…'."""
    gap = _GAP
    if not_between:
        refused = "|".join(_word_regex(option) for word in not_between for option in fold(word).split("|"))
        gap = rf"\W+(?:(?!(?:{refused})(?!\w))\w+\W+){{0,4}}"
    parts: list[str] = []
    for word in fold(term).split():
        if word == "…":
            parts.append(gap)
            continue
        options = [_word_regex(o) for o in word.split("|")]
        alternative = "(?:" + "|".join(options) + ")"
        parts.append(alternative if not parts or parts[-1] == gap else r"\W+" + alternative)
    return "".join(parts)


def _word_regex(word: str) -> str:
    """'héberg*' → a stem; an apostrophe or hyphen inside ('d'accès', 'e-mail') → any separator or none."""
    stem, star = (word[:-1], r"\w*") if word.endswith("*") else (word, "")
    return r"\W*".join(re.escape(piece) for piece in re.split(r"['-]", stem)) + star


def leads(terms: list[str]) -> frozenset[str] | None:
    """The literal texts one of which starts every match of these terms, or None if any can start it.

    A term's match begins with the first piece (up to an apostrophe or hyphen) of one of its
    first word's alternatives, at the start of a word; a text (folded) holding none of them
    cannot match. A piece that does not start with a letter or digit starts no word: None.
    """
    found: set[str] = set()
    for term in terms:
        words = fold(term).split()
        if not words or words[0] == "…":
            return None
        for option in words[0].split("|"):
            piece = re.split(r"['-]", option.removesuffix("*"))[0]
            if not _WORD.match(piece):
                return None
            found.add(piece)
    return frozenset(found)


_WORD = re.compile(r"\w+")
_PARTIES_ZONES = ("title", "opening")
_REMEMBERED_WORDS = 100_000


class _WordStarts:
    """Where each family's matches can start: the words beginning with one of its leading pieces.

    One regex, the leading pieces as a tree of letters, finds those words (most words start
    none, and are passed over without a Python step); each word found is looked up once (and
    remembered): its prefixes against the leading pieces, cut to their first run of letters
    and digits ("24/7" is looked up as "24").
    """

    def __init__(self, families: list[_Family]) -> None:
        self.by_lead: dict[str, list[int]] = defaultdict(list)
        for index, family in enumerate(families):
            for lead in family.leads or ():
                word = _WORD.match(lead)
                assert word is not None, "leads() keeps only pieces that start a word"
                self.by_lead[word.group()].append(index)
        self.lengths = sorted({len(lead) for lead in self.by_lead})
        self.known: dict[str, tuple[int, ...]] = {}
        # a whole word (as _WORD finds it) that begins with a leading piece
        self.words = re.compile(r"(?<!\w)" + _tree_regex(self.by_lead) + r"\w*") if self.by_lead else None

    def families_of(self, word: str) -> tuple[int, ...]:
        found = self.known.get(word)
        if found is None:
            if len(self.known) >= _REMEMBERED_WORDS:
                self.known.clear()  # a long-running server meets new words forever
            prefixes = (word[:length] for length in self.lengths if length <= len(word))
            found = tuple(sorted({index for prefix in prefixes for index in self.by_lead.get(prefix, ())}))
            self.known[word] = found
        return found

    def positions(self, text: str) -> dict[int, list[int]]:
        """Family index -> where in ``text`` a word begins with one of its leading pieces, in order."""
        found: dict[int, list[int]] = defaultdict(list)
        for match in self.words.finditer(text) if self.words else ():
            for index in self.families_of(match.group()):
                found[index].append(match.start())
        return found


_Tree = dict[str, "_Tree"]  # a tree of letters; a key "" marks the end of a word


def _tree_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (not empty), their common beginnings written once:
    Python's regex engine tries alternatives one after the other, so a flat list of
    hundreds of words would be tried in full at every word of the text."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: _Tree) -> str:
        options = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 and "" not in node else "(?:" + "|".join(options) + ")"
        return body + "?" if "" in node else body

    return branch(tree)


def _compile(terms: list[str], not_between: Sequence[str] = ()) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(term_regex(t, not_between) for t in terms) + r")(?!\w)")


@dataclass
class Typing:
    """The types retained, whether anything said what the contract is for, and why."""

    types: list[str]
    determined: bool
    scores: dict[str, float]
    evidence: list[TypeEvidence] = field(default_factory=list)


@dataclass
class _Family:
    type: str
    spec: TermFamily
    regex: re.Pattern[str]
    leads: frozenset[str] | None  # what one of its matches must start with (see ``leads``)
    # what, right before a match, makes it something else (``not_after`` in the YAML), ending where the match starts
    before: re.Pattern[str] | None = None

    def found_at(self, folded: str, start: int) -> bool:
        """Whether a match of the family's regex at ``start`` counts (nothing of ``not_after`` right before it)."""
        return self.before is None or self.before.search(folded, max(0, start - _BEFORE_CHARS), start) is None


_BEFORE_CHARS = 40  # how far back the words of not_after are looked for
# A sentence, or a list item, with what ends it: the words of ``outside`` are weighed within one.
# A list's lead-in stays with the words after its ":" ("cas de force majeure : la coupure des lignes
# téléphoniques, …"). An ellipsis or "etc." before a lowercase word ends no sentence ("documents
# d'archives... ne sont pas compris", "etc. ne sont pas inclus"); a single dot does, even in a text
# typed without capitals.
_SENTENCE = re.compile(
    r"[^.;!?\n]*(?:(?:\.{2,}|(?<=etc)\.)[ \t]+(?=[a-zàâäçéèêëîïôöùûüÿœ])[^.;!?\n]*)*(?:[.;!?]+|\n|$)"
)
_TURN = re.compile(r"(?<!\w)(?:mais|sauf|hormis|excepte)(?!\w)|:")


# "ORLAN Développement, éditeur de la solution": a capitalised word right after a word in capitals
# is the rest of a company's name, which says nothing of what the contract sells.
_NAME_BEFORE = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ&-]+[ \u00a0]$")
_TITLE_CASE = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿœ]+\b")  # "Développement", not "SaaS" after "ERP"


def _in_a_name(text: str, start: int) -> bool:
    return (
        _TITLE_CASE.match(text, start) is not None
        and _NAME_BEFORE.search(text, max(0, start - _BEFORE_CHARS), start) is not None
    )


def _before_regex(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(term_regex(w) for w in words) + r")\W*$")


class TypeDetector:
    """The word families and zone headings of the type file, compiled once."""

    def __init__(self, types: TypeFile) -> None:
        self.file = types
        self.weights: dict[str, float] = {z.zone: z.weight for z in types.zones}
        self.zone_headings = [(z.zone, _compile(z.headings)) for z in types.zones if z.headings]
        self.families = [
            _Family(s.type, f, _compile(f.terms, f.not_between), leads(f.terms), _before_regex(f.not_after))
            for s in types.contract_types
            for f in s.families
        ]
        # Families weighty enough to name a type from the title or the zones stating the services.
        self.strong = {(f.type, f.spec.name) for f in self.families if f.spec.weight >= types.thresholds.naming_weight}
        self.supporting = {(f.type, f.spec.name) for f in self.families if f.spec.supporting}
        self.operative = {(f.type, f.spec.name) for f in self.families if f.spec.operative}
        self.word_starts = _WordStarts(self.families)
        self.outside = _compile(types.outside.sentences) if types.outside.sentences else None
        self.negation = _compile(types.outside.after_negation) if types.outside.after_negation else None

    def detect(self, contract: ContractText) -> Typing:
        parts = self.zones(contract)
        # A family's matches start at a word beginning with one of its leading pieces: the
        # regex is tried only there (in order, past the previous match, as finditer would),
        # the words found in one pass over the whole text, not every zone for every family.
        # Folding keeps offsets, so the whole text is folded once and cut back into its zones.
        everything = fold("\n".join(text for _zone, text in parts))
        starts = list(itertools.accumulate((len(text) + 1 for _zone, text in parts[:-1]), initial=0))
        zones = [
            (zone, text, everything[start : start + len(text)])
            for (zone, text), start in zip(parts, starts, strict=True)
        ]
        positions = self.word_starts.positions(everything)
        words_at: dict[tuple[int, int], list[str]] = defaultdict(list)
        for index, family in enumerate(self.families):
            if family.leads is None:
                for part, (_zone, text, folded) in enumerate(zones):
                    for match in family.regex.finditer(folded):
                        if family.found_at(folded, match.start()) and not _in_a_name(text, match.start()):
                            words_at[(part, index)].append(text[match.start() : match.end()])
                continue
            done = -1, 0  # (part, end of the last match in it)
            for at in positions.get(index, ()):
                part = bisect.bisect_right(starts, at) - 1
                local = at - starts[part]
                if (part, local) < done:
                    continue
                _zone, text, folded = zones[part]
                hit = family.regex.match(folded, local)
                if hit:
                    done = part, hit.end()
                    if family.found_at(folded, local) and not _in_a_name(text, local):
                        words_at[(part, index)].append(text[hit.start() : hit.end()])
        found: dict[tuple[int, str], list[str]] = defaultdict(list)
        for part, index in sorted(words_at):  # zone by zone, as the contract reads
            found[(index, zones[part][0])] += words_at[(part, index)]
        evidence, scores = self._weigh(found)
        means = self._means(found, scores)
        if means:
            evidence, scores = self._weigh({key: words for key, words in found.items() if key not in means})
        return self._decide(scores, evidence)

    def _means(self, found: dict[tuple[int, str], list[str]], scores: dict[str, float]) -> set[tuple[int, str]]:
        """What names the supplier's own means under the leading type, to be weighed again without:
        "un hébergeur" in a SaaS contract is the publisher's host, no hosting sold.

        Not where the title or the opening, where the parties are, names it: the supplier is the
        host ("Conditions générales de l'hébergeur", "ci-après « l'Hébergeur »"); nor where the
        contract states the service otherwise ("héberge dans son datacenter les serveurs du Client").
        """
        leader = max((t for t in scores if t != "other"), key=lambda t: scores[t], default="")
        means = {key for key in found if leader in self.families[key[0]].spec.means_of}
        if any(zone in _PARTIES_ZONES for _index, zone in means):
            return set()
        stated = {
            self.families[index].type
            for index, zone in found
            if zone != "body" and (index, zone) not in means and not self.families[index].spec.supporting
        }
        return {(index, zone) for index, zone in means if self.families[index].type not in stated}

    def _weigh(self, found: dict[tuple[int, str], list[str]]) -> tuple[list[TypeEvidence], dict[str, float]]:
        """The evidence of the families found, zone by zone, and the points of each type."""
        # A supporting family (an account, a subscription) tells nothing alone: a telephone
        # subscription has an "espace client" too.
        core = {self.families[index].type for index, _zone in found if not self.families[index].spec.supporting}
        evidence = [
            self._evidence(index, zone, words)
            for (index, zone), words in found.items()
            if self.families[index].type in core
        ]
        scores: dict[str, float] = defaultdict(float)
        for item in evidence:
            scores[item.type] += item.points
        return evidence, {t: round(s, 1) for t, s in scores.items()}

    def _evidence(self, index: int, zone: str, words: list[str]) -> TypeEvidence:
        family = self.families[index]
        # Repeats count less and less: the tenth "maintenance" of a hosting contract is no new evidence.
        points = family.spec.weight * self.weights[zone] * (1 + math.log2(len(words)))
        excerpt = " ".join(words[0].split())
        return TypeEvidence(
            type=family.type,
            signal=family.spec.name,
            zone=zone,
            count=len(words),
            excerpt=excerpt,
            points=round(points, 1),
        )

    def _decide(self, scores: dict[str, float], evidence: list[TypeEvidence]) -> Typing:
        limits = self.file.thresholds
        # What the title names outright is retained whatever else weighs more:
        # "Contrat d'intégration et d'hébergement" is a hosting contract too.
        titled = {e.type for e in evidence if e.zone == "title" and self._strong(e)}
        named = set(titled)
        # So is a service the object, the description of services, the prices and the article
        # headings state: an outsourcing contract whose object and prices include hosting also hosts.
        stated: dict[str, float] = defaultdict(float)
        for item in evidence:
            if item.zone in limits.stated_zones and self._strong(item):
                stated[item.type] += item.points
        named |= {t for t, points in stated.items() if points >= limits.stated_score}
        it_scores = {t: s for t, s in scores.items() if t != "other"}
        best = max(it_scores.values(), default=0.0)
        # Where the contract states what it is for (its leading type is found outside the body),
        # a further type found only in the body is a passing mention: a telecom contract
        # licensing the router's firmware is no software licence. A contract read as one block
        # has no such parts, and its body words are all the evidence there is.
        # Only a family that makes the type on its own counts there: a heading "Licence" in a
        # telephone contract supports a software licence, it does not state one. An operative
        # family counts wherever it is: a licence granted in an article "Accès au logiciel".
        outside_body: dict[str, float] = defaultdict(float)
        for item in evidence:
            signal = item.type, item.signal
            if (item.zone != "body" or signal in self.operative) and signal not in self.supporting:
                outside_body[item.type] += item.points
        leader = max(it_scores, key=lambda t: it_scores[t], default="")
        structured = outside_body[leader] >= limits.secondary_score
        other = scores.get("other", 0.0)
        # Non-IT words scattered in the body only (fees, a carrier, photographs) do not outweigh
        # an IT service the contract states: it must say so where it states what it is for.
        other_stated = outside_body["other"] > 0
        # Against every IT service the contract is for, not its leading one alone: terms covering
        # software resale, development and training on the software split their IT words over
        # two types, and their training and hardware resale alone are not what they are.
        it_total = sum(
            s
            for t, s in it_scores.items()
            if s >= limits.min_score and (t == leader or outside_body[t] >= limits.secondary_score)
        )
        # A title naming only a non-IT contract (an NDA, a training) settles it, whatever IT
        # project the contract serves, unless an IT service is stated (a price list of phone
        # lines); an object that lists training or resale beside software does not settle it.
        if other >= limits.min_score and (
            (other_stated and other >= it_total * limits.other_margin)
            or titled == named == {"other"}
            or best < limits.min_score
        ):
            types = ["other"]
        else:
            kept = {
                t
                for t, s in it_scores.items()
                if s >= limits.min_score
                and (
                    t in named
                    or (
                        s >= best * limits.relative
                        and (not structured or t == leader or outside_body[t] >= limits.secondary_score)
                    )
                )
            }
            types = [t for t in CONTRACT_TYPES if t in kept] or (["other"] if other >= limits.min_score else [])
        # A contract that names no IT service at all is, for these rules, "anything else": a
        # naturopath's or a make-up artist's terms have no word of their own in the type file.
        determined = bool(types)
        types = types or ["other"]
        shown = sorted((e for e in evidence if e.type in types), key=lambda e: -e.points)
        # Each type's best signal first, so a one-line summary names every type retained.
        firsts = [next(e for e in shown if e.type == t) for t in types if any(e.type == t for e in shown)]
        ordered = firsts + [e for e in shown if e not in firsts]
        per_type: dict[str, int] = defaultdict(int)
        kept_evidence = []
        for item in ordered:
            per_type[item.type] += 1
            if per_type[item.type] <= _EVIDENCE_PER_TYPE:
                kept_evidence.append(item)
        return Typing(types, determined, dict(sorted(scores.items(), key=lambda kv: -kv[1])), kept_evidence)

    def _strong(self, item: TypeEvidence) -> bool:
        return (item.type, item.signal) in self.strong

    def zones(self, contract: ContractText) -> list[tuple[Zone, str]]:
        """The contract's text cut into the zones its words are weighed in."""
        parts: list[tuple[Zone, str]] = [("title", title_text(contract))]
        titles = {c.number: c.title for c in contract.clauses if c.number is not None}
        for index, clause in enumerate(contract.clauses):
            zone = self.zone_of(clause.title)
            # A sub-clause is in its article's zone unless its own heading names one: "2.1 Agenda Pro"
            # under "2. Description des services" describes a service too.
            if zone == "body" and clause.parent:
                zone = self.zone_of(titles.get(clause.parent, ""))
            if clause.title:
                parts.append(("headings" if zone == "body" else zone, clause.title))
            # The text before the first article: the parties, the preamble.
            preamble = index == 0 and clause.number is None and zone == "body"
            parts += self._lines(clause.text, "opening" if preamble else zone)
        return [(zone, text if zone == "title" else self._inside(text)) for zone, text in parts]

    def _inside(self, text: str) -> str:
        """The text without what its sentences say lies outside the contract (see ``outside``)."""
        if self.outside is None and self.negation is None:
            return text
        kept = []
        for sentence in _SENTENCE.findall(text):
            folded = fold(sentence)  # folding keeps offsets
            if self.outside is not None and self.outside.search(folded):
                continue
            negation = self.negation.search(folded) if self.negation is not None else None
            if negation is None:
                kept.append(sentence)
                continue
            # "n'est pas cédé, mais concédé sous licence", "vous n'en devenez pas propriétaire : vous obtenez une
            # licence": what follows "mais" or a colon is affirmed
            turn = _TURN.search(folded, negation.end())
            kept.append(sentence[: negation.start()] + (sentence[turn.start() :] if turn else ""))
        return "".join(kept)

    def _lines(self, text: str, zone: Zone) -> list[tuple[Zone, str]]:
        """A clause's text by zone, following the headings typed inside it.

        A contract the segmenter could not cut keeps its "Article 4 – Tarifs" lines in the
        text: they still open their zone. An opening runs to its first heading, within a limit.
        """
        parts: list[tuple[Zone, str]] = []
        current: list[str] = []
        limit = self.file.thresholds.opening_chars
        for line in text.split("\n"):
            typed = typed_heading(line)
            if typed is not None and is_heading_line(line):
                parts.append((zone, "\n".join(current)))
                title = line[typed[1] :].strip(TITLE_TRIM)
                zone, current = self.zone_of(title), []
                parts.append(("headings" if zone == "body" else zone, title))
                continue
            current.append(line)
            if zone == "opening" and sum(len(c) + 1 for c in current) > limit:
                parts.append((zone, "\n".join(current)))
                zone, current = "body", []
        parts.append((zone, "\n".join(current)))
        return [(z, t) for z, t in parts if t.strip()]

    def zone_of(self, heading: str) -> Zone:
        folded = fold(heading)
        for zone, regex in self.zone_headings:
            if regex.search(folded):
                return zone
        return "body"


def title_text(contract: ContractText) -> str:
    """The title, and a subtitle line right under it ("Création d'un site vitrine et hébergement")."""
    preamble = contract.clauses[0] if contract.clauses and contract.clauses[0].number is None else None
    first = preamble.text.split("\n", 1)[0] if preamble else ""
    return f"{contract.title}\n{first}" if first and is_title_like(first) else contract.title
