"""Maximum exposure of a clause that makes the client owe every sum until the term."""

from __future__ import annotations

import pytest

from clausecheck.engine.exposure import estimate_exposure
from clausecheck.model.document import Clause, ContractText
from clausecheck.model.findings import Exposure

REMAINING = (
    "En cas de résiliation anticipée à l'initiative du Client, celui-ci reste redevable de "
    "l'intégralité des sommes restant à courir jusqu'au terme du contrat."
)


def contract_of(articles: list[tuple[str, str]], termination: str = REMAINING) -> tuple[ContractText, Clause]:
    """A contract made of (title, body) articles, numbered in order, ending with the termination clause."""
    parts: list[str] = []
    clauses: list[Clause] = []
    offset = 0
    for number, (title, body) in enumerate([*articles, ("Résiliation anticipée", termination)], start=1):
        heading = f"Article {number} - {title}\n"
        start = offset + len(heading)
        clauses.append(Clause(number=str(number), title=title, text=body, start=start, end=start + len(body)))
        parts.append(heading + body + "\n")
        offset += len(heading) + len(body) + 1
    contract = ContractText(path="contrat.docx", title="Contrat", full_text="".join(parts), clauses=clauses)
    return contract, clauses[-1]


def times(basis: str) -> str:
    """ "938 € HT x 36 mois" with the multiplication sign the report prints (ruff flags a literal one)."""
    return basis.replace(" x ", " \u00d7 ")


def exposure_of(articles: list[tuple[str, str]], termination: str = REMAINING) -> Exposure | str:
    contract, clause = contract_of(articles, termination)
    return estimate_exposure(contract, clause)


TELEPHONY = [
    (
        "Durée",
        "Le contrat est conclu pour une durée ferme de trente-six (36) mois. Il se renouvelle ensuite "
        "tacitement par périodes successives de douze (12) mois, sauf préavis de trois (3) mois.",
    ),
    (
        "Prix",
        "Le Client verse une redevance mensuelle forfaitaire de 938 € HT, ainsi ventilée :\n"
        "Service | Quantité | Redevance mensuelle HT\n"
        "Accès fibre | 1 | 289,00 €\n"
        "Canaux VoIP | 10 | 190,00 €\n"
        "Postes IP | 12 | 264,00 €\n"
        "Standard virtuel | 1 | 195,00 €\n"
        "Total mensuel |  | 938,00 €\n"
        "Les montants sont exprimés hors taxes. Indemnité de recouvrement : 40 €.",
    ),
]
MAINTENANCE = [
    ("Durée", "Le présent contrat prend effet le 1er janvier 2027 pour une durée ferme de vingt-quatre (24) mois."),
    (
        "Rémunération",
        "La maintenance corrective est rémunérée par une redevance forfaitaire mensuelle de "
        "6 500 € HT. Les évolutions sont facturées sur devis, au prix de 550 € HT l'unité d'œuvre.",
    ),
]
HOSTING = [
    (
        "Durée",
        "Le contrat est conclu pour une période initiale de trente-six (36) mois à compter de la "
        "livraison, puis se renouvelle par périodes de douze (12) mois.",
    ),
    (
        "Conditions financières",
        "Les frais de mise en service s'élèvent à 1 200 € HT. À compter de la mise en "
        "service, le Client verse une redevance mensuelle de 2 450 € HT, payable d'avance.",
    ),
    ("Responsabilité", "La responsabilité de l'Hébergeur est plafonnée à 15 000 € HT par an."),
]
WEBSITE = [
    (
        "Prix",
        "La création du site est facturée 2 400 € HT. L'hébergement et la maintenance font l'objet "
        "d'un abonnement de 79 € HT par mois, prélevé mensuellement.",
    ),
    (
        "Durée de l'abonnement",
        "L'abonnement est souscrit pour une période d'engagement de vingt-quatre (24) "
        "mois à compter de la mise en ligne.",
    ),
]
LICENCE = [
    (
        "Durée",
        "La licence est consentie pour une durée de trois (3) ans à compter de la livraison ; elle est "
        "ensuite renouvelée par périodes d'un (1) an.",
    ),
    ("Redevance", "La licence donne lieu au paiement d'une redevance annuelle de 12 000 € HT, payable d'avance."),
]
PRICE_TABLE = [
    ("Engagement", "Le Client s'engage pour une durée minimale de 12 mois."),
    (
        "Tarifs",
        "Prestation | Prix mensuel (€ HT) | Frais de mise en service (€ HT)\n"
        "Supervision | 1 200,00 | 800,00\n"
        "Sauvegarde externalisée | 300,00 | 150,00\n"
        "Total | 1 500,00 | 950,00",
    ),
]
TTC_MONTHLY = [
    ("Durée", "Le contrat a une durée initiale de trois années à compter de sa signature."),
    ("Prix", "Le Client paie 1 000,50 € TTC par mois."),
]


@pytest.mark.parametrize(
    ("articles", "amount", "tax", "basis"),
    [
        (TELEPHONY, 33768.0, "HT", "938 € HT x 36 mois"),
        (MAINTENANCE, 156000.0, "HT", "6 500 € HT x 24 mois"),
        (HOSTING, 88200.0, "HT", "2 450 € HT x 36 mois"),
        (WEBSITE, 1896.0, "HT", "79 € HT x 24 mois"),
        (LICENCE, 36000.0, "HT", "12 000 € HT x 3 ans"),
        (PRICE_TABLE, 18000.0, "HT", "1 500 € HT x 12 mois"),
        (TTC_MONTHLY, 36018.0, "TTC", "1 000,50 € TTC x 36 mois"),
    ],
    ids=[
        "flat-fee-and-total-row",
        "flat-fee-not-units",
        "set-up-fee-one-off",
        "creation-price-one-off",
        "yearly-fee",
        "price-table-total",
        "ttc-with-decimals",
    ],
)
def test_exposure_multiplies_the_periodic_price_by_the_commitment(
    articles: list[tuple[str, str]], amount: float, tax: str, basis: str
) -> None:
    assert exposure_of(articles) == Exposure(amount=amount, currency="EUR", tax=tax, basis=times(basis))


@pytest.mark.parametrize(
    ("price", "term", "amount", "basis"),
    [
        (
            "La redevance trimestrielle s'élève à 3 000 € HT.",
            "Le contrat est conclu pour 3 ans.",
            36000.0,
            "3 000 € HT x 12 trimestres",
        ),
        (
            "Le Client s'acquitte d'un loyer mensuel de 1 250 € HT.",
            "Le contrat est conclu pour une durée ferme et irrévocable de quarante-huit (48) mois.",
            60000.0,
            "1 250 € HT x 48 mois",
        ),
        (
            "La redevance mensuelle est de 1 000 € HT, soit 1 200 € TTC par mois.",
            "Engagement de 24 mois.",
            24000.0,
            "1 000 € HT x 24 mois",
        ),
        ("Redevance annuelle : 6 000 € HT.", "Durée d'engagement : 24 mois.", 12000.0, "6 000 € HT x 2 ans"),
        (
            "Le Client verse chaque mois au Prestataire la somme de 500 € HT.",
            "Sa durée est de deux (2) ans.",
            12000.0,
            "500 € HT x 24 mois",
        ),
        (
            "Le Client paie un abonnement mensuel de 300 € HT ; l'option sauvegarde est facturée 30 € HT par mois.",
            "La période minimale d\u2019engagement est de douze (12) mois.",
            3600.0,
            "300 € HT x 12 mois",
        ),
        (
            "Le Client verse 25 € HT par utilisateur et par mois, soit, pour ses vingt utilisateurs, une redevance "
            "mensuelle de 500 € HT.",
            "Le contrat est conclu pour une durée ferme de douze (12) mois.",
            6000.0,
            "500 € HT x 12 mois",
        ),
        (
            "La redevance est facturée d'avance à chaque date anniversaire, soit 4 800 € HT par an.",
            "Durée d'engagement : 24 mois.",
            9600.0,
            "4 800 € HT x 2 ans",
        ),
        (
            "Le Client s'acquitte d'une redevance mensuelle de 720 € HT.",
            "Les lignes sont souscrites pour une période d'engagement ferme et indivisible de trente (30) mois.",
            21600.0,
            "720 € HT x 30 mois",
        ),
    ],
)
def test_exposure_reads_the_ways_contracts_phrase_price_and_term(
    price: str, term: str, amount: float, basis: str
) -> None:
    result = exposure_of([("Durée", term), ("Prix", price)])
    assert isinstance(result, Exposure)
    assert (result.amount, result.basis) == (amount, times(basis))


@pytest.mark.parametrize(
    ("statement", "tax", "basis"),
    [
        ("Les montants sont exprimés hors taxes.", "HT", "300 € HT x 12 mois"),
        ("Les prix s'entendent toutes taxes comprises.", "TTC", "300 € TTC x 12 mois"),
        ("", None, "300 € x 12 mois"),
    ],
)
def test_exposure_takes_the_tax_basis_the_contract_states(statement: str, tax: str | None, basis: str) -> None:
    result = exposure_of(
        [
            ("Durée", "Le contrat est conclu pour une durée de douze (12) mois."),
            ("Prix", f"Le Client paie un abonnement mensuel de 300 €. {statement}"),
        ]
    )
    assert isinstance(result, Exposure)
    assert (result.amount, result.tax, result.basis) == (3600.0, tax, times(basis))


def test_exposure_keeps_the_currency_of_the_price() -> None:
    swiss = exposure_of(
        [
            ("Prix", "Redevance mensuelle (emplacement et énergie) : CHF 1'180.– hors TVA."),
            ("Durée", "Le contrat est conclu pour une durée ferme de 24 mois."),
        ]
    )
    assert swiss == Exposure(amount=28320.0, currency="CHF", tax="HT", basis=times("1 180 CHF HT x 24 mois"))
    quebec = exposure_of(
        [
            ("Frais", "Les frais d'abonnement sont de 1 450 $ par mois."),
            ("Durée", "La convention est conclue pour une durée ferme de 36 mois."),
        ]
    )
    assert quebec == Exposure(amount=52200.0, currency="CAD", tax=None, basis=times("1 450 $ CA x 36 mois"))


def test_exposure_keeps_the_price_tax_basis_when_the_indemnity_is_ttc() -> None:
    clause = REMAINING + " Cette indemnité est calculée toutes taxes comprises."
    result = exposure_of(TELEPHONY, clause)
    assert isinstance(result, Exposure)
    assert (result.amount, result.tax) == (33768.0, "HT")


def test_exposure_prefers_the_term_the_clause_names() -> None:
    clause = (
        "Le Client peut résilier le contrat avant l'expiration de la durée ferme de soixante (60) mois ; "
        "il doit alors l'ensemble des sommes qui auraient dû être facturées jusqu'à son terme."
    )
    result = exposure_of(TELEPHONY, clause)
    assert isinstance(result, Exposure)
    assert (result.amount, result.basis) == (56280.0, times("938 € HT x 60 mois"))


def test_exposure_prefers_the_price_the_clause_names() -> None:
    clause = (
        "En cas de résiliation anticipée, le Client verse les redevances de 400 € HT par mois "
        "restant à courir jusqu'au terme de la période initiale."
    )
    result = exposure_of(HOSTING, clause)
    assert isinstance(result, Exposure)
    assert (result.amount, result.basis) == (14400.0, times("400 € HT x 36 mois"))


@pytest.mark.parametrize(
    ("articles", "termination", "reason"),
    [
        (
            [("Durée", "Le contrat est conclu pour 36 mois.")],
            "En cas de résiliation, le Client paie les redevances de 500 € HT par mois pour le lot 1 et de "
            "700 € HT par mois pour le lot 2, jusqu'au terme.",
            "Plusieurs prix périodiques différents",
        ),
        (
            [
                ("Durée", "Le contrat est conclu pour une durée de 36 mois."),
                (
                    "Prix",
                    "Redevance mensuelle forfaitaire hébergement : 500 € HT. "
                    "Redevance mensuelle forfaitaire infogérance : 900 € HT.",
                ),
            ],
            REMAINING,
            "Plusieurs prix périodiques différents",
        ),
        (
            [
                ("Durée", "Période initiale : 24 mois."),
                ("Prix", "Prestation | Redevance mensuelle (€ HT)\nSupervision | 1 200,00\nSauvegarde | 300,00"),
            ],
            REMAINING,
            "sans ligne de total",
        ),
        (
            [("Prix", "Le Client verse une redevance mensuelle de 500 € HT.")],
            REMAINING,
            "Aucune durée d'engagement",
        ),
        (
            [("Durée", "Le contrat prend fin le 31 décembre 2028."), ("Prix", "Abonnement mensuel de 300 € HT.")],
            REMAINING,
            "Aucune durée d'engagement",
        ),
        (
            [
                (
                    "Durée",
                    "Le contrat se renouvelle par périodes successives de douze (12) mois, sauf préavis "
                    "de trois (3) mois.",
                ),
                ("Prix", "Abonnement mensuel de 300 € HT."),
            ],
            REMAINING,
            "Aucune durée d'engagement",
        ),
        (
            [
                ("Durée", "Le contrat est conclu pour une durée indéterminée."),
                ("Prix", "Le Client verse une redevance mensuelle de 3 900 € HT."),
            ],
            REMAINING,
            "durée indéterminée",
        ),
        (
            [
                ("Durée", "Le contrat est conclu pour une durée de 24 mois."),
                ("Prix", "Le prix forfaitaire global de 120 000 € HT est payable à la livraison."),
            ],
            REMAINING,
            "Aucun prix périodique",
        ),
        (
            [
                ("Durée", "Le contrat entre en vigueur pour une période initiale de vingt-quatre (24) mois."),
                ("Prix", "L'abonnement est facturé 45 € HT par utilisateur nommé et par mois."),
            ],
            REMAINING,
            "fixé par unité",
        ),
        (
            [
                ("Durée", "Chaque service est souscrit pour une période minimale d'engagement de 24 mois."),
                (
                    "Prix",
                    "L'accès fibre est facturé 420 € HT par mois. Chaque ligne mobile est facturée 24 € HT par mois.",
                ),
            ],
            REMAINING,
            "fixé par unité",
        ),
        (
            [
                ("Durée", "Le contrat est conclu pour une durée ferme de 36 mois."),
                ("Services", "Le service de sauvegarde est souscrit pour une durée ferme de 24 mois."),
                ("Prix", "Abonnement mensuel de 300 € HT."),
            ],
            REMAINING,
            "Plusieurs durées d'engagement différentes (24 mois, 36 mois)",
        ),
        (
            [
                ("Durée", "Le contrat est conclu pour une durée de dix-huit (18) mois."),
                ("Prix", "La redevance annuelle est de 12 000 € HT."),
            ],
            REMAINING,
            "nombre entier",
        ),
        (
            [
                ("Durée", "Le contrat est conclu pour une durée ferme de trente-six (30) mois."),
                ("Prix", "Abonnement mensuel de 300 € HT."),
            ],
            REMAINING,
            "en lettres et en chiffres",
        ),
    ],
    ids=[
        "two-prices-in-clause",
        "two-flat-fees",
        "table-without-total",
        "no-term",
        "term-as-a-date",
        "renewal-and-notice-only",
        "indefinite",
        "one-off-price-only",
        "per-user-price",
        "per-line-price",
        "two-terms",
        "yearly-fee-partial-year",
        "words-figures-differ",
    ],
)
def test_exposure_explains_in_french_instead_of_guessing(
    articles: list[tuple[str, str]], termination: str, reason: str
) -> None:
    result = exposure_of(articles, termination)
    assert isinstance(result, str)
    assert reason in result
    assert "exposition" in result or "multiplier" in result


def test_exposure_ignores_renewal_notice_and_warranty_lengths() -> None:
    result = exposure_of(
        [
            (
                "Durée",
                "Le contrat est conclu pour une durée initiale de vingt-quatre (24) mois. Il est ensuite "
                "reconduit pour une durée de douze (12) mois, sauf dénonciation moyennant un préavis "
                "de trois (3) mois.",
            ),
            ("Garantie", "Le Prestataire garantit les équipements pour une durée de 36 mois."),
            ("Prix", "Le Client verse une redevance mensuelle de 650 € HT."),
        ]
    )
    assert isinstance(result, Exposure)
    assert result.basis == times("650 € HT x 24 mois")


def test_exposure_reads_word_typography() -> None:
    nnbsp, nbsp = "\u202f", "\u00a0"
    result = exposure_of(
        [
            ("Durée", "Le contrat est conclu pour une durée d\u2019engagement de TRENTE\u2011SIX (36) MOIS."),
            ("Prix", f"Le Client verse une redevance mensuelle de 2{nnbsp}450{nbsp}€{nbsp}HT."),
        ]
    )
    assert isinstance(result, Exposure)
    assert (result.amount, result.basis) == (88200.0, times("2 450 € HT x 36 mois"))


@pytest.mark.parametrize("connector", ["désigne", ":"])
def test_exposure_reads_the_term_from_a_definitions_article(connector: str) -> None:
    result = exposure_of(
        [
            (
                "Définitions",
                f"« Durée Initiale » {connector} la période de trente-six (36) mois courant à compter de la fin de "
                "la phase de transition.",
            ),
            ("Prix", "Le Client verse une redevance trimestrielle forfaitaire de 21 750 € HT."),
        ]
    )
    assert isinstance(result, Exposure)
    assert (result.amount, result.tax) == (261_000, "HT")


@pytest.mark.parametrize("label", ["Redevance mensuelle totale", "Montant total HT", "TOTAL"])
def test_exposure_takes_the_total_row_wherever_its_label_says_total(label: str) -> None:
    """The total row's label may end in "totale"; the unit prices above it are not the price."""
    prices = (
        "La redevance mensuelle est détaillée ci-dessous :\n"
        "Élément | Quantité | Prix unitaire mensuel HT | Montant mensuel HT\n"
        "Licence d'accès | 1 | 120,00 € | 120,00 €\n"
        "Équipement connecté | 30 | 28,00 € | 840,00 €\n"
        f"{label} |  |  | 960,00 € HT\n"
    )
    result = exposure_of(
        [("Durée", "Le contrat est conclu pour une durée ferme de vingt-quatre (24) mois."), ("Prix", prices)]
    )
    assert result == Exposure(amount=23040.0, currency="EUR", tax="HT", basis=times("960 € HT x 24 mois"))


def test_exposure_does_not_take_a_subtotal_for_the_total() -> None:
    prices = (
        "Lot | Redevance mensuelle HT\n"
        "Téléphonie | 400,00 €\n"
        "Sous-total téléphonie | 400,00 €\n"
        "Internet | 250,00 €\n"
        "Total | 650,00 €\n"
    )
    result = exposure_of(
        [("Durée", "Le contrat est conclu pour une durée ferme de douze (12) mois."), ("Prix", prices)]
    )
    assert isinstance(result, Exposure) and result.amount == 7800.0


def test_exposure_reads_the_period_from_a_cell_of_its_own() -> None:
    """A price table whose last column says how often: "par mois" beside the sum, not in its cell."""
    prices = (
        "Les prix sont les suivants :\n"
        "Abonnement au portail, jusqu'à 40 comptes | 455 € HT | par mois\n"
        "Reprise des données (12 mois d'historique) | 1 900 € HT | une fois\n"
    )
    result = exposure_of(
        [("Durée", "Le contrat est conclu pour une durée ferme de trente-six (36) mois."), ("Prix", prices)]
    )
    assert result == Exposure(amount=16380.0, currency="EUR", tax="HT", basis=times("455 € HT x 36 mois"))


@pytest.mark.parametrize(
    "rows",
    [
        "Prestation | Prix | Garantie\nDéveloppement du module | 12 000 € HT | trois mois\n",  # a length, not how often
        "Prestation | Prix | Délai\nAudit de sécurité | 3 000 € HT | sous un mois\n",
        "Offre | Frais d'accès | Redevance | Rythme\nPack | 500 € HT | 90 € HT | par mois\n",  # only the sum beside it
    ],
)
def test_exposure_takes_only_a_frequency_written_right_after_the_sum(rows: str) -> None:
    result = exposure_of(
        [("Durée", "Le contrat est conclu pour une durée ferme de trente-six (36) mois."), ("Prix", rows)]
    )
    if "par mois" in rows:
        assert result == Exposure(amount=3240.0, currency="EUR", tax="HT", basis=times("90 € HT x 36 mois"))
    else:
        assert isinstance(result, str)


def test_exposure_reads_no_period_from_a_cell_under_another_header() -> None:
    """ "Révision du prix | annuelle" says when the price moves, not how often it is paid."""
    rows = "Prestation | Prix HT | Révision du prix\nPortail de réservation | 18 000 € HT | annuelle\n"
    result = exposure_of(
        [("Durée", "Le contrat est conclu pour une durée ferme de trente-six (36) mois."), ("Prix", rows)]
    )
    assert isinstance(result, str)
