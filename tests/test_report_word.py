"""The Word report: opened with python-docx (and LibreOffice where installed), with what the report says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from clausecheck.cli import app

SAMPLES = Path(__file__).parent.parent / "samples"
VOIP = SAMPLES / "contrat-telephonie-voip.docx"

pytestmark = pytest.mark.slow
runner = CliRunner()


def write_report(out: Path) -> Path:
    result = runner.invoke(app, [str(VOIP), "-o", str(out), "--format", "docx", "--no-date", "--side", "supplier"])
    assert result.exit_code == 1, result.stderr
    return out / "contrat-telephonie-voip.rapport.docx"


def test_report_word_round_trips_with_summary_findings_and_references(tmp_path: Path) -> None:
    document = docx.Document(str(write_report(tmp_path)))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0].startswith("CONTRAT DE SERVICES DE TÉLÉPHONIE")
    assert "À traiter en priorité" in headings and "Constats" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "à négocier avant toute signature" in text
    assert "33\u202f768 € HT" in text and "point de vue : prestataire" in text
    assert "C. civ. art. 1231-5" in text and "entre professionnels" in text
    summary = document.tables[1]
    assert [c.text for c in summary.rows[0].cells] == ["Gravité", "Clause", "Risque"]
    assert summary.rows[1].cells[0].text == "Élevée"
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert any("sommes qui auraient dû être facturées" in t for t in highlighted)


def test_report_word_needs_an_output_folder() -> None:
    result = runner.invoke(app, [str(VOIP), "--format", "docx"])
    assert result.exit_code == 2 and "-o DOSSIER" in result.stderr and result.stdout == ""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_report_word_opens_in_libreoffice(tmp_path: Path) -> None:
    report = write_report(tmp_path / "out")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    assert (tmp_path / "contrat-telephonie-voip.rapport.pdf").read_bytes().startswith(b"%PDF")
