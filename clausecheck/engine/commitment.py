"""The commitment term of a contract: the length the client is bound for, or why it is unclear.

Only a length the words before it name as the commitment counts ("durée ferme de 36 mois",
"période minimale d'engagement"); a renewal, a notice or a warranty period does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from clausecheck.model.document import Clause, ContractText
from clausecheck.text.durations import Duration, find_durations
from clausecheck.text.fold import accent_tolerant

APOSTROPHE = "['\u2019]"  # Word types a curly apostrophe
_A = APOSTROPHE  # short, for the patterns below

_SENTENCE_BREAK = re.compile(r"[.;!?](?=\s)|\n")


def words_before(text: str, position: int, floor: int = 0) -> str:
    """The sentence up to ``position``, not reaching back past ``floor`` (the previous amount)."""
    start = max(floor, position - 300, 0)
    window = text[start:position]
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(window)]
    return window[breaks[-1] :] if breaks else window


_NO_TERM = (
    "Aucune durée d'engagement (durée ferme, initiale ou minimale) n'a été trouvée dans la clause "
    "ni dans le contrat : l'exposition ne peut pas être chiffrée."
)
_INDEFINITE_TERM = (
    "Le contrat est à durée indéterminée, sans durée d'engagement : il n'y a pas de nombre de "
    "périodes par lequel multiplier le prix."
)
_INDEFINITE = re.compile(accent_tolerant(r"durée\s+indéterminée"), re.IGNORECASE)

_CONNECT = rf"(?:de|d{_A}|(?:est|sera)\s+(?:de|d{_A}|fixée?\s+à)|fixée?\s+à|porte\s+sur|:|\|)"
_QUALIFIERS = (
    rf"(?:\s+(?:contractuelle|ferme|initiale|minimale|minimum|irrévocable|incompressible|indivisible|insécable"
    rf"|obligatoire|et"
    rf"|d{_A}engagement|de\s+l{_A}engagement|d{_A}abonnement))+"
)
_STRONG_WORD = re.compile(
    accent_tolerant(r"ferme|initiale|minimale|minimum|irrévocable|incompressible|obligatoire|engagement|abonnement"),
    re.IGNORECASE,
)
# Phrases that name the commitment right before its length: "durée ferme de",
# "période minimale d'engagement de", "engagement de".
_STRONG_CUE = re.compile(
    accent_tolerant(
        rf"(?:\b(?:durée|période)s?(?P<qualifiers>{_QUALIFIERS})\s*{_CONNECT}"
        rf"|\bengagement(?:\s+(?:ferme|minimum|minimal|initial|contractuel|du\s+client))*\s*(?:{_CONNECT}|sur|pour)"
        rf"|\bs{_A}engager?\w*\s+(?:ferme\s+)?(?:pour|sur)(?:\s+une\s+(?:durée|période)\s+(?:de|d{_A}))?)\s*$"
    ),
    re.IGNORECASE,
)
# A definitions article: "« Durée Initiale » désigne la période de trente-six (36) mois", or
# "« Période Initiale » : la période de …".
_DEFINED_CUE = re.compile(
    accent_tolerant(
        rf"\b(?:durée|période){_QUALIFIERS}\s*[»\"”]?\s*(?:désigne|signifie|s{_A}entend\s+(?:de|d{_A})|:)\s+"
        rf"(?:la|une)\s+(?:durée|période)(?:\s+\w+)?\s+(?:de|d{_A})\s*$"
    ),
    re.IGNORECASE,
)
# Phrases that name a length of the contract without saying it is the commitment.
_PLAIN_CUE = re.compile(
    accent_tolerant(
        rf"(?:\bpour\s+une\s+(?:durée|période)(?:\s+déterminée)?\s+(?:de|d{_A})"
        r"|\b(?:conclu|souscrit|consenti|signé|accordé|passé)e?s?\s+(?:pour|sur)"
        rf"|\bdurée\s+(?:du\s+(?:présent\s+)?(?:contrat|abonnement|bail)\s+|de\s+l{_A}abonnement\s+"
        rf"|de\s+la\s+(?:licence|location|souscription)\s+)?(?:est|sera)\s+(?:de|d{_A}|fixée\s+à)"
        r"|\bdurée(?:\s+du\s+contrat)?\s*[:|])\s*$"
    ),
    re.IGNORECASE,
)
_OTHER_SUBJECT = re.compile(
    accent_tolerant(r"garanti|conserv|confidenti|surviv|survit|archiv|réversibilit|préavis"), re.I
)
_RENEWAL = re.compile(
    accent_tolerant(r"renouvel|reconduct|reconduit|tacite|prorog|prolong|puis\b|ensuite|au-delà|successi"), re.I
)


def commitment_term(contract: ContractText, clause: Clause) -> Duration | str:
    found = _resolve_term(list(_term_candidates(clause.text)))
    return found if found is not None else _contract_term(contract.full_text)


@lru_cache(maxsize=4)
def _contract_term(full_text: str) -> Duration | str:
    found = _resolve_term(list(_term_candidates(full_text)))
    if found is not None:
        return found
    return _INDEFINITE_TERM if _INDEFINITE.search(full_text) else _NO_TERM


def _term_candidates(text: str) -> Iterator[Duration]:
    for duration in find_durations(text):
        if duration.months is not None and _is_commitment(words_before(text, duration.start)):
            yield duration


def _is_commitment(before: str) -> bool:
    """Whether the words before a duration make it the commitment, not a renewal, notice or warranty."""
    if _DEFINED_CUE.search(before):
        return True
    strong = _STRONG_CUE.search(before)
    if strong and (strong["qualifiers"] is None or _STRONG_WORD.search(strong["qualifiers"])):
        # "moyennant un préavis de trois mois, résilier avant la durée ferme de 36 mois": only the
        # phrase that holds the cue can make it another subject.
        return not _OTHER_SUBJECT.search(before.rsplit(",", 1)[-1])
    # A bare "pour une durée de" is the commitment only outside a renewal or other-subject sentence.
    return bool(_PLAIN_CUE.search(before)) and not _OTHER_SUBJECT.search(before) and not _RENEWAL.search(before)


def _resolve_term(candidates: list[Duration]) -> Duration | str | None:
    if not candidates:
        return None
    lengths = sorted({d.months for d in candidates if d.months is not None})
    if len(lengths) > 1:
        listed = ", ".join(f"{months} mois" for months in lengths)
        return (
            f"Plusieurs durées d'engagement différentes ({listed}) : impossible de dire jusqu'à quel "
            "terme les sommes restent dues, l'exposition n'est pas chiffrée."
        )
    inconsistent = next((d for d in candidates if not d.consistent), None)
    if inconsistent is not None:
        return (
            f"La durée d'engagement « {inconsistent.text} » n'est pas la même en lettres et en chiffres : "
            "l'exposition n'est pas chiffrée."
        )
    return candidates[0]
