"""What the contract is for: its types, from the title and the object clause.

A passing mention does not make a type: a SaaS contract that stores data is not a
hosting contract. Only the title (with a subtitle line right under it) and the
"Objet" article are read, with the signals of ``rules/contract-types.yaml``.
"""

from __future__ import annotations

import re

from clausecheck.engine.matching import Matches
from clausecheck.model.document import ContractText
from clausecheck.ruleset.schema import CONTRACT_TYPES
from clausecheck.text.headings import is_title_like

_OBJECT_TITLE = re.compile(r"\bobjet\b", re.IGNORECASE)


def object_clause_index(contract: ContractText) -> int | None:
    """The clause titled 'Objet' (or 'Objet du contrat'), else the first article."""
    numbered = [i for i, c in enumerate(contract.clauses) if c.number is not None]
    for i in numbered:
        if _OBJECT_TITLE.search(contract.clauses[i].title):
            return i
    return numbered[0] if numbered else None


def title_text(contract: ContractText) -> str:
    """The title, and a subtitle line right under it ("Création d'un site vitrine et hébergement")."""
    preamble = contract.clauses[0] if contract.clauses and contract.clauses[0].number is None else None
    first = preamble.text.split("\n", 1)[0] if preamble else ""
    return f"{contract.title}\n{first}" if first and is_title_like(first) else contract.title


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
    A title naming a subscription (SaaS) keeps hosting words in its object from making
    it a hosting contract.
    """
    from_title = types_in(title_matches)
    if "other" in from_title:
        return ["other"]
    from_object = types_in(object_matches) if object_matches else set()
    if "saas" in from_title and "hosting" not in from_title:
        # A subscription's object describes where the solution runs; that is not hosting the client's assets.
        from_object.discard("hosting")
    found = from_title | from_object
    found.discard("other")
    ordered = [t for t in CONTRACT_TYPES if t in found]
    return ordered or ["other"]
