"""Where reviewers work: SARIF, the batch summary, annotated drafts and rule documentation."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausecheck.cli import app, rules_app
from clausecheck.ruleset.loader import load_rules

SAMPLES = Path(__file__).parent.parent / "samples"
VOIP = SAMPLES / "contrat-telephonie-voip.docx"
SAAS = SAMPLES / "abonnement-saas-crm.docx"
NDA = SAMPLES / "accord-confidentialite.docx"

runner = CliRunner()


@pytest.mark.slow
def test_cli_tools_sarif_on_stdout_lists_rules_results_and_errors(tmp_path: Path) -> None:
    broken = tmp_path / "casse.docx"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(app, ["--format", "sarif", "--no-date", str(VOIP), str(broken)])
    assert result.exit_code == 2
    run = json.loads(result.stdout)["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r.id for r in load_rules().rules}
    full = next(r for r in run["results"] if r["ruleId"] == "termination.full-remaining-price")
    assert full["level"] == "error"
    assert full["locations"][0]["logicalLocations"][0]["name"] == "9.2"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "casse.docx" in notes[0]["message"]["text"]


@pytest.mark.slow
def test_cli_tools_batch_summary_csv_and_index_sorted_by_risk(tmp_path: Path) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    for sample in (VOIP, SAAS, NDA):
        shutil.copy(sample, folder / sample.name)
    (folder / "illisible.docx").write_bytes(b"PK\x03\x04broken")
    out = tmp_path / "out"
    result = runner.invoke(app, [str(folder), "-o", str(out), "--no-date"])
    assert result.exit_code == 2
    text = (out / "index.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    names = [Path(r["fichier"]).name for r in rows]
    assert names[2:] == ["accord-confidentialite.docx", "illisible.docx"]  # no finding, then unreadable
    ranks = [tuple(-int(r[k]) for k in ("elevee", "moyenne", "faible", "info")) for r in rows[:3]]
    assert ranks == sorted(ranks)
    voip = rows[names.index("contrat-telephonie-voip.docx")]
    assert voip["statut"] == "analysé" and voip["type de contrat"] == "télécommunications" and int(voip["elevee"]) >= 1
    assert voip["risque_principal"].startswith("Indemnité de résiliation anticipée")
    assert rows[-1]["statut"] == "erreur" and "endommagé" in rows[-1]["erreur"]
    index = (out / "index.md").read_text(encoding="utf-8")
    assert (
        index.index(names[0]) < index.index(names[1]) < index.index("accord-confidentialite") < index.index("illisible")
    )
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal


@pytest.mark.slow
def test_cli_tools_annotate_writes_a_commented_copy_beside_the_report(tmp_path: Path) -> None:
    source = shutil.copy(SAAS, tmp_path / "saas.docx")
    before = Path(source).read_bytes()
    out = tmp_path / "out"
    result = runner.invoke(app, [str(source), "-o", str(out), "--annotate", "--no-date", "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"][0]["findings"]
    copy = out / "saas.annote.docx"
    with zipfile.ZipFile(copy) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    expected = sum(1 for f in findings if f["clause"]) + any(f["clause"] is None for f in findings)
    assert comments.count('w:author="clausecheck"') == expected
    assert Path(source).read_bytes() == before


def test_cli_tools_rules_lists_every_rule() -> None:
    result = runner.invoke(rules_app, ["rules"])
    assert result.exit_code == 0
    for rule in load_rules().rules:
        assert rule.id in result.stdout
    assert (
        "termination.full-remaining-price" in result.stdout
        and "Élevée" in result.stdout
        and "high" not in result.stdout
    )


def test_cli_tools_explain_prints_lesson_references_and_examples() -> None:
    result = runner.invoke(rules_app, ["explain", "termination.reduction-waiver"])
    assert result.exit_code == 0
    out = result.stdout
    for heading in (
        "Analyse :",
        "À négocier (client)",
        "Références",
        "Exemples signalés",
        "Exemples non signalés",
    ):
        assert heading in out
    assert "1231-5" in out
    unknown = runner.invoke(rules_app, ["explain", "no.such-rule"])
    assert unknown.exit_code == 2 and "règle inconnue" in unknown.stderr


def test_cli_tools_schema_is_the_rule_file_json_schema() -> None:
    result = runner.invoke(rules_app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "RuleFile" and "rules" in schema["required"]


@pytest.mark.parametrize(
    ("args", "check_command"),
    [(["--help"], True), (["rules"], False), (["explain", "advice.duty-missing"], False), (["schema"], False)],
)
def test_cli_tools_documentation_commands_do_not_load_spacy(args: list[str], check_command: bool) -> None:
    """Nor, for the rule commands, the check command's reading and batch modules (cold start)."""
    code = (
        "import sys\n"
        f"sys.argv = ['clausecheck', *{args!r}]\n"
        "from clausecheck.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print('spacy' in sys.modules, 'clausecheck.cli.check' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().endswith(f"False {check_command}")


def test_cli_tools_rule_commands_read_the_rules_through_the_cache(tmp_path: Path) -> None:
    env = {**os.environ, "CLAUSECHECK_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-m", "clausecheck", "rules"], capture_output=True, text=True, env=env)
    assert first.returncode == 0 and len(list(tmp_path.glob("rules-*.pickle"))) == 1
    command = [sys.executable, "-m", "clausecheck", "explain", "advice.duty-missing"]
    again = subprocess.run(command, capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "advice.duty-missing" in again.stdout
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1


@pytest.mark.slow
def test_cli_tools_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    for sample in (VOIP, NDA):
        shutil.copy(sample, folder / sample.name)
    main_fd, terminal_fd = pty.openpty()
    command = [sys.executable, "-m", "clausecheck", "--format", "json", "--no-date", str(folder)]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal_fd, check=False)
    os.close(terminal_fd)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # the terminal is closed once everything was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_fd)
    assert done.returncode == 1
    assert "Analyse des contrats" in shown.decode("utf-8", "replace")
    assert len(json.loads(done.stdout)["documents"]) == 2


def test_every_format_of_the_command_line_has_one_renderer() -> None:
    from clausecheck.cli.common import Format
    from clausecheck.report.renderers import RENDERERS

    assert {f.value for f in Format} == set(RENDERERS)
