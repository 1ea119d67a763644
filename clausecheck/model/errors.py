"""Errors the user can act on, kept apart from internal bugs.

A ``ReadError`` is about one input file: the batch reports it and goes on. A
``RuleError`` is about the rule files: the run stops before any contract is read.
"""

from __future__ import annotations

from typing import Literal

ReadErrorCode = Literal[
    "internal-error",
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
    "too-slow",
    "worker-died",
]


_RESAVE = "rouvrez-le dans Word et réenregistrez-le au format .docx"

# Every French message the user can get about one input file, by reason: (code, what it
# means and what to do). Readers, the command line and the JSON envelope all use these.
MESSAGES: dict[str, tuple[ReadErrorCode, str]] = {
    "not-found": ("not-found", "fichier introuvable : vérifiez le chemin indiqué"),
    "not-a-file": ("unreadable", "ce n'est pas un fichier ordinaire : indiquez un fichier ou un dossier"),
    "permission": ("unreadable", "lecture refusée (droits d'accès) : vérifiez les permissions du fichier"),
    "unreadable": ("unreadable", "fichier illisible (erreur disque) : vérifiez que vous pouvez l'ouvrir"),
    "empty": ("empty", "fichier vide (0 octet) : demandez à l'expéditeur de renvoyer le document"),
    "blank": ("empty", "le fichier ne contient aucun texte : vérifiez qu'il s'agit du bon document"),
    "no-text": ("no-text", "le document ne contient aucun texte : vérifiez qu'il s'agit de la bonne version"),
    "legacy-doc": (
        "legacy-doc",
        "ancien format Word 97-2003 (.doc) : ouvrez-le dans Word et enregistrez-le au format .docx",
    ),
    "unsupported-format": (
        "unsupported-format",
        "format non pris en charge : fournissez un .docx, .pdf, .txt ou .md",
    ),
    "not-french": (
        "not-french",
        "le document ne semble pas rédigé en français : clausecheck n'analyse que les contrats en français",
    ),
    "docx-not-zip": (
        "corrupt-file",
        f"fichier Word endommagé ou qui n'est pas un .docx (archive illisible) : {_RESAVE}",
    ),
    "docx-no-document": (
        "corrupt-file",
        f"fichier .docx incomplet (le corps du document est absent) : {_RESAVE}",
    ),
    "docx-bad-xml": ("corrupt-file", f"fichier Word endommagé (contenu XML invalide) : {_RESAVE}"),
    "docx-doctype": (
        "corrupt-file",
        "fichier .docx non produit par Word (déclaration DTD refusée) : "
        "demandez à l'expéditeur une version enregistrée depuis Word",
    ),
    "docx-strict": (
        "unsupported-format",
        "document au format « Strict Open XML » : réenregistrez-le dans Word au format « Document Word (.docx) »",
    ),
    "docx-encrypted": (
        "encrypted",
        "document protégé par mot de passe : retirez le chiffrement dans Word "
        "(Fichier > Informations > Protéger le document) puis réenregistrez-le",
    ),
    "too-large": (
        "too-large",
        "fichier trop volumineux une fois décompressé ou anormalement compressé : "
        "vérifiez sa provenance puis réenregistrez-le dans Word au format .docx",
    ),
    "pdf-corrupt": (
        "corrupt-file",
        "le PDF est endommagé et ne peut pas être lu : demandez un nouvel export du document ou sa version Word",
    ),
    "pdf-encrypted": (
        "encrypted",
        "le PDF est protégé par un mot de passe : demandez une version sans mot de passe ou la version Word",
    ),
    "pdf-cipher": (
        "encrypted",
        "le PDF est chiffré avec un algorithme non pris en charge : demandez "
        "une version sans mot de passe ou la version Word",
    ),
    "pdf-filter": (
        "corrupt-file",
        "le PDF utilise une compression ou un encodage que clausecheck ne sait pas lire : "
        "demandez un nouvel export du document (« Enregistrer au format PDF ») ou sa version Word",
    ),
    "text-encoding": (
        "corrupt-file",
        "fichier texte endommagé (encodage UTF-16 invalide ou tronqué) : "
        "rouvrez-le dans un éditeur de texte et réenregistrez-le en UTF-8",
    ),
    "text-binary": (
        "corrupt-file",
        "ce fichier n'est pas du texte (contenu binaire) : vérifiez qu'il s'agit du bon document "
        "et de la bonne extension (.txt, .md)",
    ),
    "text-too-large": (
        "too-large",
        "document trop long pour être analysé : scindez-le (contrat et annexes séparément, "
        "par exemple) puis analysez chaque partie",
    ),
    "needs-ocr": (
        "needs-ocr",
        "le PDF ne contient pas de texte (document numérisé) : passez-le à la "
        "reconnaissance de caractères (OCR) ou demandez la version Word",
    ),
    "too-slow": (
        "too-slow",
        "analyse interrompue, le document dépasse le temps alloué à chaque document : vérifiez sa provenance, "
        "ou relancez-le seul avec un budget plus long (--time-budget)",
    ),
    "worker-died": (
        "worker-died",
        "le processus qui analysait ce document s'est arrêté (mémoire épuisée ou processus tué) : "
        "relancez-le seul, avec --debug, et signalez l'erreur si elle se reproduit",
    ),
    "internal-error": (
        "internal-error",
        "erreur interne de clausecheck sur ce document, le fichier n'est pas en cause : "
        "relancez avec --debug et signalez l'erreur",
    ),
}


class ReadError(Exception):
    """An input file that cannot be checked; ``message`` is French and says what to do."""

    def __init__(self, code: ReadErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ReadErrorCode = code
        self.message = message

    @classmethod
    def of(cls, reason: str, detail: str | None = None) -> ReadError:
        """The error for one of the ``MESSAGES`` reasons, with an optional detail in front."""
        code, message = MESSAGES[reason]
        return cls(code, f"{detail} : {message}" if detail else message)


class RuleError(Exception):
    """A rule file that cannot be used: names the file, line, rule id and field.

    ``message`` and ``hint`` are French; the whole error reads as one line,
    ``FICHIER:LIGNE, règle ID, champ CHAMP : message (conseil : hint)``.
    """

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
            parts.append(f"règle {self.rule_id}")
        if self.field:
            parts.append(f"champ {self.field}")
        text = " : ".join([", ".join(parts), self.detail])
        text = f"{text} (conseil : {self.hint})" if self.hint else text
        return " ".join(text.splitlines())  # one line, whatever a value quoted in it holds
