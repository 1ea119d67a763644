"""Hostile and damaged files: a clear ReadError or a sound reading, never a traceback.

Every file is built here: damaged encodings, PDFs with filters pypdf cannot decode or a
ToUnicode map yielding a lone surrogate, absurd figures, oversized files, mixed
encodings and invisible characters inside the words rules look for.
"""

from __future__ import annotations

import json
import time

import pytest
from fuzz_inputs import contract_text, unicode_pdf

from clausecheck.engine.checker import Checker
from clausecheck.engine.source import read_contract
from clausecheck.model.errors import ReadError
from clausecheck.model.findings import DocumentReport
from clausecheck.read import limits, read_blocks
from clausecheck.text.amounts import find_amounts
from clausecheck.text.durations import find_durations
from clausecheck.text.normalize import normalize, shorten_runs
from clausecheck.text.numbers import MAX_AMOUNT, parse_french_number

_LINE = "Le Prestataire fournit au Client les services décrits dans l'annexe technique du contrat."


def _error(name: str, data: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_blocks(name, data)
    return caught.value


# --- damaged encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("impair.txt", b"\xff\xfe" + _LINE.encode("utf-16-le") + b"x"),  # odd length: truncated
        ("surrogat.txt", b"\xff\xfe" + _LINE.encode("utf-16-le") + b"\x00\xd8" + "fin".encode("utf-16-le")),
        ("binaire.md", b"\xff\xfe" + bytes(range(256)) * 8),
        ("binaire.txt", bytes(range(256)) * 8),
        ("zeros.txt", bytes(4096)),
    ],
)
def test_damaged_or_binary_text_file_is_a_corrupt_file(name: str, data: bytes) -> None:
    assert _error(name, data).code == "corrupt-file"


def test_utf16_text_without_bom_is_read() -> None:
    blocks = read_blocks("c.txt", f"Article 1 – Objet\n\n{_LINE}\n".encode("utf-16-le"))
    assert blocks[-1].text == _LINE


def test_one_cp1252_byte_does_not_garble_the_utf8_lines() -> None:
    data = f"Article 1 – Résiliation\n\n{_LINE}\n\n".encode() + "Référence – version 2".encode("cp1252") + b"\n"
    texts = [block.text for block in read_blocks("c.txt", data)]
    assert texts == ["Article 1 – Résiliation", _LINE, "Référence – version 2"]


# --- PDFs pypdf cannot fully decode ------------------------------------------------------


@pytest.mark.parametrize("content_filter", ["FooDecode", "JBIG2Decode", "Fl"])  # "Fl": removed in pypdf 7
def test_pdf_stream_with_an_unsupported_filter_is_a_corrupt_file(content_filter: str) -> None:
    error = _error("c.pdf", unicode_pdf([[_LINE] * 5], content_filter=content_filter))
    assert error.code == "corrupt-file"
    assert "compression" in error.message


def test_pdf_lone_surrogate_becomes_the_replacement_character() -> None:
    contract = read_contract(("c.pdf", unicode_pdf([["Article 1 – Objet", f"\ud800{_LINE}", _LINE]])))
    assert "\ufffd" in contract.full_text
    contract.model_dump_json().encode("utf-8")  # raises on a surrogate


# --- figures no contract writes ----------------------------------------------------------


@pytest.mark.parametrize("digits", [308, 4_300, 5_000])
def test_absurd_figures_are_ignored_and_plausible_ones_kept(digits: int) -> None:
    huge = "9" * digits
    text = f"Le prix est de {huge} € HT par mois, puis de 1 250 € HT par mois pour une durée de {huge} mois."
    assert [a.value for a in find_amounts(text)] == [1250]
    assert find_durations(text) == []
    assert find_durations(f"durée de {huge} mois ou de 36 mois")[-1].count == 36
    assert parse_french_number(huge) is None


def test_plausibility_bounds() -> None:
    assert [a.value for a in find_amounts("un plafond de 1 000 000 000 000 €")] == [MAX_AMOUNT]
    assert find_amounts("un plafond de 1 000 000 000 001 €") == []
    assert find_amounts("un montant de 2 000 000 000 000 000 000 000 € HT") == []
    assert [d.count for d in find_durations("pour 99 ans, 1200 mois ou 36525 jours")] == [99, 1_200, 36_525]
    assert find_durations("pour 101 ans, 1201 mois ou 36526 jours") == []


@pytest.mark.slow
@pytest.mark.parametrize(("price", "term"), [("9" * 308, "36"), ("9" * 4_300, "36"), ("100", "9" * 308)])
def test_absurd_price_or_term_gives_a_report_without_exposure(checker: Checker, price: str, term: str) -> None:
    text = contract_text().replace("1 250,00", price).replace("trente-six (36)", term)
    report = checker.check(("c.txt", text.encode()))
    assert report.error is None
    assert "termination.full-remaining-price" in {f.rule_id for f in report.findings}
    assert all(f.exposure is None for f in report.findings)
    json.dumps(report.model_dump(mode="json"), allow_nan=False)


# --- size limits -------------------------------------------------------------------------


def test_text_over_the_limit_is_too_large_and_the_message_names_the_limit() -> None:
    error = _error("long.txt", (_LINE + "\n").encode() * (5_000_000 // len(_LINE)))
    assert error.code == "too-large"
    assert "2 000 000" in error.message


def test_text_file_over_the_byte_limit_is_refused_before_decoding() -> None:
    error = _error("long.md", b"a" * (limits.MAX_PLAIN_BYTES + 1))
    assert error.code == "too-large"
    assert "8 000 000 octets" in error.message


def test_pdf_with_too_many_pages_is_too_large() -> None:
    error = _error("long.pdf", unicode_pdf([[_LINE]] * (limits.MAX_PDF_PAGES + 1)))
    assert error.code == "too-large"
    assert "1 000 pages" in error.message


def test_pdf_drawing_too_much_text_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real limit takes a PDF of some 500 full pages to reach; the check is the same.
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 5_000)
    error = _error("dense.pdf", unicode_pdf([[_LINE] * 40] * 3))
    assert error.code == "too-large"
    assert "5 000" in error.message


@pytest.mark.slow
def test_a_300_page_contract_is_within_the_limits() -> None:
    pages = [[f"Article {page + 1} – Services", *[_LINE] * 40] for page in range(300)]
    assert len(read_blocks("long.pdf", unicode_pdf(pages))) > 300
    text = "\n\n".join("\n".join(page) for page in pages)
    assert len(text) > 1_000_000
    assert len(read_blocks("long.txt", text.encode())) > 300


# --- invisible characters ----------------------------------------------------------------

INVISIBLE = [
    "\u00ad",  # soft hyphen
    "\u180e",  # Mongolian vowel separator
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark, zero-width no-break space
    *map(chr, range(0x202A, 0x202F)),  # bidi embeddings and overrides
    *map(chr, range(0x2066, 0x206A)),  # bidi isolates
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_character_inside_a_word_is_removed(char: str) -> None:
    assert normalize(f"mensu{char}alités") == "mensualités"


def _hidden(text: str) -> str:
    """``text`` with every invisible character slipped into "mensualités restant à courir"."""
    phrase = "mensualités restant à courir"
    letters = list(phrase)
    for i, char in enumerate(INVISIBLE):
        letters[1 + i % (len(letters) - 1)] += char
    assert phrase in text
    return text.replace(phrase, "".join(letters))


def _findings(report: DocumentReport) -> set[tuple[str, str | None]]:
    assert report.error is None, report.error
    return {(f.rule_id, f.clause.number if f.clause else None) for f in report.findings}


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".md", ".pdf"])
def test_invisible_characters_do_not_hide_a_finding(checker: Checker, suffix: str) -> None:
    def encode(text: str) -> bytes:
        if suffix == ".pdf":
            return unicode_pdf([[line for line in text.split("\n") if line]])
        return text.encode("utf-8")

    clean = contract_text()
    expected = _findings(checker.check((f"c{suffix}", encode(clean))))
    assert ("termination.full-remaining-price", "4") in expected
    assert _findings(checker.check((f"c{suffix}", encode(_hidden(clean))))) == expected


_MIXED = """CONTRAT D'ABONNEMENT À UN LOGICIEL EN LIGNE

Article 1 – Objet

Le Fournisseur met à disposition du Client son logiciel de facturation en ligne.

Article 2 – Résiliation anticipée

Si le Client résilie avant le terme, il doit toutes les mensualités restant à courir jusqu'au terme du contrat.

Article 3 – Indemnité

L'indemnité prévue à l'article 2 est irréductible et le Client renonce à en demander la réduction.

Article 4 – Divers

"""


@pytest.mark.slow
def test_findings_on_utf8_lines_survive_one_cp1252_line(checker: Checker) -> None:
    cp1252 = "Le Client reconnaît avoir reçu la documentation du logiciel – version 2.\n".encode("cp1252")
    found = _findings(checker.check(("m.txt", _MIXED.encode() + cp1252)))
    assert {("termination.full-remaining-price", "2"), ("termination.reduction-waiver", "3")} <= found


# --- runs of punctuation -----------------------------------------------------------------


def test_runs_of_punctuation_are_cut_but_table_rules_kept() -> None:
    assert shorten_runs("Fait à " + "_" * 500 + " le " + "«»" * 300) == "Fait à " + "_" * 64 + " le " + "«»" * 32
    rule = "|" + "---|" * 40
    assert shorten_runs(rule) == rule
    assert shorten_runs("Article 1 " + "." * 60 + " 3") == "Article 1 " + "." * 60 + " 3"


def test_runs_of_punctuation_cut_as_the_pattern_alone_cuts_them() -> None:
    """Texts whose blank-free stretches are all short are returned as they are: the same as the
    pattern gives, whatever the blanks (Unicode's, a file separator) and the lengths around 64."""
    import random

    from clausecheck.text.normalize import _PUNCTUATION_RUN

    rng = random.Random(7)
    pieces = ["_", ".", "«", "|", "a", "1", " ", "\n", "\u3000", "\x1c", "\u00a0", "\u2009", "-"]
    texts = ["." * n for n in (63, 64, 65, 66)] + ["x" * 70, "\u3000".join(["…" * 64] * 3)]
    texts += ["." * 64 + "\x1c" + "." * 64]
    texts += ["".join(rng.choice(pieces) * rng.choice((1, 8, 30, 64, 65)) for _ in range(12)) for _ in range(400)]
    cut = 0
    for text in texts:
        expected = _PUNCTUATION_RUN.sub(lambda m: m[0][:64], text)
        assert shorten_runs(text) == expected, repr(text)
        cut += expected != text
    assert 50 < cut < len(texts) - 50  # both ways were taken


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_long_runs_of_punctuation_glued_to_words_are_checked_quickly(checker: Checker, suffix: str) -> None:
    # spaCy's tokenizer is quadratic on such runs: 20 000 of them took it about a minute.
    runs = ["_", "«", "(", ";", "…", "’", "*"]
    lines = [f"Le Client{char * 20_000}paie le prix." for char in runs]
    text = contract_text() + "\n\n" + "\n\n".join(lines) + "\n"
    data = unicode_pdf([[line[:20_100]] for line in text.split("\n") if line]) if suffix == ".pdf" else text.encode()
    start = time.perf_counter()
    report = checker.check((f"c{suffix}", data))
    assert report.error is None
    assert time.perf_counter() - start < 20
