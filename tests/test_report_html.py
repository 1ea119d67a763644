"""The HTML report: self-contained, accessible, the same content as the Markdown one, and seen in a browser."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausecheck.cli import app

SAMPLES = Path(__file__).parent.parent / "samples"
VOIP = SAMPLES / "contrat-telephonie-voip.docx"
NDA = SAMPLES / "accord-confidentialite.docx"
ARTIFACTS = Path(__file__).parent.parent / "build" / "test-artifacts"

pytestmark = pytest.mark.slow
runner = CliRunner()


class Page(HTMLParser):
    """Tags, attributes and visible text of a page, to check it the way a browser would load it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_of(*args: str | Path) -> str:
    result = runner.invoke(app, [*map(str, args), "--format", "html", "--no-date"])
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_report_html_is_self_contained_and_accessible() -> None:
    page = Page(html_of(VOIP))
    tags = dict(page.tags)
    assert tags["html"]["lang"] == "fr"
    assert not [t for t, a in page.tags if t in ("script", "link", "img", "iframe")]  # nothing fetched
    assert not [a for _, a in page.tags if "src" in a]
    headings = [t for t, _ in page.tags if t in ("h1", "h2", "h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1
    assert all(a.get("scope") == "col" for t, a in page.tags if t == "th")
    text = " ".join(page.text)
    assert "1 risque élevé" in text and "à négocier avant toute signature" in text
    assert "33\u202f768 € HT" in text  # total exposure on the first screen
    assert "À traiter en priorité" in text
    assert "entre professionnels" in text  # the B2B scope, said once


def test_report_html_quotes_the_clause_and_escapes_it() -> None:
    page = Page(html_of(VOIP))
    marks = [t for t, _ in page.tags if t == "mark"]
    assert marks  # matched words highlighted in the quoted clause
    assert "sommes qui auraient dû être facturées" in " ".join(page.text)


def test_report_html_clean_contract_says_so_in_one_line() -> None:
    text = " ".join(Page(html_of(NDA)).text)
    assert "Aucun risque détecté par les règles appliquées." in text
    assert "Constats" not in text


def test_report_html_batch_writes_pages_and_an_index(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, [str(VOIP), str(NDA), "-o", str(out), "--format", "html", "--no-date"])
    names = sorted(p.name for p in out.iterdir())
    assert "contrat-telephonie-voip.rapport.html" in names and "index.html" in names
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("contrat-telephonie-voip.rapport.html") < index.index("accord-confidentialite.rapport.html")


@pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Chromium not installed (.ci/run installs it with apt-get)"
)
def test_report_html_renders_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "rapport.html"
    page.write_text(html_of(VOIP), encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "rapport-html.png"
    shot.unlink(missing_ok=True)
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    subprocess.run(
        [*command, "--window-size=1280,1800", f"--screenshot={shot}", page.as_uri()], timeout=120, check=True
    )
    assert shot.stat().st_size > 20_000  # a real rendering, not a blank page
    printed = subprocess.run(
        [*command, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert "Indemnité de résiliation anticipée" in printed
    pdf = ARTIFACTS / "rapport-html.pdf"
    subprocess.run([*command, f"--print-to-pdf={pdf}", page.as_uri()], timeout=120, check=True, capture_output=True)
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert len(reader.pages) >= 2 and round(float(box.width)) in (595, 596)  # printed on A4 (595 × 842 pt)
    assert round(float(box.height)) in (841, 842)
