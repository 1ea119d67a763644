"""A contract is refused as not French only when it has no substantial French part."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.engine.source import read_contract
from clausecheck.model.errors import ReadError
from clausecheck.text.language import looks_french

_FR = (
    "Le prestataire met à disposition du client une plateforme en ligne pour la gestion de ses stocks, "
    "et il assure la maintenance de cette plateforme pendant toute la durée du contrat."
)
_EN = (
    "The provider shall make available to the customer an online platform for the management of its "
    "stock, and shall maintain that platform for the whole term of this agreement with reasonable care."
)


def test_english_contract_is_not_french() -> None:
    assert not looks_french("\n".join([_EN] * 30))


def test_english_contract_quoting_a_few_french_lines_is_not_french() -> None:
    assert not looks_french("\n".join([_EN] * 60 + [_FR] * 2))


@pytest.mark.parametrize("layout", ["alternating", "one_after_the_other"])
def test_bilingual_contract_is_judged_on_its_french_part(layout: str) -> None:
    paragraphs = [p for _ in range(12) for p in (_EN, _EN, _FR)]
    if layout == "one_after_the_other":
        paragraphs = [_EN] * 24 + [_FR] * 12
    assert looks_french("\n".join(paragraphs))


def test_bilingual_file_is_read_and_english_file_refused(tmp_path: Path) -> None:
    mixed, english = tmp_path / "mixte.txt", tmp_path / "english.txt"
    body = "\n\n".join(f"Article {n} - Titre\n\n{_EN}\n\n{_EN}\n\n{_FR}" for n in range(1, 13))
    mixed.write_text(body, encoding="utf-8")
    english.write_text("\n\n".join(f"Article {n} - Title\n\n{_EN}" for n in range(1, 13)), encoding="utf-8")
    assert len(read_contract(mixed).clauses) == 12
    with pytest.raises(ReadError) as error:
        read_contract(english)
    assert error.value.code == "not-french"


def test_long_text_without_latin_words_is_not_french() -> None:
    assert not looks_french("契約書の条項 " * 400)  # another script
    assert not looks_french(bytes(range(32, 128)).decode("utf-16-le") * 40)  # bytes read as UTF-16
    assert looks_french("Article 1 – Objet")  # short: the rules will say what they find


def test_words_found_in_lowercased_text_are_those_found_then_lowercased() -> None:
    from clausecheck.text.language import _WORD, _words

    def plain(text: str) -> list[str]:
        return [w.lower() for w in _WORD.findall(text)]

    every = "".join(chr(code) for code in range(0x20, 0x3000))
    without = every.replace("\u0130", "").replace("\u0131", "").replace("\u017f", "")
    for text in (every, without, "LE PRESTATAIRE S'ENGAGE À L'ŒUVRE", "Kapalı İSTANBUL ſoit", ""):
        assert _words(text) == plain(text), text[:40]
    for code in range(0x20, 0x3000):  # character by character, each between two letters
        text = f"a{chr(code)}B"
        assert _words(text) == plain(text), hex(code)
