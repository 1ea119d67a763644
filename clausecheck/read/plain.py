"""Read plain-text and Markdown contracts into blocks.

Markdown headings, list items and tables become blocks of their own; lines wrapped by
hand are joined into paragraphs; CriticMarkup tracked changes keep the accepted view.
Ordered lists nested in ordered items carry their full number ("1.3") as the block's
label; in a text with nothing numbered nor marked up, short lines standing above a
paragraph are its headings.
Every step is linear in the size of the file: markup is found with ``str.find`` and
anchored patterns, never with a lazy group that a hostile file can make retry.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read import limits
from clausecheck.read.markup import has_markup, markdown_of
from clausecheck.text.headings import (
    is_body_text,
    is_caps,
    is_heading_line,
    is_title_like,
    run_in_end,
    typed_heading,
)
from clausecheck.text.normalize import normalize, shorten_runs

# "1.  #### Titre": a heading written inside an ordered list item keeps its number.
_MD_HEADING = re.compile(r"(?P<num>\d{1,3}[.)]\s+)?(?P<marks>#{1,6})\s+")
_ORDERED = re.compile(r"(?P<indent>[ \t]*)(?P<num>\d{1,3})[.)](?:[ \t]+|$)")
_BULLET = re.compile(r"(?P<indent>[ \t]*)(?:[-*+\u2022]|[a-z][.)]|\([a-z0-9]{1,3}\))(?:[ \t]+|$)")
_MAX_LIST_DEPTH = 6
_LABEL_IN, _LABEL_OUT = "\ue002", "\ue003"  # private-use sentinels around a list item's full number
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u2013]|\d{1,3}[.)]|[a-z][.)]|\([a-z0-9]{1,3}\))\s+")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_MARK_IN, _MARK_OUT = "\ue000", "\ue001"  # private-use sentinels around inserted text
_INKED = re.compile(r"[^\W_]")
# "[les Forfaits](https://…)": a web page saved as Markdown keeps its links; the contract reads
# their words, and an image ("![logo](…)") is no text. Bounded repeats, so a text full of "["
# costs a constant per character.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{1,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
# Markdown's backslash escapes, which converters write so that "1\. Définitions" stays text and
# not a list: the character stands for itself. Not "\*" nor "\_": unescaped, they would turn
# literal stars and underscores into emphasis.
_MD_ESCAPE = re.compile(r"\\([!\"#$%&'()+,\-./:;<=>?@\[\]^`{|}~\\])")
_UNWRAPPED = 150  # a line this long was not wrapped by hand: each line is a paragraph
# Control characters no editor writes in text: many of them mean a binary file.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def read_plain(raw: bytes) -> list[Block]:
    """Blocks of a .txt or .md file: paragraphs, heading and list-item lines, table rows."""
    if len(raw) > limits.MAX_PLAIN_BYTES:
        raise limits.too_many_bytes(len(raw))
    decoded = _decode(raw)
    if len(decoded) > limits.MAX_TEXT_CHARS:
        raise limits.too_much_text(len(decoded))
    text = _text_of(decoded)
    if has_markup(text):
        text = _text_of(markdown_of(text))  # the entities decoded ("&nbsp;") are normalised too
    text = _MD_ESCAPE.sub(r"\1", _MD_LINK.sub(_link_words, _tracked_changes(text)))
    if not text.replace(_MARK_IN, "").replace(_MARK_OUT, "").strip():
        raise ReadError.of("blank")
    # Rules and banners drawn with symbols ("***", "===", "---", ASCII art) carry no text.
    text = "\n".join(line if _INKED.search(line) or line.lstrip().startswith("|") else "" for line in text.split("\n"))
    text = _number_nested_lists(text)
    unwrapped = max(len(line) for line in text.split("\n")) > _UNWRAPPED
    blocks: list[Block] = []
    titles: list[int] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        kinds = [_line_kind(line) for line in lines]  # once each: the title tests ask too
        # "Le Client\nreconnaît que…" is a sentence wrapped early, not a heading and its body.
        if len(lines) > 1 and _lone_title(lines[0], kinds[0]) and not _continues_sentence(lines[1]):
            titles.append(len(blocks))
            blocks.append(_plain_block(lines[:1], "text"))
            lines, kinds = lines[1:], kinds[1:]
        elif len(lines) == 1 and blocks and (_lone_title(lines[0], kinds[0]) or _caps_title(lines[0])):
            titles.append(len(blocks))  # a short line standing alone between blank lines
        blocks.extend(_plain_blocks(lines, kinds, unwrapped))
    if not any(b.heading_level is not None or is_heading_line(b.text) for b in blocks):
        # Nothing numbered nor marked up: the short lines that open a paragraph, or stand
        # alone above one, are its headings ("RÉSILIATION" above the text on termination).
        for i in titles:
            if i + 1 < len(blocks) and is_body_text(blocks[i + 1].text):
                blocks[i] = blocks[i].model_copy(update={"heading_level": 1})
    return blocks


def _link_words(link: re.Match[str]) -> str:
    return "" if link.group().startswith("!") else link.group(1)


def _caps_title(line: str) -> bool:
    """A line in capitals, short, no sentence in it: "INTERRUPTION DE SERVICE"."""
    plain = _unmark(line).replace("**", "").strip()
    return is_caps(plain) and is_title_like(plain) and not _LIST_ITEM.match(plain)


def _continues_sentence(line: str) -> bool:
    plain = _unmark(line).lstrip()
    return plain[:1].islower() and not _LIST_ITEM.match(plain)


def _lone_title(line: str, kind: str) -> bool:
    """A short line, no final punctuation, opening a paragraph: "Propriété intellectuelle".

    ``kind``: the line's ``_line_kind``."""
    plain = _unmark(line).strip()
    return (
        kind == "text"
        and not _LIST_ITEM.match(plain)
        and plain[:1].isupper()
        and len(plain.split()) <= 8
        and plain[-1] not in ".:;,!?"
        and is_title_like(plain)
    )


def _decode(raw: bytes) -> str:
    """UTF-16 (with a BOM, or without one when every other byte is NUL), else UTF-8 (with or
    without BOM), else UTF-8 line by line with Windows' cp1252 for the lines that are not UTF-8.

    Line by line: one cp1252 byte pasted into a UTF-8 file must not turn every accent of
    the file into mojibake ("mensualitÃ©s"), which hides the findings on those words.
    """
    encoding = _utf16(raw)
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:  # odd length, lone surrogate: truncated or not text at all
            raise ReadError.of("text-encoding") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        lines = raw.removeprefix(codecs.BOM_UTF8).split(b"\n")
        return "\n".join(_decode_line(line) for line in lines)


def _utf16(raw: bytes) -> str | None:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:4096]
    if len(sample) >= 8 and sample.count(0) * 2 >= len(sample) * 0.9:  # ASCII-heavy text, two bytes a character
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    return None


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def _text_of(decoded: str) -> str:
    """Normalised text with one kind of line end; refused when it is binary rather than text."""
    controls = sum(1 for _ in _CONTROLS.finditer(decoded))
    if controls > _MAX_CONTROL_SHARE * len(decoded):
        raise ReadError.of("text-binary")
    text = _CONTROLS.sub("", decoded) if controls else decoded
    # Vertical tab: Word's manual line break in a text export; form feed: a page break;
    # Unicode's line and paragraph separators, which some web exports put inside one line.
    text = shorten_runs(normalize(text)).replace("\u2029", "\n\n").replace("\u2028", "\n")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\f", "\n\n")


def _tracked_changes(text: str) -> str:
    """CriticMarkup ({++ins++}, {--del--}, {~~old~>new~~}): keep the accepted text, mark insertions."""
    text = _replace_marked(text, "{~~", "~~}", _inserted, middle="~>")
    text = _replace_marked(text, "{--", "--}", lambda _: "")
    return _replace_marked(text, "{++", "++}", _inserted)


def _inserted(text: str) -> str:
    return f"{_MARK_IN}{text}{_MARK_OUT}"


def _replace_marked(text: str, opener: str, closer: str, keep: Callable[[str], str], middle: str | None = None) -> str:
    """Each ``opener … [middle] … closer``, nearest first, replaced by ``keep`` of what follows
    ``middle`` (or ``opener``) up to ``closer``.

    With ``str.find`` rather than a lazy regex, which retried every opener against the rest
    of the text when no closer followed: cubic time on ``"{~~ ~>" * 5000``. When one opener
    has no closer after it, no later opener has one either, so the scan stops.
    """
    out: list[str] = []
    pos = 0
    while (start := text.find(opener, pos)) >= 0:
        inner = start + len(opener)
        if middle is not None:
            found = text.find(middle, inner)
            if found < 0:
                break
            inner = found + len(middle)
        end = text.find(closer, inner)
        if end < 0:
            break
        out += [text[pos:start], keep(text[inner:end])]
        pos = end + len(closer)
    out.append(text[pos:])
    return "".join(out)


def _md_heading(text: str) -> tuple[int, str] | None:
    """Level and title of a Markdown heading line, "## Titre ##" → (2, "Titre").

    The closing hashes and spaces are stripped rather than matched by a regex: a lazy
    title before optional trailing runs was cubic on "# a" followed by thousands of spaces.
    """
    match = _MD_HEADING.match(text)
    if match is None:
        return None
    number = (match.group("num") or "").strip()
    title = text[match.end() :].rstrip().rstrip("#").rstrip()
    return len(match.group("marks")), f"{number} {title}" if number else title


def _number_nested_lists(text: str) -> str:
    """Give an ordered list item nested in ordered items its full number: "3." under "1." is "1.3".

    A Markdown viewer shows "3." indented under the first article; counsel and the reader
    call it 1.3. The number is the item's rank in its list, counted from the list's first
    number, as a viewer renders it. A list ends at a paragraph or heading back at the margin.
    """
    stack: list[tuple[int, int, int, bool]] = []  # indent, content column, number, ordered
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = line.expandtabs(4)
        ordered, bullet = _ORDERED.match(line), _BULLET.match(line)
        item = ordered or bullet
        if item is None:
            if line.strip() and not line[0].isspace() and (blank or line.startswith("#")):
                stack.clear()
            blank = not line.strip()
            out.append(line)
            continue
        blank = False
        indent = len(item.group("indent"))
        while stack and stack[-1][0] > indent:
            stack.pop()
        number = int(ordered.group("num")) if ordered else 0
        if stack and indent < stack[-1][1]:
            number = stack[-1][2] + 1 if ordered and stack[-1][3] else number
            stack.pop()
        stack.append((indent, item.end(), number, ordered is not None))
        # Bounded depth: a hostile file nesting thousands of levels must stay linear.
        if ordered and 1 < len(stack) <= _MAX_LIST_DEPTH and all(level[3] for level in stack):
            label = ".".join(str(level[2]) for level in stack)
            line = f"{item.group('indent')}{_LABEL_IN}{label}{_LABEL_OUT} {line[item.end() :]}"
        out.append(line)
    return "\n".join(out)


def _line_kind(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return "rule" if _TABLE_RULE.fullmatch(stripped) else "row"
    plain = _unmark(stripped).replace("**", "")
    if plain.startswith(_LABEL_IN):
        return "item"
    if _md_heading(plain) is not None or is_heading_line(plain) or (is_caps(plain) and is_title_like(plain)):
        return "heading"
    return "item" if _LIST_ITEM.match(plain) or typed_heading(plain) else "text"


def _plain_blocks(lines: list[str], kinds: list[str], unwrapped: bool) -> list[Block]:
    """A paragraph's blocks: rows of one table together, lines wrapped by hand joined to the text
    or item they continue, the others one each. ``kinds``: each line's ``_line_kind``."""
    blocks: list[Block] = []
    pending: list[str] = []
    pending_kind = ""

    def flush() -> None:
        if pending:
            blocks.append(_plain_block(pending, pending_kind))
            pending.clear()

    for line, kind in zip(lines, kinds, strict=True):
        if kind == "rule":
            continue
        joins = (kind == "row" and pending_kind == "row") or (
            kind == "text" and pending_kind in ("text", "item") and not unwrapped
        )
        if not joins:
            flush()
            pending_kind = kind
        pending.append(line)
    flush()
    return blocks


def _plain_block(lines: list[str], kind: str) -> Block:
    joined = "\n".join(lines)
    inserted = _MARK_IN in joined
    if kind == "row":
        rows = [" | ".join(cell.strip() for cell in _unmark(line).strip().strip("|").split("|")) for line in lines]
        return Block(kind="table", text="\n".join(rows), inserted=inserted)
    text = _unmark(" ".join(line.strip() for line in lines))
    label = None
    if text.startswith(_LABEL_IN) and (close := text.find(_LABEL_OUT)) > 0:
        label, text = text[1:close], text[close + 1 :].strip()
    level = None
    heading = _md_heading(text)
    if heading:
        level, text = heading
    bold, run_in = False, None
    if "**" in text:  # Markdown's bold; most blocks have none, and three regex passes are spared
        bold = bool(re.fullmatch(r"\*\*(.+)\*\*", text))
        opening = None if bold else re.search(r"\*\*(.+?)\*\*", text)
        text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
        # No "**" stands before the first bold words, so they start at the same place once unmarked.
        run_in = run_in_end(text, opening.start(), opening.start() + len(opening.group(1))) if opening else None
    return Block(text=text, label=label, heading_level=level, bold=bold, run_in=run_in, inserted=inserted)


def _unmark(text: str) -> str:
    return text.replace(_MARK_IN, "").replace(_MARK_OUT, "")
