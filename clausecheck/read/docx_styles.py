"""Styles and automatic numbering of a .docx: bold and heading level through the style chain,
and the number Word displays in front of a numbered paragraph (``label``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from clausecheck.read.docx_xml import W, int_or_none, toggle, val

# --- styles ----------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"(?:heading|titre)\s*([1-9])", re.IGNORECASE)
_TITLE_NAMES = {"title", "titre"}


@dataclass(frozen=True)
class Style:
    name: str
    based_on: str | None
    bold: bool | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        self.default_bold = False
        if root is None:
            return
        for el in root.iter(f"{W}style"):
            ppr, numpr = el.find(f"{W}pPr"), el.find(f"{W}pPr/{W}numPr")
            sid = el.get(f"{W}styleId", "")
            self.by_id[sid] = Style(
                name=(val(el, "name") or sid).strip(),
                based_on=val(el, "basedOn"),
                bold=toggle(el.find(f"{W}rPr/{W}b")),
                outline=int_or_none(val(ppr, "outlineLvl")),
                num_id=val(numpr, "numId"),
                ilvl=int_or_none(val(numpr, "ilvl")),
            )
            if el.get(f"{W}type") == "paragraph" and el.get(f"{W}default") in ("1", "true", "on"):
                self.default_paragraph = sid  # applies to paragraphs without w:pStyle
        self.default_bold = bool(toggle(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}b")))

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        chain: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            chain.append(self.by_id[style_id])
            style_id = chain[-1].based_on
        return chain

    def bold(self, style_id: str | None) -> bool | None:
        return next((s.bold for s in self.chain(style_id) if s.bold is not None), None)


def heading_level(ppr: etree._Element | None, chain: list[Style]) -> int | None:
    """Level from direct outline level, else the style chain (name 'heading N' or outline)."""
    direct = int_or_none(val(ppr, "outlineLvl"))
    if direct is not None:
        return direct + 1 if 0 <= direct < 9 else None  # 9 is Word's "body text"
    if chain and chain[0].name.lower() in _TITLE_NAMES:
        return None  # the document title, not an article
    for style in chain:
        match = _HEADING_NAME.fullmatch(style.name)
        if match:
            return int(match.group(1))
        if style.outline is not None:
            return style.outline + 1 if 0 <= style.outline < 9 else None
    return None


# --- numbering -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    style: str | None = None


@dataclass(frozen=True)
class _Num:
    abstract: str
    levels: dict[int, _Level]  # w:lvlOverride/w:lvl
    starts: dict[int, int]  # w:lvlOverride/w:startOverride


def _level(el: etree._Element) -> _Level:
    return _Level(
        start=int_or_none(val(el, "start")) or 0,  # omitted w:start means 0 (ECMA-376 17.9.26)
        fmt=val(el, "numFmt") or "decimal",
        text=val(el, "lvlText"),
        restart=int_or_none(val(el, "lvlRestart")),
        legal=bool(toggle(el.find(f"{W}isLgl"))),
        style=val(el, "pStyle"),
    )


def _levels(parent: etree._Element) -> dict[int, _Level]:
    return {int_or_none(lvl.get(f"{W}ilvl")) or 0: _level(lvl) for lvl in parent.findall(f"{W}lvl")}


class Numbering:
    """numbering.xml plus the counters, which advance as paragraphs are read in order."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum → numbering style (w:numStyleLink)
        self.nums: dict[str, _Num] = {}
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for el in root.iter(f"{W}abstractNum"):
            aid = el.get(f"{W}abstractNumId", "")
            self.abstracts[aid] = _levels(el)
            self.links[aid] = val(el, "numStyleLink") or ""
        for el in root.iter(f"{W}num"):
            overrides = el.findall(f"{W}lvlOverride")
            self.nums[el.get(f"{W}numId", "")] = _Num(
                abstract=val(el, "abstractNumId") or "",
                levels={k: v for o in overrides for k, v in _levels(o).items()},
                starts={
                    int_or_none(o.get(f"{W}ilvl")) or 0: int_or_none(val(o, "startOverride")) or 0
                    for o in overrides
                    if o.find(f"{W}startOverride") is not None
                },
            )

    def restart(self) -> None:
        """Count from the start again, for a new walk over the body."""
        self.counters.clear()
        self.used.clear()

    def _abstract(self, num: _Num) -> str:
        """Follow list-style links (abstractNum → style → num → abstractNum) to the definition."""
        aid = num.abstract
        for _ in range(5):
            style = self.styles.by_id.get(self.links.get(aid, ""))
            target = self.nums.get(style.num_id or "") if style else None
            if target is None:
                break
            aid = target.abstract
        return aid

    def style_level(self, num_id: str, style_id: str | None) -> int:
        """Level linked to a paragraph style (``w:lvl/w:pStyle``), when the style gave no ilvl."""
        num = self.nums.get(num_id)
        levels = self.abstracts.get(self._abstract(num), {}) if num else {}
        return next((k for k, lvl in levels.items() if style_id and lvl.style == style_id), 0)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for this paragraph and render its number ('%1.%2' → '9.2')."""
        num = self.nums.get(num_id)
        if num is None or not 0 <= ilvl < 9:
            return None
        aid = self._abstract(num)
        levels = {**self.abstracts.get(aid, {}), **num.levels}
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.used:  # a restart ("startOverride") takes effect on first use
            self.used.add(num_id)
            for k in num.starts:
                counters[k] = None
        current = counters[ilvl]
        counters[ilvl] = self._start(num, levels, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            # Word reads lvlRestart from the abstract definition only; 0 means never restart.
            restart = self.abstracts.get(aid, {}).get(deeper, _Level()).restart
            if restart is None or ilvl < restart:
                counters[deeper] = None
        level = levels.get(ilvl)
        if level is not None and level.fmt == "bullet":
            # Word draws a bullet (often a Symbol-font character): the reader sees "•", and each
            # item then opens a sentence of its own, as a Markdown "- " item does. An empty
            # bullet text draws nothing.
            return "\u2022" if level.text and level.text.strip() else None
        if level is None or not level.text:
            return None

        def render(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] if counters[k] is not None else self._start(num, levels, k)
            fmt = "decimal" if level.legal else levels.get(k, _Level()).fmt
            return _format_number(value or 0, fmt)

        return re.sub(r"%([1-9])", render, level.text).strip() or None

    @staticmethod
    def _start(num: _Num, levels: dict[int, _Level], k: int) -> int:
        return num.starts.get(k, levels[k].start if k in levels else 1)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, number)
        out += letters * count
    return out


def _format_number(value: int, fmt: str) -> str:
    # Bounds keep a hostile w:start (say 10**11) from building a gigabyte of "M"s.
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        return _roman(value) if fmt == "upperRoman" else _roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter") and 0 < value <= 780:
        letters = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # Z, AA, BB…
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return "" if fmt in ("none", "bullet") else str(value)
