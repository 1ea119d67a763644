"""HTML inside a text or Markdown file, as Markdown the plain-text reader understands.

Terms copied from a web page often keep its markup: "<h2>Article 3 - Résiliation</h2>",
"<p>…<br/>…</p>", "<li>…</li>", "r&eacute;siliation", "&nbsp;". Left as they are, a whole
contract reads as one paragraph of tags and entities and no clause is found. Headings become
Markdown headings, paragraphs and line breaks become blank lines and line ends, list items
"- " lines, table rows "| … |" lines, bold "**", and insertions and deletions (``<ins>``,
``<del>``) CriticMarkup, which the reader then accepts as tracked changes. Scripts, styles and
the page's head and navigation go; every other tag is dropped and its text kept. A heading, a
list item or a table row stays on one line, whatever paragraphs or line breaks it holds.

A file that opens as an HTML document (``<!DOCTYPE``, ``<html>``) is a web page: its line
breaks and indentation are the page source's layout, not the text's, and are folded into
spaces. Markdown with some HTML in it keeps its own lines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Two block-level tags at least: one "<b>" in a sentence is no markup to convert.
_BLOCK_TAG = re.compile(r"<(?:p|div|br|h[1-6]|li|ul|ol|table|tr|td|th)\b[^>]*>", re.IGNORECASE)
_PAGE = re.compile(r"\s*(?:<!doctype|<html\b)", re.IGNORECASE)
# A "<" that no ">" closes before the next "<": text, not a tag. Escaped first, as Python's
# parser would look for its end again at every such "<" (quadratic in their number).
_UNCLOSED = re.compile(r"<(?=[^<>]*(?:<|\Z))")
# Markdown's autolinks "<https://…>" and "<nom@exemple.fr>": their address is text.
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>", re.IGNORECASE)
_PARAGRAPH = {"p", "div", "section", "article", "header", "footer", "main", "blockquote", "ul", "ol", "table", "dl"}
_ONE_LINE = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "tr"}
_SKIPPED = {"script", "style", "head", "nav", "noscript", "svg", "template"}
_BOLD = {"b", "strong"}
_LOOSE_BOLD = re.compile(r"\*\*([ \t]*)([^\n]*?)([ \t]*)\*\*")
_CRITIC = {"ins": ("{++", "++}"), "del": ("{--", "--}"), "s": ("{--", "--}"), "strike": ("{--", "--}")}


def has_markup(text: str) -> bool:
    """Whether ``text`` holds HTML's block tags (two at least)."""
    found = _BLOCK_TAG.search(text)
    return found is not None and _BLOCK_TAG.search(text, found.end()) is not None


def markdown_of(text: str) -> str:
    """``text`` with its HTML turned into the Markdown it stands for, entities decoded.

    Markup the parser cannot make sense of leaves the text as it was.
    """
    converter = _Converter(page=_PAGE.match(text) is not None)
    try:
        converter.feed(_UNCLOSED.sub("&lt;", _AUTOLINK.sub(r"\1", text)))
        converter.close()
    except (AssertionError, ValueError):  # "<![foo[": a marked section html.parser refuses
        return text
    return converter.markdown()


class _Converter(HTMLParser):
    def __init__(self, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page  # a web page: its source's line breaks are no text
        self.out: list[str] = []
        self.skipped: list[str] = []  # the skipped elements open around the text
        self.one_line = 0  # headings, list items and table rows open around the text
        self.bold: list[int] = []  # where each open bold mark was written

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipped.clear()  # HTML lets a page leave its head unclosed
        elif tag in _SKIPPED:
            self.skipped.append(tag)
        elif self.skipped:
            return
        elif tag in _ONE_LINE:
            self._open_line(tag)
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag == "br" or tag in _PARAGRAPH:
            self.out.append(" " if self.one_line else "\n" if tag == "br" else "\n\n")
        elif tag in _BOLD:
            self.bold.append(len(self.out))
            self.out.append("**")
        elif tag in _CRITIC:
            self.out.append(_CRITIC[tag][0])

    def _open_line(self, tag: str) -> None:
        if not self.one_line:
            if tag == "li":
                self.out.append("\n- ")
            elif tag == "tr":
                self.out.append("\n|")
            else:
                self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        self.one_line += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            while tag in self.skipped and self.skipped.pop() != tag:
                pass  # elements left open inside it close with it
        elif self.skipped:
            return
        elif tag in _ONE_LINE:
            self.one_line = max(0, self.one_line - 1)
            if not self.one_line and tag not in ("li", "tr"):  # the next item or row opens its own line
                self.out.append("\n\n")
        elif tag in ("td", "th"):
            self.out.append(" |")
        elif tag in _PARAGRAPH:
            self.out.append(" " if self.one_line else "\n\n")
        elif tag in _BOLD and self.bold:
            start = self.bold.pop()
            if "\n" in "".join(self.out[start + 1 :]):
                self.out[start] = ""  # bold over a line end: Markdown cannot say it
            else:
                self.out.append("**")
        elif tag in _CRITIC:
            self.out.append(_CRITIC[tag][1])

    def handle_data(self, data: str) -> None:
        if self.skipped:
            return
        self.out.append(re.sub(r"\s+", " ", data) if self.page or self.one_line else data)

    def markdown(self) -> str:
        text = "".join(self.out)
        # Bold marks hug their words: "** Prix **" is no Markdown bold.
        text = _LOOSE_BOLD.sub(lambda m: f"{m[1]}**{m[2]}**{m[3]}" if m[2] else m[1] + m[3], text)
        lines = [line.strip() if self.page else line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
