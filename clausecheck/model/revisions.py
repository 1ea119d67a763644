"""Tracked changes of a Word draft: who inserted or deleted which words, and when."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from clausecheck.model.dates import day_fr


class Revision(BaseModel):
    """One tracked insertion or deletion (``w:ins`` / ``w:del``), as Word recorded it.

    Offsets index the text that holds the change: a block's text for a block, the document's
    full text for a contract and a finding. The accepted view of the draft keeps inserted words
    and drops deleted ones, so an insertion spans ``start``..``end`` while a deletion sits at
    one point (``start == end``): where its words stood before the change.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["insertion", "deletion"]
    text: str = Field(description="The words inserted, or the words deleted.")
    author: str | None = Field(default=None, description="w:author, as the reviewer's Word recorded it.")
    date: str | None = Field(default=None, description="w:date, ISO 8601.")
    start: int = Field(default=0, description="Offset of the change in the text that holds it.")
    end: int = Field(default=0, description="End of an insertion; equal to start for a deletion.")

    def shifted(self, by: int) -> Revision:
        return self.model_copy(update={"start": self.start + by, "end": self.end + by})

    def who_when(self) -> str:
        """'par Me Durand le 3 novembre 2026', or as much of it as Word recorded."""
        who = f"par {self.author}" if self.author else "par un auteur non indiqué"
        day = day_fr(self.date)
        return f"{who} le {day}" if day else who

    def describe(self) -> str:
        """'« sous 30 jours » inséré par Me Durand le 3 novembre 2026', as reports quote a change."""
        verb = "inséré" if self.kind == "insertion" else "supprimé"
        return f"« {self.words()} » {verb} {self.who_when()}"

    def words(self) -> str:
        """The words without the punctuation a deletion takes along (", après en avoir informé" reads "après …")."""
        return self.text.strip(" ,;:") or self.text
