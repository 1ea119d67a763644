"""Cut a contract's blocks into clauses: the preamble, the articles and their sub-clauses.

A heading is recognised from Word's automatic number (``label``), from a typed number
at the start of a paragraph ("Article 9 - Résiliation", "9.2 ...", "IX. ..."), from a
heading style, or from a bold capitalised paragraph. Numbered lists inside an article
look exactly like typed headings, so top-level numbers are not taken one by one: the
segmenter keeps the best increasing run of numbers (headings that are styled, bold or
say "Article" weigh more), and a sub-number must continue the current article.
A second section numbered from 1 again ("Conditions particulières" after "Conditions
générales") is kept when its headings are as strong as the main run's. Lettered parts
("a. Sécurité", "b. Confidentialité") of an article become its sub-clauses "9.a", "9.b".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from clausecheck.model.document import Block, Clause, ContractText
from clausecheck.model.revisions import Revision
from clausecheck.segment.runs import MAX_JUMP, runs
from clausecheck.text.headings import (
    TITLE_TRIM,
    Number,
    caps_title_end,
    is_body_text,
    is_caps,
    is_title_after,
    is_title_like,
    parse_number,
    typed_heading,
)

_BARE = re.compile(r"\s*(?P<num>\d{1,3})\s+")  # "5 Responsabilité": only on a bold or styled short line
_BARE_TITLE_WORDS = 6
_PAREN = re.compile(r"\s*(?P<num>\d{1,3})\)\s+")  # "5) Notre engagement": only on a bold or styled short line
# "a. Le compte du client :", "a . Objet", and as a heading "A. Présentation"
_LETTERED = re.compile(r"\s*(?P<letter>[a-zA-Z])[ \u00a0]?[.)]\s+(?=\S)")
_LABEL_TRIM = " \t\u00a0.:-\u2013\u2014"
# A heading kept in the preamble even when styled: it opens the contract, not an article.
_PREAMBLE_HEADING = re.compile(
    r"(pr[ée]ambule|expos[ée]|entre\b|et\b|il a [ée]t[ée]|ceci (?:[ée]tant|expos)|d['’]une part|d['’]autre part)",
    re.IGNORECASE,
)

_MAX_TITLE_WORDS = 20
_EMPHASISED_WORDS = 10  # an unnumbered, unstyled heading: a few words in bold or in capitals
_EMPHASISED_COLON_WORDS = 3  # "Résiliation :" may be a heading, "Le Client s'engage à :" opens a list
# A verb or a negation that makes a line a sentence, however short or emphasised ("LE LOGICIEL EST
# FOURNI EN L'ÉTAT", "L'ÉDITEUR NE GARANTIT PAS"), unless it asks a question ("Ce qui est inclus").
_SENTENCE_VERB = re.compile(r"(?i)\b(?:(?:est|sont|sera|seront|doit|doivent|peut|peuvent|s'engagent?|ne)\b|n['’])")
_QUESTION = re.compile(r"(?i)(?:ce qui|ce que|qui|que|quand|comment|pourquoi|quel|quelle|quels|quelles)\b|.*\?$")
_SIGNATURE = re.compile(r"(?i)(?:pour|lu et approuvé|fait à|bon pour accord)\b")
_TITLE_GOES_ON = re.compile(r"(?i)(?:de|d'|du|des|en|pour|à|au|aux|relatif|relative|portant|sur)\b")
# What presents a party rather than a clause: the words after a company's name in the opening.
_PARTY = re.compile(
    r"(?i)ci-apr[èe]s|au capital|immatricul|\bRCS\b|\bSIRE[NT]\b|si[èe]ge|représentée? par|agissant|^entre\b"
)


@dataclass(frozen=True)
class _Candidate:
    number: Number | None
    title: str
    body_start: int | None  # offset of a body that follows the number in the same block
    strong: bool  # styled, bold or spelled "Article": weighs more than a bare typed number
    level: int | None = None
    letter: str | None = None  # "b. Sécurité": a lettered part of the article above


def _body_like(text: str) -> bool:
    """A list item: starts lowercase or ends with ';' — never a heading."""
    stripped = text.strip()
    return bool(stripped) and (stripped[0].islower() or stripped.endswith((";", ",")))


def block_line(block: Block) -> str:
    """The block as it appears in the full text: automatic number, then text."""
    label = (block.label or "").strip()
    return f"{label} {block.text}" if label else block.text


def _clean_title(text: str) -> str:
    return text.strip(TITLE_TRIM)


def _candidate(block: Block) -> _Candidate | None:
    if block.kind == "table":
        return None
    strong = block.heading_level is not None or block.bold
    label = (block.label or "").strip()
    if label:
        return _labelled(block, label, strong)
    typed = typed_heading(block.text)
    if typed is not None:
        number, end, article = typed
        return _numbered(
            number, block.text, end, strong or article, block.heading_level, run_in=block.run_in, article=article
        )
    lettered = _LETTERED.match(block.text)
    # "A. Présentation" only as a heading: a capital and a dot also open "J. Dupont" or a list item
    if lettered and (strong or lettered.group("letter").islower()):
        rest = block.text[lettered.end() :]
        if is_title_like(rest) and rest[0].isupper():
            return _Candidate(None, _clean_title(rest), None, strong, block.heading_level, lettered.group("letter"))
    paren = _PAREN.match(block.text)
    if paren and strong and is_title_like(block.text) and (listed := parse_number(paren.group("num"))) is not None:
        return _numbered(listed, block.text, paren.end(), True, block.heading_level)
    bare = _BARE.match(block.text)
    if bare and strong and _short_title(block.text[bare.end() :]) and (n := parse_number(bare.group("num"))):
        return _numbered(n, block.text, bare.end(), True, block.heading_level)  # "5 Responsabilité" in bold
    if bare and (caps := caps_title_end(block.text[bare.end() :])) and (n := parse_number(bare.group("num"))):
        # "7 ACCÈS AU SERVEUR Un identifiant…": a bare number, a title in capitals, the body
        return _numbered(n, block.text, bare.end(), strong, block.heading_level, run_in=bare.end() + caps)
    if not is_title_like(block.text) or not (block.heading_level is not None or (block.bold and is_caps(block.text))):
        return None
    return _Candidate(None, _clean_title(block.text), None, True, block.heading_level)


def _short_title(text: str) -> bool:
    return text[:1].isupper() and len(text.split()) <= _BARE_TITLE_WORDS and is_title_like(text)


def _labelled(block: Block, label: str, strong: bool) -> _Candidate | None:
    if label.endswith(")") and not (strong and is_title_like(block.text)):
        return None  # "a)", "1)" before running text: list numbering, not an article
    bare = re.sub(r"^(?:article|art\.)\s*", "", label.strip(_LABEL_TRIM), flags=re.IGNORECASE)
    number = parse_number(bare)
    if number is None:
        if block.heading_level is not None and is_title_like(block.text):
            return _Candidate(None, _clean_title(block.text), None, True, block.heading_level)
        return None
    article = bare != label.strip(_LABEL_TRIM)
    return _numbered(
        number, block.text, 0, strong or article, block.heading_level, offset=len(label) + 1, run_in=block.run_in
    )


def _numbered(
    number: Number,
    text: str,
    end: int,
    strong: bool,
    level: int | None,
    offset: int = 0,
    run_in: int | None = None,
    article: bool = False,
) -> _Candidate | None:
    rest = text[end:]
    # after "Article 7 :", a short title may be in lower case ("propriété intellectuelle")
    titled = is_title_after(rest, article)
    if _body_like(rest) and not titled:
        return None
    # A heading style or a Markdown "#" says the whole line is the title, final dot included.
    if not rest.strip() or titled or (level is not None and len(rest.split()) <= _MAX_TITLE_WORDS):
        return _Candidate(number, _clean_title(rest), None, strong, level)
    if run_in is None and (caps := caps_title_end(rest.lstrip())) is not None:
        run_in = len(text) - len(rest.lstrip()) + caps  # "9. GARANTIES Le Prestataire…", the title in capitals
    if run_in is not None and run_in > end:  # "6. Mesures de sécurité. Le Prestataire…", the title in bold
        body = text[run_in:]
        return _Candidate(
            number, _clean_title(text[end:run_in]), offset + len(text) - len(body.lstrip()), strong, level
        )
    skipped = len(rest) - len(rest.lstrip())
    return _Candidate(number, "", offset + end + skipped, strong, level)


# --- choosing the headings ---------------------------------------------------------------


def _weight(cand: _Candidate, followed_by_body: bool) -> float:
    return 1 + 2 * cand.strong + (cand.title != "") + followed_by_body


def _select(cands: dict[int, _Candidate], count: int) -> dict[int, _Candidate]:
    """Accepted numbered headings: best top-level runs, then sub-numbers that fit them."""
    positions = sorted(cands)
    tops: dict[bool, list[tuple[int, int, float]]] = {False: [], True: []}
    for pos in positions:
        cand = cands[pos]
        if cand.number is None or len(cand.number.key) != 1 or (cand.number.key[0] == 0 and not cand.strong):
            continue  # "Article 0 – Préambule" is an article; a list's "0." is not
        nxt = cands.get(pos + 1)
        # A heading is followed by its body or a sub-clause; a list item by the next item.
        body_follows = pos + 1 < count and (nxt is None or (nxt.number is not None and len(nxt.number.key) > 1))
        tops[cand.number.roman].append((pos, cand.number.key[0], _weight(cand, body_follows)))
    chosen = runs(tops[False]) | runs(tops[True])
    accepted: dict[int, _Candidate] = {}
    path: list[int] = []
    for pos in positions:
        cand = cands[pos]
        if cand.number is None:
            continue
        key = cand.number.key
        if pos in chosen:
            accepted[pos] = cand
            path = list(key)  # "IX" then "9.2": sub-clauses of a roman article use arabic numbers
        elif len(key) > 1 and _continues(path, key):
            accepted[pos] = cand
            path = list(key)
    return accepted


def _list_in_one_section(cands: dict[int, _Candidate], numbered: dict[int, _Candidate]) -> bool:
    """Whether the numbers found are a list inside one section of a contract whose sections are
    styled headings without numbers (Markdown "##", Word heading styles).

    Terms published as a web page often number nothing but a short list ("1. Premier échange",
    "2. Cadrage"): read as articles, it made everything before it a preamble and every heading
    after it a part of "3". Numbers are articles when they are styled themselves, when a styled
    heading stands between them, or when they outnumber the styled headings.
    """
    tops = [pos for pos, cand in numbered.items() if cand.number is not None and len(cand.number.key) == 1]
    if not tops or any(numbered[pos].level is not None for pos in tops):
        return False
    styled = [
        pos for pos, cand in cands.items() if cand.number is None and cand.letter is None and cand.level is not None
    ]
    first, last = min(tops), max(tops)
    return len(styled) > len(tops) and not any(first < pos < last for pos in styled)


def _continues(path: list[int], key: tuple[int, ...]) -> bool:
    """'9.2' after '9' or '9.1'; '9.2.1' after '9.2'."""
    depth = len(key)
    if list(key[:-1]) != path[: depth - 1] or len(path) < depth - 1:
        return False
    previous = path[depth - 1] if len(path) >= depth else 0
    return previous < key[-1] <= previous + MAX_JUMP


# --- building the clauses ----------------------------------------------------------------


@dataclass
class _Heading:
    cand: _Candidate
    title: str
    body_pos: int  # first block of the body, after the heading and a title block it took


def _headings(blocks: list[Block]) -> dict[int, _Heading]:
    cands = {i: c for i, b in enumerate(blocks) if (c := _candidate(b)) is not None}
    cands.update(_emphasised_sections(blocks, cands))
    numbered = _select(cands, len(blocks))
    if _list_in_one_section(cands, numbered):
        numbered = {}
    first_numbered = min(numbered, default=len(blocks))
    nested = _nested_romans(numbered)
    numbered = {pos: cand for pos, cand in numbered.items() if pos not in nested}
    numbered.update(_letters(cands, numbered))
    numbered.update(_under_shallower(nested, numbered))
    headings: dict[int, _Heading] = {}
    taken: set[int] = set()
    for pos, cand in sorted(cands.items()):
        if pos in taken:
            continue
        if pos in numbered:
            headings[pos] = _with_title(blocks, pos, numbered[pos], cands, taken)
        elif cand.number is None and cand.letter is None and _keeps_unnumbered(cand, pos, first_numbered, numbered):
            headings[pos] = _Heading(cand, cand.title, pos + 1)
    return headings


def _emphasised_sections(blocks: list[Block], cands: dict[int, _Candidate]) -> dict[int, _Candidate]:
    """In a contract that neither numbers nor styles its headings, the short lines in bold or in
    capitals standing above running text ("Responsabilité" in bold, "RÉSILIATION ANTICIPÉE"), or
    above such a line (a part over its first section).

    The first block is the title, and a line under it emphasised alike that goes on with it ("DE
    LOGICIEL EN MODE SAAS") is part of it; until a first heading, a line in capitals above a party's
    presentation ("Société …, ci-après « le Client »") is that party's name; at least two headings
    make a contract cut so.
    """
    if any(c.number is not None or c.level is not None for c in cands.values()):
        return {}
    lines = [
        i
        for i in range(1, len(blocks) - 1)
        if i not in cands and _emphasised(blocks[i]) and not (i == 1 and _continues_title(blocks[0], blocks[i]))
    ]
    found: dict[int, _Candidate] = {}
    opened = False  # a first heading is found: the parties' block is over
    for i in lines:
        following = blocks[i + 1].text.strip()
        # a party's name is written in capitals ("ALPHA CONSEIL"); a bold "Objet" may present the parties
        if _opens_text(following) and (opened or not is_caps(blocks[i].text) or _PARTY.search(following) is None):
            found[i] = _Candidate(None, _clean_title(blocks[i].text), None, True)
            opened = True
    for i in reversed(lines):  # from the end: a part's heading stands above a section's
        if i not in found and (i + 1 in found or i + 1 in cands):
            found[i] = _Candidate(None, _clean_title(blocks[i].text), None, True)
    return found if len(found) + sum(1 for i in cands if i > 0) >= 2 else {}


def _emphasised(block: Block) -> bool:
    """A short line in bold or in capitals with no figure, no sentence, no list's lead-in, no signature."""
    text = block.text.strip()
    return (
        block.kind == "paragraph"
        and not block.label
        and (block.bold or is_caps(text))
        and is_title_like(text)
        and len(text.split()) <= _EMPHASISED_WORDS
        and not any(char.isdigit() for char in text)
        and not (text.endswith(":") and len(text.split()) > _EMPHASISED_COLON_WORDS)
        and (_SENTENCE_VERB.search(text) is None or _QUESTION.match(text) is not None)
        and _SIGNATURE.match(text) is None
    )


def _continues_title(title: Block, line: Block) -> bool:
    """A second line emphasised as the title is and opening on a linking word: "DE LOGICIEL EN MODE SAAS"."""
    alike = (title.bold and line.bold) or (is_caps(title.text) and is_caps(line.text))
    return alike and _TITLE_GOES_ON.match(line.text.strip()) is not None


def _opens_text(text: str) -> bool:
    """Running text that opens a sentence ("LE LOGICIEL EST FOURNI …" counts)."""
    sentence = is_body_text(text) or _SENTENCE_VERB.search(text) is not None
    return sentence and not text[:1].islower()


def _letters(cands: dict[int, _Candidate], numbered: dict[int, _Candidate]) -> dict[int, _Candidate]:
    """Lettered parts "a.", "b.", … of an article, in order from "a", at least two of them.

    They become sub-clauses "9.a", "9.b"; a letter out of sequence is list text.
    """
    accepted: dict[int, _Candidate] = {}
    group: list[tuple[int, _Candidate]] = []
    top: Number | None = None

    def close() -> None:
        if len(group) >= 2:
            accepted.update(group)
        group.clear()

    for pos in sorted(cands):
        cand = numbered.get(pos, cands[pos])
        if pos in numbered and cand.number is not None and len(cand.number.key) == 1:
            close()
            top = cand.number
        elif cand.letter is not None and top is not None and ord(cand.letter.lower()) - ord("a") == len(group):
            number = Number(f"{top.text}.{cand.letter}", (top.key[0], len(group) + 1), top.roman)
            group.append((pos, replace(cand, number=number)))
    close()
    return accepted


def _nested_romans(numbered: dict[int, _Candidate]) -> dict[int, _Candidate]:
    """Roman-numbered headings set deeper than the arabic article above them ("#### I." under
    "## 2."): parts of that article, not articles of their own."""
    nested: dict[int, _Candidate] = {}
    article_level: int | None = None
    for pos in sorted(numbered):
        cand = numbered[pos]
        assert cand.number is not None, "only numbered headings are selected"
        if len(cand.number.key) != 1:
            continue
        if not cand.number.roman:
            article_level = cand.level
        elif cand.level is not None and article_level is not None and cand.level > article_level:
            nested[pos] = cand
    return nested


def _under_shallower(nested: dict[int, _Candidate], numbered: dict[int, _Candidate]) -> dict[int, _Candidate]:
    """Each nested heading numbered under the nearest heading above it that is set less deep:
    "2.B.I" under "### B." under "## 2."."""
    placed: dict[int, _Candidate] = {}
    above: list[tuple[int, Number]] = []  # the set headings around, each set deeper than the one before
    for pos in sorted({*numbered, *nested}):
        cand = numbered.get(pos) or nested[pos]
        level, number = cand.level, cand.number
        if level is None or number is None:
            continue
        while above and above[-1][0] >= level:
            above.pop()
        if pos in nested:
            if above:
                parent = above[-1][1]
                number = Number(f"{parent.text}.{number.text}", (*parent.key, number.key[0]), parent.roman)
            placed[pos] = replace(cand, number=number)
        above.append((level, number))
    return placed


def _with_title(
    blocks: list[Block], pos: int, cand: _Candidate, cands: dict[int, _Candidate], taken: set[int]
) -> _Heading:
    """'ARTICLE 9' alone on its line takes the short paragraph below it as its title."""
    nxt = pos + 1
    if cand.title or cand.body_start is not None or nxt >= len(blocks):
        return _Heading(cand, cand.title, pos + 1)
    block = blocks[nxt]
    other = cands.get(nxt)
    looks_heading = block.bold or block.heading_level is not None or is_caps(block.text) or cand.strong
    sentence = block.text.rstrip().endswith((".", "!", "?"))
    if (
        block.kind == "paragraph"
        and (other is None or other.number is None)
        and is_title_like(block.text)
        and not block.label
        and not sentence
        and looks_heading
    ):
        taken.add(nxt)
        return _Heading(cand, _clean_title(block.text), nxt + 1)
    return _Heading(cand, "", pos + 1)


def _keeps_unnumbered(cand: _Candidate, pos: int, first_numbered: int, numbered: dict[int, _Candidate]) -> bool:
    """An unnumbered heading is a clause after the first article, or when nothing is numbered.

    The first block is the document's title. Before the first article, "Préambule" or a
    bold "ENTRE LES SOUSSIGNÉS" belong to the preamble's text.
    """
    if pos > first_numbered:
        return True
    return pos > 0 and not numbered and not _PREAMBLE_HEADING.match(cand.title)


def _title_index(blocks: list[Block], first_heading: int) -> int | None:
    if first_heading == 0 or not blocks:
        return None
    text = blocks[0].text.strip()
    if text.endswith((":", ";", ",")) or len(text.split()) > 30 or blocks[0].kind == "table":
        return None
    return 0


@dataclass(frozen=True)
class _Layout:
    """The kept blocks, their lines in the full text and where each line starts."""

    blocks: list[Block]
    lines: list[str]
    starts: list[int]
    full_text: str

    @classmethod
    def of(cls, blocks: list[Block]) -> _Layout:
        kept = [b for b in blocks if block_line(b).strip()]
        lines = [block_line(b) for b in kept]
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + 1
        return cls(kept, lines, starts, "\n".join(lines))

    def revisions(self) -> list[Revision]:
        """The blocks' tracked changes, placed in the full text (after each block's automatic number)."""
        return [
            revision.shifted(start + len(line) - len(block.text))
            for block, line, start in zip(self.blocks, self.lines, self.starts, strict=True)
            for revision in block.revisions
        ]

    def end_of(self, pos: int) -> int:
        return self.starts[pos] + len(self.lines[pos])

    def clause(
        self, number: str | None, title: str, parent: str | None, own: range, body_pos: int, inline: int | None = None
    ) -> Clause:
        """The body runs from ``inline`` (an offset in the heading's own line) or from block
        ``body_pos`` to the end of the clause's last block; an empty body sits after the heading."""
        if inline is not None:
            start = self.starts[own.start] + inline
        elif body_pos < own.stop:
            start = self.starts[body_pos]
        else:
            start = self.end_of(body_pos - 1)
        if body_pos < own.stop:
            end = self.end_of(own.stop - 1)
        else:
            end = self.end_of(own.start) if inline is not None else start
        return Clause(
            number=number,
            title=title,
            text=self.full_text[start:end],
            parent=parent,
            start=start,
            end=end,
            inserted=any(self.blocks[i].inserted for i in own),
        )


def segment(blocks: list[Block], path: str) -> ContractText:
    """Cut ``blocks`` into clauses; the title block, if any, is not part of the preamble."""
    layout = _Layout.of(blocks)
    headings = _headings(layout.blocks)
    first = min(headings, default=len(layout.blocks))
    title_pos = _title_index(layout.blocks, first)
    clauses: list[Clause] = []
    begin = 0 if title_pos is None else title_pos + 1
    if begin < first:
        clauses.append(layout.clause(None, "", None, range(begin, first), begin))
    positions = sorted(headings)
    current_top: str | None = None
    top_level: int | None = None
    seen: dict[tuple[int, ...], str] = {}
    for n, pos in enumerate(positions):
        heading = headings[pos]
        end = positions[n + 1] if n + 1 < len(positions) else len(layout.blocks)
        number = heading.cand.number
        level = heading.cand.level
        if number is not None:
            seen[number.key] = number.text
            if len(number.key) == 1:
                current_top, top_level = number.text, level
        elif level is not None and top_level is not None and level <= top_level:
            current_top = None  # "## GARANTIE" after "## 4. Adéquation": a sibling, not a part of 4
        parent = _parent(number, level, current_top, seen)
        clauses.append(
            layout.clause(
                number.text if number else None,
                heading.title,
                parent,
                range(pos, end),
                heading.body_pos,
                heading.cand.body_start,
            )
        )
    title = layout.blocks[title_pos].text.strip() if title_pos is not None else ""
    return ContractText(
        path=path, title=title, full_text=layout.full_text, clauses=clauses, revisions=layout.revisions()
    )


def _parent(
    number: Number | None, level: int | None, current_top: str | None, seen: dict[tuple[int, ...], str]
) -> str | None:
    """'9' for '9.2' ('IX' when article 9 is written so); a styled sub-heading's article."""
    if number is not None:
        return seen.get(number.key[:-1], number.text.rsplit(".", 1)[0]) if len(number.key) > 1 else None
    return current_top if level is not None and level > 1 else None
