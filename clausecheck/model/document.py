"""What a reader produces: an ordered list of blocks, and the clauses cut from them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from clausecheck.model.revisions import Revision


class Block(BaseModel):
    """One paragraph or one table of the contract, in reading order.

    ``text`` is the accepted view of the draft: tracked insertions kept, tracked
    deletions removed. The automatic number Word displays in front of a paragraph is
    kept apart in ``label`` so the segmenter can tell a numbered heading from its text.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["paragraph", "table"] = "paragraph"
    text: str
    label: str | None = Field(
        default=None, description="Automatic number as the reader sees it, e.g. 'Article 9 –' or '9.2'."
    )
    heading_level: int | None = Field(
        default=None, description="1 for a top-level heading style or outline level, 2 below it, …"
    )
    bold: bool = Field(default=False, description="All visible text of the paragraph is bold.")
    run_in: int | None = Field(
        default=None,
        description="Length of a run-in heading opening the paragraph: bold words closed by '.' or ':'.",
    )
    inserted: bool = Field(default=False, description="Contains text from a tracked insertion.")
    rows: list[list[str]] = Field(
        default_factory=list, description="A table's rows, each the text of its cells, when the reader knows them."
    )
    revisions: list[Revision] = Field(
        default_factory=list, description="Tracked insertions and deletions, offsets in ``text``."
    )

    @classmethod
    def table(cls, rows: list[list[str]], inserted: bool = False) -> Block:
        """A table kept as cells; its text is one line per row, cells joined by ' | ', as rules read it."""
        return cls(kind="table", text="\n".join(" | ".join(row) for row in rows), inserted=inserted, rows=rows)


class Clause(BaseModel):
    """An article or sub-clause, as the reader sees it."""

    model_config = ConfigDict(extra="forbid")

    number: str | None = Field(description="'9', '9.2', 'IV'; None for the preamble.")
    title: str = ""
    text: str = Field(description="Body of the clause, blocks joined by newlines.")
    parent: str | None = None
    start: int = Field(description="Offset of the clause body in the document's full text.")
    end: int
    inserted: bool = Field(default=False, description="Part of the clause comes from a tracked insertion.")


class ContractText(BaseModel):
    """A contract read and segmented: the clauses and the full text they index into."""

    model_config = ConfigDict(extra="forbid")

    path: str
    title: str
    full_text: str
    clauses: list[Clause]
    revisions: list[Revision] = Field(
        default_factory=list, description="Tracked changes of a Word draft, offsets in ``full_text``."
    )

    def revisions_in(self, start: int, end: int) -> list[Revision]:
        """The changes that touch ``start``..``end`` of the full text (a deletion at either end included)."""
        return [r for r in self.revisions if r.start <= end and r.end >= start]
