"""Hostile inputs built in code: damaged PDFs and text files, and a small mutation fuzzer.

The fuzzer starts from small contracts generated here (.txt, .md, two kinds of .pdf,
.docx), mutates them (byte flips, truncation, duplication, splicing, insertion of
snippets known to stress a reader) and runs each mutant in a worker process with a time
and a memory limit. What it reports as a failure: any exception other than ``ReadError``,
a report that cannot be written as UTF-8 JSON, a hang (no answer within the limit) or a
dead worker. ``tests/test_fuzz.py`` runs a fixed-seed sample; ``benchmarks/fuzz.py`` the
long run.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import random
import resource
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

import docx
from pdfmaker import Line, assemble, make_pdf

from clausecheck.engine.source import read_contract
from clausecheck.model.errors import ReadError

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker

# --- seeds: a small contract written for these tests -----------------------------------

TITLE = "CONTRAT DE PRESTATION DE SERVICES INFORMATIQUES"
ARTICLES = [
    (
        "Article 1 – Objet",
        "Le présent contrat définit les conditions dans lesquelles le Prestataire assure "
        "l'hébergement et la maintenance du logiciel de gestion commerciale du Client.",
    ),
    (
        "Article 2 – Durée",
        "Le contrat est conclu pour une durée ferme de trente-six (36) mois à compter de sa signature.",
    ),
    (
        "Article 3 – Prix",
        "La redevance mensuelle est fixée à 1 250,00 € HT par mois, payable à réception de la facture.",
    ),
    (
        "Article 4 – Résiliation anticipée",
        "Si le Client met fin au contrat avant son terme, il reste redevable de toutes les "
        "mensualités restant à courir jusqu'au terme du contrat.",
    ),
    (
        "Article 5 – Responsabilité",
        "La responsabilité du Prestataire est limitée aux sommes versées par le Client "
        "au cours des douze derniers mois.",
    ),
]


def contract_text() -> str:
    return "\n\n".join([TITLE, *(f"{head}\n\n{body}" for head, body in ARTICLES)]) + "\n"


def contract_markdown() -> str:
    parts = [f"# {TITLE}"]
    for head, body in ARTICLES:
        parts += [f"## {head}", body]
    parts[4] = parts[4].replace("trente-six (36)", "{~~vingt-quatre (24)~>trente-six (36)~~}")
    parts += [
        "| Prestation | Prix mensuel |\n|---|---|\n| Hébergement | 1 000 € HT |\n| Maintenance | 250 € HT |",
        "{++Le Client peut demander une copie de ses données à tout moment.++} {--Article supprimé.--}",
        "- premier point ;\n- second point.",
    ]
    return "\n\n".join(parts) + "\n"


def contract_pdf() -> bytes:
    lines: list[Line | str] = [Line(TITLE, size=14, bold=True)]
    for head, body in ARTICLES:
        lines.append(Line(head, bold=True, gap=24))
        words = body.split()
        lines += [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    return make_pdf([lines])


def contract_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    for head, body in ARTICLES:
        document.add_heading(head, level=1)
        document.add_paragraph(body)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Hébergement", "1 000 € HT"), ("Maintenance", "250 € HT")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDFs a test needs and pdfmaker does not write ---------------------------------------


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def unicode_pdf(pages: list[list[str]], *, content_filter: str | None = None) -> bytes:
    """PDF pages whose lines may hold any character of the Basic Multilingual Plane.

    Characters cp1252 cannot encode (zero-width ones, bidi controls, a lone surrogate) get
    the font codes 1, 2, … and a ToUnicode map says what each code is, as PDF producers
    do. Streams are not compressed, so a mutation hits the text and the map themselves;
    ``content_filter`` declares a filter on the content streams that their bytes do not
    follow (an unknown one, or JBIG2 which needs an external program).
    """
    special: dict[str, int] = {}
    for line in (line for page in pages for line in page):
        for char in line:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                special.setdefault(char, len(special) + 1)
    assert len(special) < 32, "codes 1 to 31 only"

    def encode(text: str) -> bytes:
        raw = b"".join(bytes([special[c]]) if c in special else c.encode("cp1252") for c in text)
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    entries = b"".join(b"<%02X> <%04X>\n" % (code, ord(char)) for char, code in special.items())
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Fuzz def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        + (b"%d beginbfchar\n%sendbfchar\n" % (len(special), entries) if special else b"")
        + b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    extra = b"/Filter /%s " % content_filter.encode() if content_filter else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>",
        _stream(cmap),
    ]
    kids = []
    for lines in pages:
        content = b"".join(
            b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (770 - 14 * i, encode(line)) for i, line in enumerate(lines)
        )
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (len(objects) + 2)
        )
        objects.append(_stream(content, extra))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(pages))
    return assemble(objects)


def seeds() -> dict[str, bytes]:
    """The files mutations start from, by name (the extension chooses the reader)."""
    lines = [line for block in contract_text().split("\n\n") for line in _wrap(block)]
    return {
        "contrat.txt": contract_text().encode("utf-8"),
        "contrat.md": contract_markdown().encode("utf-8"),
        "contrat.pdf": contract_pdf(),
        "contrat-brut.pdf": unicode_pdf([lines]),
        "contrat.docx": contract_docx(),
    }


def _wrap(text: str, width: int = 90) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) >= width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


# --- mutations ---------------------------------------------------------------------------

# Snippets that have made a reader slow or fail, and others of the same families.
SNIPPETS = [
    b"{~~",
    b"~>",
    b"~~}",
    b"{--",
    b"--}",
    b"{++",
    b"++}",
    b"# ",
    b"####### ",
    b" " * 64,
    b" 000" * 32,
    b"1.000" * 16,
    b"vingt-",
    b"vingt et un ",
    b"trente-six (36) mois",
    b"9" * 320,
    b" \xe2\x82\xac HT par mois",
    b"Article 1 \xe2\x80\x93 ",
    b"\n12.3.4 ",
    b"\nIV. ",
    b"\n|---|---|\n",
    b"**",
    b"\r",
    b"\x0c",
    b"\x0b",
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",  # a surrogate written in UTF-8: not UTF-8
    b"\x96",  # a cp1252 dash in a UTF-8 file
    b"\xe2\x80\x8b",  # zero-width space
    b"\xe2\x80\xae",  # right-to-left override
    b"\xc2\xad",  # soft hyphen
    b"(",
    b"\xc2\xab",
    b"_" * 40,
    b"/Filter /JBIG2Decode",
    b"/Filter /FooDecode",
    b"<D800>",
    b"endstream",
    b" 0 R",
    b"/Count 99999",
]


def _flip(rng: random.Random, data: bytes, _pieces: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _duplicate(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    start = rng.randrange(len(data) + 1)
    piece = data[start : start + rng.randint(1, 400)]
    return data[:start] + piece * rng.choice([2, 10, 100, 1000]) + data[start:]


def _splice(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    other = rng.choice(others)
    cut, start = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
    return data[:cut] + other[start : start + rng.randint(1, 2000)] + data[cut:]


def _snippet(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(SNIPPETS) * rng.choice([1, 1, 3, 50, 2000]) + data[at:]


MUTATIONS: dict[str, Callable[[random.Random, bytes, list[bytes]], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "duplicate": _duplicate,
    "splice": _splice,
    "snippet": _snippet,
}
_MAX_MUTANT = 4 * 1024 * 1024


@dataclass(frozen=True)
class Mutant:
    name: str
    data: bytes
    steps: tuple[str, ...]  # the mutations applied, for the report

    def label(self) -> str:
        return f"{self.name} [{', '.join(self.steps)}]"


def mutants(seed: int, count: int, base: dict[str, bytes] | None = None) -> Iterator[Mutant]:
    """``count`` mutants; mutant ``i`` depends only on ``seed`` and ``i``, so any one can be rebuilt."""
    base = base or seeds()
    names = sorted(base)
    others = [base[name] for name in names]
    for i in range(count):
        rng = random.Random(f"{seed}:{i}")
        name = names[i % len(names)]
        steps = [rng.choice(sorted(MUTATIONS)) for _ in range(rng.choice([1, 1, 2, 3]))]
        inner = name.endswith(".docx") and rng.random() < 0.5
        data = _docx_body(base[name]) if inner else base[name]
        for step in steps:
            data = MUTATIONS[step](rng, data, others)[:_MAX_MUTANT]
        if inner:  # mutate the XML of the body, then zip it again with sound checksums
            data, steps = _with_docx_body(base[name], data), ["document.xml", *steps]
        yield Mutant(name, data, tuple(steps))


def _docx_body(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("word/document.xml")


def _with_docx_body(package: bytes, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = body if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


# --- running mutants in a worker with time and memory limits ----------------------------

_WORKER_CHECKER: Checker | None = None


def outcome(name: str, data: bytes, checker: Checker | None) -> str:
    """ "ok", "read-error:<code>" or "exception:<type>: <traceback's last lines>"."""
    try:
        contract = read_contract((name, data))
        if checker is not None:
            report = checker.check_contract(contract)
            json.dumps(report.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")
        else:
            json.dumps(contract.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")
    except ReadError as exc:
        return f"read-error:{exc.code}"
    except Exception as exc:
        where = "".join(traceback.format_exception(exc, limit=-3))
        return f"exception:{type(exc).__name__}: {where}"
    return "ok"


def _worker(conn: Connection, memory: int | None) -> None:
    if memory is not None:
        size = _virtual_size()
        if size is not None:  # on top of what the forked process already maps (the model)
            resource.setrlimit(resource.RLIMIT_AS, (size + memory, resource.RLIM_INFINITY))
    while True:
        item = conn.recv()
        if item is None:
            return
        conn.send(outcome(item[0], item[1], _WORKER_CHECKER))


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Runner:
    """One forked worker at a time; a mutant that does not answer within ``timeout`` seconds
    is a hang: the worker is killed and another one forked for the next mutant."""

    def __init__(self, checker: Checker | None, timeout: float, memory: int | None = 1024**3) -> None:
        global _WORKER_CHECKER
        _WORKER_CHECKER = checker
        self.timeout = timeout
        self.memory = memory
        self._context = multiprocessing.get_context("fork")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            parent, child = self._context.Pipe()
            self._process = self._context.Process(target=_worker, args=(child, self.memory), daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        return self._conn

    def run(self, name: str, data: bytes) -> str:
        conn = self._start()
        try:
            conn.send((name, data))
            if conn.poll(self.timeout):
                return str(conn.recv())
            result = f"hang: no answer within {self.timeout:g} s"
        except (EOFError, OSError):
            if self._process is not None:
                self._process.join(1)
            code = self._process.exitcode if self._process is not None else None
            result = f"crash: the worker died (exit code {code})"
        self._stop()
        return result

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
        if self._process is not None:
            self._process.join(5)
        self._stop()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def failed(result: str) -> bool:
    return not (result == "ok" or result.startswith("read-error:"))
