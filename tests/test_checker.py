"""The checker on small contracts written in the test: types, headings, applicability."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.engine.checker import Checker
from clausecheck.model.document import Block, ContractText
from clausecheck.model.findings import DocumentReport

pytestmark = pytest.mark.slow


def contract(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contrat.txt"
    path.write_text(text, encoding="utf-8")
    return path


def ids(report: DocumentReport) -> list[tuple[str, str | None]]:
    return [(f.rule_id, f.clause.number if f.clause else None) for f in report.findings]


def test_checker_untitled_sub_clause_reads_under_its_parent_title(checker: Checker, tmp_path: Path) -> None:
    path = contract(
        tmp_path,
        (
            "CONTRAT D'ABONNEMENT À LA SOLUTION EN LIGNE « PLANNING »\n\n"
            "Article 1 – Objet\n\nLe Fournisseur met à disposition du Client sa solution en ligne de planification.\n\n"
            "Article 2 – Résiliation anticipée\n\n"
            "2.1 Le Client notifie sa décision par lettre recommandée avec accusé de réception.\n\n"
            "2.2 Le Client verse alors une indemnité égale à l'intégralité des redevances restant à courir "
            "jusqu'au terme.\n"
        ),
    )
    report = checker.check(path)
    assert report.contract_types == ["saas"]
    assert ("termination.full-remaining-price", "2.2") in ids(report)


def test_checker_nda_gets_no_it_supplier_absence_finding(checker: Checker, tmp_path: Path) -> None:
    path = contract(
        tmp_path,
        (
            "ACCORD DE CONFIDENTIALITÉ\n\n"
            "Article 1 – Objet\n\nLe présent accord encadre l'échange d'informations confidentielles dans le cadre du "
            "projet de développement d'une application mobile.\n\n"
            "Article 2 – Durée\n\nLe présent accord est conclu pour une durée de deux (2) ans.\n"
        ),
    )
    report = checker.check(path)
    assert report.contract_types == ["other"]
    assert report.findings == []
    assert "advice.duty-missing" in report.rules_not_applicable


def test_checker_saas_title_keeps_hosting_words_in_object_from_making_it_hosting(
    checker: Checker, tmp_path: Path
) -> None:
    path = contract(
        tmp_path,
        (
            "CONTRAT D'ABONNEMENT AU LOGICIEL EN LIGNE « COMPTA+ »\n\n"
            "Article 1 – Objet\n\nLe Fournisseur donne accès au logiciel en ligne Compta+, dont il assure "
            "l'hébergement sur ses serveurs situés en France.\n"
        ),
    )
    assert checker.check(path).contract_types == ["saas"]


def test_checker_internal_error_fails_one_document_and_spares_the_batch(
    checker: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug of ours is injected into segmentation for one file only: that document is
    # reported as an internal error (not as a corrupt file) and the next one is checked.
    from clausecheck.engine import source

    real_segment = source.segment

    def buggy(blocks: list[Block], path: str) -> ContractText:
        if path.endswith("bug.txt"):
            raise ZeroDivisionError("injected")
        return real_segment(blocks, path)

    monkeypatch.setattr(source, "segment", buggy)
    bug = tmp_path / "bug.txt"
    bug.write_text("CONTRAT\n\nArticle 1 - Objet\nLe présent contrat porte sur un service.\n", encoding="utf-8")
    good = contract(tmp_path, "CONTRAT\n\nArticle 1 - Objet\nLe présent contrat porte sur un service.\n")
    first, second = checker.check_all([bug, good])
    assert first.status == "error" and first.error is not None
    assert first.error.code == "internal-error" and "ZeroDivisionError" in first.error.message
    assert "\n" not in first.error.message
    assert second.status == "ok"


def test_checker_security_themes_are_cited_at_the_security_article_not_a_list_of_services_sold(
    checker: Checker, tmp_path: Path
) -> None:
    # "Cybersécurité :" heads a group of services the supplier sells, inside the article listing its offers
    path = tmp_path / "cgv.md"
    path.write_text(
        "# Conditions générales de vente\n\n## Article 1 - Prestations\n\nL'agence propose :\n\n"
        "**Création de sites :**\n- sites vitrines et boutiques en ligne ;\n- maintenance des sites livrés.\n\n"
        "**Cybersécurité :**\n- audits de sécurité et plans de gouvernance des risques ;\n"
        "- formations de sensibilisation des équipes ;\n- sécurisation des sites et protection des données ;\n"
        "- durcissement des postes de travail.\n\n## Article 2 - Sécurité des données\n\nL'agence chiffre les "
        "données du Client et en tient une sauvegarde hebdomadaire.\n\n## Article 3 - Prix\n\n"
        "Les prix figurent au devis.\n",
        encoding="utf-8",
    )
    findings = [f for f in checker.check(path).findings if f.rule_id == "security.anssi-themes-incomplete"]
    assert [f.clause.number for f in findings if f.clause] == ["2"]


def test_checker_security_themes_count_in_the_sub_clauses_of_the_security_article(
    checker: Checker, tmp_path: Path
) -> None:
    body = (
        "CONTRAT D'INFOGÉRANCE\n\nArticle 1 - Objet\nLe Prestataire assure l'infogérance du système d'information "
        "du Client.\n\nArticle 8 - Sécurité\nLe Prestataire assure la sécurité du système d'information infogéré.\n\n"
        "8.1 Gouvernance\nUn responsable de la sécurité des systèmes d'information pilote un audit annuel.\n\n"
        "8.2 Accès\nLes accès sont nominatifs et protégés par une authentification forte.\n\n"
        "8.3 Postes\nLes postes de travail sont chiffrés et leurs mises à jour appliquées sans délai.\n\n"
        "8.4 Infrastructures\nLes serveurs et le réseau sont protégés par pare-feu et sauvegardés chaque jour.\n\n"
        "8.5 Formation\nLe Prestataire organise deux sessions annuelles de sensibilisation des utilisateurs.\n\n"
        "8.6 Incidents\nEn cas d'incident, le Prestataire active la cellule de crise et le plan de reprise.\n"
    )
    report = checker.check(contract(tmp_path, body))
    assert "security.anssi-themes-incomplete" not in {f.rule_id for f in report.findings}
    without = body.replace(
        "8.5 Formation\nLe Prestataire organise deux sessions annuelles de sensibilisation des utilisateurs.\n\n", ""
    )
    missing = [
        f
        for f in checker.check(contract(tmp_path, without)).findings
        if f.rule_id == "security.anssi-themes-incomplete"
    ]
    assert missing and missing[0].missing == ["sensibilisation des utilisateurs"]
    # what to negotiate names that theme alone, not the five the contract covers
    rule = checker.ruleset.get("security.anssi-themes-incomplete")
    assert rule is not None and rule.kind == "coverage"
    asks = {theme.label: theme.ask for theme in rule.themes}
    advice = missing[0].advice.client
    assert asks["sensibilisation des utilisateurs"] in advice
    assert not [label for label, ask in asks.items() if ask in advice and label != "sensibilisation des utilisateurs"]
    assert "{missing}" not in advice + missing[0].advice.supplier


def security_themes_clauses(checker: Checker, tmp_path: Path, articles: str) -> list[str | None]:
    """Where the ANSSI-themes finding goes in an online service's terms made of ``articles``."""
    body = (
        "CONDITIONS GÉNÉRALES D'UTILISATION DU SERVICE EN LIGNE\n\nArticle 1 - Objet\nL'Éditeur met à la "
        "disposition du Client une application de gestion hébergée, accessible par abonnement.\n\n" + articles
    )
    report = checker.check(contract(tmp_path, body))
    return [
        f.clause.number if f.clause else None
        for f in report.findings
        if f.rule_id == "security.anssi-themes-incomplete"
    ]


def test_checker_security_themes_finding_goes_to_the_richest_security_article(checker: Checker, tmp_path: Path) -> None:
    articles = (
        "Article 4 - Sécurité\nLe Client garde ses identifiants secrets, choisit des mots de passe robustes et "
        "signale à l'Éditeur tout accès suspect à son compte.\n\n"
        "Article 6 - Sécurité des données\nL'Éditeur met en œuvre des mesures techniques et organisationnelles : "
        "chiffrement des données et des sauvegardes, contrôle des accès par authentification forte, audits de "
        "sécurité annuels et plan de reprise d'activité.\n"
    )
    assert security_themes_clauses(checker, tmp_path, articles) == ["6"]


def test_checker_security_themes_finding_goes_where_the_supplier_commits(checker: Checker, tmp_path: Path) -> None:
    articles = (
        "Article 4 - Confidentialité et sécurité\nLe Client s'engage à garder ses identifiants secrets et à "
        "choisir des mots de passe robustes pour la sécurité de son compte.\n\n"
        "Article 7 - Sécurité\nL'Éditeur s'engage à assurer la sécurité des données par des sauvegardes "
        "quotidiennes.\n"
    )
    # one theme each (access, infrastructures): the supplier's commitment decides, not the order
    assert security_themes_clauses(checker, tmp_path, articles) == ["7"]


def test_checker_security_themes_supplier_commits_in_the_lead_in_of_its_list(checker: Checker, tmp_path: Path) -> None:
    # Article 8 commits in its lead-in only ("s'engage à :"), its security item two lines below.
    articles = (
        "Article 5 - Filtrage\nL'Éditeur met en œuvre un filtrage des attaques par déni de service visant ses "
        "serveurs.\n\n"
        "Article 8 - Engagements de l'Éditeur\nL'Éditeur s'engage à :\n- répondre aux demandes du support sous "
        "un jour ouvré ;\n- préserver la sécurité de ses serveurs, notamment par des sauvegardes quotidiennes et "
        "un plan de reprise d'activité.\n"
    )
    assert security_themes_clauses(checker, tmp_path, articles) == ["8"]


def test_checker_security_themes_heading_inside_an_article_counts_as_its_title(
    checker: Checker, tmp_path: Path
) -> None:
    # Article 5 names security only in a line of its own, a heading inside the annex it holds.
    articles = (
        "Article 4 - Mises à jour\nL'Éditeur s'engage à corriger toute faille de sécurité de l'application sous "
        "cinq jours ouvrés.\n\n"
        "Article 5 - Annexe technique\n\nDisponibilité\n\nLes serveurs sont situés en France.\n\nSécurité\n\n"
        "Les communications sont chiffrées, les accès aux serveurs se font par clés SSH et des sauvegardes "
        "quotidiennes sont conservées trente jours.\n"
    )
    assert security_themes_clauses(checker, tmp_path, articles) == ["5"]


def test_finding_knows_its_place_in_the_document_and_the_patterns_that_fired(checker: Checker) -> None:
    from clausecheck.engine.source import read_contract

    text = (
        "CONTRAT D'ABONNEMENT À LA SOLUTION EN LIGNE « PLANNING »\n\n"
        "Article 1 – Objet\n\nLe Fournisseur met à disposition du Client sa solution en ligne de planification.\n\n"
        "Article 2 – Résiliation anticipée\n\n"
        "En cas de résiliation anticipée, le Client verse une indemnité égale à l'intégralité des redevances "
        "restant à courir jusqu'au terme.\n"
    )
    contract = read_contract(("contrat.txt", text.encode()))
    report = checker.check_contract(contract)
    located = [f for f in report.findings if f.location is not None]
    assert located and all(f.clause is not None for f in located)
    assert all(f.location is None for f in report.findings if f.clause is None)
    rules = {rule.id: rule for rule in checker.ruleset.rules}
    for finding in located:
        assert finding.location is not None
        start, end = finding.location.start, finding.location.end
        assert contract.full_text[start:end] == finding.clause_text
        clause_text = finding.clause_text or ""
        assert [contract.full_text[a:b] for a, b in finding.location.spans] == [
            clause_text[a:b] for a, b in finding.evidence.spans
        ]
        assert finding.evidence.patterns
        for ref in finding.evidence.patterns:
            assert ref.rule_id == finding.rule_id and ref.part == "when"
            assert ref.pattern < len(rules[ref.rule_id].when[ref.group].patterns)
    assert any(f.rule_id == "termination.full-remaining-price" for f in located)


def test_finding_in_an_unnumbered_section_cites_the_article_it_sits_in(checker: Checker, tmp_path: Path) -> None:
    import docx

    from clausecheck.report.labels import clause_name

    document = docx.Document()
    document.add_heading("Conditions générales d'abonnement à la plateforme Pilotis", level=0)
    document.add_heading("1. Objet", level=1)
    document.add_paragraph("L'Éditeur fournit au Client l'accès en ligne à sa plateforme Pilotis en mode SaaS.")
    document.add_heading("4. Exploitation de la plateforme", level=1)
    document.add_paragraph("L'Éditeur exploite la plateforme dans ses centres de données.")
    document.add_heading("Évolutions techniques", level=3)
    document.add_paragraph(
        "L'Éditeur peut, à sa seule discrétion, migrer la plateforme vers une autre infrastructure sans en "
        "informer le Client."
    )
    document.add_heading("Outils de supervision", level=3)
    document.add_paragraph(
        "Les outils de supervision pourront être remplacés par tout autre outil, à la convenance de l'Éditeur."
    )
    path = tmp_path / "abonnement.docx"
    document.save(str(path))

    report = checker.check(path)
    changes = [f for f in report.findings if f.rule_id == "advice.unilateral-technology-change"]
    assert [(f.clause.number, f.clause.title, f.clause.section) for f in changes if f.clause] == [
        ("4", "Évolutions techniques", True),
        ("4", "Outils de supervision", True),
    ]
    # The reader finds it under article 4, not in a preamble.
    assert clause_name(changes[0]) == "Article 4 — Évolutions techniques"


def test_finding_in_a_contract_without_numbers_cites_its_heading(checker: Checker, tmp_path: Path) -> None:
    import json

    import docx

    from clausecheck.report.json_envelope import document_json
    from clausecheck.report.labels import clause_name
    from clausecheck.report.markdown import render_document
    from clausecheck.report.run_info import make_run_info
    from clausecheck.report.sarif import render_sarif

    document = docx.Document()
    document.add_heading("Conditions générales de l'offre d'hébergement Altostrat", level=0)
    document.add_paragraph("Les présentes conditions lient la société Altostrat et ses clients professionnels.")
    document.add_heading("Le service", level=1)
    document.add_paragraph("Altostrat héberge les sites web de ses clients sur des serveurs qu'elle administre.")
    document.add_heading("Limites de responsabilité", level=1)
    document.add_paragraph(
        "Altostrat ne répond d'aucun dommage indirect, en particulier d'une perte de clientèle ou d'une perte "
        "de chance."
    )
    document.add_heading("Engagement et sortie", level=1)
    document.add_paragraph(
        "L'offre est souscrite pour vingt-quatre mois. Le client qui y met fin avant l'échéance doit toutes les "
        "mensualités restant à courir jusqu'à cette échéance."
    )
    path = tmp_path / "hebergement.docx"
    document.save(str(path))

    report = checker.check(path)
    cited = [(f.rule_id, f.clause) for f in report.findings if f.clause is not None]
    # Nothing is numbered: each clause is cited by the heading the reader sees, not as a preamble,
    # and in the contract's order within a severity.
    assert [(rule, ref.number, ref.heading) for rule, ref in cited] == [
        ("termination.full-remaining-price", "Engagement et sortie", True),
        ("liability.loss-of-chance-excluded", "Limites de responsabilité", True),
    ]
    written = [f["clause"] for f in document_json(report, "client")["findings"] if f["clause"]]
    assert written[0] == {"number": "Engagement et sortie", "title": "Engagement et sortie", "heading": True}
    finding = next(f for f in report.findings if f.clause is not None)
    assert clause_name(finding) == "« Engagement et sortie »"
    info = make_run_info(checker.ruleset.files, checker.model, "client", no_date=True)
    markdown = render_document(report, info, checker.ruleset)
    assert "**Clause** : « Engagement et sortie »" in markdown and "Préambule" not in markdown
    results = json.loads(render_sarif([report], info, checker.ruleset))["runs"][0]["results"]
    places = [r["locations"][0].get("logicalLocations", [{}])[0].get("name") for r in results]
    assert places[:2] == ["Engagement et sortie", "Limites de responsabilité"]
