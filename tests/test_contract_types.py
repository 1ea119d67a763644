"""Contract types weighed from the whole document, on small contracts written for these tests."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import docx
import pytest

from clausecheck.engine.checker import Checker
from clausecheck.engine.contract_types import term_regex
from clausecheck.engine.source import read_contract
from clausecheck.model.errors import RuleError
from clausecheck.model.findings import DocumentReport
from clausecheck.report.json_envelope import render_json
from clausecheck.report.markdown import type_line
from clausecheck.report.run_info import RunInfo
from clausecheck.ruleset import loader
from clausecheck.text.fold import fold

pytestmark = pytest.mark.slow


def contract(tmp_path: Path, text: str, name: str = "contrat.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def zones_of(report: DocumentReport, contract_type: str) -> set[str]:
    return {e.zone for e in report.type_evidence if e.type == contract_type}


def test_contract_types_preamble_alone_says_what_a_generic_contract_is(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Contrat\n\n"
            "ENTRE LES SOUSSIGNÉS\nLa société Pixelune, agence de création de sites internet, ci-après « le "
            "Prestataire »,\nET la société Boulangerie Roux, ci-après « le Client ».\n\n"
            "Il a été exposé ce qui suit : le Client souhaite un site vitrine présentant ses produits ; le "
            "Prestataire propose de le concevoir et de le réaliser selon le cahier des charges annexé.\n\n"
            "Article 1 – Engagements\nLe Prestataire livre le site dans un délai de six semaines.\n\n"
            "Article 2 – Prix\nLe prix forfaitaire est de 3 000 euros hors taxes.\n",
        )
    )
    assert report.contract_types == ["it-services"]
    assert report.types_determined
    assert "opening" in zones_of(report, "it-services")
    assert "delivery.acceptance-missing" not in report.rules_not_applicable


def test_contract_types_subscription_to_a_platform_is_saas(checker: Checker, tmp_path: Path) -> None:
    # Never "SaaS", "logiciel" or "en ligne": a paid subscription to a platform the client's staff use.
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\n\n"
            "Préambule\nLes présentes conditions s'appliquent à toute entreprise souscrivant un abonnement payant "
            "à la plateforme Atelio, qui organise le planning de ses équipes d'intervention.\n\n"
            "Article 1 – Formules\nLa formule Équipe est facturée 12 € HT par collaborateur et par mois.\n\n"
            "Article 2 – Résiliation\nL'abonnement peut être résilié à chaque échéance mensuelle.\n",
        )
    )
    assert report.contract_types == ["saas"]
    assert "opening" in zones_of(report, "saas")


def test_contract_types_a_user_creating_an_account_is_no_development(checker: Checker, tmp_path: Path) -> None:
    # A platform's users create their accounts and profiles on it: nobody builds software for them.
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'utilisation de la plateforme Rézo\n\n"
            "Définitions\nLe « Service » désigne la plateforme en ligne Rézo, accessible par abonnement, qui met en "
            "relation les associations sportives et leurs bénévoles.\n\n"
            "Inscription\nPour utiliser le Service, chaque bénévole crée un profil sur la plateforme ; un "
            "responsable d'association peut créer un compte sur l'application mobile et inviter ses membres.\n\n"
            "Abonnement\nL'abonnement de l'association est facturé 9 € HT par mois.\n",
        )
    )
    assert report.contract_types == ["saas"]
    assert "it-services" not in report.type_scores


def test_contract_types_a_licence_to_reach_software_its_publisher_runs_is_saas(
    checker: Checker, tmp_path: Path
) -> None:
    # A "licence d'accès": the client uses software its publisher runs, nothing is installed.
    report = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE LICENCE D'ACCÈS AU PROGICIEL GESTIMMO\n\n"
            "Article 1 – Objet\nL'Éditeur concède à l'Agence une licence d'accès au progiciel Gestimmo de "
            "gestion locative, pour le nombre de négociateurs indiqué aux conditions particulières.\n\n"
            "Article 2 – Redevance\nChaque licence d'accès est facturée 45 € HT par négociateur et par mois.\n\n"
            "Article 3 – Durée\nLe contrat est conclu pour un an, reconductible tacitement.\n",
        )
    )
    assert "saas" in report.contract_types
    assert {"title", "object"} <= zones_of(report, "saas")
    # A server's client access licences are installed software, not access to a service.
    server = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE LICENCE DE LOGICIEL SERVEUR\n\n"
            "Article 1 – Objet\nL'Éditeur concède au Client une licence du logiciel serveur Orbis, installé sur le "
            "serveur du Client, et vingt licences d'accès client permettant à ses postes de s'y connecter.\n\n"
            "Article 2 – Prix\nLicence serveur : 900 € HT ; licences d'accès client : 35 € HT l'unité.\n",
            "serveur.txt",
        )
    )
    assert "saas" not in server.contract_types


def test_contract_types_an_ai_assistant_by_subscription_is_saas(checker: Checker, tmp_path: Path) -> None:
    # No "SaaS", "plateforme" or "en ligne": an assistant answering calls, paid by the month.
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de service\n\n"
            "Article 1 – Objet\nLes présentes conditions régissent l'abonnement à Standardia, un assistant "
            "vocal reposant sur l'intelligence artificielle qui répond aux appels des clients du cabinet, "
            "prend leurs rendez-vous et met à jour les fiches des patients.\n\n"
            "Article 2 – Prix\nLa formule Cabinet est facturée 89 € HT par mois, sans engagement.\n",
        )
    )
    assert "saas" in report.contract_types
    assert "saas" in {e.type for e in report.type_evidence if e.signal == "assistant d'intelligence artificielle"}
    # the same assistant built to order is a development, not a service the client subscribes to
    built = checker.check(
        contract(
            tmp_path,
            "Contrat de développement\n\n"
            "Article 1 – Objet\nLe Prestataire conçoit et développe pour le Client un logiciel spécifique de "
            "gestion des rendez-vous, selon le cahier des charges annexé, et en livre le code source.\n\n"
            "Article 2 – Livrables\nLe développement comprend un assistant reposant sur l'intelligence "
            "artificielle, livré avec sa documentation.\n",
            name="developpement.txt",
        )
    )
    assert built.contract_types == ["it-services"]
    # … and so is a chatbot whose development the title names
    named = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE DÉVELOPPEMENT D'UN CHATBOT\n\n"
            "Article 1 – Objet\nLe Prestataire programme un agent conversationnel propre au Client, installé "
            "sur les serveurs de celui-ci, et lui cède le code source.\n\n"
            "Article 2 – Prix\nLe prix forfaitaire est de 24 000 euros hors taxes.\n",
            name="chatbot.txt",
        )
    )
    assert "it-services" in named.contract_types


def test_contract_types_the_date_a_page_was_last_updated_is_no_maintenance(checker: Checker, tmp_path: Path) -> None:
    # "Dernière mise à jour" under the title dates the page; only the host's maintenance is named, in passing.
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\nDernière mise à jour : 3 mars 2026\n\n"
            "Article 1 – Objet\nLes présentes conditions régissent la création de sites internet par l'agence "
            "Pixelune pour ses clients professionnels, selon le devis accepté.\n\n"
            "Article 2 – Prix\nLe prix forfaitaire est fixé au devis ; un acompte de 30 % est versé à la commande.\n\n"
            "Article 3 – Responsabilité\nLe Prestataire ne répond pas des interruptions dues à la maintenance des "
            "serveurs de l'hébergeur choisi par le Client.\n",
        )
    )
    assert report.contract_types == ["it-services"]


def test_contract_types_an_accessibility_audit_of_websites_is_an_it_service(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\n\n"
            "Article 1 – Objet\nLe Prestataire réalise pour ses clients professionnels des audits d'accessibilité "
            "de leurs sites web au regard du RGAA, et leur remet un rapport classant les non-conformités relevées.\n\n"
            "Article 2 – Prix\nChaque audit est facturé selon le devis accepté.\n",
        )
    )
    assert report.contract_types == ["it-services"]
    assert report.types_determined
    # the accessibility of premises to people with reduced mobility is no software
    premises = checker.check(
        contract(
            tmp_path,
            "Contrat d'audit d'accessibilité\n\n"
            "Article 1 – Objet\nLe Prestataire réalise l'audit d'accessibilité de l'établissement recevant du "
            "public exploité par le Client : rampes, largeur des portes, sanitaires adaptés aux personnes à "
            "mobilité réduite.\n\n"
            "Article 2 – Prix\nL'audit est facturé 900 euros hors taxes.\n",
            name="locaux.txt",
        )
    )
    assert "it-services" not in premises.contract_types


def test_contract_types_an_online_identity_service_for_public_agents_is_saas(checker: Checker, tmp_path: Path) -> None:
    # sign-in for many online services (an identity federation), free, for the agents of an administration;
    # "stagiaire" in a list of staff statuses is no training
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'utilisation du portail Passerelle Agents\n\n"
            "Article 1 – Objet\nLe ministère met à la disposition de ses agents (titulaires, contractuels, "
            "stagiaires) un dispositif d'authentification permettant d'accéder avec un seul compte aux outils "
            "de leur administration, grâce à une fédération d'identité reliant les fournisseurs d'identité "
            "des directions.\n\n"
            "Article 2 – Accès\nL'agent se connecte avec l'identifiant et le mot de passe de sa direction.\n",
        )
    )
    assert report.contract_types == ["saas"]
    # a public body's platform for procedures filed online (a "téléservice") is software used online
    procedures = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'utilisation\n\n"
            "Article 1 – Objet\nLe présent document fixe les conditions dans lesquelles une collectivité utilise "
            "le téléservice Guichet Plus, qui lui permet de publier des démarches en ligne et d'instruire les "
            "dossiers déposés par les usagers.\n\n"
            "Article 2 – Support\nL'éditeur assure la maintenance du téléservice et répond aux agents par courriel.\n",
            name="guichet.txt",
        )
    )
    assert "saas" in procedures.contract_types
    # a public digital service ("service public numérique", "produit numérique") booked by agents online
    bookings = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'utilisation - Agents\n\n"
            "Article 1 – Objet\nLes mairies utilisent ce service public numérique pour organiser les "
            "rendez-vous de leurs administrés.\n\n"
            "Article 2 – Fonctionnalités\nChaque agent consulte dans le produit numérique le planning de son "
            "service et les créneaux ouverts ; le secrétariat de mairie peut déplacer un rendez-vous.\n",
            name="rendezvous.txt",
        )
    )
    assert bookings.contract_types == ["saas"]


def test_contract_types_derived_works_forbidden_are_no_development(checker: Checker, tmp_path: Path) -> None:
    # "créer des œuvres dérivées basées sur …" forbids; "basées" is no "base" of data to build.
    path = contract(
        tmp_path,
        "Conditions générales d'utilisation\n\n"
        "Article 1 – Objet\nL'Éditeur donne au Client un accès à sa plateforme en ligne de partage de "
        "vidéos, par abonnement.\n\n"
        "Article 2 – Restrictions\nLe Client ne peut ni revendre l'accès, ni créer des œuvres dérivées basées "
        "sur les vidéos d'autres clients.\n",
    )
    typing = checker.typer.detect(read_contract(path))
    assert typing.types == ["saas"]
    assert "it-services" not in typing.scores


def test_contract_types_cgv_typed_by_its_description_of_services(checker: Checker, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Conditions générales de vente")
    for heading, body in [
        ("Article 1 – Commande", "Toute commande passée sur le site vaut acceptation des présentes conditions."),
        (
            "Article 2 – Description des services",
            "Le Prestataire met à disposition du Client un serveur privé virtuel avec accès administrateur, "
            "dans son centre de données, et une sauvegarde hebdomadaire.",
        ),
        ("Article 3 – Tarifs", "Le serveur privé virtuel est facturé 12 euros hors taxes par mois."),
        ("Article 4 – Durée", "Le contrat est conclu pour un mois, renouvelable tacitement."),
    ]:
        document.add_paragraph(heading)
        document.add_paragraph(body)
    path = tmp_path / "cgv.docx"
    document.save(str(path))
    report = checker.check(path)
    assert report.contract_types == ["hosting"]
    assert {"services", "prices"} <= zones_of(report, "hosting")
    assert "hosting.notice-procedure-missing" not in report.rules_not_applicable


def test_contract_types_non_it_contract_mentioning_a_website_stays_other(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente des formations\n\n"
            "L'organisme de formation Savoirs Plus organise des actions de formation professionnelle.\n\n"
            "Article 1 – Inscription\nL'inscription du stagiaire se fait sur notre site internet ou par e-mail. "
            "Une convention de formation est adressée au Client.\n\n"
            "Article 2 – Programme\nLes sessions de formation portent notamment sur la création de sites "
            "internet et le développement d'applications web.\n\n"
            "Article 3 – Annulation\nToute annulation moins de dix jours avant la session reste due à 50 %.\n",
        )
    )
    assert report.contract_types == ["other"]
    assert {e.signal for e in report.type_evidence} == {"formation professionnelle"}
    assert "advice.duty-missing" in report.rules_not_applicable
    assert "security.obligations-missing" in report.rules_not_applicable


def test_contract_types_an_integrators_terms_listing_training_and_hardware_stay_it(
    checker: Checker, tmp_path: Path
) -> None:
    # Training and hardware resale outweigh each IT type alone, not the two together: the
    # terms resell software licences and build specific developments, as their object says.
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente et de prestations\n"
            "\n"
            "Article 1 – Objet\n"
            "Les présentes conditions s'appliquent aux commandes passées auprès de la société Numéris Conseil"
            " pour : la revente de licences de logiciels de conception publiés par des éditeurs tiers ; des "
            "prestations de formation, d'accompagnement et de développements spécifiques ; la location et la "
            "revente de postes de travail et de traceurs.\n"
            "\n"
            "Article 2 – Formations\n"
            "Le formateur remet à chaque stagiaire une attestation de présence. Les sessions se tiennent dans"
            " nos locaux ou chez le Client, qui met une salle équipée à la disposition du formateur.\n"
            "\n"
            "Article 3 – Sessions de formation\n"
            "Chaque session de formation suit le programme de formation joint à la convention de formation ; "
            "l'organisme de formation est déclaré auprès de l'administration.\n"
            "\n"
            "Article 3 bis – Livraison des matériels\n"
            "Les matériels sont remis au transporteur ; le Client vérifie les colis à leur réception et "
            "formule ses réserves auprès du transporteur.\n"
            "\n"
            "Article 4 – Licences\n"
            "Les logiciels sont fournis avec la licence de leur éditeur, que le Client accepte lors de "
            "l'installation. Le droit d'utilisation est personnel et non cessible.\n"
            "\n"
            "Article 5 – Développements spécifiques\n"
            "Les développements spécifiques sont réalisés selon le cahier des charges validé par le Client, "
            "puis soumis à recette.\n",
        )
    )
    assert report.contract_types == ["it-services", "software-license"]
    assert report.type_scores["other"] > max(report.type_scores["it-services"], report.type_scores["software-license"])


def test_contract_types_deliverables_of_a_non_it_service_make_no_it_service(checker: Checker, tmp_path: Path) -> None:
    # an acoustic survey hands over "livrables" too: deliverables are no software development
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente – Mesures acoustiques\n\n"
            "Article 1 – Objet\nLe Prestataire réalise des mesures de bruit sur les chantiers du Client.\n\n"
            "Article 2 – Livrables\nLes livrables (rapport de mesures, relevés, cartes de bruit) sont remis "
            "sous dix jours. Tout livrable complémentaire fait l'objet d'un devis.\n\n"
            "Article 3 – Annulation\nEn cas d'annulation par le Client, les frais de déplacement restent dus.\n",
        )
    )
    assert not {e.signal for e in report.type_evidence} & {"cahier des charges"}
    assert report.contract_types == ["other"]


def test_contract_types_a_website_a_business_sells_through_is_no_website_built(
    checker: Checker, tmp_path: Path
) -> None:
    # a laundry that takes orders "via le site internet" builds no website; a clause on its own
    # tools ("développer des outils") is a passing mention
    laundry = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente – Blanchisserie Lavandière\n\n"
            "Article 1 – Objet\nLes présentes conditions régissent le ramassage et le lavage du linge des "
            "Clients, tels que décrits sur le site internet www.lavandiere.example.\n\n"
            "Article 2 – Services\nLe Client commande via le site internet et suit sa commande depuis notre "
            "site web. Les tarifs figurent sur notre site internet.\n\n"
            "Article 3 – Propriété\nLa Blanchisserie peut développer des logiciels et des outils pour ses "
            "propres besoins ; ils restent sa propriété.\n",
        )
    )
    assert "site internet" not in {e.signal for e in laundry.type_evidence}
    assert laundry.contract_types == ["other"]
    # the same words where the website is what the contract delivers still count
    agency = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente – Agence Pixelle\n\n"
            "Article 1 – Objet\nL'Agence réalise le site internet du Client et développe ses fonctionnalités "
            "sur mesure.\n\n"
            "Article 2 – Services\nLa création du site web comprend les maquettes et la recette.\n",
            name="agence.txt",
        )
    )
    assert "site internet" in {e.signal for e in agency.type_evidence}
    assert agency.contract_types == ["it-services"]


def test_contract_types_legal_services_with_a_client_area_online_are_other(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'intervention\n\n"
            "Le cabinet Roche, société d'avocats inscrite au barreau de Nantes, assure des missions de conseil "
            "juridique.\n\n"
            "Article 1 – Objet\nLes présentes conditions régissent les consultations juridiques et la rédaction "
            "d'actes confiées au Cabinet.\n\n"
            "Article 2 – Espace client\nLe Client consulte ses dossiers dans un espace client accessible en ligne "
            "avec un identifiant et un mot de passe.\n\n"
            "Article 3 – Honoraires\nLes honoraires sont fixés au temps passé.\n",
        )
    )
    assert report.contract_types == ["other"]
    assert report.type_scores["other"] > report.type_scores.get("saas", 0)


def test_contract_types_satellite_access_with_non_it_words_in_the_body_is_telecom(
    checker: Checker, tmp_path: Path
) -> None:
    # Words of other trades scattered in the body (a carrier, photographs, fees) must not
    # outweigh the service the contract describes.
    report = checker.check(
        contract(
            tmp_path,
            "Conditions du service Orbitel\n\n"
            "1. Service\nOrbitel fournit un service internet par satellite : une antenne et un routeur Wi-Fi "
            "sont livrés à l'abonné, le débit descendant dépend de la couverture.\n\n"
            "2. Livraison\nLe transporteur remet le colis à l'adresse indiquée ; les frais de port sont dus.\n\n"
            "3. Usage\nL'abonné ne publie pas de photographies du matériel sans accord. Les honoraires de "
            "recouvrement restent à sa charge.\n",
        )
    )
    assert report.contract_types == ["telecom"]
    assert report.type_scores["other"] > 0


def test_contract_types_services_listed_as_bare_lines_make_it_services(checker: Checker, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("CONDITIONS GÉNÉRALES DE SERVICE")
    document.add_heading("ARTICLE 1 – CHAMP D'APPLICATION", level=1)
    document.add_paragraph("Les présentes conditions s'appliquent aux services suivants de l'association :")
    for line in ("Audit et expertise logicielle", "Conseil en systèmes informatiques", "Ateliers pour le public"):
        document.add_paragraph(line)
    document.add_heading("ARTICLE 2 – PRIX", level=1)
    document.add_paragraph("Les tarifs figurent sur chaque devis accepté par le Client.")
    path = tmp_path / "services.docx"
    document.save(str(path))
    report = checker.check(path)
    assert report.contract_types == ["it-services"]
    assert "object" in zones_of(report, "it-services")


def test_contract_types_server_resources_support_hosting_but_never_make_it(checker: Checker, tmp_path: Path) -> None:
    rental = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\n\n"
            "PROTECTION DES SERVICES\n\n"
            "L'hébergeur filtre les attaques DDoS visant les machines de ses clients ; une attaque DDoS répétée "
            "peut conduire à couper la machine visée.\n\n"
            "RESSOURCES\n\n"
            "La RAM et le CPU alloués figurent sur la commande ; un usage abusif des ressources du serveur est "
            "interdit.\n",
            "location.txt",
        )
    )
    assert rental.contract_types == ["hosting"]
    assert "ressources du serveur" in {e.signal for e in rental.type_evidence}
    licence = checker.check(
        contract(
            tmp_path,
            "Contrat de licence d'utilisation\n\n"
            "Article 1 – Objet\nL'éditeur concède au Client une licence non exclusive du logiciel Quadra.\n\n"
            "Article 2 – Configuration\nLe poste doit disposer de 8 Go de RAM, d'un processeur récent et d'un "
            "disque SSD.\n",
            "licence.txt",
        )
    )
    assert "hosting" not in licence.type_scores


def test_contract_types_a_saas_publishers_own_host_sells_no_hosting(checker: Checker, tmp_path: Path) -> None:
    saas = checker.check(
        contract(
            tmp_path,
            "CONDITIONS GÉNÉRALES D'ABONNEMENT AU LOGICIEL EN LIGNE AGENDIO\n\n"
            "Article 1 – Définitions\n« Hébergeur » : le prestataire auquel l'Éditeur confie l'exploitation du "
            "logiciel dans ses centres de données.\n\n"
            "Article 2 – Objet\nL'Éditeur fournit au Client un accès en mode SaaS au logiciel Agendio, "
            "accessible depuis un navigateur ; le logiciel et les données du Client sont confiés à un hébergeur "
            "certifié choisi par l'Éditeur.\n\n"
            "Article 3 – Hébergement\nLe logiciel est exploité chez l'Hébergeur, dans des centres de données "
            "situés en France. L'Hébergeur agit comme sous-traitant de l'Éditeur.\n\n"
            "Article 4 – Prix\nAbonnement : 49 € HT par mois.\n",
            "agendio.txt",
        )
    )
    assert saas.contract_types == ["saas"]
    # a host's own terms, whose words are the same, still host
    host = checker.check(
        contract(
            tmp_path,
            "CONDITIONS GÉNÉRALES DE L'HÉBERGEUR\n\n"
            "Article 1 – Objet\nL'Hébergeur met à la disposition du Client un espace dans ses centres de données "
            "pour y installer ses équipements.\n\n"
            "Article 2 – Prix\nEmplacement : 290 € HT par mois.\n",
            "hebergeur.txt",
        )
    )
    assert host.contract_types == ["hosting"]
    # a supplier that hosts the client's servers, whatever online software it also runs, hosts
    managed = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE SERVICES MANAGÉS\n\n"
            "Article 1 – Objet\nLe Prestataire administre la suite bureautique en ligne du Client, solution SaaS "
            "accessible depuis un navigateur, gère ses comptes utilisateurs et ses abonnements, et héberge dans "
            "son datacenter les serveurs de sauvegarde du Client, en qualité d'hébergeur.\n\n"
            "Article 2 – Services\nAssistance des utilisateurs, gestion des licences, supervision du service de "
            "messagerie en ligne.\n\n"
            "Article 3 – Prix\nForfait : 15 € HT par utilisateur et par mois.\n",
            "services.txt",
        )
    )
    assert "hosting" in managed.contract_types
    # nor does a web host whose webmail and online storage outweigh its hosting words lose hosting
    webhost = checker.check(
        contract(
            tmp_path,
            "CONDITIONS GÉNÉRALES DE SERVICE\n\n"
            "Article 1 – Objet\nLe Prestataire fournit au Client un espace web pour son site, une messagerie "
            "accessible depuis un navigateur (webmail) et une solution cloud de stockage.\n\n"
            "Article 2 – Définitions\n« Hébergeur » : le Prestataire, qui exploite ses propres centres de données.\n\n"
            "Article 3 – Prix\nAbonnement mensuel : 7,90 € HT.\n",
            "webhost.txt",
        )
    )
    assert "hosting" in webhost.contract_types


def test_contract_types_a_rack_is_hosting_only_when_hosted(checker: Checker, tmp_path: Path) -> None:
    # The client's storage arrays under maintenance are no hosting; a rack rented to host servers is.
    upkeep = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE MAINTENANCE DES MATÉRIELS DE STOCKAGE\n\n"
            "Article 1 – Objet\nLe Mainteneur assure la maintenance curative des deux baies de stockage du Client, "
            "installées dans ses locaux.\n\n"
            "Article 2 – Prix\nBaie de stockage : 1 400 € HT par an et par baie.\n",
            "maintenance.txt",
        )
    )
    assert "hosting" not in upkeep.contract_types
    assert "maintenance" in upkeep.contract_types
    rack = checker.check(
        contract(
            tmp_path,
            "CONDITIONS PARTICULIÈRES D'HÉBERGEMENT EN BAIE\n\n"
            "Article 1 – Objet\nLe Prestataire loue au Client une demi-baie de 21 U pour y installer ses "
            "équipements, avec l'alimentation électrique et la climatisation.\n\n"
            "Article 2 – Prix\nDemi-baie : 390 € HT par mois.\n",
            "baie.txt",
        )
    )
    assert rack.contract_types == ["hosting"]


def test_contract_types_running_a_network_is_outsourcing_only_for_the_clients_own(
    checker: Checker, tmp_path: Path
) -> None:
    own = checker.check(
        contract(
            tmp_path,
            "CONTRAT D'EXPLOITATION DU RÉSEAU LOCAL\n\n"
            "Article 1 – Objet\nLe Prestataire administre et supervise les commutateurs et pare-feu du Client sur "
            "ses trois sites.\n\n"
            "Article 2 – Prix\nForfait mensuel : 540 € HT.\n",
            "reseau.txt",
        )
    )
    assert "outsourcing" in own.contract_types
    operator = checker.check(
        contract(
            tmp_path,
            "CONDITIONS GÉNÉRALES DES FORFAITS MOBILES PROFESSIONNELS\n\n"
            "Article 1 – Objet\nL'Opérateur fournit au Client des lignes mobiles et assure l'exploitation de son "
            "réseau mobile dans les zones de couverture publiées.\n\n"
            "Article 2 – Prix\nForfait mobile 50 Go : 19 € HT par ligne et par mois.\n",
            "mobile.txt",
        )
    )
    assert operator.contract_types == ["telecom"]


def test_contract_types_several_services_give_several_types(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE PRESTATIONS INFORMATIQUES\n\n"
            "Article 1 – Objet\nLe Prestataire développe pour le Client une application de gestion des "
            "interventions, l'héberge sur ses serveurs et en assure la maintenance corrective.\n\n"
            "Article 2 – Développement\nLe développement suit le cahier des charges ; chaque lot fait l'objet "
            "d'une recette.\n\n"
            "Article 3 – Hébergement\nL'application est hébergée sur un serveur dédié situé en France.\n\n"
            "Article 4 – Maintenance\nLa maintenance corrective couvre la correction des anomalies signalées.\n",
        )
    )
    assert report.contract_types == ["it-services", "hosting", "maintenance"]
    # Each type retained shows its own best signal in the one-line summary.
    assert [e.type for e in report.type_evidence[:3]] == ["it-services", "hosting", "maintenance"]


def test_contract_types_subscription_words_alone_do_not_make_saas(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'abonnement\n\n"
            "Article 1 – Objet\nLes présentes conditions régissent l'abonnement aux offres d'accès à internet et "
            "de téléphonie fixe de l'Opérateur.\n\n"
            "Article 2 – Souscription\nLe Client crée un compte dans son espace client et choisit son offre.\n\n"
            "Article 3 – Équipements\nUne box internet est remise au Client ; le débit dépend de la ligne.\n",
        )
    )
    assert report.contract_types == ["telecom"]
    assert "saas" not in report.type_scores


def test_contract_types_passing_mentions_in_the_body_add_no_type(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions du service\n\n"
            "Orbitel fournit au client un service internet par satellite, avec une antenne et un routeur.\n\n"
            "Article 1 – Équipements\nL'antenne et le routeur restent la propriété d'Orbitel. Le logiciel du "
            "routeur est concédé sous licence ; la licence du logiciel ne permet pas de le copier. Une licence "
            "d'utilisation du logiciel embarqué est accordée pour la durée du service, et le code source du "
            "logiciel n'est pas fourni. La licence prend fin avec le service.\n\n"
            "Article 2 – Débit\nLe débit du service internet dépend de la couverture réseau et du nombre "
            "d'abonnés.\n",
            name="conditions.md",
        )
    )
    assert report.contract_types == ["telecom"]
    assert report.type_scores["software-license"] >= 6  # enough points, but all of them in the body


def test_contract_types_a_licence_granted_in_the_body_counts_as_stated(checker: Checker, tmp_path: Path) -> None:
    grant = " Pour la durée de l'abonnement, l'Éditeur concède au Client une licence d'utilisation, personnelle."
    text = (
        "Conditions d'abonnement\n\n"
        "Article 1 – Objet\nLes présentes conditions régissent l'abonnement au logiciel de gestion Comptaplus, "
        "accessible en ligne depuis un navigateur web.\n\n"
        "Article 2 – Description des services\nLe service comprend l'accès au logiciel, la licence du logiciel "
        "Comptaplus et l'assistance par courriel.\n\n"
        "Article 3 – Accès au logiciel\nLe Client accède au logiciel avec ses identifiants.{grant}\n\n"
        "Article 4 – Prix\nL'abonnement est facturé 40 euros hors taxes par mois.\n"
    )
    granted = checker.check(contract(tmp_path, text.format(grant=grant), name="avec.md"))
    assert granted.contract_types == ["saas", "software-license"]
    assert any(e.signal == "octroi de licence" and e.zone == "body" for e in granted.type_evidence)
    # without the grant, the licence the description names is not enough beside the SaaS it states
    mentioned = checker.check(contract(tmp_path, text.format(grant=""), name="sans.md"))
    assert mentioned.contract_types == ["saas"]


def test_contract_types_a_supporting_word_in_a_heading_states_no_further_type(checker: Checker, tmp_path: Path) -> None:
    article = (
        "Le logiciel embarqué du routeur est concédé sous licence pour la durée de l'abonnement ; la licence "
        "interdit toute copie, et la licence prend fin avec l'abonnement. "
    )
    report = checker.check(
        contract(
            tmp_path,
            "Conditions de l'offre fibre\n\n"
            "Article 1 – Objet\nL'Opérateur fournit au Client un accès internet par fibre optique et une ligne "
            "téléphonique fixe.\n\n"
            "Article 2 – Licence\n" + article + "\n\n"
            "Article 3 – Licences et droits\nLa licence du logiciel reste personnelle.\n\n"
            "Article 4 – Accès internet et téléphonie\nLa box internet donne l'accès internet par fibre optique "
            "et la ligne téléphonique fixe ; le débit garanti figure à l'offre.\n",
        )
    )
    assert report.contract_types == ["telecom"]
    assert report.type_scores["software-license"] >= 6  # the licence words count, and state nothing


def test_contract_types_a_licence_of_creative_works_is_no_software_licence(checker: Checker, tmp_path: Path) -> None:
    text = (
        "Conditions générales de prestation – Atelier Brume, graphiste indépendante\n\n"
        "Les créations livrées (logos, chartes, illustrations) font l'objet d'une licence d'exploitation "
        "non exclusive au profit du Client ; la licence couvre les supports désignés dans le devis.\n\n"
        "Article 1 – Commande\nLa commande est ferme à la signature du devis et au versement de l'acompte.\n\n"
        "Article 2 – Droits\nLa licence prend effet au paiement complet du prix.\n"
    )
    report = checker.check(contract(tmp_path, text))
    assert "software-license" not in report.contract_types
    works = "Les créations livrées (logos, chartes, illustrations)"
    software = text.replace(works, "Le logiciel de mise en page livré")
    software = software.replace("licence d'exploitation", "licence d'utilisation du logiciel")
    assert checker.check(contract(tmp_path, software, "logiciel.txt")).contract_types == ["software-license"]


def test_contract_types_services_listed_as_bare_lines_in_the_scope(checker: Checker, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("CONDITIONS GÉNÉRALES DE VENTE")
    document.add_paragraph("1. DOMAINE D'APPLICATION", style="Heading 1")
    document.add_paragraph("Les présentes conditions s'appliquent aux services suivants :")
    for line in ("Audit et expertise informatique", "Conseil en systèmes d'information", "Ateliers pour enfants"):
        document.add_paragraph(line)
    document.add_paragraph("2. PAIEMENT", style="Heading 1")
    document.add_paragraph("Le prix figure au devis et se paie à la commande.")
    path = tmp_path / "cgv.docx"
    document.save(str(path))
    report = checker.check(path)
    assert report.contract_types == ["it-services"]
    assert zones_of(report, "it-services") == {"object"}


def test_contract_types_naming_no_it_service_is_other_and_applies_only_rules_for_all(
    checker: Checker, tmp_path: Path, ruleset: loader.RuleSet
) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales\n\n"
            "Article 1 – Acceptation\nToute commande implique l'acceptation des présentes conditions.\n\n"
            "Article 2 – Paiement\nLes factures sont payables à trente jours.\n\n"
            "Article 3 – Loi applicable\nLe contrat est soumis au droit français.\n",
        )
    )
    # Naming no IT service, it is "anything else" of the catalog, said to be read from nothing.
    assert report.contract_types == ["other"]
    assert not report.types_determined
    typed = {rule.id for rule in ruleset.rules if rule.applies_to != "all"}
    assert typed and set(report.rules_not_applicable) == typed
    assert "autre (aucun service informatique reconnu)" in type_line(report)
    assert "rien dans le contrat ne désigne un service informatique" in type_line(report)


def test_contract_types_prepaid_esim_data_plans_are_telecom(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales d'utilisation\n\n"
            "Article 1 – Objet\nLes présentes conditions régissent l'achat de cartes eSIM prépayées donnant accès "
            "à un forfait de données à l'étranger.\n\n"
            "Article 2 – Activation\nL'eSIM s'active à la première connexion au réseau mobile du pays visité ; "
            "l'itinérance est incluse dans le forfait internet choisi.\n",
        )
    )
    assert report.contract_types == ["telecom"]
    assert report.types_determined


def test_contract_types_hold_on_a_contract_read_as_one_block(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "CONTRAT DE SERVICES\nEntre la société Nuvia et la société Optika.\n"
            "1. Objet. Le Prestataire assure l'infogérance du système d'information du Client, la supervision "
            "de ses serveurs et l'hébergement de ses applications dans son centre de données. 2. Prix. La "
            "redevance mensuelle d'infogérance est de 2 000 euros hors taxes ; l'hébergement des serveurs "
            "virtuels est facturé 400 euros par mois.\n",
        )
    )
    assert report.contract_types == ["hosting", "outsourcing"]


def test_contract_types_evidence_in_json_and_in_one_markdown_line(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "CONTRAT D'HÉBERGEMENT DE SITE INTERNET\n\n"
            "Article 1 – Objet\nL'Hébergeur assure l'hébergement du site du Client sur un serveur mutualisé.\n",
        )
    )
    line = type_line(report)
    assert line.startswith("- **Type de contrat** : hébergement — « ")
    assert "dans le titre" in line and "dans l'objet" in line and "\n" not in line
    info = RunInfo(version="0", rules_version="0", model="m", date=None, side="client")
    document = json.loads(render_json([report], info))["documents"][0]
    assert document["contract_types"] == ["hosting"]
    assert document["types_determined"] is True
    assert {"type", "signal", "zone", "count", "excerpt", "points"} <= set(document["type_evidence"][0])
    assert document["type_scores"]["hosting"] >= 6


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("héberg*", "HEBERGEUR du site", "hebergeur"),
        ("serveur* dédié*|virtuel*", "deux serveurs virtuels", "serveurs virtuels"),
        ("hébergement … site*", "l'hébergement de votre futur site", "hebergement de votre futur site"),
        ("droit* d'utilisation", "un droit d’utilisation", "droit d'utilisation"),
        ("e-mail", "une adresse email", "email"),
    ],
)
def test_contract_types_term_syntax(term: str, text: str, found: str) -> None:
    match = re.search(r"(?<!\w)(?:" + term_regex(term) + r")(?!\w)", fold(text))
    assert match is not None and match.group(0) == found


def test_contract_types_term_does_not_match_inside_a_word() -> None:
    assert re.search(r"(?<!\w)(?:" + term_regex("bail") + r")(?!\w)", fold("un bailleur")) is None


def test_contract_types_broken_type_file_names_file_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = loader.bundled_rules_dir() / "contract-types.yaml"
    text = bundled.read_text(encoding="utf-8").replace('terms: ["saas",', 'terms: ["saas …",', 1)
    (tmp_path / "contract-types.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "bundled_rules_dir", lambda: tmp_path)
    with pytest.raises(RuleError) as caught:
        loader.load_rules()
    error = caught.value
    assert error.field == "contract_types.families.terms"
    assert error.line == next(i for i, line in enumerate(text.splitlines(), 1) if '"saas …"' in line)
    assert "contract-types.yaml" in error.file
    # words before a term are written as they read, without "…"
    text = bundled.read_text(encoding="utf-8").replace('not_after: ["sur|via', 'not_after: ["sur … via', 1)
    (tmp_path / "contract-types.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        loader.load_rules()
    assert caught.value.field == "contract_types.families.not_after"
    assert "not_after" in str(caught.value)
    # the words a gap may not hold are single words
    text = bundled.read_text(encoding="utf-8").replace('not_between: ["compte*"', 'not_between: ["un compte*"', 1)
    (tmp_path / "contract-types.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        loader.load_rules()
    assert caught.value.field == "contract_types.families.not_between"
    assert caught.value.line == next(i for i, line in enumerate(text.splitlines(), 1) if '"un compte*"' in line)


def test_contract_types_fold_table_is_fold_char_by_char() -> None:
    from clausecheck.text.fold import _fold_char

    text = "".join(chr(code) for code in [*range(0x20, 0x3000), 0x1E9E, 0x130, 0xFB01, 0x1F600, 0x10400])
    assert fold(text) == "".join(_fold_char(char) for char in text)
    # without İ and Σ, which str.lower() does not write one for one, the text is lowercased
    # whole then its accented characters replaced: the same, for every character
    lowered = text.replace("\u0130", "").replace("\u03a3", "")
    assert fold(lowered) == "".join(_fold_char(char) for char in lowered)
    for word in ("ΟΔΟΣ ΣΟΦΙΑ", "İZMİR", "ÉTÉ ΣΑΣ"):  # Σ at a word's end is ς for str.lower()
        assert fold(word) == "".join(_fold_char(char) for char in word)
    assert fold("HÉBERGEMENT d’accès") == "hebergement d'acces"


def test_contract_types_leads_are_what_every_match_starts_with() -> None:
    from clausecheck.engine.contract_types import leads

    assert leads(["héberg* … site|serveur*", "d'accès", "e-mail|courriel"]) == {"heberg", "d", "e", "courriel"}
    assert leads(["… site"]) is None
    assert leads(["'s"]) is None
    assert leads(["@home", "site"]) is None  # "@" starts no word: searched everywhere
    assert leads(["24/7"]) == {"24/7"}


def test_contract_types_word_starts_find_where_each_family_can_match(checker: Checker) -> None:
    from clausecheck.engine.contract_types import _WordStarts

    families = [dataclasses.replace(checker.typer.families[0], leads=frozenset(words)) for words in (["24/7"], ["heb"])]
    found = _WordStarts(families).positions(fold("support 24/7 et 247 ; Hébergé, heberge, l'hebergeur, xheberge, heb"))
    # "24/7" is looked up as "24" (the regex tried there tells "24/7" from "247"); no word starts in "xheberge"
    assert dict(found) == {0: [8, 16], 1: [22, 31, 42, 63]}


def test_contract_types_tree_regex_matches_exactly_its_words() -> None:
    import random
    import re

    from clausecheck.engine.contract_types import _tree_regex

    rng = random.Random(7)
    for _ in range(300):
        words = {"".join(rng.choice("abé2") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))}
        regex = re.compile(_tree_regex(words))
        for length in range(6):
            for candidate in {"".join(rng.choice("abé2") for _ in range(length)) for _ in range(20)}:
                assert (regex.fullmatch(candidate) is not None) == (candidate in words), (words, candidate)


def test_contract_types_word_starts_equal_a_scan_of_every_word(checker: Checker) -> None:
    """The one-regex search finds the positions a lookup of every word of the text finds."""
    import random
    from collections import defaultdict

    from clausecheck.engine.contract_types import _WORD, _WordStarts

    starts = _WordStarts(checker.typer.families)
    leads = sorted(starts.by_lead)
    rng = random.Random(11)
    pieces = [*leads, "xheb", "24/7", "l'", "d’", "é", "-", " ", "\n", "Hébergement", "logiciel", "2024"]
    for _ in range(300):
        text = fold("".join(rng.choice(pieces) + rng.choice(["", " ", "s ", "é", ", "]) for _ in range(30)))
        scanned: dict[int, list[int]] = defaultdict(list)
        for match in _WORD.finditer(text):
            for index in starts.families_of(match.group()):
                scanned[index].append(match.start())
        assert starts.positions(text) == scanned, text


def test_contract_types_found_the_same_when_every_family_is_searched_everywhere(checker: Checker) -> None:
    """Skipping the families whose leading words a contract lacks changes no type, score or evidence."""
    import copy
    import dataclasses

    from clausecheck.engine.source import read_contract

    root = Path(__file__).parent.parent
    paths = sorted(p for p in (root / "tests" / "corpus").iterdir() if p.suffix != ".yaml")
    paths += sorted((root / "samples").iterdir())
    everywhere = copy.copy(checker.typer)
    everywhere.families = [dataclasses.replace(family, leads=None) for family in checker.typer.families]
    assert sum(family.leads is not None for family in checker.typer.families) > 30
    for path in paths:
        contract = read_contract(path)
        assert checker.typer.detect(contract) == everywhere.detect(contract), path.name


def test_contract_types_what_lies_outside_the_contract_lends_it_no_type(checker: Checker, tmp_path: Path) -> None:
    def types(licence: str, maintenance: str, hosting: str) -> DocumentReport:
        return checker.check(
            contract(
                tmp_path,
                "Contrat d'intégration\n\n"
                "Article 1 – Objet\nLe Prestataire réalise l'intégration du progiciel de gestion commerciale du "
                f"Client : paramétrage, reprise des données et formation des utilisateurs. {licence}\n\n"
                f"Article 2 – Périmètre\n{maintenance} {hosting}\n\n"
                "Article 3 – Prix\nL'intégration est facturée 12 000 euros hors taxes.\n",
            )
        )

    # bought from a third party, under another contract, denied
    outside = types(
        "Le Client a acquis la licence du progiciel auprès de son éditeur.",
        "La maintenance corrective du progiciel fait l'objet d'un contrat distinct.",
        "Le Prestataire n'héberge aucun serveur du Client.",
    )
    assert outside.contract_types == ["it-services"]
    assert not {"software-license", "maintenance", "hosting"} & set(outside.type_scores)
    # the same services, provided
    inside = types(
        "Le Prestataire fournit la licence du progiciel.",
        "Le Prestataire assure la maintenance corrective du progiciel.",
        "Le Prestataire héberge les serveurs du Client.",
    )
    assert {"software-license", "maintenance", "hosting"} <= set(inside.type_scores)
    # what follows "mais" is affirmed: "n'est pas cédé, mais concédé sous licence"
    turned = types("Le progiciel n'est pas cédé au Client, mais concédé sous licence.", "", "")
    assert "software-license" in turned.type_scores
    # … or a colon: "le Client n'en devient pas propriétaire : l'Éditeur lui concède une licence"
    colon = types("Le Client n'en devient pas propriétaire : l'Éditeur lui concède une licence du progiciel.", "", "")
    assert "software-license" in colon.type_scores
    # "Ne sont pas compris : …" leaves out what the colon lists
    listed = types("", "Ne sont pas compris : la maintenance corrective du progiciel, l'hébergement des serveurs.", "")
    assert not {"maintenance", "hosting"} & set(listed.type_scores)


def test_contract_types_the_product_a_publisher_has_built_is_no_development_service(
    checker: Checker, tmp_path: Path
) -> None:
    # "a conçu et développé une plateforme" says what the publisher sells, built before the contract;
    # a development it will carry out for the client is a service of the contract
    text = (
        "Conditions générales d'abonnement\n\n"
        "Article 1 – Préambule\nLa société Tournéo a conçu et développé une plateforme de planification des "
        "tournées de livraison. {extra}\n\n"
        "Article 2 – Objet\nL'Éditeur donne accès à la plateforme, accessible en ligne, par abonnement "
        "mensuel.\n"
    )
    built = checker.check(contract(tmp_path, text.format(extra="")))
    assert built.contract_types == ["saas"]
    assert "it-services" not in built.type_scores
    ordered = checker.check(
        contract(tmp_path, text.format(extra="Elle développera pour le Client un module de facturation."))
    )
    assert "it-services" in ordered.type_scores
    # folded, "à" reads "a": a development to carry out ("s'engage à développer") stays one
    to_carry_out = checker.check(
        contract(tmp_path, text.format(extra="Elle s'engage à développer un module de facturation pour le Client."))
    )
    assert "it-services" in to_carry_out.type_scores


def test_contract_types_an_ellipsis_before_a_lowercase_word_ends_no_sentence(checker: Checker, tmp_path: Path) -> None:
    # "illustrations... ne sont pas comprises": the exclusion reaches back over the dots, so the supplies
    # it leaves out lend the contract no type
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de prestations\n\n"
            "Article 1 – Objet\nLe Prestataire réalise pour le Client un site internet vitrine selon le devis "
            "accepté.\n\n"
            "Article 2 – Éléments fournis\nLe Client fournit ses textes et son logo. Les photographies, "
            "illustrations, polices de caractères... éventuellement utiles ne sont pas comprises dans le prix.\n",
        )
    )
    assert report.contract_types == ["it-services"]
    assert "other" not in report.type_scores


def test_contract_types_a_service_paused_for_maintenance_is_no_maintenance_contract(
    checker: Checker, tmp_path: Path
) -> None:
    text = (
        "Conditions générales d'utilisation\n\n"
        "Article 1 – Objet\nL'Éditeur met à disposition du Client, par abonnement, un logiciel de gestion des "
        "stocks accessible en ligne.\n\n"
        "Article 2 – Disponibilité\nLe logiciel peut être interrompu pour des opérations de maintenance, "
        "annoncées quarante-huit heures à l'avance. {extra}\n"
    )
    paused = checker.check(contract(tmp_path, text.format(extra="")))
    assert paused.contract_types == ["saas"]
    assert "maintenance" not in paused.type_scores
    sold = checker.check(contract(tmp_path, text.format(extra="L'Éditeur assure la maintenance corrective.")))
    assert "maintenance" in sold.type_scores


def test_contract_types_automating_a_clients_processes_in_its_tools_is_an_it_service(
    checker: Checker, tmp_path: Path
) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\n\n"
            "Présentation\nFluxo propose des prestations d'automatisation pour les cabinets comptables.\n\n"
            "Objet\nFluxo automatise les tâches répétitives du client au moyen de scénarios intégrés à son "
            "logiciel de gestion existant.\n\n"
            "Prix\nLes prix figurent sur le devis accepté par le client.\n",
        )
    )
    assert report.contract_types == ["it-services"]
    assert {"object", "opening"} <= zones_of(report, "it-services")


def test_contract_types_automatic_gates_installed_are_no_it_service(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\n\n"
            "Objet\nL'entreprise pose des portails et des volets motorisés et en assure l'entretien annuel.\n\n"
            "Garantie\nLes moteurs sont garantis deux ans, pièces et main-d'œuvre.\n",
        )
    )
    assert "it-services" not in report.contract_types


def test_contract_types_auditing_a_clients_security_is_an_it_service(checker: Checker, tmp_path: Path) -> None:
    report = checker.check(
        contract(
            tmp_path,
            "Conditions générales de vente\n\n"
            "Article 1 – Services\nLe Prestataire conduit pour le Client des audits de sécurité de son réseau, des "
            "diagnostics de cybersécurité et des actions de sensibilisation au hameçonnage. Il peut aussi auditer "
            "les applications SaaS que le Client utilise.\n\n"
            "Article 2 – Prix\nLes prix sont fixés au devis.\n",
        )
    )
    # the SaaS it audits is named, not sold: the security work leads
    assert "it-services" in report.contract_types
    assert report.type_scores["it-services"] > report.type_scores.get("saas", 0.0)


# One phrase the type's words name: "sans aucune installation" (as "sans installation"), "maintenances" in the
# plural, "Assistant IA" (an alternative belongs to one word: "intelligence artificielle|ia" read "intelligence ia").
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Conditions d'utilisation\n\n"
            "Présentation du service\nLe service permet aux associations de tenir leur comptabilité ; il "
            "fonctionne sans aucune installation sur le poste de l'utilisateur.\n\n"
            "Accès\nL'accès est réservé aux trésoriers inscrits.\n",
            "saas",
            id="used-online-without-any-installation",
        ),
        pytest.param(
            "Conditions générales de vente\n\n"
            "Missions\nLe Prestataire réalise des sites internet. Les maintenances sont assurées selon un forfait "
            "annuel : mises à jour de sécurité, correction des anomalies, sauvegardes.\n",
            "maintenance",
            id="maintenances-in-the-plural",
        ),
        pytest.param(
            "Conditions générales de vente\n\n"
            "Services proposés\nLe service aide les artisans à répondre aux appels d'offres :\n"
            "- Assistant IA pour rédiger les mémoires techniques\n"
            "- Veille des marchés publics de leur région\n\n"
            "Tarifs\nAbonnement mensuel de 39 € TTC.\n",
            "saas",
            id="an-ai-assistant-online",
        ),
        pytest.param(
            "Conditions générales\n\n"
            "Objet\nLa société propose la location de serveurs à distance ; le serveur loué est administré par le "
            "client depuis son espace.\n\nPaiement\nLa location est payable d'avance.\n",
            "hosting",
            id="servers-rented-online",
        ),
        pytest.param(
            "Conditions d'abonnement\n\n"
            "Objet\nL'outil gère les réservations des gîtes de l'abonné. Aucun logiciel n'est à installer : un "
            "navigateur suffit.\n\nPrix\nAbonnement de 19 € HT par mois.\n",
            "saas",
            id="a-browser-is-enough",
        ),
        pytest.param(
            "Entente de services TI gérés\n\n"
            "Objet\nLe Fournisseur assure la surveillance et l'administration des postes de travail et des serveurs "
            "du cabinet.\n",
            "outsourcing",
            id="managed-it-services-in-quebec-words",
        ),
        pytest.param(
            "Contrat de services de sécurité managés\n\n"
            "Objet\nLe Prestataire surveille en continu le système d'information du Client depuis son centre "
            "opérationnel de sécurité.\n",
            "outsourcing",
            id="managed-security-services",
        ),
        pytest.param(
            "Entente d'entretien et de soutien\n\n"
            "Objet\nL'Éditeur assure l'entretien correctif et préventif du progiciel installé chez le Client.\n",
            "maintenance",
            id="corrective-upkeep-in-quebec-words",
        ),
        pytest.param(
            "Contrat de prestations web\n\n"
            "Objet\nL'Agence assure la conception et la réalisation de la boutique en ligne du Client.\n",
            "it-services",
            id="an-online-shop-built",
        ),
    ],
)
def test_contract_types_one_phrase_names_the_type(checker: Checker, tmp_path: Path, text: str, expected: str) -> None:
    assert expected in checker.check(contract(tmp_path, text)).contract_types


def test_contract_types_a_sub_clause_is_in_its_articles_zone(checker: Checker, tmp_path: Path) -> None:
    # "2.1 …" names no zone of its own: it describes one of the services of "2. Description des services".
    text = (
        "# Conditions générales\n\n## 1. Objet\n\nL'agence réalise des sites web et propose des outils en "
        "abonnement. Elle développe les sites de ses clients.\n\n## 2. Description des services\n\n"
        "### 2.1 Agenda Pro\n\nAgenda Pro est une plateforme SaaS de prise de rendez-vous.\n\n"
        "### 2.2 Création de site\n\nL'agence conçoit et développe le site du client.\n\n"
        "## 3. Prix\n\nLes prix figurent sur le devis.\n"
    )
    path = tmp_path / "c.md"
    path.write_text(text, encoding="utf-8")
    report = checker.check(path)
    assert {"saas", "it-services"} <= set(report.contract_types)
    assert any(e.type == "saas" and e.zone == "services" for e in report.type_evidence)


def test_contract_types_a_lease_of_servers_among_equipment_is_no_hosting(checker: Checker, tmp_path: Path) -> None:
    text = (
        "Contrat de location de matériel informatique\n\n"
        "Objet\nLe bailleur donne en location au locataire deux serveurs, dix postes de travail et une imprimante, "
        "livrés dans ses locaux.\n\nLoyer\nLe loyer mensuel est de 450 € HT ; un dépôt de garantie est versé.\n"
    )
    assert checker.check(contract(tmp_path, text)).contract_types == ["other"]


def test_contract_types_a_company_named_after_a_service_sells_nothing_by_its_name(
    checker: Checker, tmp_path: Path
) -> None:
    text = (
        "Conditions générales d'abonnement\n\n"
        "1. Objet\nLes présentes conditions lient ORLAN Développement, éditeur de la solution Cadenza, et ses "
        "clients professionnels. Cadenza est une solution SaaS de planification des équipes, accessible en ligne "
        "sur abonnement.\n\n2. Prix\nL'abonnement est facturé chaque mois.\n"
    )
    report = checker.check(contract(tmp_path, text))
    assert report.contract_types == ["saas"]
    assert "it-services" not in report.type_scores
    # the same word as what the contract is for, in capitals or at a sentence's start, still counts
    built = "CONTRAT DE DÉVELOPPEMENT D'UN LOGICIEL\n\n1. Objet\nDéveloppement d'un logiciel de paie pour le Client.\n"
    assert "it-services" in checker.check(contract(tmp_path, built)).contract_types
