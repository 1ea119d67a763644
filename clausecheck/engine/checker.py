"""One contract through the whole flow: read → segment → NLP → rules → findings."""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clausecheck.engine.contract_types import TypeDetector
from clausecheck.engine.evaluate import ClauseView, evaluate, reads_sentences, sentence_keys
from clausecheck.engine.matching import Compiled, pattern_attrs
from clausecheck.engine.nlp import check_capabilities, later_senter, load_pipeline, model_version, plain
from clausecheck.engine.parties import find_parties
from clausecheck.engine.revisions import annotate_revisions, deletion_findings, from_markup
from clausecheck.engine.source import Source, read_contract, source_name
from clausecheck.model.document import Clause, ContractText
from clausecheck.model.errors import ReadError
from clausecheck.model.findings import SEVERITY_RANK, DocumentReport, ErrorInfo, Finding
from clausecheck.ruleset.loader import RuleSet
from clausecheck.ruleset.schema import DeletionRule, Example, ExampleItem, Rule
from clausecheck.text.language import holds_an_accent, in_capitals_without_accents, writes_accents

if TYPE_CHECKING:
    from spacy.language import Language

_NLP_BATCH = 64
_log = logging.getLogger("clausecheck")
_PIECE_CHARS = 100_000


class Checker:
    """Holds the pipeline and compiled rules; check as many contracts as you like."""

    def __init__(self, ruleset: RuleSet, nlp: Language | None = None) -> None:
        self.ruleset = ruleset
        attrs = pattern_attrs(ruleset)
        self.nlp = nlp or load_pipeline(attrs)
        check_capabilities(self.nlp, attrs)
        self.compiled = Compiled(self.nlp, ruleset)
        self._unaccented: Compiled | None = None  # compiled at the first text typed without accents
        # The sentence component run after matching, on the texts that need it (None: it runs
        # in the pipeline, on every text).
        self.later_senter = later_senter(self.nlp)
        self._sentence_keys = sentence_keys(ruleset.rules)
        assert ruleset.types is not None, "the loader refuses a rule set without contract types"
        self.typer = TypeDetector(ruleset.types)

    @property
    def model(self) -> str:
        return model_version(self.nlp)

    def check(self, source: Source) -> DocumentReport:
        """Check a path or a (name, bytes) upload; whatever goes wrong becomes this document's error.

        A file that cannot be read gets its own French message; any other exception is a
        bug of ours, reported as an internal error (the file is not blamed) so that the
        rest of a batch goes on. The traceback is logged at debug level (``--debug``).
        """
        name = source_name(source)
        try:
            return self.check_contract(read_contract(source))
        except ReadError as exc:
            error = exc
        except Exception as exc:
            _log.debug("internal error on %s", name, exc_info=True)
            error = ReadError.of("internal-error", type(exc).__name__)
        return DocumentReport(path=name, status="error", error=ErrorInfo(code=error.code, message=error.message))

    def check_contract(self, contract: ContractText) -> DocumentReport:
        heads = headings(contract.clauses)
        accents = writes_accents(contract.full_text)
        compiled = self.compiled if accents else self.unaccented()
        views = self.views(contract.clauses, heads, compiled)
        typing = self.typer.detect(contract)
        types = typing.types
        report = DocumentReport(
            path=contract.path,
            title=contract.title,
            parties=find_parties(contract),
            contract_types=types,
            types_determined=typing.determined,
            type_scores=typing.scores,
            type_evidence=typing.evidence,
            written_without_accents=not accents,
        )
        applicable = [r for r in self.ruleset.rules if r.applies_to == "all" or set(r.applies_to) & set(types)]
        applicable_ids = {id(r) for r in applicable}
        heads_of = {id(clause): head for clause, head in zip(contract.clauses, heads, strict=True)}
        for rule in self.ruleset.rules:
            if id(rule) not in applicable_ids:
                report.rules_not_applicable.append(rule.id)
                continue
            if isinstance(rule, DeletionRule):
                findings = deletion_findings(
                    rule, contract, applicable, views, functools.partial(self.views, compiled=compiled), heads_of
                )
            else:
                findings = evaluate(rule, contract, views)
            if not findings:
                report.rules_clean.append(rule.id)
            report.findings.extend(findings)
        annotate_revisions(report, contract)
        report.findings.sort(key=_finding_order)
        return report

    def unaccented(self) -> Compiled:
        """The rules' patterns without accents, for a contract typed without them."""
        if self._unaccented is None:
            self._unaccented = Compiled(self.nlp, self.ruleset, unaccented=True)
        return self._unaccented

    def views(self, clauses: list[Clause], heads: list[str], compiled: Compiled | None = None) -> list[ClauseView]:
        compiled = compiled or self.compiled
        pieces = [
            (clause, head, offset, piece)
            for clause, head in zip(clauses, heads, strict=True)
            for offset, piece in split_long(f"{head}\n{clause.text}")
        ]
        later = [self.later_senter] if self.later_senter else []
        texts = [plain(piece) for *_, piece in pieces]
        docs = self.nlp.pipe(texts, batch_size=_NLP_BATCH, disable=later)
        # A clause printed in capitals without accents is read with the unaccented patterns, even
        # in a contract that writes its accents elsewhere.
        chosen = [
            self.unaccented() if compiled is self.compiled and in_capitals_without_accents(text) else compiled
            for text in texts
        ]
        matches = [c.match(doc, not later, text) for doc, text, c in zip(docs, texts, chosen, strict=True)]
        if self.later_senter:
            wanted = [
                (m, c)
                for m, c in zip(matches, chosen, strict=True)
                if m.pending or reads_sentences(self._sentence_keys, m)
            ]
            senter: Any = self.nlp.get_pipe(self.later_senter)
            for _ in senter.pipe((m.doc for m, _ in wanted), batch_size=_NLP_BATCH):
                pass  # the component sets the sentence boundaries of each doc in place
            for m, c in wanted:
                c.finish(m)
        return [
            ClauseView(clause, m, offset, head) for (clause, head, offset, _), m in zip(pieces, matches, strict=True)
        ]

    def run_example(self, rule: Rule, example: ExampleItem) -> list[Finding]:
        """Evaluate one rule on one of its examples, as a one-clause contract of any type.

        An example holding no accented letter is matched with the unaccented patterns, as it would be inside a
        contract typed without accents: a whole contract is told by its share of accented letters
        (``writes_accents``), a single clause is too short for that measure.
        """
        title, text = (example.title, example.text) if isinstance(example, Example) else ("", example)
        text, deletions = from_markup(text)  # a deletion rule's examples mark their deleted words
        clause = Clause(number="1", title=title, text=text, start=0, end=len(text))
        contract = ContractText(path="<example>", title="", full_text=text, clauses=[clause], revisions=deletions)
        compiled = self.compiled if holds_an_accent(f"{title}\n{text}") else self.unaccented()
        views = self.views([clause], [title], compiled)
        if isinstance(rule, DeletionRule):
            views_of = functools.partial(self.views, compiled=compiled)
            return deletion_findings(rule, contract, self.ruleset.rules, views, views_of, {id(clause): title})
        return evaluate(rule, contract, views)

    def check_all(self, paths: Iterable[Path], jobs: int = 1) -> Iterator[DocumentReport]:
        """Check documents one after the other, or in ``jobs`` worker processes, in input order.

        Workers are forked from this process, so they share the loaded model instead of
        loading it again; each document is read, checked and forgotten in turn.
        """
        # What exists now (the model, the rules) outlives the batch: kept out of the collector's
        # reach, so that collections do not walk it again and again (a sixth of the matching
        # time), nor write to, and copy, the pages a forked worker shares.
        gc.freeze()
        try:
            if jobs <= 1:
                for path in paths:
                    yield self.check(path)
                return
            global _WORKER_CHECKER
            _WORKER_CHECKER = self
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                yield from pool.imap(_check_in_worker, paths, chunksize=1)
        finally:
            gc.unfreeze()  # the batch is over: what was frozen can be collected again


def headings(clauses: list[Clause]) -> list[str]:
    """Each clause's title; an untitled sub-clause ("11.2 Le Client peut…") reads under its parent's."""
    titles = {c.number: c.title for c in clauses if c.number is not None}
    return [(c.title or titles.get(c.parent, "")) if c.parent else c.title for c in clauses]


def split_long(text: str, limit: int = _PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut a very long clause into pieces at line ends (else spaces), with their offsets.

    A contract pasted without headings is one huge clause; spaCy's memory grows with
    the length of a doc, so such a clause is processed piece by piece.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start + limit // 2, start + limit)
        if cut < 0:
            cut = text.rfind(" ", start + limit // 2, start + limit)
        end = cut + 1 if cut >= 0 else start + limit
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _finding_order(finding: Finding) -> tuple[int, tuple[int, ...], str]:
    """Most severe first, then in the order of the contract, absence findings last."""
    clause, location = finding.clause, finding.location
    if clause is None or clause.number is None:
        position: tuple[int, ...] = (10**6,)
    elif clause.heading:  # cited by its heading: after the numbered articles, in the contract's order
        position = (10**6 - 1, location.start if location else 0)
    else:
        position = tuple(int(p) if p.isdigit() else 0 for p in clause.number.split("."))
    return (-SEVERITY_RANK[finding.severity], position, finding.rule_id)


_WORKER_CHECKER: Checker | None = None


def _check_in_worker(path: Path) -> DocumentReport:
    assert _WORKER_CHECKER is not None, "workers are forked after the checker is set"
    return _WORKER_CHECKER.check(path)


@lru_cache(maxsize=4)
def shared_checker(extra_rules: tuple[Path, ...] = ()) -> Checker:
    """One checker per process and rule folders, so a library caller loads the model once.

    The side a report is written for is chosen when rendering: both views share one check.
    The rules come from the on-disk cache when the same files were loaded before."""
    from clausecheck.ruleset.cache import load_cached

    return Checker(load_cached(list(extra_rules)))
