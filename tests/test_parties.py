"""The contracting parties on the report's first screen: found where French contracts state them, never invented.

Every document here is written for these tests; the companies are invented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from typer.testing import CliRunner

from clausecheck.cli import app
from clausecheck.engine.parties import find_parties
from clausecheck.model.document import Block
from clausecheck.model.findings import Party
from clausecheck.segment import segment

if TYPE_CHECKING:
    from clausecheck.engine.checker import Checker

runner = CliRunner()

ARTICLES = [
    ("Article 1 – Objet", "Le Prestataire développe pour le Client une application de suivi des livraisons."),
    ("Article 2 – Prix", "Le prix forfaitaire est de 24 000 euros hors taxes, payable à la livraison."),
    ("Article 3 – Durée", "Le contrat prend fin à la réception définitive de l'application."),
]

LATER_ARTICLES = [(f"Article {n} – {heading.split(' – ')[1]}", body) for n, (heading, body) in enumerate(ARTICLES, 2)]


def parties_of(*paragraphs: str) -> list[Party]:
    """The parties found in a contract made of a title, these paragraphs, then the articles above."""
    blocks = [Block(text="CONTRAT DE DÉVELOPPEMENT"), *(Block(text=p) for p in paragraphs)]
    blocks += [Block(text=text) for article in ARTICLES for text in article]
    return find_parties(segment(blocks, "contrat.txt"))


def write_docx(path: Path, opening: list[str]) -> Path:
    document = docx.Document()
    document.add_heading("CONTRAT DE DÉVELOPPEMENT D'UNE APPLICATION", level=0)
    for text in opening:
        document.add_paragraph(text)
    for heading, body in ARTICLES:
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    document.save(str(path))
    return path


ENTRE_ET = [
    "ENTRE :",
    "La société LOGICIELS DU BOCAGE, SAS au capital de 40 000 €, immatriculée au RCS de Laval sous le numéro "
    "123 456 789, dont le siège social est situé 4 rue des Tanneurs, 53000 Laval, représentée par Mme Odile "
    "Fresnel, Présidente, ci-après « le Prestataire »,",
    "ET :",
    "La société CIDRERIE DES TROIS VERGERS, SARL au capital de 8 000 €, dont le siège social est situé au lieu-dit "
    "Les Pommiers, 50000 Saint-Lô, représentée par la société HOLDING VERGERS, son gérant, ci-après dénommée "
    "« le Client ».",
    "Il a été convenu ce qui suit.",
]


# --- the extraction, on segmented documents (fast) -------------------------------------------


def test_parties_entre_et_names_trimmed_of_capital_register_and_seat() -> None:
    assert parties_of(*ENTRE_ET) == [
        Party(name="LOGICIELS DU BOCAGE", role="le Prestataire"),
        Party(name="CIDRERIE DES TROIS VERGERS", role="le Client"),  # not its signatory, HOLDING VERGERS
    ]


def test_parties_entre_les_soussignes_with_an_unquoted_role_and_a_person() -> None:
    assert parties_of(
        "Entre les soussignés :",
        "M. Gaspard Ollivier, développeur indépendant, demeurant 2 impasse des Lilas, 29200 Brest, "
        "ci-après dénommé le Prestataire, d'une part,",
        "Et l'association VÉLOS SOLIDAIRES DU PONANT, dont le siège est à Brest, ci-après désignée le Client, "
        "d'autre part.",
    ) == [
        Party(name="M. Gaspard Ollivier", role="le Prestataire"),
        Party(name="VÉLOS SOLIDAIRES DU PONANT", role="le Client"),
    ]


def test_parties_name_before_a_parenthesised_role_and_a_role_without_name() -> None:
    assert parties_of(
        "Le service est édité par Nuagerie Armoricaine SAS (ci-après « l'Éditeur ») et proposé à toute personne "
        "qui ouvre un compte (ci-après « l'Utilisateur »).",
    ) == [Party(name="Nuagerie Armoricaine SAS", role="l'Éditeur"), Party(name=None, role="l'Utilisateur")]


def test_parties_a_defined_name_is_kept_a_defined_thing_is_not() -> None:
    assert parties_of(
        "Entre : la société KALIMBA DATA, SAS au capital de 10 000 €, éditrice du logiciel dénommé « Ressac », "
        "ci-après « Kalimba » ;",
        "Et : la société FERMES DU LITTORAL, SA au capital de 90 000 €, ci-après « Fermes du Littoral ».",
        "Dans le cadre du déploiement (ci-après « le Projet »), les Parties conviennent de ce qui suit.",
    ) == [
        Party(name="KALIMBA DATA", role="« Kalimba »"),
        Party(name="FERMES DU LITTORAL", role="« Fermes du Littoral »"),
    ]


def test_parties_from_a_definitions_clause_when_the_opening_states_none() -> None:
    blocks = [
        Block(text="CONDITIONS GÉNÉRALES D'UTILISATION"),
        Block(text="Article 1 – Définitions"),
        Block(text="Le « Client » désigne toute personne physique ou morale qui souscrit un abonnement."),
        Block(text="Le terme « Éditeur » désigne Plumetis Services, éditeur de la plateforme."),
        Block(text="Le « Service » désigne la plateforme de réservation en ligne."),
        *(Block(text=text) for article in LATER_ARTICLES for text in article),
    ]
    assert find_parties(segment(blocks, "cgu.txt")) == [
        Party(name=None, role="le Client"),
        Party(name="Plumetis Services", role="l'Éditeur"),
    ]


def test_parties_identification_clause_names_the_supplier() -> None:
    blocks = [
        Block(text="CONDITIONS GÉNÉRALES DE VENTE"),
        Block(text="Article 1 – Identification du prestataire"),
        Block(text="ATELIER PIXELMER, entrepreneur individuel, SIRET 000 000 000 00000"),
        Block(text="Adresse : 3 quai des Sardiniers, 29900 Concarneau"),
        *(Block(text=text) for article in LATER_ARTICLES for text in article),
    ]
    assert find_parties(segment(blocks, "cgv.txt")) == [Party(name="ATELIER PIXELMER", role="le Prestataire")]


def test_parties_none_from_a_running_sentence_or_recitals() -> None:
    assert parties_of("Le Client désigne M. Roux, chef de projet, comme interlocuteur du Prestataire.") == [
        Party(name=None, role="le Client")
    ]
    assert parties_of("Les présentes conditions (ci-après « les CGV ») s'appliquent à toute commande.") == []


# --- the whole flow: real reader, real spaCy pipeline, every report ---------------------------


@pytest.mark.slow
def test_parties_docx_preamble_entre_et(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(write_docx(tmp_path / "contrat.docx", ENTRE_ET))
    assert report.status == "ok"
    assert report.parties == [
        Party(name="LOGICIELS DU BOCAGE", role="le Prestataire"),
        Party(name="CIDRERIE DES TROIS VERGERS", role="le Client"),
    ]


@pytest.mark.slow
def test_parties_txt_cgv_with_roles_only(checker: Checker, tmp_path: Path) -> None:
    path = tmp_path / "cgv.txt"
    path.write_text(
        "CONDITIONS GÉNÉRALES DE VENTE\n\n"
        "Article 1 – Définitions\n"
        "Dans les présentes conditions : le « Client » désigne toute personne qui commande un hébergement ; "
        "le « Prestataire » désigne le professionnel qui fournit l'hébergement.\n\n"
        "Article 2 – Prix\nL'hébergement est facturé 9 euros hors taxes par mois.\n\n"
        "Article 3 – Résiliation\nLe Client peut résilier à tout moment avec un préavis d'un mois.\n",
        encoding="utf-8",
    )
    report = checker.check(path)
    assert report.parties == [Party(name=None, role="le Client"), Party(name=None, role="le Prestataire")]


@pytest.mark.slow
def test_parties_none_stated_nothing_rendered(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "sans-parties.docx", ["Le présent contrat est conclu pour les besoins du projet."])
    markdown = runner.invoke(app, [str(path), "--no-date"]).stdout
    html = runner.invoke(app, [str(path), "--no-date", "-f", "html"]).stdout
    envelope = json.loads(runner.invoke(app, [str(path), "--no-date", "-f", "json"]).stdout)
    assert "Parties" not in markdown and "<dt>Parties" not in html
    assert envelope["documents"][0]["parties"] == []


@pytest.mark.slow
def test_parties_numbered_list_in_the_preamble_is_not_parties(checker: Checker, tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "considerants.docx",
        [
            "Préambule",
            "Il est exposé ce qui suit :",
            "1. Le Client exploite trois boutiques de cycles et souhaite suivre ses réparations en ligne.",
            "2. Le Prestataire conçoit des applications pour les commerces de proximité.",
            "3. La Société Cyclades, fournisseur actuel du Client, cesse la maintenance de son logiciel.",
            "C'est dans ce contexte que les parties se sont rapprochées.",
        ],
    )
    report = checker.check(path)
    assert report.status == "ok" and report.parties == []


@pytest.mark.slow
def test_parties_on_the_first_screen_of_every_report(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "contrat.docx", ENTRE_ET)
    line = "LOGICIELS DU BOCAGE (« le Prestataire ») ; CIDRERIE DES TROIS VERGERS (« le Client »)"

    markdown = runner.invoke(app, [str(path), "--no-date"]).stdout
    first_screen = markdown.split("## ", 1)[0]
    assert f"- **Parties** : {line}" in first_screen
    assert first_screen.index("**Parties**") < first_screen.index("**Type de contrat**")

    html = runner.invoke(app, [str(path), "--no-date", "-f", "html"]).stdout
    assert f"<dt>Parties</dt><dd>{line}</dd>" in html.replace("&#34;", '"')

    envelope = json.loads(runner.invoke(app, [str(path), "--no-date", "-f", "json"]).stdout)
    assert envelope["documents"][0]["parties"] == [
        {"name": "LOGICIELS DU BOCAGE", "role": "le Prestataire"},
        {"name": "CIDRERIE DES TROIS VERGERS", "role": "le Client"},
    ]

    runner.invoke(app, [str(path), "--no-date", "-f", "docx", "-o", str(tmp_path / "out")])
    word = docx.Document(str(tmp_path / "out" / "contrat.rapport.docx"))
    texts = [p.text for p in word.paragraphs]
    assert f"Parties : {line}" in texts
    assert texts.index(f"Parties : {line}") < next(i for i, t in enumerate(texts) if t.startswith("Type de contrat"))
