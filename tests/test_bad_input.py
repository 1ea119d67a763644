"""Bad and hostile inputs: one clear line each, the batch goes on, nothing is modified."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import msoffcrypto.format.ooxml
import pytest
from pdfmaker import scan_pdf
from typer.testing import CliRunner

from clausecheck.batch.outputs import output_stems, safe_stem
from clausecheck.cli import app
from clausecheck.report.files import write_atomic

SAMPLES = Path(__file__).parent.parent / "samples"
VOIP = SAMPLES / "contrat-telephonie-voip.docx"
NDA = SAMPLES / "accord-confidentialite.docx"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

runner = CliRunner()


def check_json(*paths: Path) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["--format", "json", "--no-date", *map(str, paths)])
    return result.exit_code, json.loads(result.stdout), result.stderr


def word_file(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def make_bad_files(folder: Path) -> dict[str, str]:
    """Each bad file, made for real, with the error code it must get."""
    sample = VOIP.read_bytes()
    (folder / "tronque.docx").write_bytes(sample[: len(sample) // 2])
    (folder / "pas-un-zip.docx").write_bytes(b"Ceci n'est pas un document Word.\n" * 20)
    (folder / "ancien.doc").write_bytes(OLE_MAGIC + bytes(4096))
    (folder / "ancien-renomme.docx").write_bytes(OLE_MAGIC + bytes(4096))
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(sample)).encrypt("secret", encrypted)
    (folder / "chiffre.docx").write_bytes(encrypted.getvalue())
    (folder / "vide.docx").write_bytes(b"")
    docx.Document().save(str(folder / "sans-texte.docx"))
    (folder / "scan.pdf").write_bytes(scan_pdf(pages=2))
    word_file(
        folder / "anglais.docx",
        [
            "SOFTWARE DEVELOPMENT AGREEMENT",
            "1. Purpose. The Supplier shall develop the software described in the specifications for the Customer.",
            "2. Term. This agreement is entered into for a term of three years and shall be renewed by the parties.",
            "3. Liability. The liability of the Supplier is limited to the amounts paid by the Customer in the year.",
        ],
    )
    return {
        "tronque.docx": "corrupt-file",
        "pas-un-zip.docx": "corrupt-file",
        "ancien.doc": "legacy-doc",
        "ancien-renomme.docx": "legacy-doc",
        "chiffre.docx": "encrypted",
        "vide.docx": "empty",
        "sans-texte.docx": "no-text",
        "scan.pdf": "needs-ocr",
        "anglais.docx": "not-french",
    }


@pytest.mark.slow
def test_bad_input_each_file_one_french_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    expected = make_bad_files(tmp_path)
    good = shutil.copy(NDA, tmp_path / "nda.docx")
    missing = tmp_path / "absent.docx"
    code, envelope, err = check_json(*[tmp_path / name for name in expected], Path(good), missing)
    assert code == 2
    docs = {Path(d["path"]).name: d for d in envelope["documents"]}
    for name, error_code in {**expected, "absent.docx": "not-found"}.items():
        doc = docs[name]
        assert doc["status"] == "error", name
        assert doc["error"]["code"] == error_code, name
        assert doc["findings"] == [] and doc["contract_types"] == []
        assert "\n" not in doc["error"]["message"]
    assert docs["nda.docx"]["status"] == "ok"
    *lines, summary = err.strip().split("\n")
    assert len(lines) == len(expected) + 1  # one line per bad file, none for the good one
    assert all(line.startswith("clausecheck : ") and "Traceback" not in line for line in lines)
    assert summary.startswith("clausecheck : 1 contrat analysé, 10 non analysés · constats :")
    assert any("chiffre.docx" in line and "mot de passe" in line for line in lines)
    assert any("scan.pdf" in line and "OCR" in line for line in lines)
    assert any("anglais.docx" in line and "français" in line for line in lines)


@pytest.mark.slow
def test_bad_input_index_lists_errors_and_skipped_files(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    folder.mkdir()
    make_bad_files(folder)
    shutil.copy(NDA, folder / "nda.docx")
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, [str(folder), "-o", str(tmp_path / "out"), "--no-date"])
    assert result.exit_code == 2
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "budget.xlsx" in index and "ignoré" in index
    assert index.count("erreur :") == 9
    assert (tmp_path / "out" / "nda.rapport.md").exists()


def _without_root_privilege() -> list[str]:
    """A command prefix under which file permissions apply, even when the tests run as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): cannot make a file unreadable")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


@pytest.mark.slow
def test_bad_input_unreadable_file_is_reported(tmp_path: Path) -> None:
    locked = Path(shutil.copy(VOIP, tmp_path / "verrouille.docx"))
    locked.chmod(0)
    command = [
        *_without_root_privilege(),
        sys.executable,
        "-m",
        "clausecheck",
        "--format",
        "json",
        "--no-date",
        str(locked),
        str(NDA),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    locked.chmod(0o644)
    assert done.returncode == 2, done.stderr
    docs = json.loads(done.stdout)["documents"]
    assert docs[0]["error"]["code"] == "unreadable"
    assert docs[1]["status"] == "ok"
    assert "verrouille.docx" in done.stderr and "droits" in done.stderr


@pytest.mark.slow
def test_bad_input_very_long_contract_is_checked_piece_by_piece(tmp_path: Path) -> None:
    filler = "Le Prestataire exécute les prestations avec soin et dans le respect des règles de l'art. "
    body = filler * (1_050_000 // len(filler))  # beyond spaCy's default max_length, no heading at all
    clause = (
        "En cas de résiliation anticipée par le Client, celui-ci verse une indemnité égale à "
        "l'intégralité des mensualités restant à courir jusqu'au terme du contrat."
    )
    path = tmp_path / "long.txt"
    path.write_text(f"CONTRAT DE PRESTATIONS\n\n{body}\n\n{clause}\n", encoding="utf-8")
    code, envelope, err = check_json(path)
    doc = envelope["documents"][0]
    assert doc["status"] == "ok", err
    assert "termination.full-remaining-price" in [f["rule_id"] for f in doc["findings"]]
    assert code == 1


@pytest.mark.slow
def test_bad_input_zip_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bombe.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(400):  # 400 MB of spaces, about 400 KB on disk
                member.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from clausecheck.model.errors import ReadError\n"
        "from clausecheck.engine.source import read_contract\n"
        "try:\n"
        "    read_contract(Path(sys.argv[1]))\n"
        "except ReadError as exc:\n"
        "    print(exc.code)\n"
        # VmHWM is this process's own peak; ru_maxrss would count the forking parent's
        "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM')][0]\n"
        "print(int(peak.split()[1]) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, check=True)
    error_code, peak_mb = done.stdout.split()
    assert error_code == "too-large"
    assert int(peak_mb) < 300


@pytest.mark.slow
def test_bad_input_files_are_never_modified(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    shutil.copytree(SAMPLES, folder)
    make_bad_files(folder)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    runner.invoke(app, [str(folder), "-o", str(tmp_path / "out"), "--no-date"])
    runner.invoke(app, ["--format", "json", str(folder)])
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps


@pytest.mark.slow
def test_bad_input_reports_are_byte_identical_and_date_is_fixed_by_source_date_epoch(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01
    first = runner.invoke(app, [str(VOIP), "-o", str(tmp_path / "a")], env=env)
    second = runner.invoke(app, [str(VOIP), "-o", str(tmp_path / "b")], env=env)
    assert first.exit_code == second.exit_code == 1
    for name in ("index.md", "contrat-telephonie-voip.rapport.md"):
        a, b = (tmp_path / d / name for d in ("a", "b"))
        assert a.read_bytes() == b.read_bytes()
    assert "**Date** : 2026-01-01" in (tmp_path / "a" / "index.md").read_text(encoding="utf-8")
    json_a = runner.invoke(app, ["--format", "json", str(VOIP)], env=env).stdout
    assert json.loads(json_a)["date"] == "2026-01-01"


@pytest.mark.slow
def test_bad_input_no_network_access_at_run_time(tmp_path: Path) -> None:
    # Every socket the checker would open is refused and written down.
    guard = tmp_path / "guard"
    guard.mkdir()
    attempts = tmp_path / "attempts.log"
    (guard / "sitecustomize.py").write_text(
        "import socket\n"
        f"LOG = {str(attempts)!r}\n"
        "class NoNetwork(socket.socket):\n"
        "    def connect(self, address):\n"
        "        open(LOG, 'a').write(repr(address) + '\\n')\n"
        "        raise OSError('network disabled by the test')\n"
        "    connect_ex = connect\n"
        "socket.socket = NoNetwork\n"
        "def refuse(*args, **kwargs):\n"
        "    open(LOG, 'a').write('getaddrinfo ' + repr(args) + '\\n')\n"
        "    raise OSError('network disabled by the test')\n"
        "socket.getaddrinfo = refuse\n"
        "socket.create_connection = refuse\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(guard)}
    command = [sys.executable, "-m", "clausecheck", "--format", "json", "--no-date", str(VOIP), str(NDA)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1, done.stderr
    assert [d["status"] for d in json.loads(done.stdout)["documents"]] == ["ok", "ok"]
    assert not attempts.exists(), attempts.read_text()


def test_bad_input_report_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    for name in ("..docx", "...", "a/../../b", "con trat\n.docx", "é" * 300):
        stem = safe_stem(Path(name))
        assert "/" not in stem and "\n" not in stem and stem not in ("", ".", "..")
        assert (tmp_path / stem).resolve().parent == tmp_path.resolve()
    inputs = [Path("x/contrat.docx"), Path("y/contrat.docx"), Path("a b.docx"), Path("a_b.docx"), Path("index.docx")]
    stems = output_stems(inputs)
    assert len(set(stems.values())) == len(inputs)  # no output replaces another
    assert stems["index.docx"] == "index" and stems["x/contrat.docx"].startswith("contrat-")
    assert output_stems(list(reversed(inputs))) == stems  # stable whatever the order


def test_bad_input_atomic_write_leaves_no_half_report(tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    write_atomic(target, "première version\n")
    blocker = tmp_path / "bloque.md"
    blocker.mkdir()  # renaming a file over a folder fails half-way through the write
    with pytest.raises(OSError):
        write_atomic(blocker, "x" * 10_000)
    assert target.read_text(encoding="utf-8") == "première version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bloque.md", "rapport.md"]
    assert list(blocker.iterdir()) == []
