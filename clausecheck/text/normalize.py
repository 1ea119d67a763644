"""Text as a reader sees it, whatever characters the author's tool left in it.

Readers pass every block's text through ``normalize`` so rules and headings match what
is displayed: an invisible zero-width character inside a key word must not hide a
finding, a ligature "ﬁ" must read "fi", and "A R T I C L E" must read "ARTICLE".
Offsets into the normalised text are what the rest of the pipeline indexes; no map to
the original characters is kept (quotes in reports show the normalised text).
"""

from __future__ import annotations

import re
import unicodedata

# Never displayed inside a word: soft hyphen, Mongolian vowel separator, zero-width space,
# non-joiner and joiner, left-to-right and right-to-left marks, word joiner and the other
# invisible operators, BOM, and the bidirectional embeddings, overrides and isolates.
# One of them inside "mensualités" would otherwise hide the finding on that word.
_INVISIBLE = {
    chr(code): ""
    for block in ([0x00AD, 0x180E, 0xFEFF], range(0x200B, 0x2010), range(0x202A, 0x202F), range(0x2060, 0x206A))
    for code in block
    if code != 0x2065  # unassigned
}
# Half of a UTF-16 pair, alone: a PDF's ToUnicode map or a damaged file can yield one, and
# neither UTF-8 output nor spaCy can carry it. Shown as the replacement character.
_SURROGATE = re.compile("[\ud800-\udfff]")
# spaCy's tokenizer takes time quadratic in the length of a run of punctuation ("«««…",
# "(((…", "______…", ";;;…"): 10 000 of them glued to a word cost it ten seconds. Past
# _MAX_RUN characters a run of rules or blanks says nothing more. Table pipes are kept
# whole (a Markdown table's rule line is made of them, and they cost spaCy nothing).
_MAX_RUN = 64
_PUNCTUATION_RUN = re.compile(rf"(?:[^\w\s|]|_){{{_MAX_RUN + 1},}}")
# Ligatures spelled out.
_SPELLED = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# List bullets Word draws from its Symbol and Wingdings fonts, which a PDF's text layer gives
# as private-use characters ("\uf0b7 Serveur dédié : …"): the bullet they show.
_BULLETS = {chr(code): "\u2022" for code in (0xF0A7, 0xF0A8, 0xF0B7, 0xF0D8, 0xF076, 0xF0FC, 0xF0E8)}
# No-break spaces become plain spaces (the French thin space before ":" or "€" is
# typography, not meaning).
_SPACES = frozenset("\u00a0\u202f\u2007")
# What the characters above become. One str.replace per such character present is many
# times faster than str.translate, which looks every character of the text up in a table.
_REPLACED = {**_INVISIBLE, **_SPELLED, **_BULLETS}
# Which of them, and whether a lone surrogate, a text holds: one scan by the regex engine,
# not a set lookup per character.
_MAPPED_FOUND = re.compile("[\ud800-\udfff" + "".join(map(re.escape, sorted({*_REPLACED, *_SPACES}))) + "]")
# A word typed letter by letter, at least four capitals each followed by one space:
# "A R T I C L E 5". Bounded repetition on single characters: linear time. The pattern
# opens on a capital (the regex engine then skips to the next one at C speed) and only
# then looks behind it: no letter before that capital.
_SPACED_CAPS = re.compile(r"([A-ZÀ-ÖØ-Þ](?<![^\W\d_][A-ZÀ-ÖØ-Þ]) (?:[A-ZÀ-ÖØ-Þ] ){2,39}[A-ZÀ-ÖØ-Þ])(?![^\W\d_])")


def normalize(text: str, *, keep_nbsp: bool = False) -> str:
    """NFC, invisible characters removed, ligatures and no-break spaces spelled out.

    ``keep_nbsp`` is for .docx: the annotator finds the reader's text in the document's
    own paragraphs, where a no-break space is a character of its own; the rules read it
    as a space anyway.
    """
    if not text.isascii():
        for char in set(_MAPPED_FOUND.findall(text)):
            if char in _REPLACED:
                text = text.replace(char, _REPLACED[char])
            elif char in _SPACES:
                if not keep_nbsp:
                    text = text.replace(char, " ")
            else:  # a lone surrogate: the replacement character, as replace_surrogates writes it
                text = text.replace(char, "\ufffd")
        text = unicodedata.normalize("NFC", text)  # ASCII text is in NFC already
    if " " in text and _SPACED_CAPS.search(text):
        text = "\n".join(_unspaced_line(line) for line in text.split("\n"))
        text = _SPACED_CAPS.sub(lambda m: m.group(1).replace(" ", ""), text)
    return text


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so that it encodes to UTF-8."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def shorten_runs(text: str) -> str:
    """``text`` with every run of punctuation cut to its first ``_MAX_RUN`` characters.

    For the plain-text and PDF readers; the .docx reader keeps its text as the document
    has it, for the annotator to find.
    """
    # A run holds no whitespace (the regex's \s and str.split() know the same characters):
    # when no stretch between blanks is that long, there is none, and splitting is several
    # times faster than the regex's scan of every character.
    if max(map(len, text.split()), default=0) <= _MAX_RUN:
        return text
    return _PUNCTUATION_RUN.sub(lambda m: m[0][:_MAX_RUN], text)


def _unspaced_line(line: str) -> str:
    """A whole line typed letter by letter, words set apart by wider gaps:
    "C O N D I T I O N S  D E  V E N T E" → "CONDITIONS DE VENTE" (short words too)."""
    groups = re.split(r" {2,}", line.strip())
    if len(groups) < 2 or not all(all(len(c) == 1 for c in g.split(" ")) for g in groups):
        return line
    return " ".join(g.replace(" ", "") for g in groups)
