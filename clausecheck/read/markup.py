"""HTML inside a text or Markdown file, as Markdown the plain-text reader understands.

Terms copied from a web page often keep its markup: "<h2>Article 3 - Résiliation</h2>",
"<p>…<br/>…</p>", "<li>…</li>", "r&eacute;siliation", "&nbsp;". Left as they are, a whole
contract reads as one paragraph of tags and entities and no clause is found. Headings become
Markdown headings, paragraphs and line breaks become blank lines and line ends, list items
"- " lines, table rows "| … |" lines, bold "**", and insertions and deletions (``<ins>``,
``<del>``) CriticMarkup, which the reader then accepts as tracked changes. Scripts, styles and
the page's head and navigation go; every other tag is dropped and its text kept.

A file that starts with a tag is a web page: its line breaks and indentation are the page
source's layout, not the text's, and are folded into spaces. Markdown with some HTML in it
keeps its own lines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Two block-level tags at least: one "<b>" in a sentence is no markup to convert.
_BLOCK_TAG = re.compile(r"<(?:p|div|br|h[1-6]|li|ul|ol|table|tr|td|th)\b[^>]*>", re.IGNORECASE)
_PARAGRAPH = {"p", "div", "section", "article", "header", "footer", "main", "blockquote", "ul", "ol", "table", "dl"}
_SKIPPED = {"script", "style", "head", "nav", "noscript", "svg", "template", "button", "form"}
_BOLD = {"b", "strong"}
_CRITIC = {"ins": ("{++", "++}"), "del": ("{--", "--}"), "s": ("{--", "--}"), "strike": ("{--", "--}")}


def has_markup(text: str) -> bool:
    """Whether ``text`` holds HTML's block tags (two at least)."""
    found = _BLOCK_TAG.search(text)
    return found is not None and _BLOCK_TAG.search(text, found.end()) is not None


def markdown_of(text: str) -> str:
    """``text`` with its HTML turned into the Markdown it stands for, entities decoded."""
    converter = _Converter(page=text.lstrip().startswith("<"))
    converter.feed(text)
    converter.close()
    return converter.markdown()


class _Converter(HTMLParser):
    def __init__(self, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page  # a web page: its source's line breaks are no text
        self.out: list[str] = []
        self.skipped = 0
        self.cells = 0  # cells opened in the current table row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipped += 1
        elif self.skipped:
            return
        elif tag == "br":
            self.out.append("\n")
        elif tag in _PARAGRAPH:
            self.out.append("\n\n")
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "tr":
            self.out.append("\n|")
            self.cells = 0
        elif tag in ("td", "th"):
            self.out.append(" ")
            self.cells += 1
        elif tag in _BOLD:
            self.out.append("**")
        elif tag in _CRITIC:
            self.out.append(_CRITIC[tag][0])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipped:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipped = max(0, self.skipped - 1)
        elif self.skipped:
            return
        elif tag in _PARAGRAPH or re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n")
        elif tag in ("td", "th"):
            self.out.append(" |")
        elif tag == "tr":
            self.out.append("\n")
        elif tag in _BOLD:
            self.out.append("**")
        elif tag in _CRITIC:
            self.out.append(_CRITIC[tag][1])

    def handle_data(self, data: str) -> None:
        if self.skipped:
            return
        self.out.append(re.sub(r"\s+", " ", data) if self.page else data)

    def markdown(self) -> str:
        text = "".join(self.out)
        # A heading's or a row's text must stay on its line; bold marks must hug their words.
        text = re.sub(r"\*\*(\s*)(.*?)(\s*)\*\*", lambda m: f"{m[1]}**{m[2]}**{m[3]}" if m[2] else m[1] + m[3], text)
        lines = [line.strip() if self.page else line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
