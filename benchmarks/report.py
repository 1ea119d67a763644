"""The benchmark's printed report: the table of measures against their targets, and the notes
that say how each was taken."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from measure import Background, Row


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
        rounds = t["rounds"]
        lines.append(
            f"1-2: {len(rounds)} round(s), each: bare nlp.pipe, end to end on the two halves (ABBA), bare nlp.pipe "
            "again; the table shows the medians, each ratio taken within its round."
        )
        for index, r in enumerate(rounds, 1):
            before, after = r["bare_before_after"]
            halves = " and ".join(f"{x:.2f}×" for x in r["speed_up_by_half"])
            cli_halves = " and ".join(f"{x:.2f}×" for x in r["cli_speed_up_by_half"])
            lines.append(
                f"1-2: round {index}: ratio {r['ratio']:.2f}×, --jobs speed-up {r['cli_speed_up']:.2f}× (halves "
                f"{cli_halves}), check_all pool {r['speed_up']:.2f}× (halves {halves}); bare nlp.pipe "
                f"{t['words'] / before:,.0f} then {t['words'] / after:,.0f} words/s."
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
    if "batch" in details:
        b = details["batch"]
        lines.append(
            f"3b: {b['documents']} generated .docx ({b['words']:,} words); CLI --format json, one process, vs a script "
            "reading them with python-docx (paragraphs, then table cells) into one nlp.pipe; median of alternate runs."
        )
    if "memory" in details:
        m = details["memory"]
        hwm = ", ".join(f"{n}: {v['peak_vmhwm_mb_largest_process']:.0f} MB" for n, v in m.items())
        walls = ", ".join(f"{n}: {v['wall_seconds']:.0f} s" for n, v in m.items())
        lines.append(
            "4: short variants of the samples (~450 words each, .docx and .txt), one CLI process (-j 1); "
            "peak = max(PSS summed over the process tree, polled every 50 ms; largest VmHWM) "
            f"(VmHWM: {hwm}); wall {walls}."
        )
    if "matching" in details:
        m = details["matching"]
        lines.append(
            f"5: {m['documents']} contracts, {m['words']:,} words; plain Matcher and prefilter timed alternately "
            f"({m['rounds']} rounds each, best kept), same pipeline; matching alone on {m['docs']:,} parsed docs."
        )
    if "startup" in details:
        lines.append("6: whole process from a cold interpreter (median of the runs), stdout to a file.")
    if "dask" in details:
        d = details["dask"]
        lines.append(
            f"7: CLI --format json over {d['documents']} contracts ({d['words']:,} words), wall clock including "
            "interpreter start, model load and, for Dask, starting the cluster and loading the model in each worker."
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


def report(machine: dict[str, str], rows: Sequence[Row], details: dict[str, Any], background: Background) -> str:
    lines = [f"clausecheck benchmark, {date.today().isoformat()}"]
    lines += [f"  {key:<12} {value}" for key, value in machine.items()]
    lines += ["", table(rows), "", notes(details, background)]
    if "profile" in details:
        lines += ["", details["profile"]]
    return "\n".join(lines)
