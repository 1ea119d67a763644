"""French numbers, amounts and durations as contracts write them."""

from __future__ import annotations

import pytest

from clausecheck.text.amounts import find_amounts, format_amount
from clausecheck.text.durations import Duration, find_durations
from clausecheck.text.numbers import format_number, parse_french_number

NBSP = "\u00a0"
NNBSP = "\u202f"  # the narrow no-break space Word puts in "33 768"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("938", 938.0),
        ("938,00", 938.0),
        ("1 000,50", 1000.5),
        ("1.000,50", 1000.5),
        ("33 768", 33768.0),
        (f"33{NBSP}768", 33768.0),
        (f"33{NNBSP}768", 33768.0),
        ("1 000 000", 1_000_000.0),
        ("0,5", 0.5),
    ],
)
def test_amounts_parses_figures(text: str, expected: float) -> None:
    assert parse_french_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("un", 1),
        ("une", 1),
        ("trois", 3),
        ("douze", 12),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("vingt-quatre", 24),
        ("trente-six", 36),
        ("trente six", 36),
        ("Trente-Six", 36),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("quatre-vingt-dix-neuf", 99),
        ("cent vingt", 120),
        ("deux cents", 200),
        ("deux mille", 2000),
        ("mille neuf cent quatre-vingt-dix-neuf", 1999),
        ("trente\u2011six", 36),  # the non-breaking hyphen of typeset documents
    ],
)
def test_amounts_parses_number_words(text: str, expected: int) -> None:
    assert parse_french_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "deux trois", "et un", "mille mille", "12 mois", "1,2,3"])
def test_amounts_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_french_number(text) is None


@pytest.mark.parametrize(
    ("text", "value", "tax", "period"),
    [
        ("938,00 € HT", 938.0, "HT", None),
        ("EUR 1 000", 1000.0, None, None),
        ("2 450 euros hors taxes", 2450.0, "HT", None),
        ("79 € HT par mois", 79.0, "HT", "month"),
        ("5 000 € HT", 5000.0, "HT", None),
        ("1 000,50 € TTC par mois", 1000.5, "TTC", "month"),
        (f"938{NNBSP}€{NBSP}HT", 938.0, "HT", None),
        ("938 € H.T./mois", 938.0, "HT", "month"),
        ("120 € T.T.C. par trimestre", 120.0, "TTC", "quarter"),
        ("300 € toutes taxes comprises par an", 300.0, "TTC", "year"),
        ("1 000 € par mois hors taxes", 1000.0, "HT", "month"),
        ("500 € (HT) mensuels", 500.0, "HT", "month"),
        ("1 200 € hors taxe annuellement", 1200.0, "HT", "year"),
        ("12 k€ par an", 12_000.0, None, "year"),
    ],
)
def test_amounts_reads_value_tax_and_period_after_the_figure(
    text: str, value: float, tax: str | None, period: str | None
) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.tax, amount.period) == (value, tax, period)
    assert amount.text == text


@pytest.mark.parametrize(
    ("text", "period", "tax"),
    [
        ("le Client verse une redevance mensuelle forfaitaire de 938 € HT, qui", "month", "HT"),
        ("la redevance mensuelle (forfaitaire) de 938 €", "month", None),
        ("rémunérée par une redevance forfaitaire mensuelle de 6 500 € HT.", "month", "HT"),
        ("moyennant un abonnement mensuel de 79 €", "month", None),
        ("un loyer mensuel de 1.000,50 € TTC", "month", "TTC"),
        ("une redevance annuelle globale de 4 800 € HT, payable d'avance", "year", "HT"),
        ("La redevance trimestrielle s'élève à 3 000 €", "quarter", None),
        ("Le montant mensuel HT de la redevance est de 500 €", "month", "HT"),
        ("Redevance mensuelle hébergement : 500 €", "month", None),
        ("douze mensualités de 79 €", "month", None),
        ("Le Client verse chaque mois au Prestataire la somme de 500 €", "month", None),
    ],
)
def test_amounts_reads_period_written_on_the_fee_name(text: str, period: str, tax: str | None) -> None:
    [amount] = find_amounts(text)
    assert (amount.period, amount.tax) == (period, tax)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("149 € HT par mois, facturé annuellement et d'avance.", [(149.0, "month")]),
        (
            "Les frais de mise en service s'élèvent à 1 200 € HT. Les redevances sont payables mensuellement.",
            [(1200.0, None)],
        ),
        (
            "Le Client paie 79 € HT par mois ; les frais d'accès de 150 € HT sont offerts.",
            [(79.0, "month"), (150.0, None)],
        ),
    ],
)
def test_amounts_takes_the_period_next_to_the_figure_only(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert [(a.value, a.period) for a in find_amounts(text)] == expected


@pytest.mark.parametrize(
    ("text", "per", "period"),
    [
        ("45 € HT par utilisateur nommé et par mois, avec un minimum", "utilisateur nommé", "month"),
        ("550 € HT l'unité d'œuvre.", "unité d'œuvre", None),
        ("700 € HT par jour", "jour", None),
        ("24 € HT par mois et par ligne", "ligne", "month"),
        ("938 € HT par prélèvement", None, None),
    ],
)
def test_amounts_reads_what_a_unit_price_is_per(text: str, per: str | None, period: str | None) -> None:
    [amount] = find_amounts(text)
    assert (amount.per, amount.period) == (per, period)


@pytest.mark.parametrize(
    ("text", "value", "consistent"),
    [
        ("deux mille euros (2 000 €) hors taxes", 2000.0, True),
        ("100 € (cent euros) toutes taxes comprises", 100.0, True),
        ("2 000 € (mille euros)", 2000.0, False),
    ],
)
def test_amounts_counts_words_and_figures_once(text: str, value: float, consistent: bool) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.consistent) == (value, consistent)


def test_amounts_keeps_a_restatement_in_another_tax_basis_apart() -> None:
    amounts = find_amounts("une redevance mensuelle de 1 000 € HT (soit 1 200 € TTC)")
    assert [(a.value, a.tax) for a in amounts] == [(1000.0, "HT"), (1200.0, "TTC")]


def test_amounts_offsets_point_at_the_matched_text() -> None:
    text = "Le prix est de 2 450 € HT par mois et les frais de 1 200 € HT."
    amounts = find_amounts(text)
    assert [text[a.start : a.end] for a in amounts] == ["2 450 € HT par mois", "1 200 € HT"]
    assert [a.text for a in amounts] == ["2 450 € HT par mois", "1 200 € HT"]


@pytest.mark.parametrize("text", ["leur 12 mois", "n° 812 345 678", "99,5 %", "article L. 441-10", "pendant 36 mois"])
def test_amounts_finds_no_money_without_a_currency(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "count", "unit", "months", "matched"),
    [
        ("une durée ferme de trente-six (36) mois.", 36, "month", 36, "trente-six (36) mois"),
        ("pendant 36 mois", 36, "month", 36, "36 mois"),
        ("conclu pour 3 ans", 3, "year", 36, "3 ans"),
        ("pour trois (3) années", 3, "year", 36, "trois (3) années"),
        ("une durée initiale de trois années", 3, "year", 36, "trois années"),
        ("vingt-quatre mois", 24, "month", 24, "vingt-quatre mois"),
        ("par périodes de douze (12) mois", 12, "month", 12, "douze (12) mois"),
        ("deux ans après son terme", 2, "year", 24, "deux ans"),
        ("par périodes d\u2019un (1) an", 1, "year", 12, "un (1) an"),
        ("QUARANTE-HUIT (48) MOIS", 48, "month", 48, "QUARANTE-HUIT (48) MOIS"),
        ("quatre (4) trimestres", 4, "quarter", 12, "quatre (4) trimestres"),
        ("trente (30) jours", 30, "day", None, "trente (30) jours"),
        ("quinze (15) jours ouvrés", 15, "day", None, "quinze (15) jours ouvrés"),
        ("deux semaines", 2, "week", None, "deux semaines"),
    ],
)
def test_amounts_finds_durations(text: str, count: int, unit: str, months: int | None, matched: str) -> None:
    [duration] = find_durations(text)
    assert (duration.count, duration.unit, duration.months, duration.text) == (count, unit, months, matched)
    assert text[duration.start : duration.end] == matched


def test_amounts_finds_every_duration_of_a_sentence_in_order() -> None:
    text = (
        "Il est conclu pour une durée ferme de trente-six (36) mois et se renouvelle par périodes "
        "successives de douze (12) mois, sauf préavis de trois (3) mois."
    )
    assert [d.months for d in find_durations(text)] == [36, 12, 3]


def test_amounts_finds_the_number_that_counts_the_unit() -> None:
    [duration] = find_durations("vingt-quatre heures sur vingt-quatre et sept jours sur sept")
    assert (duration.count, duration.unit, duration.text) == (7, "day", "sept jours")


def test_amounts_flags_words_and_figures_that_disagree() -> None:
    [duration] = find_durations("une durée ferme de trente-six (30) mois")
    assert not duration.consistent
    assert duration.count == 36  # the words prevail, as French practice reads them


@pytest.mark.parametrize("text", ["les douze (12) derniers mois", "quatre (4) serveurs", "le 1er janvier 2027"])
def test_amounts_finds_no_duration_without_a_unit_next_to_the_number(text: str) -> None:
    assert find_durations(text) == []


@pytest.mark.parametrize(
    ("unit", "months"), [("month", 5), ("quarter", 15), ("semester", 30), ("year", 60), ("day", None), ("week", None)]
)
def test_amounts_duration_converts_to_months_only_when_exact(unit: str, months: int | None) -> None:
    assert Duration(count=5, unit=unit, start=0, end=0, text="").months == months  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "tax", "expected"),
    [
        (33768, "HT", "33 768 € HT"),
        (6500, "HT", "6 500 € HT"),
        (938.0, "HT", "938 € HT"),
        (1000.5, None, "1 000,50 €"),
        (36018.0, "TTC", "36 018 € TTC"),
        (1_234_567.8, None, "1 234 567,80 €"),
    ],
)
def test_amounts_formats_euros_the_french_way(value: float, tax: str | None, expected: str) -> None:
    assert format_amount(value, tax) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value", "currency", "tax", "period"),
    [
        ("CHF 1'180.– hors TVA par mois", 1180.0, "CHF", "HT", "month"),
        ("12’500.50 CHF par an", 12500.5, "CHF", None, "year"),
        ("CHF 0.32 par kWh", 0.32, "CHF", None, None),
        ("2 000 francs suisses par mois", 2000.0, "CHF", None, "month"),
        ("1 450 $ par mois", 1450.0, "CAD", None, "month"),
        ("1 450 $ CA par mois", 1450.0, "CAD", None, "month"),
        ("99 $ US par mois", 99.0, "USD", None, "month"),
        ("99 dollars américains par mois", 99.0, "USD", None, "month"),
        ("485 000 FCFA HT par mois", 485000.0, "FCFA", "HT", "month"),
        ("250 000 F CFA par trimestre", 250000.0, "FCFA", None, "quarter"),
        ("250 000 XOF", 250000.0, "XOF", None, None),
        ("150 € HTVA par mois", 150.0, "EUR", "HT", "month"),
        ("181,50 € TVAC", 181.5, "EUR", "TTC", None),
    ],
)
def test_amounts_read_the_currencies_of_contracts_written_outside_france(
    text: str, value: float, currency: str, tax: str | None, period: str | None
) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.currency, amount.tax, amount.period) == (value, currency, tax, period)


def test_amounts_read_the_period_of_a_fee_named_with_what_it_covers() -> None:
    [amount] = find_amounts("Redevance mensuelle (hébergement et maintenance) : 500 € HT")
    assert (amount.value, amount.period, amount.tax) == (500.0, "month", "HT")


@pytest.mark.parametrize(
    ("currency", "expected"),
    [("EUR", "1 180 € HT"), ("CHF", "1 180 CHF HT"), ("CAD", "1 180 $ CA HT"), ("FCFA", "1 180 FCFA HT")],
)
def test_amounts_format_each_currency(currency: str, expected: str) -> None:
    assert format_amount(1180.0, "HT", currency) == expected  # type: ignore[arg-type]


def test_amounts_formatted_numbers_parse_back() -> None:
    for value in (0.5, 79.0, 1000.5, 33768.0, 1_000_000.0):
        assert parse_french_number(format_number(value)) == value


def test_amounts_searched_by_line_are_those_of_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the lines naming a currency are searched: what is found is what a search of the
    whole text finds, at the edges of lines and of the text too."""
    import random

    from clausecheck.text import amounts

    pieces = [
        "1 000 €",
        "€ 250",
        "EUR 40",
        "75 EUR",
        "deux cents euros",
        "Mille Euros",
        f"trente{NBSP}six EUROS",
        "vingt et un €",
        "cent eUrOs",
        f"quatre-vingts {NBSP} euro",
        "Soixante-Dix€",
        "un  EURO",
        "onze",
        "€",
        "1 234 567 890 123 456 789 €",  # runs too long for one figure: masked
        f"9.876.543.210.987.654{NBSP}EUR",
        "leur valeur",
        "européen",
        "12,50",
        "HT par mois",
        "\n",
        "\r\n",
        " ",
        ".",
        "(",
        ")",
    ]
    rng = random.Random(7)
    texts = ["", "\n", "1 000 €", "1 000 €\n", "\ntrois euros", "deux\ncents euros"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 30))) for _ in range(500)]
    by_line = [amounts._cores(text) for text in texts]
    # the reference: the whole text searched, sums in words included wherever they may be
    monkeypatch.setattr(amounts, "_currency_lines", lambda text: iter([(0, len(text))]))
    monkeypatch.setattr(amounts, "_may_hold_words", lambda text, start, end: True)
    assert by_line == [amounts._cores(text) for text in texts]
    assert sum(map(len, by_line)) > 1000
    assert sum(1 for cores in by_line for _start, _end, value, _currency in cores if value == 80) > 10  # quatre-vingts


def test_amounts_mask_long_digit_runs_on_the_lines_searched() -> None:
    """The runs too long for one figure, which the patterns would retry from each group, are
    masked on every line naming a currency (offsets kept); the other lines are not searched."""
    from clausecheck.text import amounts

    run = "1 234 567 890 123 456 789"
    text = f"Réf. {run}\nPrix : {run} € et 12 €\n{run}"
    lines = list(amounts._currency_lines(text))
    masked = amounts._masked(text, lines)
    assert len(masked) == len(text)
    assert masked.split("\n") == [f"Réf. {run}", f"Prix : {'#' * len(run)} € et 12 €", run]
