"""Errors the user can act on, kept apart from internal bugs.

A ``ReadError`` is about one input file: the batch reports it and goes on. A
``RuleError`` is about the rule files: the run stops before any contract is read.
"""

from __future__ import annotations

from typing import Literal

ReadErrorCode = Literal[
    "not-found",
    "unreadable",
    "unsupported-format",
    "legacy-doc",
    "corrupt-file",
    "encrypted",
    "empty",
    "no-text",
    "needs-ocr",
    "not-french",
    "too-large",
]


class ReadError(Exception):
    """An input file that cannot be checked; ``message`` is French and says what to do."""

    def __init__(self, code: ReadErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ReadErrorCode = code
        self.message = message


class RuleError(Exception):
    """A rule file that cannot be used: names the file, line, rule id and field."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        rule_id: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.rule_id = rule_id
        self.field = field
        self.hint = hint
        self.detail = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ": ".join([", ".join(parts), self.detail])
        return f"{text} (hint: {self.hint})" if self.hint else text
