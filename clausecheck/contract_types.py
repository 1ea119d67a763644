"""What the contract is for: its types, from the title and the object clause.

A passing mention does not make a type: a SaaS contract that stores data is not a
hosting contract. Only the title and the "Objet" article are read, with the
signals of ``rules/contract-types.yaml``.
"""

from __future__ import annotations

import re

from clausecheck.document import ContractText
from clausecheck.matching import Matches
from clausecheck.rule_model import CONTRACT_TYPES

_OBJECT_TITLE = re.compile(r"\bobjet\b", re.IGNORECASE)


def object_clause_index(contract: ContractText) -> int | None:
    """The clause titled 'Objet' (or 'Objet du contrat'), else the first article."""
    numbered = [i for i, c in enumerate(contract.clauses) if c.number is not None]
    for i in numbered:
        if _OBJECT_TITLE.search(contract.clauses[i].title):
            return i
    return numbered[0] if numbered else None


def types_in(matches: Matches) -> set[str]:
    return {
        owner.removeprefix("type:")
        for (owner, _part, _i), hits in matches.hits.items()
        if owner.startswith("type:") and hits
    }


def detect_types(title_matches: Matches, object_matches: Matches | None) -> list[str]:
    """Types named by the title, plus those named by the object clause.

    A title that names a non-IT contract (an NDA, a lease) settles the question: the
    project it serves may be described in its object, but it owes no IT supply duty.
    """
    from_title = types_in(title_matches)
    if "other" in from_title:
        return ["other"]
    found = from_title | (types_in(object_matches) if object_matches else set())
    found.discard("other")
    ordered = [t for t in CONTRACT_TYPES if t in found]
    return ordered or ["other"]
