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
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from common import MB, SAMPLES, log
from corpus import Draft, build_draft, document_sizes, load_sources, make_corpus, make_short_variants, write_docx
from extras import dask_local, matching, startup
from measure import Background, Extracted, Row, bare_pipe, end_to_end, extract, nlp_batch_size, throughput, warm_up
from processes import cli_command, docx_batch, memory, profile, single_contract
from report import report

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
    sections: tuple[str, ...] = ("throughput", "single", "batch", "memory", "matching", "startup", "dask")
    matching_words: int = 60_000  # words of the corpus timed with and without the prefilter
    matching_rounds: int = 3
    dask_docs: int = 40
    dask_workers: int = 2
    profile: int = 0
    wait_idle: float = 120.0
    budget: float = 420.0  # seconds for the timed throughput measures (1 and 2)
    rounds: int = 3  # of the throughput measures, medians kept
    batch_docs: int = 150  # .docx contracts of the whole-process comparison (3b)
    batch_words: int = 450_000


QUICK = Config(
    docs=20,
    words=40_000,
    single_words=5_000,
    mem_small=10,
    mem_large=60,
    repeat=1,
    rounds=1,
    wait_idle=10.0,
    matching_words=15_000,
    matching_rounds=2,
    dask_docs=12,
    batch_docs=10,
    batch_words=20_000,
)


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
    parser.add_argument(
        "--rounds", type=int, help="rounds of the throughput measures (1 and 2), medians kept (default 3)"
    )
    parser.add_argument("--seed", type=int, help="corpus seed")
    parser.add_argument("--only", help="comma-separated sections: throughput,single,batch,memory,matching,startup,dask")
    parser.add_argument("--batch-docs", type=int, help=".docx contracts of the whole-process comparison (150)")
    parser.add_argument("--batch-words", type=int, help="total words of those contracts (default 450,000)")
    parser.add_argument("--dask-docs", type=int, help="contracts checked on the local Dask cluster (default 40)")
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
        "batch_docs": args.batch_docs,
        "batch_words": args.batch_words,
        "mem_small": args.mem_small,
        "mem_large": args.mem_large,
        "jobs": args.jobs,
        "repeat": args.repeat,
        "rounds": args.rounds,
        "seed": args.seed,
        "profile": args.profile or None,
        "wait_idle": args.wait_idle,
        "budget": args.budget,
        "dask_docs": args.dask_docs,
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
    corpus: Extracted | None = None

    def throughput(self) -> None:
        c = self.config
        corpus = self._corpus()
        paths = corpus.paths
        log(f"corpus: {len(paths)} files, {corpus.words:,} words in spaCy input, {corpus.clauses:,} clauses")
        warm_up(self.checker)
        corpus = self._within_budget(corpus)
        log(f"timing bare nlp.pipe, then end to end with 1 and with {c.jobs} processes, {c.rounds} round(s)")
        rows, self.details["throughput"] = throughput(self.checker, corpus, c.jobs, self.background, c.rounds)
        self.details["throughput"]["generated"] = {"documents": len(paths), "words_target": c.words}
        self.rows += rows
        if c.profile:
            log(f"profiling check_all over {c.profile} contracts")
            self.details["profile"] = profile(self.checker, corpus.paths[: c.profile])

    def _within_budget(self, corpus: Extracted) -> Extracted:
        """The corpus, cut to the first contracts if timing all of it would overrun the budget.

        The end-to-end speed is measured on the first ~30k words; each round then costs about
        words x (2/speed x (1 + 1/jobs) + 2/bare speed): both ways of running in parallel, the
        bare pipe before and after. A cut keeps the mix of the batch.
        """
        c = self.config
        sample = corpus.head(30_000)
        seconds, _, _ = end_to_end(self.checker, sample.paths, jobs=1)
        bare = bare_pipe(self.checker.nlp, sample.texts, nlp_batch_size(), per_contract=False)
        per_word = ((seconds * 2 * (1 + 1 / c.jobs) + 2 * bare) * c.rounds + 2 * bare) / sample.words
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

    def _corpus(self) -> Extracted:
        """The throughput corpus, generated once for the sections that share it."""
        if self.corpus is None:
            c = self.config
            log(f"writing {c.docs} contracts, ~{c.words:,} words")
            self.corpus = extract(make_corpus(self.work / "corpus", self.rng, self.sources, c.docs, c.words))
        return self.corpus

    def matching(self) -> None:
        c = self.config
        corpus = self._corpus().head(c.matching_words)
        log(f"matching: plain Matcher vs prefilter, {len(corpus.paths)} contracts, {c.matching_rounds} rounds")
        warm_up(self.checker)
        rows, self.details["matching"] = matching(self.checker, corpus, c.matching_rounds, self.background)
        self.rows += rows

    def startup(self) -> None:
        log("cold start of rules / explain / --help")
        rule_id = self.checker.ruleset.rules[0].id
        rows, self.details["startup"] = startup(rule_id, self.work, max(3, self.config.repeat), self.background)
        self.rows += rows

    def dask(self) -> None:
        c = self.config
        corpus = self._corpus()
        picked = Extracted(corpus.paths[: c.dask_docs], corpus.texts[: c.dask_docs])
        rows, self.details["dask"] = dask_local(picked.paths, picked.words, self.work, c.dask_workers, self.background)
        self.rows += rows

    def single(self) -> None:
        c = self.config
        log(f"single contract of ~{c.single_words:,} words: CLI vs load + parse, {c.repeat} runs each")
        folder = self.work / "single"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "contrat-long.docx"
        write_docx(build_draft(self.rng, self.sources, c.single_words), path, styled=True)
        rows, self.details["single"] = single_contract(self.checker, path, self.work, c.repeat, self.background)
        self.rows += rows

    def batch(self) -> None:
        c = self.config
        log(f"whole processes over {c.batch_docs} .docx (~{c.batch_words:,} words): CLI vs python-docx script")
        folder = self.work / "batch"
        folder.mkdir(parents=True, exist_ok=True)
        for i, size in enumerate(document_sizes(self.rng, c.batch_docs, c.batch_words)):
            path = folder / f"{i:04d}-contrat.docx"
            write_docx(build_draft(self.rng, self.sources, size), path, styled=i % 2 == 0)
        rows, self.details["batch"] = docx_batch(self.checker, folder, self.work, c.repeat, self.background)
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
    print(report(machine, run.rows, run.details, run.background))
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
