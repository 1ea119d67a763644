"""Sentence boundaries the sentence model misses: a line that ends a sentence ends it.

The model reads line breaks as spaces. In a real clause, paragraphs are lines, and it often
runs a paragraph ending with a full stop into the next one ("… et non de résultat.\\nLe Client
s'engage à … la bonne réalisation de la prestation."): a rule reading one sentence would
then join words of two. A line that ends with a full stop, "!", "?" or "…" (a closing quote or
bracket allowed, after a space or not; not the full stop of an abbreviation such as "M." or
"R.C.S.") and a next line that does not start in lower case ("etc.\\nle Client" goes on) is
a boundary. Lines ending otherwise (a heading, a list's lead-in, an item ending with ";") are
left to the model.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# the end of a sentence, the line break, and the next line's first character, which is not in lower case
# (French puts a space before a closing quote: "… « Atelier. »")
_LINE_END = re.compile(r"[.!?…](?:[ \u00a0\u202f]?[\"»”)\]])?[ \t\u00a0\u202f]*\n\s*(?=\S)(?![a-zà-öø-ÿœæ])")
# a full stop that ends an abbreviation, not a sentence: "M.", "R.C.S.", "cf.", "art." (the words right before it)
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-ZÀ-Ý]|(?:[A-Za-z]\.)+[A-Za-z]|cf|art|Me|MM|Mme|Mlle|Dr|p|v)$")


def mark_line_ends(doc: Doc, text: str = "") -> None:
    """Start a sentence after each line that ends one, in place, once the model has set the others.

    ``text`` is the doc's text when the caller has it (``Doc.text`` rebuilds it token by token).

    A doc parsed by a dependency parser keeps the parser's sentences: spaCy derives them from
    the tree and refuses to set them.
    """
    if doc.has_annotation("DEP"):
        return
    text = text or doc.text
    for found in _LINE_END.finditer(text):
        stop = found.start()
        if text[stop] == "." and _ABBREVIATION.search(text, max(0, stop - 12), stop):
            continue
        span = doc.char_span(found.end(), found.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            before = doc[span.start - 1]
            if before.is_space and before.is_sent_start and span.start > 1:
                before.is_sent_start = False  # the line break joins the sentence it ends, not one of its own
            doc[span.start].is_sent_start = True
