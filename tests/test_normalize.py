"""Invisible characters, ligatures and spaced letters are read as the reader sees them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pdfmaker import write_pdf

from clausecheck.engine.checker import Checker
from clausecheck.model.findings import DocumentReport
from clausecheck.read import read_blocks
from clausecheck.text.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("men\u200bsualités", "mensualités"),
        ("rési\u00adliation", "résiliation"),
        ("\ufeffArticle 1", "Article 1"),
        ("dé\u200c\u200d\u2060lai", "délai"),
        ("la dé\ufb01nition du pro\ufb01l", "la définition du profil"),
        ("e\ufb00et, \ufb02ux, e\ufb03cace, ba\ufb04e", "effet, flux, efficace, baffle"),
        ("montant\u00a0:\u202f100\u00a0€", "montant : 100 €"),
        ("re\u0301siliation", "résiliation"),  # decomposed accent (macOS file names, some PDFs)
        ("A R T I C L E  5  O B J E T", "ARTICLE 5 OBJET"),
        ("C O N D I T I O N S  D E  V E N T E", "CONDITIONS DE VENTE"),
        ("Titre\nP R I X  E T  P A I E M E N T\nLe prix", "Titre\nPRIX ET PAIEMENT\nLe prix"),
        ("Annexes A B C", "Annexes A B C"),  # a few single capitals stay apart
        ("Le Client (A B) paie", "Le Client (A B) paie"),
        # Word's Symbol and Wingdings bullets, as a PDF's text layer gives them
        ("\uf0b7 Serveur dédié : machine physique", "\u2022 Serveur dédié : machine physique"),
        ("\uf0d8 les frais de déplacement", "\u2022 les frais de déplacement"),
    ],
)
def test_normalize_spells_what_is_displayed(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    text = "A R T I C L E 3 : dé\ufb01nitions\u00a0; men\u200bsualités"
    assert normalize(normalize(text)) == normalize(text)


def test_read_plain_and_pdf_apply_normalisation(tmp_path: Path) -> None:
    plain = read_blocks("c.txt", "Article 1 - Objet\n\nLa factu\u00adration est men\u200bsuelle.\n".encode())
    assert plain[-1].text == "La facturation est mensuelle."
    pdf = tmp_path / "c.pdf"
    write_pdf(pdf, [["A R T I C L E 1 - OBJET", "La facturation des services est mensuelle."]])
    texts = [b.text for b in read_blocks("c.pdf", pdf.read_bytes())]
    assert texts[0].startswith("ARTICLE 1")


_TERMINATION = (
    "CONTRAT D'ABONNEMENT À UNE SOLUTION EN LIGNE\n\n"
    "Article 1 – Objet\n\nLe Fournisseur met à disposition du Client sa solution en ligne de gestion des stocks.\n\n"
    "Article 2 – Résiliation anticipée\n\n"
    "En cas de résiliation anticipée, le Client verse une indemnité égale à l'intégralité des {word} "
    "restant à courir jusqu'au terme du contrat.\n"
)


def _findings(report: DocumentReport) -> set[tuple[str, str | None]]:
    return {(f.rule_id, f.clause.number if f.clause else None) for f in report.findings}


@pytest.mark.slow
def test_zero_width_space_in_key_word_still_gets_the_finding_in_text(checker: Checker, tmp_path: Path) -> None:
    clean, hidden = tmp_path / "clean.txt", tmp_path / "hidden.txt"
    clean.write_text(_TERMINATION.format(word="mensualités"), encoding="utf-8")
    hidden.write_text(_TERMINATION.format(word="mensu\u200balités"), encoding="utf-8")
    expected = _findings(checker.check(clean))
    assert ("termination.full-remaining-price", "2") in expected
    assert _findings(checker.check(hidden)) == expected


@pytest.mark.slow
def test_zero_width_space_in_key_word_still_gets_the_finding_in_docx(checker: Checker, tmp_path: Path) -> None:
    def write(word: str, name: str) -> Path:
        document = docx.Document()
        for block in _TERMINATION.format(word=word).split("\n\n"):
            document.add_paragraph(block.strip())
        path = tmp_path / name
        document.save(str(path))
        return path

    expected = _findings(checker.check(write("mensualités", "clean.docx")))
    assert ("termination.full-remaining-price", "2") in expected
    assert _findings(checker.check(write("men\u200bsua\u00adlités", "hidden.docx"))) == expected


def test_docx_keeps_no_break_spaces_for_the_annotator_but_drops_invisible_ones() -> None:
    assert normalize("45\u00a0€\u200b", keep_nbsp=True) == "45\u00a0€"


@pytest.mark.parametrize("keep_nbsp", [False, True])
def test_normalize_skips_the_tables_only_when_they_would_change_nothing(keep_nbsp: bool) -> None:
    """Replacing only the mapped characters present gives what translating every character gives."""
    import unicodedata

    from clausecheck.text import normalize as module

    tables = (
        str.maketrans(module._INVISIBLE),
        str.maketrans(module._SPELLED),
        str.maketrans(dict.fromkeys(module._SPACES, " ")),
    )

    def always(text: str) -> str:  # the tables applied to every character, unconditionally
        text = module.replace_surrogates(text).translate(tables[0]).translate(tables[1])
        text = unicodedata.normalize("NFC", text if keep_nbsp else text.translate(tables[2]))
        if " " in text and module._SPACED_CAPS.search(text):
            text = "\n".join(module._unspaced_line(line) for line in text.split("\n"))
            text = module._SPACED_CAPS.sub(lambda m: m.group(1).replace(" ", ""), text)
        return text

    mapped = sorted({*module._INVISIBLE, *module._SPELLED, *module._SPACES})
    texts = [f"rési{char}liation ﬁn" for char in mapped] + mapped + ["".join(mapped) * 2]
    texts += ["Durée : 12 mois", "A R T I C L E 5", "e\u0301té", "plain ascii", "", "\ud800x", "é\u00a0€"]
    texts += [chr(code) for code in range(0x00A0, 0x3000)]
    for text in texts:
        assert normalize(text, keep_nbsp=keep_nbsp) == always(text), repr(text)


def test_normalize_spaced_capitals_found_as_by_the_plain_pattern() -> None:
    """The pattern opens on a capital and looks behind it afterwards, for speed: it finds
    what the plain pattern (look behind first) finds, on random mixes of letters and spaces."""
    import random
    import re

    from clausecheck.text import normalize as module

    plain = re.compile(r"(?<![^\W\d_])((?:[A-ZÀ-ÖØ-Þ] ){3,40}[A-ZÀ-ÖØ-Þ])(?![^\W\d_])")
    rng = random.Random(11)
    alphabet = ["A", "B", "É", " ", " ", "a", "é", "1", "_", "\n", "-", "Z "]
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 90))) for _ in range(20_000)]
    found = 0
    for text in texts:
        ours = [m.span() for m in module._SPACED_CAPS.finditer(text)]
        assert ours == [m.span() for m in plain.finditer(text)], repr(text)
        found += len(ours)
    assert found > 100
