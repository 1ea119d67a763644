"""The rule file's JSON Schema described in French, for the counsel's editor.

The models in ``clausecheck.ruleset.schema`` are documented in English for whoever reads the
code; ``clausecheck schema`` gives the counsel's editor French descriptions instead, from the
table below, by model and field ("" for the model itself). A description the table lacks is
dropped rather than shown in English (``tests/test_rule_errors_fr.py`` checks none is lacking).
"""

from __future__ import annotations

from typing import Any

_RULE: dict[str, str] = {
    "when": "Groupes de motifs qui doivent tous trouver une correspondance pour que la règle s'applique.",
    "unless": "Groupes dont aucun ne doit trouver de correspondance (exceptions). Une correspondance comprise "
    "dans celle d'un groupe « when » ne compte pas : « accord préalable » n'annule pas « sans accord préalable ».",
    "id": "Identifiant stable, « famille.risque », en minuscules, chiffres et tirets "
    "(ex. termination.full-remaining-price).",
    "title": "Titre du risque, en français.",
    "severity": "Gravité : high (élevée), medium (moyenne), low (faible) ou info (information).",
    "applies_to": "Types de contrat sur lesquels la règle s'applique : all, ou une liste parmi it-services, saas, "
    "hosting, telecom, software-license, maintenance, outsourcing, other.",
    "message": "Une phrase en français qui dit ce qui a été trouvé.",
    "why": "La leçon juridique, en deux ou trois phrases.",
    "recommendation": "Ce qu'il faut négocier, côté client et côté prestataire.",
    "references": "Sources (décisions, textes, doctrine, guides) ; au moins une.",
    "examples": "Exemples que la règle doit signaler (fires) ou laisser passer (silent) ; `clausecheck test` "
    "les vérifie.",
    "kind": "Genre de règle : matches, absent, requires, coverage ou deletion.",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "MatchesRule": {
        "": "Règle « matches » : signale chaque clause dont la rédaction remplit la condition.",
        **_RULE,
        "exposure": "Estimer l'exposition financière : prix périodique × durée d'engagement.",
    },
    "AbsentRule": {
        "": "Règle « absent » : signale une fois par contrat l'absence de toute clause remplissant la condition.",
        **_RULE,
        "searched": "Ce qui a été cherché, en français, tel que le rapport l'affiche.",
    },
    "RequiresRule": {
        "": "Règle « requires » : signale chaque clause qui remplit la condition sans aucun des groupes « then ».",
        **_RULE,
        "then": "Groupes dont la clause doit aussi contenir au moins un.",
    },
    "CoverageRule": {
        "": "Règle « coverage » : signale la clause principale quand les clauses remplissant la condition "
        "laissent des thèmes de côté.",
        **_RULE,
        "themes": "Thèmes que les clauses doivent couvrir ; au moins deux.",
        "anchor": "Motifs de titre qui désignent la clause principale à laquelle rattacher le constat.",
        "commitment": "Motifs d'un engagement (« [le Prestataire] s'engage à ») : parmi les clauses que l'ancre "
        "intitule (toutes, si elle n'en intitule aucune), celle dont la phrase retenue en contient un est la "
        "clause principale.",
    },
    "DeletionRule": {
        "": "Règle « deletion » : signale chaque suppression suivie d'un projet Word qui retire une protection "
        "qu'une autre règle recherche. Ses exemples marquent les mots supprimés ainsi : "
        "{--après en avoir informé le Client--}.",
        **_RULE,
        "when": "Inutilisé : ce sont les motifs des autres règles qui disent ce qui protège.",
    },
    "Group": {
        "": "Motifs qui expriment une même idée, par exemple « tout le prix restant ».",
        "name": "Nom court de l'idée, cité comme preuve.",
        "within": "Portée : sentence, tous les groupes de portée « sentence » dans une même phrase ; "
        "sentence-or-list, de même, et un motif trouvé dans l'introduction d'une liste (avant ses « : ») vaut "
        "aussi pour chaque élément de la liste ; sentence-or-next, de même, et un motif vaut aussi dans la "
        "phrase suivante quand elle y renvoie dès ses premiers mots (« Cet engagement… », « Dans ce cas… », "
        "« Il… ») ; clause, n'importe où dans la clause, titre compris ; title, "
        "dans le titre de la clause seulement.",
        "patterns": "Motifs : des phrases (textes) ou des motifs de jetons spaCy ([{LEMMA: résilier}, …]).",
    },
    "ExceptionGroup": {
        "": "Exception (unless) : motifs dont la présence écarte le constat.",
        "name": "Nom court de l'exception, cité comme preuve.",
        "within": "Portée : sentence, la phrase qui la contient ; sentence-or-previous, cette phrase et la "
        "suivante, qui peut y renvoyer (« Dans ce cas, … ») ; sentence-or-before, cette phrase et, quand elle "
        "renvoie dès ses premiers mots à la précédente, cette précédente (« Le Prestataire peut changer de "
        "plateforme. Il en avertit le Client en lui indiquant les conséquences. ») ; sentence-or-list, cette "
        "phrase et, pour un "
        "motif trouvé dans l'introduction d'une liste (avant ses « : »), chaque élément de la liste ; "
        "next-pronoun, non cette phrase mais celles qui la suivent en commençant par un pronom sujet, qui "
        "reprend ce que nomme le motif (« Le Client applique les règles d'accès. Il signale toute "
        "compromission. ») ; "
        "clause, toute la clause, titre compris ; title, le titre de la clause seulement.",
        "patterns": "Motifs : des phrases (textes) ou des motifs de jetons spaCy ([{LEMMA: résilier}, …]).",
    },
    "Example": {
        "": "Un exemple avec son titre, sa preuve attendue ou une note.",
        "title": "Titre de clause placé devant le texte de l'exemple.",
        "text": "Texte de l'exemple.",
        "evidence": "Exemples « fires » seulement : mots du texte que le constat doit citer comme preuve, "
        "par exemple [sommes restant dues].",
        "note": "Pourquoi l'exemple est là ; pour une lacune connue, ce qui manque.",
    },
    "Examples": {
        "": "Les exemples par lesquels la règle se teste elle-même.",
        "fires": "Textes que la règle doit signaler.",
        "silent": "Textes que la règle doit laisser passer.",
        "known_miss": "Textes que la règle devrait signaler mais ne signale pas encore : rapportés, pas en échec ; "
        "un texte qui devient signalé doit passer dans « fires ».",
    },
    "Recommendation": {
        "": "Ce qu'il faut négocier selon la partie représentée.",
        "client": "Ce qu'il faut négocier pour le client.",
        "supplier": "Ce qu'il faut négocier pour le prestataire.",
        "client_wording": "Une rédaction à proposer pour le client.",
        "supplier_wording": "Une rédaction à proposer pour le prestataire.",
    },
    "Reference": {
        "": "Une source de la règle.",
        "kind": "Nature : decision, statute (texte), doctrine ou guidance (guide).",
        "citation": "Citation, par exemple « C. civ. art. 1231-5 ».",
        "url": "Adresse de la source, s'il y en a une.",
        "note": "Ce pour quoi la source est citée, ou ce qu'on en ignore.",
        "status": "verified : lue dans sa source officielle ou une publication fiable ; reported : connue "
        "seulement par une source secondaire, non lue.",
        "source": "Où elle a été vérifiée (par exemple Légifrance), ou qui la rapporte.",
        "checked": "Mois de la dernière vérification, AAAA-MM.",
    },
    "Theme": {
        "": "Un thème qu'une règle « coverage » attend.",
        "name": "Nom court du thème.",
        "label": "Nom du thème en français, tel que le rapport l'affiche.",
        "ask": "Ce qu'il faut demander sur ce thème quand il manque ; remplace « {missing} » dans la "
        "recommandation, par exemple « postes de travail (protection tenue à jour) ».",
        "patterns": "Motifs qui montrent que le thème est couvert.",
    },
    "RuleFile": {
        "": "Un fichier de règles clausecheck.",
        "rules": "Les règles du fichier ; au moins une.",
    },
}


def in_french(schema: dict[str, Any], title: str) -> dict[str, Any]:
    """``schema`` with every model's and field's description taken from the French table."""
    _describe(schema, DESCRIPTIONS.get(title, {}))
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, DESCRIPTIONS.get(name, {}))
    return schema


def _describe(definition: dict[str, Any], french: dict[str, str]) -> None:
    _set(definition, french.get(""))
    for name, field in definition.get("properties", {}).items():
        _set(field, french.get(name))


def _set(node: dict[str, Any], description: str | None) -> None:
    if description:
        node["description"] = description
    else:
        node.pop("description", None)
