"""The contracting parties, as a French contract states them: a name when one is given, and a role.

Three ways of stating a party are read, and nothing else, because a wrong party on the
first screen is worse than none:

- a defining phrase: "La société X, SAS au capital de …, ci-après « le Prestataire »",
  "X (ci-après dénommée « l'Éditeur »)", "ET : …, ci-après désignée le Client";
- a definition in general terms: "le « Client » désigne toute personne …", "Le terme
  prestataire désigne X", "- CLIENT : toute personne …";
- a clause "Identification du prestataire" whose first line is the name.

The opening (preamble, "Parties" clause) is read first; a definitions clause only when the
opening states no party.
"""

from __future__ import annotations

import re

from clausecheck.model.document import Clause, ContractText
from clausecheck.model.findings import Party
from clausecheck.text.fold import fold

# The roles a party takes, with the article a reader expects when the text gives none.
ROLES = (
    "le Prestataire", "le Fournisseur", "l'Éditeur", "l'Hébergeur", "l'Intégrateur", "l'Infogérant",
    "l'Opérateur", "le Concédant", "le Licencié", "le Client", "l'Utilisateur", "l'Abonné", "le Souscripteur",
    "l'Acheteur", "le Vendeur", "la Société", "le Bénéficiaire", "le Titulaire", "le Donneur d'ordre",
    "le Mandant", "le Loueur", "le Locataire", "le Bailleur", "le Preneur",
)  # fmt: skip

_OPENING_TITLE = re.compile(r"pr[ée]ambule|\bparties\b|\bentre\b|identification|d[ée]signation", re.IGNORECASE)
_DEFINITIONS_TITLE = re.compile(r"\bparties\b|d[ée]finition|identification|d[ée]signation", re.IGNORECASE)
# "Identification du prestataire": the clause that names the supplier on its first line
_IDENTIFIES = re.compile(r"identification\s+(?:du|de\s+la|de\s+l['’])\s*(?P<role>[\w'’]+)$", re.IGNORECASE)
_OPENING_CLAUSES = 3  # "Préambule" or "Les parties" is one of the first clauses, or not the opening

_Q_OPEN, _Q_CLOSE = '«"“', '»"”'
_ART = r"(?:(?:le|la|les)\s+|l['’]\s*)"
_QUOTED = rf"{_ART}?[{_Q_OPEN}]\s*(?P<art>{_ART})?(?P<term>[^{_Q_CLOSE}\n]{{1,40}}?)\s*[{_Q_CLOSE}]"
_BARE = rf"(?P<bart>{_ART})(?P<bare>[A-Za-zÀ-ÿ'’]+(?: d['’]ordres?)?)"
# "ci-après dénommée « le Prestataire »", "également dénommée « la prestataire »", "(ci-après, "l'utilisateur")"
_DEFINED = re.compile(
    r"(?:ci-?(?:après|dessous)\s*,?\s*(?:(?:d[ée]nomm|d[ée]sign|nomm|appel)[ée](?:e|\(e\))?s?\s*)?"
    r"|(?:[ée]galement\s+)?(?:d[ée]nomm|d[ée]sign|appel)[ée](?:e|\(e\))?s?\s+(?:ci-après\s+)?)"
    rf":?\s*(?:{_QUOTED}|{_BARE})",
    re.IGNORECASE,
)
# What may follow a defined term: an alias of the same party ("« ACS » ou le « Prestataire »"),
# or the other party's role ("le « PRESTATAIRE » et le « CLIENT »").
_NEXT_TERM = re.compile(rf"\s*,?\s*(?P<link>ou|et)\s+{_QUOTED}", re.IGNORECASE)
# "le « Client » désigne", "Le terme prestataire désigne", "- LE CLIENT : Personne physique …"
_DEFINES = re.compile(
    rf"(?:^|(?<=\n)|(?<=[.:;])\s+|\s[-–•*]\s+|\b[a-z0-9]{{1,3}}[.)]\s+)\s*"
    rf"(?P<formal>le\s+terme\s+|on\s+entend\s+par\s+)?{_ART}?(?P<quote>[{_Q_OPEN}])?\s*(?P<art>{_ART})?"
    rf"(?P<term>[A-Za-zÀ-ÿ'’]+(?: d['’]ordres?)?)\s*[{_Q_CLOSE}]?\s*"
    r"(?:d[ée]signe\s+|s['’]entend\s+(?:de\s+)?|:\s*(?:d[ée]signe\s+)?(?=(?:toute?|la personne|une personne|"
    r"personne|l['’]entité|la société|le professionnel)\b))",
    re.IGNORECASE,
)
_NAMED = re.compile(r"(?:M\.|Mme|Madame|Monsieur|la société|[A-Z0-9À-Ý])[^,;.\n(]*(?:\.[^\s,;.\n(][^,;.\n(]*)*")
_TRAILING = re.compile(r"((?:[A-Z0-9À-Ý][\w&.’'-]*\s+(?:(?:de|du|des|et|&)\s+)?){0,5}[A-Z0-9À-Ý][\w&.’'-]*)\s*\(\s*$")
_INTRO = re.compile(r"(?:^|\n)\s*(?:entre(?:\s+les\s+soussign[ée]s)?|et)\b[\s:,]*", re.IGNORECASE)
_COMPANY = re.compile(r"\b(?:la|une)\s+soci[ée]t[ée]\s+(?=[A-Z0-9À-Ý«\"])", re.IGNORECASE)
_SIGNATORY = re.compile(r"\brepr[ée]sent[ée]e?s?\s+par\b", re.IGNORECASE)
_AFTER_ENTRE = re.compile(r"\bentre\s+", re.IGNORECASE)
_KIND = re.compile(r"^(?:la|une|l['’])\s*(?:soci[ée]t[ée]|association|entreprise|fondation)\s+", re.IGNORECASE)
# Where a party's name ends and the boilerplate (form, capital, register, seat, signatory) begins.
_NAME_END = re.compile(
    r"[,;(\n]|\s+(?:au\s+capital|immatricul|dont\s+le\s+si[èe]ge|ayant\s+son\s+si[èe]ge|si[èe]ge|sise?\b|"
    r"repr[ée]sent|RCS\b|SIRE[NT]\b|inscrit|ci-après|domicili|demeurant|n[ée]e?\s+le\b|[-–—]\s)",
    re.IGNORECASE,
)
_IDENTIFIED = re.compile(
    r"\bsoci[ée]t[ée]\b|\b(?:SAS|SASU|SARL|EURL|SA|SCOP|SNC)\b|au capital|\bRCS\b|SIRE[NT]|si[èe]ge|immatricul"
)
_CONNECTORS = {"de", "du", "des", "d'", "la", "le", "les", "l'", "et", "&", "en", "sur", "à", "au", "aux", "y"}
_NOT_NAMES = {"vous", "nous", "toute", "tout", "tous", "toutes", "chaque", "un", "une"}
_MAX_NAME_WORDS = 10
# A party's statement (name, form, capital, register, seat, signatory) is read back this far from its
# "ci-après": far enough for the longest, and a long contract of unaccepted terms stays linear.
_STATEMENT_CHARS = 1000


def _fold(text: str) -> str:
    return fold(text).strip()


def _word(role: str) -> str:
    """'prestataire' for "le Prestataire", 'editeur' for "l'Éditeur": the role without its article."""
    return _fold(role.split(" ", 1)[-1].split("'", 1)[-1])


_ROLE_OF = {_word(role): role for role in ROLES}
_ROLE_WORDS = set(_ROLE_OF) - {"societe"}  # "Société Exemple SAS" is a name


def _role(term: str, article: str | None) -> tuple[str, bool]:
    """The role as the report shows it ("le Prestataire"), and whether it is one of ROLES.

    A known role keeps its usual capitals but the article written ("la prestataire": "la Prestataire");
    another defined term ("« Neuronia »") stays as written."""
    key = _fold(term)
    role = _ROLE_OF.get(key) or _ROLE_OF.get(key.removesuffix("e")) or _ROLE_OF.get(key.removesuffix("s"))
    if role is None:
        return ((article or "").strip() + " " if article else "") + f"« {term.strip()} »", False
    article = _fold(article or "").replace(" ", "")
    if article in ("le", "la"):
        word = role.split(" ", 1)[-1].split("'", 1)[-1]
        return f"{article} {word}", True
    return role, True


def _name(text: str) -> str | None:
    """The party's name at the start of ``text``, trimmed of its boilerplate, or None."""
    text = re.sub(r"\s*\|\s*", " ", text)  # a PDF table's cells around a name
    text = _KIND.sub("", text.strip(" \t\n,;:.-–—/"))
    # "La COOPÉRATIVE X": the article before a name in capitals is not part of it
    text = re.sub(r"^(?:La|Le|L['’])\s*(?=[A-ZÀ-Ý]{2,}\b)", "", text)
    name = _NAME_END.split(text, 1)[0].strip(' .:"«»“”')
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or _fold(words[0]) in _NOT_NAMES:
        return None
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return None
    if words[0].lower() in ("le", "la", "l'", "les") and not (len(words) > 1 and words[1].isupper()):
        return None  # "La personne physique …": a description, not a name
    if any(w[0].islower() and _fold(w) not in _CONNECTORS and "-" not in w for w in words[1:]):
        return None  # running text ("Les présentes conditions régissent …")
    if {_fold(words[0]), _fold(words[-1])} & _ROLE_WORDS:
        return None  # "Client Final", "le Client": a role, not a name
    return name


def _alias(term: str, name: str) -> bool:
    """« Neuronia » for NEURONIA SAS, « ACS » for Atelier Conseil Systèmes."""
    words = _fold(name).split()
    return set(_fold(term).split()) <= set(words) or _fold(term) == "".join(w[0] for w in words if w not in _CONNECTORS)


def _party_text(segment: str) -> tuple[str, bool]:
    """Where the party's statement starts within ``segment``, and whether it identifies a company."""
    identified = bool(_IDENTIFIED.search(segment))
    intros = list(_INTRO.finditer(segment))
    if intros:  # "Et :\nX SARL, représentée par la société Y": the name follows the "Et"
        return segment[intros[-1].end() :], identified
    # the name comes before its signatory, which may be a company too
    segment = _SIGNATORY.split(segment)[0] if len(_SIGNATORY.findall(segment)) == 1 else segment
    if company := _COMPANY.search(segment):
        return segment[company.end() :], identified
    entre = list(_AFTER_ENTRE.finditer(segment))
    return segment[entre[-1].end() if entre else 0 :], identified


def _defined(text: str) -> list[tuple[int, Party]]:
    """The parties a defining phrase ("…, ci-après « le Client »") states, with their place."""
    found: list[tuple[int, Party]] = []
    boundary = 0
    for match in _DEFINED.finditer(text):
        segment = text[max(boundary, match.start() - _STATEMENT_CHARS) : match.start()]
        terms = [(match.group("term") or match.group("bare"), match.group("art") or match.group("bart"))]
        others: list[tuple[str, str | None]] = []
        cursor = match.end()
        while (more := _NEXT_TERM.match(text, cursor)) is not None:
            (terms if more.group("link").lower() == "ou" else others).append((more.group("term"), more.group("art")))
            cursor = more.end()
        roles = [_role(term, art) for term, art in terms]
        known = [role for role, is_role in roles if is_role]
        statement, identified = _party_text(segment)
        if not known and not (match.group("term") and identified):
            continue  # « le Projet », « les CGV », a bare word that is no role
        name = _name(statement)
        if name is None and identified and segment.rstrip().endswith("("):
            trailing = _TRAILING.search(segment)  # "… édité par Exemple Logiciels SAS (ci-après …)"
            name = _name(trailing.group(1)) if trailing else None
        if not known and not (name and _alias(terms[0][0], name)):
            continue  # « le Logiciel » after a company's description: a defined thing, not the company
        found.append((match.start(), Party(name=name, role=known[0] if known else roles[0][0])))
        boundary = cursor  # a rejected term (« le Logiciel ») stays inside the next party's statement
        for term, art in others:
            if (other := _role(term, art))[1]:
                found.append((match.start(), Party(name=None, role=other[0])))
    return found


def _definitions(text: str) -> list[tuple[int, Party]]:
    """The parties a definition in general terms states ("le « Client » désigne toute personne …")."""
    found: list[tuple[int, Party]] = []
    for match in _DEFINES.finditer(text):
        role, is_role = _role(match.group("term"), match.group("art"))
        if not is_role:
            continue
        # "Le Client désigne M. Martin, chef de projet": a name only after a term set out as defined
        formal = match.group("formal") or match.group("quote")
        named = _NAMED.match(text, match.end()) if formal else None
        found.append((match.start(), Party(name=_name(named.group()) if named else None, role=role)))
    return found


def _once(parties: list[Party]) -> list[Party]:
    """Each role once, in the order given, named where one statement names it."""
    kept: dict[str, Party] = {}
    for party in parties:
        key = _word(party.role)
        if key not in kept or (kept[key].name is None and party.name):
            kept[key] = party
    return list(kept.values())


def _parties(clauses: list[Clause]) -> list[Party]:
    """The parties these clauses state: an "Identification du prestataire" clause, then the text's phrases."""
    named: list[Party] = []
    for clause in clauses:
        if (title := _IDENTIFIES.match(clause.title)) and (role := _role(title.group("role"), None))[1]:
            named.append(Party(name=_name(clause.text.split("\n", 1)[0]), role=role[0]))
    text = "\n".join(c.text for c in clauses)
    return _once(named + [party for _, party in sorted(_defined(text) + _definitions(text), key=lambda f: f[0])])


def _opening(clauses: list[Clause]) -> list[Clause]:
    first = clauses[:1] if clauses and clauses[0].number is None and not clauses[0].title else []
    return first + [c for c in clauses[:_OPENING_CLAUSES] if c.title and _OPENING_TITLE.search(c.title)]


def find_parties(contract: ContractText) -> list[Party]:
    """The parties stated in the opening, else in a parties or definitions clause; none found, none said."""
    opening = _opening(contract.clauses)
    if parties := _parties(opening):
        return parties
    read = {id(c) for c in opening}
    return _parties([c for c in contract.clauses if id(c) not in read and _DEFINITIONS_TITLE.search(c.title)])
