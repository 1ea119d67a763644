"""Benchmark clausecheck against a bare spaCy pipeline on a generated corpus of French IT contracts.

One command, one machine, one table:

    .venv/bin/python benchmarks/run.py            # full run (~300 contracts, ~2M words)
    .venv/bin/python benchmarks/run.py --quick    # smoke run, about a minute

The corpus is written to a temporary folder from the bundled samples, varied (parties,
amounts, durations, percentages, article order, articles borrowed from the other samples),
as .docx and .txt, plus verbatim copies of the samples (so the PDF reader is exercised too).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import math
import os
import platform
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
MB = 1024 * 1024
QUIET_CORES = 0.25  # CPU used by other processes above which a timing is flagged

# --- machine ---------------------------------------------------------------------------------


def machine_info(nlp: Any) -> dict[str, str]:
    import spacy

    import clausecheck

    return {
        "cpu": _cpu_model(),
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "ram": f"{_meminfo_kb('MemTotal') / MB:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}, pipes {nlp.pipe_names}",
        "clausecheck": clausecheck.__version__,
    }


def code_state(checker: Any) -> str:
    """Commit, uncommitted changes and a digest of the rule files on disk now.

    Others edit the code and the rules while a run lasts; the CLI subprocesses load
    whatever is on disk when they start, so a change mid-run mixes two versions.
    """
    import clausecheck
    from clausecheck.report.run_info import rules_version

    # Where the package was imported from: a snapshot on PYTHONPATH shadows the editable checkout.
    root = Path(clausecheck.__file__).resolve().parent.parent
    return f"{root} @ {_git_state(root)}; rules {rules_version(checker.ruleset.files)}"


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _meminfo_kb(key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    return 0


def _git_state(folder: Path) -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


# --- corpus ----------------------------------------------------------------------------------


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    subs: list[tuple[str, list[str]]] = field(default_factory=list)

    def words(self) -> int:
        texts = [self.title, *self.paragraphs, *(t for t, _ in self.subs), *(p for _, ps in self.subs for p in ps)]
        return sum(len(t.split()) for t in texts)


@dataclass
class Draft:
    title: str
    preamble: list[str]
    articles: list[Article]

    def words(self) -> int:
        head = len(self.title.split()) + sum(len(p.split()) for p in self.preamble)
        return head + sum(a.words() for a in self.articles)


def load_sources(folder: Path) -> list[Draft]:
    """The samples as clausecheck reads them, regrouped into articles and their sub-clauses."""
    from clausecheck.engine.source import SUPPORTED, read_contract

    drafts = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED):
        contract = read_contract(path)
        preamble: list[str] = []
        articles: list[Article] = []
        for clause in contract.clauses:
            lines = [line for line in clause.text.split("\n") if line.strip()]
            if clause.number is None and not articles:
                preamble.extend(lines)
            elif clause.parent is not None and articles:
                articles[-1].subs.append((clause.title, lines))
            else:
                articles.append(Article(clause.title, lines))
        drafts.append(Draft(contract.title, preamble, articles))
    return drafts


_NUMBER_WORDS = {
    2: "deux",
    3: "trois",
    5: "cinq",
    6: "six",
    8: "huit",
    10: "dix",
    12: "douze",
    15: "quinze",
    18: "dix-huit",
    20: "vingt",
    24: "vingt-quatre",
    30: "trente",
    36: "trente-six",
    45: "quarante-cinq",
    48: "quarante-huit",
    60: "soixante",
    72: "soixante-douze",
    90: "quatre-vingt-dix",
}
_WORD_NUMBERS = {word: n for n, word in _NUMBER_WORDS.items()}
_DURATIONS = {
    "mois": (2, 3, 6, 12, 18, 24, 36, 48, 60),
    "jours": (5, 8, 10, 15, 30, 45, 60, 90),
    "heures": (2, 8, 24, 48, 72),
    "ans": (2, 3, 5, 10),
    "années": (2, 3, 5, 10),
    "semaines": (2, 3, 6, 8),
}
_DURATION = re.compile(r"\b([a-zà-ÿ]+(?:-[a-zà-ÿ]+)*) \((\d{1,3})\) (mois|jours|heures|ans|années|semaines)\b")
_AMOUNT = re.compile(r"\b\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?=\s?€)")
_PERCENT = re.compile(r"\b(\d{1,3}) ?%")
_COMPANY = re.compile(r"(soci[ée]t[ée]\s+)([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9'’&\- ]+?)(,)")
_PERSON = re.compile(r"\b(M\.|Mme) [A-ZÀ-Ý][a-zà-ÿ\-]+ [A-ZÀ-Ý][a-zà-ÿ\-]+")
_COMPANY_HEADS = ("ALTIS", "BRENNOR", "CALYPSO", "DORIA", "ÉOLE", "FERVAL", "GRANITE", "HÉLIADE", "IROISE", "JURA")
_COMPANY_TAILS = ("INFORMATIQUE", "CONSEIL", "SYSTÈMES", "LOGISTIQUE", "SANTÉ", "TRANSPORTS", "NUMÉRIQUE", "INDUSTRIE")
_MEN = ("Julien", "Marc", "Thomas", "Nicolas", "Olivier", "Pierre")
_WOMEN = ("Claire", "Sophie", "Camille", "Isabelle", "Nathalie", "Julie")
_SURNAMES = ("Ferrand", "Morel", "Lambert", "Girard", "Bonnet", "Roux", "Fontaine", "Chevalier", "Perrin", "Mercier")


class Varier:
    """Rewrites the facts of a clause (who, how much, how long) and leaves its wording alone."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def text(self, text: str) -> str:
        text = _DURATION.sub(self._duration, text)
        text = _AMOUNT.sub(self._amount, text)
        return _PERCENT.sub(self._percent, text)

    def parties(self, text: str) -> str:
        text = _COMPANY.sub(lambda m: f"{m.group(1)}{self._company()}{m.group(3)}", text)
        return _PERSON.sub(self._person, text)

    def article(self, article: Article) -> Article:
        return Article(
            article.title,
            [self.text(p) for p in article.paragraphs],
            [(title, [self.text(p) for p in body]) for title, body in article.subs],
        )

    def _duration(self, match: re.Match[str]) -> str:
        if match.group(1) not in _WORD_NUMBERS:
            return match.group(0)  # "délai (30) jours" and the like: not a number spelled out
        n = self.rng.choice(_DURATIONS[match.group(3)])
        return f"{_NUMBER_WORDS[n]} ({n}) {match.group(3)}"

    def _amount(self, match: re.Match[str]) -> str:
        value = int(re.sub(r"\D", "", match.group(0)))
        scaled = max(1, round(value * self.rng.uniform(0.5, 2.0), -1 if value >= 100 else 0))
        return f"{int(scaled):,}".replace(",", " ")

    def _percent(self, match: re.Match[str]) -> str:
        if int(match.group(1)) > 100:
            return match.group(0)
        return f"{self.rng.choice((10, 20, 25, 30, 50, 75, 100))} %"

    def _company(self) -> str:
        return f"{self.rng.choice(_COMPANY_HEADS)} {self.rng.choice(_COMPANY_TAILS)}"

    def _person(self, match: re.Match[str]) -> str:
        first = self.rng.choice(_MEN if match.group(1) == "M." else _WOMEN)
        return f"{match.group(1)} {first} {self.rng.choice(_SURNAMES)}"


def build_draft(rng: random.Random, sources: Sequence[Draft], target_words: int) -> Draft:
    """One of the samples, varied, grown with articles borrowed from all samples to ``target_words``.

    The closing article (applicable law) stays last and the first (purpose) first, as in a
    real contract; borrowed articles land anywhere between, and two neighbours may swap.
    """
    varier = Varier(rng)
    base = rng.choice(sources)
    pool = [a for s in sources for a in s.articles[1:-1]]
    middle = [varier.article(a) for a in base.articles[1:-1]]
    draft = Draft(
        varier.text(base.title),
        [varier.parties(varier.text(p)) for p in base.preamble],
        [varier.article(base.articles[0]), *middle, varier.article(base.articles[-1])],
    )
    words = draft.words()
    while words < target_words:
        extra = varier.article(rng.choice(pool))
        middle.insert(rng.randint(0, len(middle)), extra)
        words += extra.words()
    for _ in range(rng.randint(0, 2)):
        if len(middle) > 1:
            i = rng.randrange(len(middle) - 1)
            middle[i], middle[i + 1] = middle[i + 1], middle[i]
    draft.articles = [draft.articles[0], *middle, draft.articles[-1]]
    return draft


def write_docx(draft: Draft, path: Path, styled: bool) -> None:
    """Headings as Word styles, or as bold typed "Article N –" lines: both occur in the wild."""
    import docx

    document = docx.Document()
    document.add_paragraph(draft.title, style="Title")
    for paragraph in draft.preamble:
        document.add_paragraph(paragraph)
    for n, article in enumerate(draft.articles, start=1):
        _docx_heading(document, f"Article {n} – {article.title}", 1, styled)
        for paragraph in article.paragraphs:
            document.add_paragraph(paragraph)
        for s, (title, body) in enumerate(article.subs, start=1):
            _docx_heading(document, f"{n}.{s} {title}", 2, styled)
            for paragraph in body:
                document.add_paragraph(paragraph)
    document.save(str(path))


def _docx_heading(document: Any, text: str, level: int, styled: bool) -> None:
    if styled:
        document.add_heading(text, level=level)
    else:
        document.add_paragraph().add_run(text).bold = True


def write_txt(draft: Draft, path: Path) -> None:
    lines = [draft.title, *draft.preamble]
    for n, article in enumerate(draft.articles, start=1):
        lines += [f"Article {n} – {article.title}", *article.paragraphs]
        for s, (title, body) in enumerate(article.subs, start=1):
            lines += [f"{n}.{s} {title}", *body]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def write_draft(draft: Draft, path_stem: Path, rng: random.Random) -> Path:
    """Two thirds Word (half styled), one third plain text."""
    roll = rng.random()
    if roll < 1 / 3:
        path = path_stem.with_suffix(".txt")
        write_txt(draft, path)
    else:
        path = path_stem.with_suffix(".docx")
        write_docx(draft, path, styled=roll < 2 / 3)
    return path


def document_sizes(rng: random.Random, docs: int, words: int) -> list[int]:
    """Contract lengths spread like a real batch (a few long ones), summing to about ``words``."""
    mean = words / docs
    raw = [min(max(rng.lognormvariate(math.log(mean) - 0.125, 0.5), 700), 4 * mean) for _ in range(docs)]
    scale = words / sum(raw)
    return [max(700, round(r * scale)) for r in raw]


def make_corpus(folder: Path, rng: random.Random, sources: Sequence[Draft], docs: int, words: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    originals = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    paths = []
    for i, size in enumerate(document_sizes(rng, docs, words)):
        if i % 25 == 0:  # one in 25: a sample as shipped, PDF included
            source = originals[(i // 25) % len(originals)]
            paths.append(Path(shutil.copy(source, folder / f"{i:04d}-{source.name}")))
        else:
            paths.append(write_draft(build_draft(rng, sources, size), folder / f"{i:04d}-contrat", rng))
    return paths


def make_short_variants(folder: Path, rng: random.Random, sources: Sequence[Draft], count: int) -> list[Path]:
    """Short contracts (a sample's title, parties, first and last articles and three others,
    ~450 words): a thousand documents in a few minutes."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        draft = build_draft(rng, sources, 0)
        middle = draft.articles[1:-1]
        kept = sorted(rng.sample(range(len(middle)), min(3, len(middle))))
        draft.articles = [draft.articles[0], *(middle[k] for k in kept), draft.articles[-1]]
        paths.append(write_draft(draft, folder / f"{i:04d}-contrat", rng))
    return paths


# --- what spaCy sees -------------------------------------------------------------------------


@dataclass
class Extracted:
    """The readable contracts, each with the texts clausecheck hands spaCy (title, then clause
    pieces, as Checker.views builds them) and what reading and segmenting it cost."""

    paths: list[Path] = field(default_factory=list)
    texts: list[list[str]] = field(default_factory=list)
    read_seconds: list[float] = field(default_factory=list)
    clause_counts: list[int] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(t.split()) for doc in self.texts for t in doc)

    @property
    def clauses(self) -> int:
        return sum(self.clause_counts)

    def head(self, words: int) -> Extracted:
        """The first contracts, up to about ``words`` words: a smaller corpus of the same mix."""
        total, n = 0, 0
        while n < len(self.texts) and total < words:
            total += sum(len(t.split()) for t in self.texts[n])
            n += 1
        return Extracted(self.paths[:n], self.texts[:n], self.read_seconds[:n], self.clause_counts[:n], self.unreadable)


def extract(paths: Sequence[Path]) -> Extracted:
    """Read and segment every contract, timed: that is clausecheck's reading cost."""
    from clausecheck.engine.checker import split_long
    from clausecheck.engine.nlp import plain
    from clausecheck.engine.source import read_contract
    from clausecheck.model.errors import ReadError

    out = Extracted()
    for path in paths:
        start = time.perf_counter()
        try:
            contract = read_contract(path)
        except ReadError as exc:
            out.unreadable.append(f"{path.name}: {exc.code}")
            continue
        out.read_seconds.append(time.perf_counter() - start)
        out.paths.append(path)
        out.clause_counts.append(len(contract.clauses))
        pieces = [plain(piece) for c in contract.clauses for _, piece in split_long(f"{c.title}\n{c.text}")]
        out.texts.append([plain(contract.title), *pieces])
    return out


def nlp_batch_size() -> int:
    from clausecheck.engine import checker

    return int(getattr(checker, "_NLP_BATCH", 64))


# --- measures ---------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: float
    unit: str
    target: str = "—"
    met: bool | None = None

    def shown(self) -> str:
        if self.unit == "×":
            return f"{self.value:.2f}×"
        if self.unit in ("words/s", "MB"):
            return f"{self.value:,.0f} {self.unit}"
        return f"{self.value:.2f} {self.unit}"


@dataclass
class Background:
    """CPU that other processes used during each measure, in cores.

    The machine may be shared (someone running the tests or the CLI): a busy core halves
    a two-process speed-up and inflates every wall clock, so each number says how quiet
    the machine was while it was taken.
    """

    cores: dict[str, float] = field(default_factory=dict)
    _spent: dict[str, tuple[float, float]] = field(default_factory=dict)  # label: (others' cpu, wall)
    patience: float = 0.0  # seconds this run may still spend waiting for a quiet machine

    @contextlib.contextmanager
    def watch(self, label: str) -> Iterator[None]:
        self.wait_quiet()
        busy, own, start = _busy_cpu_seconds(), _own_cpu_seconds(), time.perf_counter()
        yield
        wall = time.perf_counter() - start
        others = (_busy_cpu_seconds() - busy) - (_own_cpu_seconds() - own)
        before = self._spent.get(label, (0.0, 0.0))  # a measure taken in parts: average over all
        cpu, total = before[0] + others, before[1] + wall
        self._spent[label] = (cpu, total)
        self.cores[label] = max(0.0, cpu / total) if total > 0 else 0.0

    def noisy(self, limit: float = QUIET_CORES) -> dict[str, float]:
        return {label: c for label, c in self.cores.items() if c > limit}

    def wait_quiet(self) -> None:
        """Wait for a second in which other processes leave the CPUs alone, spending at most
        what is left of the run's ``patience``."""
        start, told = time.perf_counter(), False
        while self.patience > time.perf_counter() - start:
            busy, own = _busy_cpu_seconds(), _own_cpu_seconds()
            time.sleep(1)
            others = (_busy_cpu_seconds() - busy) - (_own_cpu_seconds() - own)
            if others <= QUIET_CORES:
                break
            if not told:
                log(
                    f"  other processes use {others:.1f} cores; waiting up to {self.patience:.0f} s for a quiet machine"
                )
                told = True
        self.patience = max(0.0, self.patience - (time.perf_counter() - start))


def _busy_cpu_seconds() -> float:
    """Machine-wide non-idle CPU time (steal included: a hypervisor taking the core is noise too)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    return 0.0


def _own_cpu_seconds() -> float:
    # Children count once reaped: pool workers at pool exit, CLI runs at wait4.
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def end_to_end(checker: Any, paths: Sequence[Path], jobs: int) -> tuple[float, float, int]:
    """Library path: Checker.check_all + render_json, in this process (workers forked for jobs > 1).

    Returns (total seconds, of which rendering, documents in error).
    """
    from clausecheck.report.json_envelope import render_json
    from clausecheck.report.run_info import make_run_info

    start = time.perf_counter()
    reports = list(checker.check_all(list(paths), jobs=jobs))
    rendered_at = time.perf_counter()
    info = make_run_info(checker.ruleset.files, checker.model, checker.side, no_date=True)
    render_json(reports, info)
    end = time.perf_counter()
    return end - start, end - rendered_at, sum(r.status == "error" for r in reports)


def bare_pipe(nlp: Any, texts: list[list[str]], batch: int, per_contract: bool) -> float:
    """The same loaded pipeline over the same texts: one stream, or one nlp.pipe per contract
    (which is how clausecheck batches, so the gap between the two is a batching cost)."""
    start = time.perf_counter()
    if per_contract:
        for doc_texts in texts:
            for _ in nlp.pipe(doc_texts, batch_size=batch):
                pass
    else:
        for _ in nlp.pipe((t for doc_texts in texts for t in doc_texts), batch_size=batch):
            pass
    return time.perf_counter() - start


def warm_up(checker: Any) -> None:
    # Lazy imports (readers, renderers) and first-call allocations are not throughput.
    for path in sorted(SAMPLES.iterdir()):
        checker.check(path)


def throughput(checker: Any, corpus: Extracted, jobs: int, background: Background) -> tuple[list[Row], dict[str, Any]]:
    """Bare pipeline, then end to end with 1 and ``jobs`` processes.

    A shared or virtual machine drifts over minutes, which would bias a ratio of two
    measures taken one after the other. So the bare pipeline is timed before and after
    the end-to-end runs, and those run on the two halves of the corpus in the order
    1, N on the first half then N, 1 on the second (ABBA): a linear drift cancels.
    """
    batch = nlp_batch_size()
    # spaCy adds a lexeme to the vocab the first time it meets a word: whichever side ran
    # first would pay for all of them, so an untimed pass lets both find them there.
    bare_pipe(checker.nlp, corpus.texts, batch, per_contract=False)
    with background.watch("1. bare nlp.pipe"):
        bare_before = bare_pipe(checker.nlp, corpus.texts, batch, per_contract=False)
        bare_per_contract = bare_pipe(checker.nlp, corpus.texts, batch, per_contract=True)
    half = len(corpus.paths) // 2
    halves = (corpus.paths[:half], corpus.paths[half:])
    timings: dict[tuple[int, int], tuple[float, float, int]] = {}
    for part, order in ((0, (1, jobs)), (1, (jobs, 1))):
        for n in order:
            with background.watch(f"{'1' if n == 1 else '2'}. end to end, {n} process{'es' if n > 1 else ''}"):
                timings[part, n] = end_to_end(checker, halves[part], jobs=n)
    with background.watch("1. bare nlp.pipe"):
        bare_after = bare_pipe(checker.nlp, corpus.texts, batch, per_contract=False)
    bare = (bare_before + bare_after) / 2
    one = timings[0, 1][0] + timings[1, 1][0]
    many = timings[0, jobs][0] + timings[1, jobs][0]
    render_one = timings[0, 1][1] + timings[1, 1][1]
    errors = timings[0, 1][2] + timings[1, 1][2]
    w = corpus.words
    rows = [
        Row("1. end to end, 1 process (library: check_all + render_json)", w / one, "words/s"),
        Row(f"1. bare nlp.pipe, same pipeline, batch_size={batch}, one stream", w / bare, "words/s"),
        Row("1. ratio end to end / bare nlp.pipe", bare / one, "×", "≥ 0.80", bare / one >= 0.8),
        *_shares(one, sum(corpus.read_seconds), bare_per_contract, render_one),
        Row(f"2. end to end, check_all(jobs={jobs}) + render_json", w / many, "words/s"),
        Row(f"2. speed-up jobs={jobs} vs 1 process", one / many, "×", "≥ 1.70", one / many >= 1.7),
    ]
    details = {
        "documents": len(corpus.paths),
        "documents_in_error": errors,
        "unreadable_in_extraction": corpus.unreadable,
        "words": w,
        "clauses": corpus.clauses,
        "spacy_texts": sum(len(t) for t in corpus.texts),
        "speed_up_by_half": [timings[part, 1][0] / timings[part, jobs][0] for part in (0, 1)],
        "seconds": {
            "end_to_end_1_by_half": [timings[0, 1][0], timings[1, 1][0]],
            f"end_to_end_{jobs}_by_half": [timings[0, jobs][0], timings[1, jobs][0]],
            "bare_pipe_stream_before_after": [bare_before, bare_after],
            "bare_pipe_per_contract": bare_per_contract,
            "read_and_segment": sum(corpus.read_seconds),
            "render_json": render_one,
        },
    }
    return rows, details


def _shares(total: float, read: float, nlp: float, render: float) -> list[Row]:
    """Where the single-process time goes (informational). Reading and spaCy are timed on
    their own; matching and the rules are what remains."""
    parts = [
        ("read + segment (read_contract, timed alone)", read),
        ("spaCy (bare nlp.pipe, one call per contract)", nlp),
        ("render_json", render),
        ("matching + rules + other (remainder)", total - read - nlp - render),
    ]
    return [Row(f"   share of 1-process time: {name}", 100 * t / total, "%") for name, t in parts]


# --- subprocesses ----------------------------------------------------------------------------


def cli_command() -> list[str]:
    """The installed console script when there is one: what a user types."""
    script = Path(sys.executable).with_name("clausecheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "clausecheck"]


@dataclass
class ProcessRun:
    wall: float
    returncode: int
    peak_tree_rss_mb: float  # polled sum of VmRSS over the process and its descendants
    peak_hwm_mb: float  # largest VmHWM seen: the kernel's exact peak of the biggest single process
    stderr: str


def run_process(cmd: list[str], stdout: Path, poll: float | None) -> ProcessRun:
    """Run ``cmd``; with ``poll`` set, sample the memory of its process tree every ``poll`` seconds.

    Not ru_maxrss from wait4: Linux carries the forked parent's RSS into the child's
    maxrss across exec, so a child of this (large) process would report our size.
    """
    with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        peak_kb = hwm_kb = 0
        while True:
            pid, status, _ = os.wait4(proc.pid, 0 if poll is None else os.WNOHANG)
            if pid:
                break
            rss, hwm = _tree_memory_kb(proc.pid)
            peak_kb, hwm_kb = max(peak_kb, rss), max(hwm_kb, hwm)
            time.sleep(poll or 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    return ProcessRun(wall, proc.returncode, peak_kb / 1024, hwm_kb / 1024, message)


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """(sum of VmRSS, largest VmHWM) over ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path(f"/proc/{entry.name}/stat").read_bytes()
                ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    total = hwm = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        with contextlib.suppress(OSError, ValueError):
            fields = dict(
                line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
            )
            total += int(fields.get("VmRSS", "0 kB").split()[0])
            hwm = max(hwm, int(fields.get("VmHWM", "0 kB").split()[0]))
        stack.extend(children.get(pid, ()))
    return total, hwm


# The baseline a user could not beat: interpreter start, spaCy import, the same components
# loaded and enabled as clausecheck.engine.nlp.load_pipeline does, then nlp.pipe over the same texts.
_BASELINE = """
import json, sys, time
t0 = time.perf_counter()
import spacy
spec = json.load(open(sys.argv[1], encoding="utf-8"))
t1 = time.perf_counter()
nlp = spacy.load(spec["model"], exclude=spec["exclude"])
for name in spec["pipes"]:
    if name in nlp.disabled:
        nlp.enable_pipe(name)
assert nlp.pipe_names == spec["pipes"], (nlp.pipe_names, spec["pipes"])
t2 = time.perf_counter()
for _ in nlp.pipe(spec["texts"], batch_size=spec["batch"]):
    pass
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "pipe": t3 - t2}))
"""


def single_contract(
    checker: Any, path: Path, work: Path, repeat: int, background: Background
) -> tuple[list[Row], dict[str, Any]]:
    corpus = extract([path])
    spec_path = work / "baseline.json"
    spec_path.write_text(json.dumps({**_pipeline_spec(checker.nlp), "texts": corpus.texts[0]}), encoding="utf-8")
    cli_runs: list[ProcessRun] = []
    base_runs: list[ProcessRun] = []
    phases: list[dict[str, float]] = []
    with background.watch("3. single contract"):
        for _ in range(repeat):  # alternate, so drift in the machine hits both sides alike
            cli_runs.append(run_process([*cli_command(), str(path)], work / "single.md", poll=None))
            base_cmd = [sys.executable, "-c", _BASELINE, str(spec_path)]
            base_runs.append(run_process(base_cmd, work / "base.out", poll=None))
            phases.append(json.loads((work / "base.out").read_text()))
    _check_runs(cli_runs, ok=(0, 1))  # 1: findings at the --fail-on level, a normal outcome
    _check_runs(base_runs, ok=(0,))
    cli = statistics.median(r.wall for r in cli_runs)
    base = statistics.median(r.wall for r in base_runs)
    rows = [
        Row(f"3. single contract ({corpus.words:,} words), CLI wall clock (median of {repeat})", cli, "s"),
        Row("3. model load + nlp.pipe alone, subprocess wall clock", base, "s"),
        Row("3. ratio CLI / load + parse", cli / base, "×", "≤ 1.30", cli / base <= 1.3),
    ]
    details = {
        "words": corpus.words,
        "clauses": corpus.clauses,
        "cli_walls": [r.wall for r in cli_runs],
        "baseline_walls": [r.wall for r in base_runs],
        "baseline_phases": phases,
    }
    return rows, details


def _pipeline_spec(nlp: Any) -> dict[str, Any]:
    """How to load, in a bare process, exactly the components clausecheck runs."""
    import spacy

    model = f"{nlp.meta['lang']}_{nlp.meta['name']}"
    components = spacy.info(model).get("components", [])
    return {
        "model": model,
        "pipes": nlp.pipe_names,
        "exclude": [c for c in components if c not in nlp.pipe_names],
        "batch": nlp_batch_size(),
    }


def memory(folders: Sequence[Path], work: Path, background: Background) -> tuple[list[Row], dict[str, Any]]:
    """The CLI as a batch user runs it, on a small and a large folder: peak memory must not grow."""
    results: dict[int, ProcessRun] = {}
    for folder in folders:
        count = sum(1 for _ in folder.iterdir())
        out = work / f"mem-{count}.json"
        with background.watch(f"4. memory, {count} contracts"):
            run = run_process([*cli_command(), str(folder), "--format", "json", "--fail-on", "none"], out, poll=0.05)
        _check_runs([run], ok=(0,))
        reported = len(json.loads(out.read_text(encoding="utf-8"))["documents"])
        if reported != count:
            raise SystemExit(f"CLI reported {reported} documents for {count} in {folder}")
        results[count] = run
    # The polled sum can miss a short spike; the high-water mark cannot, but is per process.
    peak = {n: max(r.peak_tree_rss_mb, r.peak_hwm_mb) for n, r in results.items()}
    small, large = sorted(results)
    growth = peak[large] - peak[small]
    flat = growth <= max(25.0, 0.1 * peak[small])
    rows = [
        Row(f"4. peak RSS, CLI --format json, {n} contracts", mb, "MB", "≤ 600 MB", mb <= 600)
        for n, mb in sorted(peak.items())
    ]
    rows.append(Row(f"4. RSS growth {small} → {large} contracts", growth, "MB", "flat (≤ max(25 MB, 10%))", flat))
    details = {
        str(count): {
            "wall_seconds": run.wall,
            "peak_tree_rss_mb_polled": run.peak_tree_rss_mb,
            "peak_vmhwm_mb_largest_process": run.peak_hwm_mb,
        }
        for count, run in results.items()
    }
    return rows, details


def _check_runs(runs: Sequence[ProcessRun], ok: tuple[int, ...]) -> None:
    for run in runs:
        if run.returncode not in ok:
            raise SystemExit(f"subprocess failed with exit code {run.returncode}:\n{run.stderr[-2000:]}")


# --- profile ---------------------------------------------------------------------------------

_BUCKETS = (
    ("spacy/matcher", "spaCy Matcher/PhraseMatcher"),
    ("spacy/pipeline", "spaCy pipeline components"),
    ("thinc", "thinc (NLP model)"),
    ("spacy/tokenizer", "spaCy tokenizer"),
    ("spacy/", "spaCy other"),
    ("pydantic", "pydantic (models)"),
    ("lxml", "lxml (docx XML)"),
    ("zipfile", "zipfile (docx)"),
    ("pypdf", "pypdf"),
    ("clausecheck/", "clausecheck/"),
)


def profile(checker: Any, paths: Sequence[Path]) -> str:
    """Own time of each function, grouped by library (clausecheck by module), over check_all."""
    profiler = cProfile.Profile()
    profiler.runcall(lambda: list(checker.check_all(list(paths), jobs=1)))
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        groups[_bucket(filename)] = groups.get(_bucket(filename), 0.0) + own
    total = sum(groups.values())
    lines = [f"cProfile of check_all over {len(paths)} contracts: own time by group (profiler overhead inflates)"]
    ranked = sorted(groups.items(), key=lambda kv: -kv[1])[:15]
    lines += [f"  {t:7.2f} s  {100 * t / total:5.1f} %  {g}" for g, t in ranked]
    listing = io.StringIO()
    pstats.Stats(profiler, stream=listing).sort_stats("cumulative").print_stats(25)
    return "\n".join(lines) + "\n\n" + listing.getvalue()


def _bucket(filename: str) -> str:
    path = filename.replace("\\", "/")
    for needle, label in _BUCKETS:
        if needle in path:
            return f"clausecheck/{Path(path).name}" if label == "clausecheck/" else label
    return "Python builtins (C)" if filename == "~" else "other Python"


# --- run -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    docs: int = 300
    words: int = 2_000_000
    single_words: int = 15_000
    mem_small: int = 100
    mem_large: int = 1_000
    jobs: int = 2
    repeat: int = 3
    seed: int = 20240501
    sections: tuple[str, ...] = ("throughput", "single", "memory")
    profile: int = 0
    wait_idle: float = 120.0
    budget: float = 420.0  # seconds for the timed throughput measures (1 and 2)


QUICK = Config(docs=20, words=40_000, single_words=5_000, mem_small=10, mem_large=60, repeat=1, wait_idle=10.0)


def parse_args(argv: Sequence[str] | None = None) -> tuple[Config, Path | None, Path | None]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small smoke run (about a minute)")
    parser.add_argument("--docs", type=int, help="contracts in the throughput corpus (default 300)")
    parser.add_argument("--words", type=int, help="total words of that corpus (default 2,000,000)")
    parser.add_argument("--single-words", type=int, help="words of the single long contract (default 15,000)")
    parser.add_argument("--mem-small", type=int, help="contracts in the small memory batch (default 100)")
    parser.add_argument("--mem-large", type=int, help="contracts in the large memory batch (default 1,000)")
    parser.add_argument("--jobs", type=int, help="worker processes for the parallel measure (default 2)")
    parser.add_argument("--repeat", type=int, help="runs of the single-contract comparison, median kept (default 3)")
    parser.add_argument("--seed", type=int, help="corpus seed")
    parser.add_argument("--only", help="comma-separated sections: throughput,single,memory")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also cProfile check_all over N contracts")
    parser.add_argument(
        "--wait-idle",
        type=float,
        metavar="S",
        help="wait up to S s in all for a quiet CPU before measures (default 120)",
    )
    parser.add_argument(
        "--budget", type=float, metavar="S", help="time the throughput measures for about S s at most (default 420)"
    )
    parser.add_argument("--json", type=Path, help="write the results as JSON to this path")
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it (default: a temp folder)")
    args = parser.parse_args(argv)
    overrides = {
        "docs": args.docs,
        "words": args.words,
        "single_words": args.single_words,
        "mem_small": args.mem_small,
        "mem_large": args.mem_large,
        "jobs": args.jobs,
        "repeat": args.repeat,
        "seed": args.seed,
        "profile": args.profile or None,
        "wait_idle": args.wait_idle,
        "budget": args.budget,
        "sections": _sections(args.only) if args.only else None,
    }
    config = replace(QUICK if args.quick else Config(), **{k: v for k, v in overrides.items() if v is not None})
    unknown = set(config.sections) - set(Config().sections)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if config.mem_small >= config.mem_large:
        parser.error("--mem-small must be smaller than --mem-large")
    return config, args.json, args.keep


def _sections(only: str) -> tuple[str, ...]:
    # Always in the table's order, whatever order they were named in.
    named = {name.strip() for name in only.split(",")}
    return (*(name for name in Config().sections if name in named), *sorted(named - set(Config().sections)))


@contextlib.contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="clausecheck-bench-") as tmp:
        yield Path(tmp)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    """Everything one benchmark run shares: settings, the loaded checker, the corpus sources."""

    config: Config
    checker: Any
    sources: list[Draft]
    work: Path
    rng: random.Random
    background: Background = field(default_factory=Background)
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def throughput(self) -> None:
        c = self.config
        log(f"writing {c.docs} contracts, ~{c.words:,} words")
        paths = make_corpus(self.work / "corpus", self.rng, self.sources, c.docs, c.words)
        corpus = extract(paths)
        log(f"corpus: {len(paths)} files, {corpus.words:,} words in spaCy input, {corpus.clauses:,} clauses")
        warm_up(self.checker)
        corpus = self._within_budget(corpus)
        log(f"timing bare nlp.pipe, then end to end with 1 and with {c.jobs} processes")
        rows, self.details["throughput"] = throughput(self.checker, corpus, c.jobs, self.background)
        self.details["throughput"]["generated"] = {"documents": len(paths), "words_target": c.words}
        self.rows += rows
        if c.profile:
            log(f"profiling check_all over {c.profile} contracts")
            self.details["profile"] = profile(self.checker, corpus.paths[: c.profile])

    def _within_budget(self, corpus: Extracted) -> Extracted:
        """The corpus, cut to the first contracts if timing all of it would overrun the budget.

        The end-to-end speed is measured on the first ~30k words; the section then costs about
        words x (1/speed x (1 + 1/jobs) + 3/bare speed). A cut keeps the mix of the batch.
        """
        c = self.config
        sample = corpus.head(30_000)
        seconds, _, _ = end_to_end(self.checker, sample.paths, jobs=1)
        bare = bare_pipe(self.checker.nlp, sample.texts, nlp_batch_size(), per_contract=False)
        per_word = (seconds * (1 + 1 / c.jobs) + 3 * bare) / sample.words
        self.details["calibration_words_per_second"] = sample.words / seconds
        if corpus.words * per_word <= c.budget:
            return corpus
        cut = corpus.head(int(c.budget / per_word))
        self.details["budget_cut"] = {"words": cut.words, "documents": len(cut.paths)}
        log(
            f"clausecheck runs at {sample.words / seconds:,.0f} words/s: timing the first {len(cut.paths)} "
            f"contracts ({cut.words:,} words) to stay within --budget {c.budget:.0f} s"
        )
        return cut

    def single(self) -> None:
        c = self.config
        log(f"single contract of ~{c.single_words:,} words: CLI vs load + parse, {c.repeat} runs each")
        folder = self.work / "single"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "contrat-long.docx"
        write_docx(build_draft(self.rng, self.sources, c.single_words), path, styled=True)
        rows, self.details["single"] = single_contract(self.checker, path, self.work, c.repeat, self.background)
        self.rows += rows

    def memory(self) -> None:
        c = self.config
        log(f"memory: writing {c.mem_large} short contracts, CLI over {c.mem_small} then all")
        large = make_short_variants(self.work / f"mem-{c.mem_large}", self.rng, self.sources, c.mem_large)
        small = self.work / f"mem-{c.mem_small}"
        small.mkdir(parents=True, exist_ok=True)
        for path in large[: c.mem_small]:
            shutil.copy(path, small / path.name)
        rows, self.details["memory"] = memory([small, large[0].parent], self.work, self.background)
        self.rows += rows


def table(rows: Sequence[Row]) -> str:
    width = max(len(r.measure) for r in rows)
    values = [r.shown() for r in rows]
    vwidth = max(len(v) for v in values)
    twidth = max(len(r.target) for r in rows)
    head = f"{'measure':<{width}}  {'value':>{vwidth}}  {'target':<{twidth}}  met?"
    lines = [head, "-" * len(head)]
    for row, value in zip(rows, values, strict=True):
        met = "—" if row.met is None else ("yes" if row.met else "NO")
        lines.append(f"{row.measure:<{width}}  {value:>{vwidth}}  {row.target:<{twidth}}  {met}")
    return "\n".join(lines)


def notes(details: dict[str, Any], background: Background) -> str:
    lines = []
    if "throughput" in details:
        t = details["throughput"]
        lines.append(
            f"1-2: {t['documents']} contracts ({t['documents_in_error']} in error), {t['words']:,} words, "
            f"{t['spacy_texts']:,} spaCy texts; model load excluded; words = whitespace tokens of the texts spaCy gets."
        )
        before, after = t["seconds"]["bare_pipe_stream_before_after"]
        halves = " and ".join(f"{x:.2f}×" for x in t["speed_up_by_half"])
        lines.append(
            f"1-2: bare nlp.pipe timed before and after the end-to-end runs: {t['words'] / before:,.0f} and "
            f"{t['words'] / after:,.0f} words/s; speed-up on each half of the corpus: {halves}."
        )
    if "budget_cut" in details:
        cut, generated = details["budget_cut"], details["throughput"]["generated"]
        lines.append(
            f"1-2: corpus cut from {generated['documents']} generated contracts to the first {cut['documents']} "
            f"({cut['words']:,} words) to fit --budget: clausecheck ran at "
            f"{details['calibration_words_per_second']:,.0f} words/s on the first ~30k words."
        )
    if "single" in details:
        s = details["single"]
        phases = s["baseline_phases"][0]
        lines.append(
            f"3: CLI with default options (Markdown report, stdout to a file); baseline phases (first run): "
            f"import {phases['import']:.2f} s, model load {phases['load']:.2f} s, nlp.pipe {phases['pipe']:.2f} s."
        )
    if "memory" in details:
        m = details["memory"]
        hwm = ", ".join(f"{n}: {v['peak_vmhwm_mb_largest_process']:.0f} MB" for n, v in m.items())
        walls = ", ".join(f"{n}: {v['wall_seconds']:.0f} s" for n, v in m.items())
        lines.append(
            "4: short variants of the samples (~450 words each, .docx and .txt), one CLI process (-j 1); "
            "peak = max(VmRSS summed over the process tree, polled every 50 ms; largest VmHWM) "
            f"(VmHWM: {hwm}); wall {walls}."
        )
    shown = ", ".join(f"{label} {cores:.2f}" for label, cores in background.cores.items())
    lines.append(f"CPU used by other processes during each measure (cores): {shown}")
    noisy = background.noisy()
    if noisy:
        lines.append(
            f"WARNING: the machine was shared during {', '.join(noisy)}: those timings are pessimistic; rerun idle."
        )
    if details["code_at_start"] != details["code_at_end"]:
        lines.append(
            f"WARNING: the code or rules changed during the run ({details['code_at_start']} -> "
            f"{details['code_at_end']}): the CLI measures may have run another version than the library ones."
        )
    lines.append(f"total benchmark time {details['total_seconds'] / 60:.1f} min")
    return "\n".join(lines)


def report(machine: dict[str, str], run: Run) -> str:
    lines = [f"clausecheck benchmark, {date.today().isoformat()}"]
    lines += [f"  {key:<12} {value}" for key, value in machine.items()]
    lines += ["", table(run.rows), "", notes(run.details, run.background)]
    if "profile" in run.details:
        lines += ["", run.details["profile"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    config, json_path, keep = parse_args(argv)
    from clausecheck.engine.checker import shared_checker

    started = time.perf_counter()
    log("loading clausecheck (rules, pipeline)")
    checker = shared_checker()
    machine = {**machine_info(checker.nlp), "code": code_state(checker), "cli": " ".join(cli_command())}
    with work_folder(keep) as work:
        run = Run(config, checker, load_sources(SAMPLES), work, random.Random(config.seed))
        run.background.patience = config.wait_idle
        for section in config.sections:
            getattr(run, section)()
    run.details["total_seconds"] = time.perf_counter() - started
    run.details["code_at_start"], run.details["code_at_end"] = machine["code"], code_state(checker)
    print(report(machine, run))
    if json_path is not None:
        payload = {
            "date": date.today().isoformat(),
            "machine": machine,
            "config": asdict(config),
            "results": [asdict(r) for r in run.rows],
            "background_cores": run.background.cores,
            "details": run.details,
        }
        json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.met is not False for r in run.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
