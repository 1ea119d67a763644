"""Read PDF contracts (their text layer) and plain-text or Markdown ones into blocks.

A PDF has no paragraphs, only lines placed on a page. Paragraphs are rebuilt from the
layout where it speaks (a change of font size or weight, a vertical gap larger than
the line spacing) and from the text where it does not (a typed heading, a sentence
that ends at the end of a line, a numbered line that runs to the margin). Headings are
told by their type too: larger than the body text, or a short line of its own in bold.
Running headers, footers and page numbers go.
"""

from __future__ import annotations

import io
import logging
import math
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, DeprecationError, PyPdfError

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read import limits
from clausecheck.text.headings import is_caps, is_heading_line, is_title_like, typed_heading
from clausecheck.text.normalize import normalize, shorten_runs

# pypdf raises its own errors, but a damaged file can also surface as plain Python ones.
_PDF_FAILURES = (
    PyPdfError,
    ValueError,  # UnicodeDecodeError and binascii.Error too
    LookupError,  # KeyError, IndexError
    TypeError,
    AttributeError,
    ArithmeticError,  # ZeroDivisionError, OverflowError in a damaged matrix or number
    AssertionError,
    RecursionError,
    OSError,
    EOFError,
    zlib.error,
    struct.error,
)
# A stream compressed with a filter pypdf does not implement, with JBIG2 (which needs a
# program that is not installed) or under an abbreviated name pypdf no longer accepts
# ("/Fl"): the file may be sound, but its text cannot be read.
_UNSUPPORTED = (NotImplementedError, DependencyError, DeprecationError)
_MIN_CHARS_PER_PAGE = 40  # a scan's text layer is empty or a stray stamp
_PAGE_NUMBER = re.compile(r"(?:page|p\.)?\s*[-\u2013]?\s*\d{1,4}\s*(?:(?:/|sur|of)\s*\d{1,4})?\s*[-\u2013]?", re.I)
_EDGE_BAND = 0.1
_EDGE_MIN_CHARS = 20
_SENTENCE_END = (".", ":", ";", "!", "?", ".\u00bb", ".)")
_HANGING_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-z]\)|[\u2022\-\u2013])")
_HEADING_SIZE = 1.1  # type this much larger than the body's sets a heading
_SENTENCE_WORDS = 6  # a cell this long is running text, not a table's item
_CONNECTOR_END = re.compile(
    r"(?:^|\s)(?:de|du|des|d['’]|et|ou|à|au|aux|en|la|le|les|l['’]|pour|sur|par|avec|dans|sans|entre)$", re.IGNORECASE
)
_WRAPPED_SHARE = 0.9  # a line this close to the longest ones reached the margin
_LETTERED_ITEM = re.compile(r"(?:[a-z]|[ivx]{1,4})[.)]\s")
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)
# Halves of French compounds a line may break on: their hyphen is real.
_COMPOUND_PREFIXES = frozenset(
    {
        "sous",
        "non",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
        "quatre",
        "dix",
        "c'est-à",
        "au",
        "ci",
        "après",
        "arrière",
        "avant",
        "contre",
        "demi",
        "semi",
        "mi",
        "quasi",
        "anti",
        "auto",
        "extra",
        "ex",
        "post",
        "pré",
        "bien",
        "mal",
        "porte",
        "garde",
        "grand",
        "haut",
        "hors",
        "tiers",
        "celui",
        "celle",
        "ceux",
        "celles",
        "lui",
        "elle",
        "eux",
        "nous",
        "vous",
        "moi",
    }
)
_COMPOUND_SUFFIXES = frozenset(
    {"ci", "là", "même", "mêmes", "dire", "être", "il", "ils", "elle", "elles", "on", "t", "vous", "nous"}
)


@dataclass
class _Line:
    text: str
    page: int
    y: float | None = None
    size: float = 0.0
    bold: bool = False
    cells: list[str] = field(default_factory=list)  # a table row when it has two or more cells


@dataclass
class _Fragment:
    text: str
    x: float
    y: float
    size: float
    bold: bool


# --- PDF -----------------------------------------------------------------------------------


def read_pdf(data: bytes) -> list[Block]:
    """Paragraphs and table rows of a PDF's text layer; raises ``ReadError`` when there is none."""
    with _quiet_pypdf():
        reader = _open_pdf(data)
        if len(reader.pages) > limits.MAX_PDF_PAGES:
            raise limits.too_many_pages(len(reader.pages))
        pages: list[list[_Line]] = []
        read = 0  # characters so far: a PDF may draw far more text than its size suggests
        try:
            for number, page in enumerate(reader.pages):
                pages.append(_page_lines(page, number))
                read += sum(len(line.text) for line in pages[-1])
                if read > limits.MAX_TEXT_CHARS:
                    raise limits.too_much_text(read)
        except _UNSUPPORTED:
            raise ReadError.of("pdf-filter") from None
        except _PDF_FAILURES:
            raise _corrupt() from None
    if not pages:
        raise _corrupt()  # no page at all: a broken page tree, as far as the user is concerned
    chars = sum(len(re.sub(r"\s", "", line.text)) for lines in pages for line in lines)
    if chars < _MIN_CHARS_PER_PAGE * len(pages):
        raise ReadError.of("needs-ocr")
    lines = [line for page in _drop_running_lines(pages) for line in page]
    return _paragraphs(lines)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs its repairs of damaged files; the user gets one French line instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _corrupt() -> ReadError:
    return ReadError.of("pdf-corrupt")


def _open_pdf(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError.of("pdf-encrypted")
        len(reader.pages)  # page tree errors show up here rather than later
    except ReadError:
        raise
    except (*_PDF_FAILURES, *_UNSUPPORTED) as exc:
        if "crypt" in str(exc).lower():  # AES needs the optional 'cryptography' package
            raise ReadError.of("pdf-cipher") from None
        raise (ReadError.of("pdf-filter") if isinstance(exc, _UNSUPPORTED) else _corrupt()) from None
    return reader


def _page_lines(page: PageObject, number: int) -> list[_Line]:
    """The page's lines as pypdf orders them, with position, size and weight."""
    rows: list[list[_Fragment]] = [[]]

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        matrix = _multiply(tm, cm)
        scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])) or 1.0
        bold = _is_bold(font)
        for k, piece in enumerate(text.split("\n")):
            if k:
                rows.append([])
            if piece:
                rows[-1].append(_Fragment(piece, matrix[4], matrix[5], size * scale, bold))

    page.extract_text(visitor_text=visit)
    return [line for row in rows if (line := _make_line(row, number)) is not None]


def _multiply(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _is_bold(font: object) -> bool:
    if not hasattr(font, "get"):
        return False
    name = str(font.get("/BaseFont", ""))
    return bool(_BOLD_NAME.search(name))


def _make_line(row: list[_Fragment], page: int) -> _Line | None:
    text = re.sub(r"[ \t]+", " ", shorten_runs(normalize("".join(f.text for f in row)))).strip()
    if not text:
        return None
    inked = [f for f in row if f.text.strip()]
    main = max(inked, key=lambda f: len(f.text.strip()))
    cells = _cells(row)
    return _Line(
        text=text,
        page=page,
        y=inked[0].y,
        size=round(main.size, 1),
        bold=all(f.bold for f in inked),
        cells=cells if len(cells) > 1 else [],
    )


def _width(text: str, size: float) -> float:
    """Generous width estimate: a table cell must end well before the next one starts."""
    units = sum(0.32 if c.isspace() else 0.72 if c.isupper() else 0.6 for c in text)
    return units * size


def _cells(fragments: list[_Fragment]) -> list[str]:
    """Fragments separated by a wide horizontal gap are table cells.

    Only inked fragments are measured; a blank one (a space a PDF draws as a glyph of its own)
    stays in its cell, between the words it separates.
    """
    cells: list[list[_Fragment]] = []
    last: _Fragment | None = None
    for frag in fragments:
        if not frag.text.strip():
            if cells:
                cells[-1].append(frag)
            continue
        if last is not None:
            gap = frag.x - (last.x + _width(last.text, last.size))
            if gap > 1.5 * frag.size and abs(frag.y - last.y) < 1:
                cells.append([frag])
                last = frag
                continue
            cells[-1].append(frag)
        else:
            cells.append([frag])
        last = frag
    return [re.sub(r"\s+", " ", shorten_runs(normalize("".join(f.text for f in cell)))).strip() for cell in cells]


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _edges(lines: list[_Line]) -> list[int]:
    """Indexes of the lines where headers and footers sit: the two top and two bottom
    lines of a page, and any line in the top or bottom tenth of its text's height (a
    footer of four lines: company, address, legal mention, page number)."""
    if lines and all(line.y is not None for line in lines):
        ys = [line.y or 0.0 for line in lines]
        order = sorted(range(len(lines)), key=lambda i: -ys[i])
        band = _EDGE_BAND * (max(ys) - min(ys))
        # Only whole lines: a PDF may place words one by one, and "de" is on every page.
        banded = [
            i
            for i, y in enumerate(ys)
            if (y >= max(ys) - band or y <= min(ys) + band) and len(lines[i].text) >= _EDGE_MIN_CHARS
        ]
        return sorted(set(order[:2] + order[-2:] + banded))
    order = list(range(len(lines)))
    return sorted(set(order[:2] + order[-2:]))


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drops lines repeated at the top or bottom of two thirds of the pages, and page numbers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_running_key(lines[i].text) for i in _edges(lines)})
    needed = max(2, math.ceil(2 * len(pages) / 3))
    running = {key for key, n in counts.items() if n >= needed}
    kept = []
    sizes = sorted(line.size for lines in pages for line in lines)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    for number, lines in enumerate(pages):
        edge = set(_edges(lines))
        if number == 0 and lines and _running_key(lines[0].text) in running and lines[0].size >= body_size:
            # The document's title repeated atop every page: a header in small type goes, but one
            # set as large as the text is the title, kept where the document opens.
            edge.discard(0)
        kept.append(
            [
                line
                for i, line in enumerate(lines)
                if i not in edge or (_running_key(line.text) not in running and not _PAGE_NUMBER.fullmatch(line.text))
            ]
        )
    return kept


def _leading(lines: list[_Line], body: float) -> float | None:
    """The usual baseline distance of the body text, as a multiple of the font size.

    Only lines of the body's size count: a display title's letters stacked two by two
    ("conditions" over "générales" at 64 pt) would set a spacing no paragraph has.
    """
    ratios: Counter[float] = Counter()
    for prev, line in pairwise(lines):
        if _same_page_gap(prev, line) is not None and prev.size == line.size == body and line.size:
            ratios[round(((prev.y or 0.0) - (line.y or 0.0)) / line.size * 20) / 20] += 1
    # The tightest spacing seen more than once: short paragraphs may outnumber wrapped lines.
    usual = [ratio for ratio, n in ratios.items() if ratio >= 0.9 and n >= 2] or list(ratios)
    return min(usual) if usual else None


def _same_page_gap(prev: _Line, line: _Line) -> float | None:
    if prev.page != line.page or prev.y is None or line.y is None:
        return None
    return prev.y - line.y


def _paragraphs(lines: list[_Line]) -> list[Block]:
    lines = _hanging_numbers(lines)
    body = _body_size(lines)
    leading = _leading(lines, body)
    spaced = leading is not None and any(
        (gap := _same_page_gap(p, c)) is not None and c.size and gap > 1.3 * leading * c.size
        for p, c in pairwise(lines)
    )
    full = _full_line(lines)
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and not _starts_block(groups[-1][-1], line, leading if spaced else None, full, body):
            groups[-1].append(line)
        else:
            groups.append([line])
    levels = _heading_levels(lines, body)
    return [_block_of(group, levels) for group in groups]


def _hanging_numbers(lines: list[_Line]) -> list[_Line]:
    """Rows of two cells that are a number and, a tab stop further, its paragraph's text.

    "1.1" then "Les présentes conditions …" is a numbered paragraph whose text hangs from its
    number, when the text is a sentence or no table row stands beside it; a table numbering
    short items row after row ("1." "Hébergement") stays a table.
    """
    out = list(lines)
    for i, line in enumerate(lines):
        if len(line.cells) != 2 or not _HANGING_NUMBER.fullmatch(line.cells[0]) or not line.cells[1][:1].isupper():
            continue
        beside = any(0 <= j < len(lines) and lines[j].cells for j in (i - 1, i + 1))
        if len(line.cells[1].split()) >= _SENTENCE_WORDS or not beside:
            out[i] = replace(line, text=f"{line.cells[0]} {line.cells[1]}", cells=[])
    return out


def _heading_levels(lines: list[_Line], body: float) -> dict[float, int]:
    """Heading levels by font size: the sizes well above the body's, largest first.

    A web page or a styled document sets its headings in larger type; that is the PDF's only
    trace of "Annexe 1" or "Données personnelles" being a heading rather than a short line.
    """
    if not body:
        return {}  # no size known: nothing is larger
    larger = sorted({_size_step(line.size) for line in lines if line.size >= _HEADING_SIZE * body}, reverse=True)
    return {size: level for level, size in enumerate(larger, start=1)}


def _size_step(size: float) -> float:
    """Sizes half a point apart are one size: a PDF may set one heading at 13.9 and 14 pt."""
    return round(size * 2) / 2


def _body_size(lines: list[_Line]) -> float:
    """The font size most of the text is set in (0 without text)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _full_line(lines: list[_Line]) -> int:
    """How many characters a line of running text holds when it runs to the margin."""
    lengths = sorted(len(line.text) for line in lines if not line.cells)
    return lengths[len(lengths) * 9 // 10] if lengths else 0


def _starts_block(prev: _Line, line: _Line, leading: float | None, full: int, body: float) -> bool:
    """Whether ``line`` opens a new block; ``leading`` is None when gaps do not mark paragraphs,
    ``full`` is the length of a line that runs to the margin, ``body`` the body text's size."""
    if bool(prev.cells) != bool(line.cells):
        return True
    if prev.cells:
        return False  # consecutive rows of one table
    if abs(prev.size - line.size) > 0.5 or prev.bold != line.bold:
        return True
    if typed_heading(line.text) is not None:
        return True
    if is_heading_line(prev.text):
        if _heading_goes_on(prev, line, body):
            return False
        # "3.2 À défaut de précision, les interventions ont lieu en" then "Bretagne …": the first
        # line of a numbered paragraph, not a title, when the next line goes on in lowercase, or
        # when the line runs to the margin and either the spacing will tell (it has the last
        # word) or the line breaks off after a word that needs what follows ("… par le").
        runs_on = _wrapped(prev.text, line.text, full) and (
            leading is not None or _CONNECTOR_END.search(prev.text) is not None
        )
        if not (runs_on or _goes_on_lowercase(line.text)):
            return True
    gap = _same_page_gap(prev, line)
    if leading is not None and gap is not None:
        return gap > 1.3 * leading * line.size or gap < 0
    return prev.text.endswith(_SENTENCE_END) and line.text[:1].isupper()


def _wrapped(text: str, following: str, full: int) -> bool:
    """Whether the first word of ``following`` would have run past the margin after ``text``:
    the line was wrapped. Character counts stand in for widths, hence the margin of error."""
    return len(text) + 1 + len(following.split(" ", 1)[0]) >= _WRAPPED_SHARE * full


def _goes_on_lowercase(text: str) -> bool:
    """A line that carries on the sentence above: lowercase, and no list item ("a) …", "ii. …")."""
    return text[:1].islower() and not _LETTERED_ITEM.match(text)


def _heading_goes_on(prev: _Line, line: _Line, body: float) -> bool:
    """A long heading wrapped over two lines of the same size: in capitals, or both in bold
    ("Article 2 – PIÈCES CONTRACTUELLES ET ORDRE DE" then "PRIORITÉ")."""
    if is_heading_line(line.text):
        return False
    typed = typed_heading(prev.text)
    title = prev.text[typed[1] :] if typed else prev.text
    if is_caps(title) and is_caps(line.text):
        return True
    # In bold: a heading set larger than the body goes on, as a sub-heading is not set as large as
    # its article; at the body's size only one cut after a word that needs what follows ("… au").
    larger = prev.size >= _HEADING_SIZE * body > 0
    cut = _CONNECTOR_END.search(prev.text) is not None
    return prev.bold and line.bold and is_title_like(line.text) and (larger or cut)


def _block_of(group: list[_Line], levels: dict[float, int]) -> Block:
    if group[0].cells:
        return Block(kind="table", text="\n".join(" | ".join(line.cells) for line in group))
    # Pieces joined once at the end, and only the tail of the text so far looked at for a
    # hyphen: re-reading the whole paragraph at each line made a long one quadratic.
    pieces = [group[0].text]
    tail = group[0].text[-_TAIL:]
    for line in group[1:]:
        joint = _joint(tail, line.text)
        if joint is None:  # the hyphen the line break added goes
            pieces[-1], tail, joint = pieces[-1][:-1], tail[:-1], ""
        pieces += [joint, line.text]
        tail = (tail + joint + line.text)[-_TAIL:]
    text = "".join(pieces)
    bold = all(line.bold for line in group)
    level = None
    if is_title_like(text):
        level = levels.get(_size_step(group[0].size))
        if level is None and bold and len(group) == 1 and not text.endswith(":") and typed_heading(text) is None:
            # a short line of its own in bold and without a number: a section of the article it
            # stands in, below every heading set larger
            level = len(levels) + 2
    return Block(text=text, bold=bold, heading_level=level)


_TAIL = 40  # longer than any compound prefix: a longer word before a hyphen is not one


def _joint(tail: str, following: str) -> str | None:
    """What joins a wrapped line to the text before it (whose end is ``tail``): a space, nothing
    after a real hyphen ('vingt-' + 'quatre'), or None when the line break added the hyphen
    ('réali-' + 'sation'), which then goes."""
    before = _hyphenated_word(tail)
    if before is None:
        return " "
    after = re.match(r"[\w'\u2019]+", following)
    word = after.group(0).lower() if after else ""
    if following[:1].islower() and before not in _COMPOUND_PREFIXES and word not in _COMPOUND_SUFFIXES:
        return None
    return ""  # a real hyphen: 'vingt-quatre', 'Montbonnot-Saint-Martin'


def _hyphenated_word(tail: str) -> str | None:
    """The word before a final hyphen, lowercased with a straight apostrophe; None without one.

    The word starts at a letter or digit and may hold apostrophes and hyphens ("c'est-à-").
    """
    if not tail.endswith("-"):
        return None
    start = len(tail) - 1
    while start > 0 and (tail[start - 1].isalnum() or tail[start - 1] in "_'\u2019-"):
        start -= 1
    while start < len(tail) - 1 and not (tail[start].isalnum() or tail[start] == "_"):
        start += 1  # the word starts at a word character, not at an apostrophe or a hyphen
    if start == len(tail) - 1:
        return None
    return tail[start:-1].lower().replace("\u2019", "'")


# --- plain text and Markdown ---------------------------------------------------------------
