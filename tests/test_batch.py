"""Batches that never surprise: outputs never read back or written over inputs, names stable, one summary."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausecheck.cli import app

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples"
VOIP = SAMPLES / "contrat-telephonie-voip.docx"
NDA = SAMPLES / "accord-confidentialite.docx"
PDF = SAMPLES / "telecom-fixe-mobile.pdf"
MARKDOWN_CONTRACT = (
    "# CONTRAT D'HÉBERGEMENT\n\n## Article 1 - Objet\n\nLe Prestataire héberge le site du Client sur ses serveurs.\n"
)

pytestmark = pytest.mark.slow
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed entry point, as a user types it (usage errors included)."""
    command = [sys.executable, "-c", "from clausecheck.cli import main; main()", *map(str, args)]
    # This tree's code wherever the command runs from, not another copy that happens to be installed.
    env = {**os.environ, "PYTHONPATH": str(ROOT.resolve())}
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)


def test_batch_output_inside_the_input_folder_never_replaces_or_rereads(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(VOIP, folder / "voip.docx")
    (folder / "contrat.md").write_text(MARKDOWN_CONTRACT, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for _ in range(2):  # the second run meets the first run's reports and annotated copy
        code, _, err = run(folder, "-o", folder, "--annotate", "--no-date", "--format", "json")
        assert code == 1, err
        names = sorted(Path(d["path"]).name for d in json.loads((folder / "report.json").read_text())["documents"])
        assert names == ["contrat.md", "voip.docx"]
    assert {name: (folder / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*before, "voip.annote.docx", "index.md", "index.csv", "report.json"]
    )


def test_batch_an_input_named_like_an_index_is_not_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "index.md").write_text(MARKDOWN_CONTRACT, encoding="utf-8")
    code, _, err = run(folder, "-o", folder, "--no-date")
    assert code == 2
    assert (folder / "index.md").read_text(encoding="utf-8") == MARKDOWN_CONTRACT
    assert "index.md est un des contrats analysés" in err


def test_batch_same_named_drafts_get_distinct_stable_annotated_copies(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(VOIP, tmp_path / sub / "contrat.docx")
    out = tmp_path / "out"
    run(tmp_path / "a", tmp_path / "b", "-o", out, "--annotate", "--no-date")
    first = sorted(p.name for p in out.glob("*.annote.docx"))
    assert len(first) == 2
    shutil.rmtree(out)
    run(tmp_path / "b", tmp_path / "a", "-o", out, "--annotate", "--no-date")
    assert sorted(p.name for p in out.glob("*.annote.docx")) == first  # not by order or risk
    for copy in out.glob("*.annote.docx"):
        with zipfile.ZipFile(copy) as archive:
            assert "word/comments.xml" in archive.namelist()


def test_batch_reports_follow_the_users_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        run(VOIP, "-o", tmp_path / "out", "--no-date")
    finally:
        os.umask(previous)
    for path in (tmp_path / "out").iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path.name


@pytest.mark.parametrize("target", ["rapport.md", "fichier", "fichier/sous-dossier"])
def test_batch_bad_output_is_one_french_line_and_exit_2(tmp_path: Path, target: str) -> None:
    (tmp_path / "fichier").write_text("déjà là", encoding="utf-8")
    done = cli(VOIP, "-o", tmp_path / target)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("clausecheck : -o ")
    assert "Traceback" not in done.stderr and not (tmp_path / "rapport.md").exists()


def test_batch_empty_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    code, out, err = run(tmp_path / "vide")
    assert code == 2 and out == ""
    assert "aucun contrat à analyser" in err


def test_batch_annotate_on_a_pdf_says_it_is_skipped(tmp_path: Path) -> None:
    code, _, err = run(PDF, "--annotate", "-o", tmp_path)
    assert code in (0, 1)
    assert "copie annotée non produite" in err and "telecom-fixe-mobile.pdf" in err
    assert not list(tmp_path.glob("*.annote.docx"))


def test_batch_walk_lists_what_it_does_not_check(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    (folder / "vrai").mkdir(parents=True)
    shutil.copy(NDA, folder / "vrai" / "nda.docx")
    (folder / "lien").symlink_to(folder / "vrai")
    (folder / "cassé.docx").symlink_to(tmp_path / "absent.docx")
    os.mkfifo(folder / "tube.txt")
    code, out, err = run(folder, "--format", "json", "--no-date")
    docs = json.loads(out)["documents"]
    assert [Path(d["path"]).name for d in docs] == ["nda.docx"]
    assert "lien : lien symbolique vers un dossier" in err
    assert "cassé.docx : lien symbolique cassé" in err
    assert "tube.txt : ce n'est pas un fichier ordinaire" in err
    assert code == 0


def test_batch_non_utf8_file_name_in_json_and_sarif(tmp_path: Path) -> None:
    name = os.fsdecode(b"contrat-\xe9t\xe9.docx")  # Latin-1 bytes, not UTF-8
    shutil.copy(NDA, tmp_path / name)
    done = cli(tmp_path, "--format", "json", "--no-date")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"][0]["path"].endswith("contrat-\ufffdt\ufffd.docx")
    done = cli(tmp_path, "--format", "sarif", "--no-date")
    assert done.returncode == 0, done.stderr
    assert "contrat-" in json.dumps(json.loads(done.stdout)["runs"][0]["artifacts"])


def test_batch_version_help_and_usage_errors_in_french() -> None:
    assert cli("--version").stdout.strip().startswith("clausecheck ")
    assert "Analyse des contrats informatiques" in cli("-h").stdout
    done = cli(VOIP, "--no-such-option")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "option inconnue" in done.stderr and done.stderr.startswith("clausecheck : ")


def test_batch_select_ignore_and_project_settings(tmp_path: Path) -> None:
    _, out, _ = run(VOIP, "--format", "json", "--no-date", "--select", "termination")
    ids = {f["rule_id"] for f in json.loads(out)["documents"][0]["findings"]}
    assert ids and all(i.startswith("termination.") for i in ids)
    _, out, _ = run(VOIP, "--format", "json", "--no-date", "--ignore", "termination.full-remaining-price")
    assert "termination.full-remaining-price" not in {f["rule_id"] for f in json.loads(out)["documents"][0]["findings"]}
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clausecheck]\nside = "supplier"\nfail-on = "none"\nignore = ["security"]\n', encoding="utf-8"
    )
    done = cli(VOIP, "--no-date", cwd=tmp_path)
    assert done.returncode == 0  # fail-on none, from the settings
    assert "Point de vue** : prestataire" in done.stdout and "security." not in done.stdout
    (tmp_path / "clausecheck.toml").write_text('side = "acheteur"\n', encoding="utf-8")
    done = cli(VOIP, cwd=tmp_path)
    assert done.returncode == 2 and "clausecheck.toml" in done.stderr and "side" in done.stderr


def test_batch_file_names_are_escaped_in_index_and_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(NDA, tmp_path / "=1+2 | `a`.docx")
    out = tmp_path / "out"
    run("=1+2 | `a`.docx", "-o", out, "--no-date")
    rows = [line for line in (out / "index.md").read_text(encoding="utf-8").splitlines() if "docx" in line]
    assert len(rows) == 1 and rows[0].count(" | ") == 7  # the name's '|' does not add a column
    csv_text = (out / "index.csv").read_text(encoding="utf-8-sig")
    assert "\n'" in csv_text and "\n=" not in csv_text  # no formula for a spreadsheet


def test_batch_out_of_range_source_date_epoch_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck.report.run_info import run_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 40)
    assert run_date(no_date=False) is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert run_date(no_date=False) == "1970-01-01"


def test_batch_ctrl_c_stops_the_workers_and_indexes_what_was_written(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    for n in range(400):
        (inputs / f"c{n:03d}.md").write_text(MARKDOWN_CONTRACT, encoding="utf-8")
    (out / "index.md").write_text("index d'une exécution précédente\n", encoding="utf-8")
    command = [sys.executable, "-c", "from clausecheck.cli import main; main()", str(inputs), "-j", "2", "-o", str(out)]
    # A new session, with Ctrl-C's default action: what a terminal gives the command and its workers.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not list(out.glob("*.rapport.md")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert "interrompu (Ctrl-C)" in stderr.splitlines()[-1]
    written = sorted(p.name for p in out.glob("*.rapport.md"))
    assert 0 < len(written) < 400
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "exécution précédente" not in index
    assert all(name in index for name in written)


def test_ctrl_c_while_a_report_is_written_waits_until_it_is_recorded() -> None:
    from clausecheck.cli.writer import held_ctrl_c

    before = signal.getsignal(signal.SIGINT)
    recorded = []
    with pytest.raises(KeyboardInterrupt), held_ctrl_c():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # time for the signal to arrive while the report is being written
        recorded.append("rapport écrit et inscrit")
    assert recorded == ["rapport écrit et inscrit"]
    assert signal.getsignal(signal.SIGINT) is before


def test_batch_json_on_stdout_is_printed_as_it_comes_and_closed_on_ctrl_c(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(400):
        (inputs / f"c{n:03d}.md").write_text(MARKDOWN_CONTRACT, encoding="utf-8")
    printed = tmp_path / "sortie.json"
    command = [sys.executable, "-c", "from clausecheck.cli import main; main()", str(inputs), "--format", "json"]
    with printed.open("w", encoding="utf-8") as stdout:
        process = subprocess.Popen(
            command,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        deadline = time.monotonic() + 120
        # Documents reach the file before the batch ends: the reports are printed, not kept.
        while printed.stat().st_size == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the batch ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in stderr
    documents = json.loads(printed.read_text(encoding="utf-8"))["documents"]  # a valid envelope
    assert 0 < len(documents) < 400
    said = re.search(r"interrompu \(Ctrl-C\) : (\d+) contrat\(s\) sur 400 ", stderr.splitlines()[-1])
    # a document is counted once printed: Ctrl-C may fall between the two
    assert said is not None and int(said[1]) in (len(documents) - 1, len(documents))


def test_batch_json_on_stdout_still_writes_annotated_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--format", "json", "--no-date", "--annotate", VOIP, NDA)
    assert code == 1
    assert [Path(d["path"]).name for d in json.loads(out)["documents"]] == [VOIP.name, NDA.name]
    assert (tmp_path / "contrat-telephonie-voip.annote.docx").is_file()
