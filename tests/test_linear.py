"""Work grows linearly with the input: inputs 10 (or 100) times larger take about 10 times longer.

Each case is a shape that used to be quadratic or cubic. A quadratic step would take 100
times longer on the larger input; the bound below (25 times, plus a small constant for
timer noise on a busy machine) fails it while a linear step passes with room to spare.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from fuzz_inputs import unicode_pdf

from clausecheck.engine.parties import find_parties
from clausecheck.model.document import Block, Clause, ContractText
from clausecheck.read import read_blocks
from clausecheck.read.pdf import read_pdf
from clausecheck.read.plain import read_plain
from clausecheck.segment import segment
from clausecheck.text.amounts import find_amounts
from clausecheck.text.durations import find_durations

# Inputs of hundreds of pages, built on purpose to expose quadratic work: not for the fast lane.
pytestmark = pytest.mark.slow

T = TypeVar("T")
_SLACK = 0.1  # seconds: timer noise and start-up costs


def _seconds(run: Callable[[T], object], value: T, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(value)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(build: Callable[[int], T], run: Callable[[T], object], size: int, factors: tuple[int, ...]) -> None:
    """``run`` on ``build(size * f)`` takes less than 25 f / 10 times as long as on ``build(size)``."""
    base = _seconds(run, build(size), repeat=3)
    for factor in factors:
        larger = _seconds(run, build(size * factor), repeat=2 if factor <= 10 else 1)
        assert larger < 2.5 * factor * base + _SLACK * factor / 10, (factor, base, larger)


def _ignore_errors(read: Callable[[bytes], object]) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        try:
            return read(data)
        except Exception as exc:  # a blank or refused file still had to be scanned
            return exc

    return run


@pytest.mark.parametrize(
    "build",
    [
        lambda n: ("{~~ ~>" * n).encode(),  # substitution never closed
        lambda n: ("{--" * n).encode(),  # deletion never closed
        lambda n: ("--}" + "{++ a" * n).encode(),  # the only closer comes first
        lambda n: ("Le prix {~~ancien~>nouveau~~} " * n).encode(),  # closed: every one replaced
    ],
    ids=["substitution", "deletion", "insertion", "closed"],
)
def test_tracked_change_markup_is_linear(build: Callable[[int], bytes]) -> None:
    assert_linear(build, _ignore_errors(read_plain), 3_000, (10, 100))


@pytest.mark.parametrize(
    "build",
    [lambda n: ("# a" + " " * n + "b").encode(), lambda n: ("## Titre" + " #" * n + " x").encode()],
    ids=["spaces", "hashes"],
)
def test_markdown_heading_is_linear(build: Callable[[int], bytes]) -> None:
    assert_linear(build, read_plain, 3_000, (10, 100))


@pytest.mark.parametrize(
    "build",
    [
        lambda n: ("[" * n + " texte").encode(),  # links never closed
        lambda n: ("[a](" * n + " texte").encode(),  # targets never closed
        lambda n: ("Voir [la grille](https://exemple.fr/grille) et " * n).encode(),  # closed: every one replaced
    ],
    ids=["brackets", "targets", "closed"],
)
def test_markdown_links_are_linear(build: Callable[[int], bytes]) -> None:
    assert_linear(build, _ignore_errors(read_plain), 3_000, (10, 100))


def test_pdf_paragraph_of_lines_without_sentence_end_is_linear() -> None:
    def build(lines: int) -> bytes:
        text = [f"suite du texte sans point final numéro {i}" for i in range(lines)]
        return unicode_pdf([text[i : i + 50] for i in range(0, lines, 50)])

    assert_linear(build, read_pdf, 400, (10,))


def test_pdf_hyphenated_lines_are_joined_in_linear_time() -> None:
    def build(lines: int) -> bytes:
        return unicode_pdf([["un mot coupé en fin de ligne réali-"] * 50 for _ in range(lines // 50)])

    assert_linear(build, read_pdf, 400, (10,))


@pytest.mark.parametrize(
    ("line", "size"),
    [
        (lambda i: f"{i % 3 + 1}. Texte", 6_000),  # up to 60 000 numbered lines
        (lambda i: f"Article {i % 4 + 1}", 2_000),  # strong headings: sections numbered anew
        (lambda i: f"{i % 5 + 1}.{i % 7 + 1} Texte", 2_000),
    ],
    ids=["short-lists", "articles-again", "sub-numbers"],
)
def test_segmenter_heading_selection_is_linear(line: Callable[[int], str], size: int) -> None:
    def build(n: int) -> list[Block]:
        return read_blocks("c.txt", "\n\n".join(line(i) for i in range(n)).encode())

    assert_linear(build, lambda blocks: segment(blocks, "c.txt"), size, (10,))


@pytest.mark.parametrize(
    ("build", "find"),
    [
        (lambda n: "1" + " 000" * n, find_amounts),
        (lambda n: "1" + ".000" * n + " €", find_amounts),
        (lambda n: "€ 1" + " 000" * n + ",", find_amounts),
        (lambda n: "vingt " * n + "euros", find_amounts),
        (lambda n: "vingt " * n + "mois", find_durations),
        (lambda n: "trente-" * n + "six mois", find_durations),
        (lambda n: "9" * n + " mois", find_durations),
    ],
    ids=["grouped", "dotted", "euro-first", "words-euros", "words-months", "hyphenated", "digits"],
)
def test_amount_and_duration_patterns_are_linear(build: Callable[[int], str], find: Callable[[str], object]) -> None:
    assert_linear(build, find, 2_000, (10,))


@pytest.mark.parametrize(
    "paragraph",
    [
        "Le service (ci-après « le Service ») est fourni. ",  # terms defined, none a party
        "La société Exemple, SAS au capital de 1 000 €, (ci-après « le Prestataire ») ",  # one party, stated again
        "Texte sans majuscule ni guillemet, suivi de mots en série ",
        "- le « Client » : toute personne ",
    ],
    ids=["defined-terms", "same-party", "plain", "definitions"],
)
def test_parties_are_found_in_linear_time(paragraph: str) -> None:
    def build(n: int) -> ContractText:
        text = paragraph * n
        return ContractText(
            path="c.txt", title="", full_text=text, clauses=[Clause(number=None, text=text, start=0, end=len(text))]
        )

    assert_linear(build, find_parties, 1_000, (10,))
