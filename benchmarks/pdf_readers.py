"""Compare clausecheck's PDF reader (pypdf) with pdfplumber and pdfminer.six on a folder of PDFs.

    .venv/bin/python benchmarks/pdf_readers.py FOLDER [--labels DIR] [--words FILE] [--keep DIR]

pdfplumber and pdfminer.six are not clausecheck dependencies: install them in a separate
environment that also has clausecheck (``pip install pdfplumber`` then ``pip install -e .``)
to get their rows; without them only the pypdf rows are printed, with a note saying so.

Each extractor turns a PDF into the blocks the segmenter reads:

- ``clausecheck``: the reader as it ships (pypdf plus layout: sizes, weight, gaps, tables,
  hyphenation, running headers);
- ``pypdf-text``: pypdf's bare ``extract_text()`` per page, read as a .txt file would be
  (``read_plain``): what the reader adds over the library it sits on;
- ``plumber``, ``plumber-layout``: pdfplumber's ``extract_text()`` and
  ``extract_text(layout=True)`` per page, read as a .txt;
- ``pdfminer``: pdfminer.six's ``extract_text`` with default ``LAParams`` (text boxes,
  column-aware flow), read as a .txt.

Measured per PDF and extractor: time to blocks per page (best of ``--repeat``), blocks,
clauses, top-level articles and sub-clauses the segmenter finds, table blocks, words glued
or split against a French word list (spaces missing in an unlisted token made of listed
words, tokens that every extractor gives left out; two tokens, or halves around a hyphen,
that make a listed word when joined), pieces of the PDF's running lines left in the text
(lines among the top 3 or bottom 5 of at least half the pages and never in a page's body,
and blocks that are only a page number), and, unless ``--no-check``, the findings and
contract types clausecheck reports on that text. With ``--labels DIR`` (YAML labels as
in ``tests/corpus``) each extractor is also scored (``accuracy.py``'s rules).
``--keep DIR`` writes each extractor's text to ``DIR/EXTRACTOR/STEM.txt``.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import yaml
from accuracy import Tally, score_document
from pypdf import PdfReader

from clausecheck.model.document import Block, ContractText
from clausecheck.model.findings import DocumentReport
from clausecheck.read import read_blocks
from clausecheck.segment import segment

DEFAULT_WORDS = Path("/usr/share/dict/french")  # Debian's wfrench
_WORD = re.compile(r"[^\W\d_]+")
_JOIN = re.compile(r"\s+|-\s*")  # between the two halves of a split word
_LONE_NUMBER = re.compile(r"\s*(?:page\s*)?\d{1,3}(?:\s*(?:/|sur)\s*\d{1,3})?\s*", re.IGNORECASE)
_RUNNING_SHARE = 0.5
_TOP_LINES = 3
_BOTTOM_LINES = 5  # a footer may hold an address, a legal line and the page number
_LONGEST_WORD = 25


@dataclass
class Extracted:
    """What one extractor made of one PDF."""

    blocks: list[Block]
    text: str  # the text handed to read_plain, or the reader's blocks joined
    seconds: float


@dataclass
class Row:
    pdf: str
    extractor: str
    pages: int
    ms_per_page: float = 0.0
    blocks: int = 0
    clauses: int = 0
    articles: int = 0
    subs: int = 0
    tables: int = 0
    glued: int | None = None
    split: int | None = None
    running: int = 0
    findings: int | None = None
    types: list[str] = field(default_factory=list)
    error: str = ""


# --- extractors ------------------------------------------------------------------------------


def _as_text_file(path: Path, text: str) -> list[Block]:
    """The blocks clausecheck makes of ``text`` saved as a .txt next to the PDF."""
    return read_blocks(path.stem + ".txt", text.encode("utf-8"))


def clausecheck_reader(path: Path) -> tuple[list[Block], str]:
    blocks = read_blocks(path.name, path.read_bytes())
    return blocks, "\n\n".join(block.text for block in blocks)


def pypdf_text(path: Path) -> tuple[list[Block], str]:
    text = "\f".join(page.extract_text() for page in PdfReader(path).pages)
    return _as_text_file(path, text), text


def plumber(path: Path) -> tuple[list[Block], str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        text = "\f".join(page.extract_text() for page in pdf.pages)
    return _as_text_file(path, text), text


def plumber_layout(path: Path) -> tuple[list[Block], str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        text = "\f".join(page.extract_text(layout=True) for page in pdf.pages)
    return _as_text_file(path, text), text


def pdfminer(path: Path) -> tuple[list[Block], str]:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    text = extract_text(path, laparams=LAParams())
    return _as_text_file(path, text), text


Extractor = Callable[[Path], tuple[list[Block], str]]


def extractors() -> dict[str, Extractor]:
    """The extractors that can run here; says on stderr which ones are skipped and why."""
    found: dict[str, Extractor] = {"clausecheck": clausecheck_reader, "pypdf-text": pypdf_text}
    if importlib.util.find_spec("pdfplumber") is not None:
        found |= {"plumber": plumber, "plumber-layout": plumber_layout}
    else:
        print("pdfplumber is not installed: its rows are skipped (not a clausecheck dependency).", file=sys.stderr)
    if importlib.util.find_spec("pdfminer") is not None:
        found["pdfminer"] = pdfminer
    else:
        print("pdfminer.six is not installed: its rows are skipped (not a clausecheck dependency).", file=sys.stderr)
    return found


def versions() -> str:
    """The extraction libraries' versions, as importlib.metadata knows them."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("pypdf", "pdfplumber", "pdfminer.six"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} not installed")
    return ", ".join(found)


def extract(extractor: Extractor, path: Path, repeat: int) -> Extracted:
    """The extractor's blocks and text, with its best time over ``repeat`` runs."""
    best = math.inf
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        blocks, text = extractor(path)
        best = min(best, time.perf_counter() - start)
    return Extracted(blocks, text, best)


# --- measures --------------------------------------------------------------------------------


def page_readings(path: Path) -> list[list[list[str]]]:
    """Each page's lines as pypdf reads it and, when installed, as pdfplumber does."""
    readings = [[page.extract_text() for page in PdfReader(path).pages]]
    if importlib.util.find_spec("pdfplumber") is not None:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            readings.append([page.extract_text() for page in pdf.pages])
    return [[[line for line in text.splitlines() if line.strip()] for text in reading] for reading in readings]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _pattern(key: str) -> re.Pattern[str]:
    parts = [part for part in re.split(r"(#)|\s+", key) if part]
    body = r"\s*".join(r"\d+" if part == "#" else re.escape(part) for part in parts)
    return re.compile(r"(?<![\w/])" + body + r"(?![\w/])", re.IGNORECASE)


def running_lines(path: Path, pages: int) -> list[re.Pattern[str]]:
    """Patterns for the lines among the top 3 and bottom 5 of at least half the pages in one
    extractor's reading, digits free, that never show up in the body of a page.

    A line also written in the body (a title quoted in the text) cannot be told apart
    there and is not counted; nor is a bare page number, counted as a lone-number block."""
    keys: set[str] = set()
    needed = max(2, math.ceil(_RUNNING_SHARE * pages))
    for reading in page_readings(path):
        counts: Counter[str] = Counter()
        body: list[str] = []
        for lines in reading:
            counts.update({_key(line) for line in lines[:_TOP_LINES] + lines[-_BOTTOM_LINES:]})
            body += lines[_TOP_LINES:-_BOTTOM_LINES]
        for key, n in counts.items():
            inked = len(re.sub(r"[\s#]", "", key)) >= 3 or ("#" in key and re.search(r"/|page|sur", key))
            if n >= needed and inked and not any(_pattern(key).search(line) for line in body):
                keys.add(key)
    return [_pattern(key) for key in sorted(keys, key=len, reverse=True)]


def running_left(blocks: list[Block], patterns: list[re.Pattern[str]]) -> int:
    """Occurrences of running lines in the blocks, and blocks that are only a page number."""
    text = "\n".join(block.text for block in blocks)
    found = 0
    for pattern in patterns:  # longest first; each occurrence is blanked so a shorter one skips it
        text, n = pattern.subn(" ", text)
        found += n
    return found + sum(1 for block in blocks if _LONE_NUMBER.fullmatch(block.text))


def tokens(blocks: list[Block]) -> set[str]:
    return {match.group().lower() for block in blocks for match in _WORD.finditer(block.text)}


def glued_and_split(blocks: list[Block], words: frozenset[str], common: set[str]) -> tuple[int, int]:
    """Split words: pairs of tokens, one of them not listed, that make a listed word when
    joined across a space or a hyphen ('réali sation', 'réali-sation'). Glued words: the
    spaces missing in tokens that are not listed but are listed words run together
    ('leclient': 1, 'ontpourobjet': 2). A token every extractor gives (``common``: a name,
    a web address, a word the list lacks) and a half of a split word are not glued."""
    glued = split = 0
    for block in blocks:
        found = list(_WORD.finditer(block.text))
        halves: set[int] = set()
        for first, second in pairwise(found):
            if not _JOIN.fullmatch(block.text[first.end() : second.start()]):
                continue
            a, b = first.group().lower(), second.group().lower()
            if (a not in words or b not in words) and a + b in words:
                split += 1
                halves |= {first.start(), second.start()}
        for token in found:
            word = token.group().lower()
            if len(word) >= 4 and word not in words and word not in common and token.start() not in halves:
                glued += _missing_spaces(word, words)
    return glued, split


def _missing_spaces(word: str, words: frozenset[str]) -> int:
    """The fewest spaces that cut ``word`` into listed words (of two letters or more, or
    'à', 'a', 'y'); 0 when it cannot be cut so."""
    fewest = [0.0] + [math.inf] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end):
            part = word[start:end]
            if fewest[start] + 1 < fewest[end] and part in words and (len(part) >= 2 or part in "àay"):
                fewest[end] = fewest[start] + 1
    parts = fewest[-1]
    return int(parts) - 1 if parts != math.inf and parts >= 2 else 0


def load_words(path: Path | None) -> frozenset[str] | None:
    if path is None or not path.is_file():
        print(f"no word list at {path}: glued and split words are not counted (Debian: wfrench).", file=sys.stderr)
        return None
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def clause_counts(contract: ContractText) -> tuple[int, int, int]:
    """Clauses (preamble included), top-level numbered articles and sub-clauses."""
    articles = {c.number for c in contract.clauses if c.number is not None and c.parent is None}
    return len(contract.clauses), len(articles), sum(1 for c in contract.clauses if c.parent is not None)


# --- run -------------------------------------------------------------------------------------


def measure(
    path: Path,
    found: dict[str, Extractor],
    words: frozenset[str] | None,
    repeat: int,
    check: Callable[[ContractText], DocumentReport] | None,
    keep: Path | None,
) -> tuple[list[Row], dict[str, DocumentReport]]:
    pages = len(PdfReader(path).pages)
    patterns = running_lines(path, pages)
    rows: list[Row] = []
    reports: dict[str, DocumentReport] = {}
    extracted: dict[str, Extracted] = {}
    for name, extractor in found.items():
        rows.append(Row(path.name, name, pages))
        try:
            extracted[name] = extract(extractor, path, repeat)
        except Exception as exc:  # a failing extractor is a result, not the end of the run
            rows[-1].error = f"{type(exc).__name__}: {exc}"[:80]
    common = set.intersection(*(tokens(got.blocks) for got in extracted.values())) if extracted else set()
    for row in rows:
        name = row.extractor
        if name not in extracted:
            continue
        got = extracted[name]
        if keep is not None:
            (keep / name).mkdir(parents=True, exist_ok=True)
            (keep / name / f"{path.stem}.txt").write_text(got.text, encoding="utf-8")
        contract = segment(got.blocks, path.name)  # the PDF's name, so that labels match
        row.ms_per_page = 1000 * got.seconds / max(1, pages)
        row.blocks = len(got.blocks)
        row.clauses, row.articles, row.subs = clause_counts(contract)
        row.tables = sum(1 for block in got.blocks if block.kind == "table")
        if words is not None:
            row.glued, row.split = glued_and_split(got.blocks, words, common)
        row.running = running_left(got.blocks, patterns)
        if check is not None:
            report = reports[name] = check(contract)
            row.findings, row.types = len(report.findings), report.contract_types
    return rows, reports


def table(rows: Sequence[Row]) -> str:
    head = (
        f"{'pdf':28} {'extractor':14} {'pages':>5} {'ms/page':>8} {'blocks':>6} {'clauses':>7} {'articles':>8} "
        f"{'subs':>5} {'tables':>6} {'glued':>5} {'split':>5} {'running':>7} {'findings':>8}  types"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        if r.error:
            lines.append(f"{r.pdf[:28]:28} {r.extractor:14} {r.pages:5}  failed: {r.error}")
            continue
        glued = "-" if r.glued is None else str(r.glued)
        split = "-" if r.split is None else str(r.split)
        findings = "-" if r.findings is None else str(r.findings)
        lines.append(
            f"{r.pdf[:28]:28} {r.extractor:14} {r.pages:5} {r.ms_per_page:8.1f} {r.blocks:6} {r.clauses:7} "
            f"{r.articles:8} {r.subs:5} {r.tables:6} {glued:>5} {split:>5} {r.running:7} {findings:>8}  "
            f"{','.join(r.types)}"
        )
    return "\n".join(lines)


def totals(rows: Sequence[Row], names: Sequence[str]) -> str:
    """One line per extractor over all PDFs: time per page over all pages, sums of the counts."""
    head = f"{'extractor':14} {'pdfs':>4} {'pages':>5} {'ms/page':>8} {'clauses':>7} {'articles':>8} "
    head += f"{'subs':>5} {'tables':>6} {'glued':>5} {'split':>5} {'running':>7} {'findings':>8}"
    lines = [head, "-" * len(head)]
    for name in names:
        ok = [r for r in rows if r.extractor == name and not r.error]
        pages = sum(r.pages for r in ok)
        ms = sum(r.ms_per_page * r.pages for r in ok) / max(1, pages)
        glued = "-" if any(r.glued is None for r in ok) else str(sum(r.glued or 0 for r in ok))
        split = "-" if any(r.split is None for r in ok) else str(sum(r.split or 0 for r in ok))
        findings = "-" if any(r.findings is None for r in ok) else str(sum(r.findings or 0 for r in ok))
        lines.append(
            f"{name:14} {len(ok):4} {pages:5} {ms:8.1f} {sum(r.clauses for r in ok):7} "
            f"{sum(r.articles for r in ok):8} {sum(r.subs for r in ok):5} {sum(r.tables for r in ok):6} "
            f"{glued:>5} {split:>5} "
            f"{sum(r.running for r in ok):7} {findings:>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="folder of PDF files")
    parser.add_argument(
        "--labels", type=Path, help="folder of YAML labels (tests/corpus format) to score each extractor"
    )
    parser.add_argument("--words", type=Path, default=DEFAULT_WORDS, help="French word list, one word a line")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per PDF and extractor (best kept)")
    parser.add_argument("--no-check", action="store_true", help="skip clausecheck's rules (no spaCy model load)")
    parser.add_argument("--keep", type=Path, help="write each extractor's text to KEEP/EXTRACTOR/STEM.txt")
    parser.add_argument("--verbose", action="store_true", help="with --labels: every miss and false flag")
    args = parser.parse_args(argv)
    pdfs = sorted(p for p in args.folder.iterdir() if p.suffix.lower() == ".pdf")
    if not pdfs:
        print(f"no PDF in {args.folder}", file=sys.stderr)
        return 2
    found = extractors()
    words = load_words(args.words)
    check: Callable[[ContractText], DocumentReport] | None = None
    if not args.no_check:
        from clausecheck.engine.checker import shared_checker

        checker = shared_checker()

        check = checker.check_contract

    rows: list[Row] = []
    reports: dict[str, dict[str, DocumentReport]] = {}
    for path in pdfs:
        got, by_extractor = measure(path, found, words, args.repeat, check, args.keep)
        rows += got
        reports[path.name] = by_extractor
    print(f"{len(pdfs)} PDFs, {versions()}; best of {args.repeat} runs")
    print(table(rows))
    print()
    print(totals(rows, list(found)))
    if args.labels is not None and check is not None:
        print()
        print(score(args.labels, reports, list(found), args.verbose))
    return 0


def score(labels_dir: Path, reports: dict[str, dict[str, DocumentReport]], names: Sequence[str], verbose: bool) -> str:
    """Precision, recall, F1 and types per extractor over the PDFs that have a label."""
    from clausecheck.engine.checker import shared_checker

    ruleset = shared_checker().ruleset
    rule_ids = {rule.id for rule in ruleset.rules}
    clause_free = {rule.id for rule in ruleset.rules if rule.kind == "absent"}
    labels = {}
    for label_path in sorted(labels_dir.glob("*.y*ml")):
        label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
        if isinstance(label, dict) and label.get("file") in reports:
            labels[label["file"]] = label
    lines = [f"{'extractor':14} {'docs':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6} types"]
    details: list[str] = []
    for name in names:
        tally = Tally()
        for pdf, label in labels.items():
            report = reports[pdf].get(name)
            if report is not None:
                score_document(label, report, rule_ids, clause_free, tally)
        tp, fp, fn = sum(tally.tp.values()), sum(tally.fp.values()), sum(tally.fn.values())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(
            f"{name:14} {tally.docs:4} {tp:4} {fp:4} {fn:4} {p:6.3f} {r:6.3f} {f1:6.3f} {tally.types_ok}/{tally.docs}"
        )
        details += [f"{name}: {line}" for line in tally.lines]
    return "\n".join(lines + (["", *details] if verbose else []))


if __name__ == "__main__":
    sys.exit(main())
