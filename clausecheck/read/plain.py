"""Read plain-text and Markdown contracts into blocks.

Markdown headings, list items and tables become blocks of their own; lines wrapped by
hand are joined into paragraphs; CriticMarkup tracked changes keep the accepted view.
"""

from __future__ import annotations

import re

from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.text.headings import is_caps, is_heading_line, is_title_like, typed_heading
from clausecheck.text.normalize import normalize

_MD_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u2013]|\d{1,3}[.)]|[a-z][.)]|\([a-z0-9]{1,3}\))\s+")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")
_INSERTED = re.compile(r"\{\+\+(.*?)\+\+\}", re.DOTALL)
_DELETED = re.compile(r"\{--.*?--\}", re.DOTALL)
_SUBSTITUTED = re.compile(r"\{~~.*?~>(.*?)~~\}", re.DOTALL)
_MARK_IN, _MARK_OUT = "\ue000", "\ue001"  # private-use sentinels around inserted text
_INKED = re.compile(r"[^\W_]")
_UNWRAPPED = 150  # a line this long was not wrapped by hand: each line is a paragraph


def read_plain(raw: bytes) -> list[Block]:
    """Blocks of a .txt or .md file: paragraphs, heading and list-item lines, table rows."""
    text = _tracked_changes(normalize(_decode(raw)).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n"))
    if not text.replace(_MARK_IN, "").replace(_MARK_OUT, "").strip():
        raise ReadError.of("blank")
    # Rules and banners drawn with symbols ("***", "===", "---", ASCII art) carry no text.
    text = "\n".join(line if _INKED.search(line) or line.lstrip().startswith("|") else "" for line in text.split("\n"))
    unwrapped = max(len(line) for line in text.split("\n")) > _UNWRAPPED
    blocks: list[Block] = []
    titles: list[int] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        # "Le Client\nreconnaît que…" is a sentence wrapped early, not a heading and its body.
        if len(lines) > 1 and _lone_title(lines[0]) and not _continues_sentence(lines[1]):
            titles.append(len(blocks))
            blocks.append(_plain_block(lines[:1], "text"))
            lines = lines[1:]
        blocks.extend(_plain_blocks(lines, unwrapped))
    if not any(b.heading_level is not None or is_heading_line(b.text) for b in blocks):
        # Nothing numbered nor marked up: the short lines that open a paragraph are its headings.
        for i in titles:
            blocks[i] = blocks[i].model_copy(update={"heading_level": 1})
    return blocks


def _continues_sentence(line: str) -> bool:
    plain = _unmark(line).lstrip()
    return plain[:1].islower() and not _LIST_ITEM.match(plain)


def _lone_title(line: str) -> bool:
    """A short line, no final punctuation, opening a paragraph: "Propriété intellectuelle"."""
    plain = _unmark(line).strip()
    return (
        _line_kind(line) == "text"
        and not _LIST_ITEM.match(plain)
        and plain[:1].isupper()
        and len(plain.split()) <= 8
        and plain[-1] not in ".:;,!?"
        and is_title_like(plain)
    )


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows' cp1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _tracked_changes(text: str) -> str:
    """CriticMarkup ({++ins++}, {--del--}, {~~old~>new~~}): keep the accepted text, mark insertions."""
    text = _SUBSTITUTED.sub(lambda m: f"{_MARK_IN}{m.group(1)}{_MARK_OUT}", text)
    text = _DELETED.sub("", text)
    return _INSERTED.sub(lambda m: f"{_MARK_IN}{m.group(1)}{_MARK_OUT}", text)


def _line_kind(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return "rule" if _TABLE_RULE.fullmatch(stripped) else "row"
    plain = _unmark(stripped).replace("**", "")
    if _MD_HEADING.fullmatch(plain) or is_heading_line(plain) or (is_caps(plain) and is_title_like(plain)):
        return "heading"
    return "item" if _LIST_ITEM.match(plain) or typed_heading(plain) else "text"


def _plain_blocks(lines: list[str], unwrapped: bool) -> list[Block]:
    blocks: list[Block] = []
    pending: list[str] = []
    pending_kind = ""

    def flush() -> None:
        if pending:
            blocks.append(_plain_block(pending, pending_kind))
            pending.clear()

    for line in lines:
        kind = _line_kind(line)
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
    level = None
    heading = _MD_HEADING.fullmatch(text)
    if heading:
        level, text = len(heading.group(1)), heading.group(2)
    bold = bool(re.fullmatch(r"\*\*(.+)\*\*", text))
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    return Block(text=text, heading_level=level, bold=bold, inserted=inserted)


def _unmark(text: str) -> str:
    return text.replace(_MARK_IN, "").replace(_MARK_OUT, "")
