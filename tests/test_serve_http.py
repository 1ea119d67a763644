"""`clausecheck serve` as started from the command line, over real HTTP, and driven by a real browser."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
import pytest

httpx = pytest.importorskip("httpx", reason="the test extra is not installed: pip install -e '.[test]'")
pytest.importorskip("uvicorn", reason="the upload page's extra is not installed: pip install -e '.[test]'")

from clausecheck.model.labels import SEVERITY_FR  # noqa: E402
from clausecheck.report.annotate import AUTHOR  # noqa: E402

if TYPE_CHECKING:
    from httpx import Response

    from clausecheck.engine.checker import Checker

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
VOIP, PDF, SAAS = "contrat-telephonie-voip.docx", "telecom-fixe-mobile.pdf", "abonnement-saas-crm.docx"
ARTIFACTS = REPO / "build" / "test-artifacts"
TOKEN = "jeton-de-test-assez-long"


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)  # as Ctrl+C in the terminal
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def start(*options: str, cwd: Path) -> Server:
    """`clausecheck serve --port 0 …` in its own process; returns once it prints its address."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "clausecheck", "serve", "--port", "0", *options]
    process = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "page d'analyse sur http://" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    if not found.wait(180):
        process.kill()
        pytest.fail("the server did not print its address: " + "".join(lines))
    match = re.search(r"http://[\d.]+:\d+/", "".join(lines))
    assert match
    return Server(process, match[0], lines)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start("--max-size", "1", "--max-files", "10", cwd=tmp_path_factory.mktemp("serve"))
    yield running
    assert running.stop() == 0
    assert "page d'analyse arrêtée" in "".join(running.lines)


def upload(url: str, *names: str, side: str = "client", extra: list[tuple[str, bytes]] | None = None) -> Response:
    files = [("fichiers", (name, (SAMPLES / name).read_bytes())) for name in names]
    files += [("fichiers", item) for item in extra or []]
    with httpx.Client(base_url=url, follow_redirects=True, timeout=120) as client:
        return client.post("/analyse", files=files, data={"cote": side})


def test_server_binds_loopback_on_a_free_port_and_logs_only_counts(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    answer = upload(server.url, VOIP)
    assert answer.status_code == 200
    deadline = time.monotonic() + 10  # the log line is read from the server's stderr by a thread
    while "1 fichier(s) reçu(s), 1 analysé(s)" not in "".join(server.lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    log = "".join(server.lines)
    assert "1 fichier(s) reçu(s), 1 analysé(s)" in log
    assert VOIP not in log and "TÉLÉPHONIE" not in log  # no file name, no content, no request line


def test_upload_report_and_annotated_copy_over_http(server: Server, checker: Checker) -> None:
    expected = checker.check((VOIP, (SAMPLES / VOIP).read_bytes()))
    answer = upload(server.url, VOIP)
    assert answer.status_code == 200 and "/rapport/" in str(answer.url)
    assert answer.text.count('<article class="finding"') == len(expected.findings) > 0
    link = re.search(r'href="(/telecharger/[^"]+/annote[^"]*)"', answer.text)
    assert link
    copy = httpx.get(server.url.rstrip("/") + link[1].replace("&amp;", "&"), timeout=60)
    assert copy.status_code == 200
    notes = [c for c in docx.Document(io.BytesIO(copy.content)).comments if c.author == AUTHOR]
    in_clauses = [f for f in expected.findings if f.clause is not None]
    absent = any(f.clause is None for f in expected.findings)
    assert len(notes) == len(in_clauses) + int(absent)
    assert sorted(n.text.split("\n")[0] for n in notes if not n.text.startswith("Absent")) == sorted(
        f"Gravité : {SEVERITY_FR[f.severity]} — {f.title}" for f in in_clauses
    )


def test_errors_over_http(server: Server) -> None:
    corrupt = upload(server.url, extra=[("abime.docx", b"PK\x03\x04 pas une archive")])
    assert corrupt.status_code == 422 and "endommagé" in corrupt.text
    wrong = upload(server.url, extra=[("tableur.xlsx", b"PK\x03\x04")])
    assert wrong.status_code == 415 and "format non pris en charge" in wrong.text
    big = upload(server.url, extra=[("gros.txt", b"Article 1 - Objet\n" * 70_000)])
    assert big.status_code == 413 and "la limite est de 1 Mo par fichier" in big.text
    for answer in (corrupt, wrong, big):
        assert "Traceback" not in answer.text and 'role="alert"' in answer.text


def test_six_uploads_at_once_are_all_answered(server: Server) -> None:
    """Queued on the one checking thread, none refused; the broken one fails alone."""
    jobs = [(VOIP,), (PDF,), (SAAS,), (VOIP, PDF), (SAAS,), ()]
    with ThreadPoolExecutor(len(jobs)) as pool:
        answers = list(
            pool.map(
                lambda names: upload(server.url, *names, extra=None if names else [("abime.docx", b"PK\x03\x04")]),
                jobs,
            )
        )
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 422]
    assert "TÉLÉPHONIE" in answers[0].text and "TÉLÉCOMMUNICATIONS FIXES" in answers[1].text
    assert "les plus risqués d'abord" in answers[3].text.replace("&#39;", "'")


def test_with_a_token_nothing_is_served_without_it(tmp_path: Path) -> None:
    guarded = start("--token", TOKEN, cwd=tmp_path)
    try:
        assert f"?jeton={TOKEN}" in "".join(guarded.lines)
        with httpx.Client(base_url=guarded.url, timeout=60) as client:
            for path in ("/", "/static/upload.js", "/rapport/x", "/telecharger/x/rapport.json"):
                answer = client.get(path)
                assert answer.status_code == 401 and "Déposez" not in answer.text
            refused = client.post("/analyse", files=[("fichiers", (VOIP, (SAMPLES / VOIP).read_bytes()))])
            assert refused.status_code == 401 and "TÉLÉPHONIE" not in refused.text
            client.post("/acces", data={"jeton": TOKEN})
            assert client.get("/").status_code == 200
    finally:
        assert guarded.stop() == 0


# --- a real browser ---------------------------------------------------------------------

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver") or "/usr/bin/chromedriver"
NO_BROWSER = CHROMIUM is None or not Path(DRIVER).exists()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium through chromium-driver, downloading into ``tmp_path``, at a laptop's size."""
    if NO_BROWSER:
        pytest.skip("chromium or chromium-driver not installed (.ci/run installs both with apt-get)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(tmp_path), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_counsel_uploads_a_draft_in_chromium(server: Server, checker: Checker, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Analyser un projet de contrat"
    browser.find_element(By.ID, "fichiers").send_keys(str(SAMPLES / VOIP))
    assert VOIP in browser.find_element(By.ID, "choisis").text  # the page lists what was chosen
    browser.find_element(By.ID, "analyser").send_keys(Keys.ENTER)  # from the keyboard
    WebDriverWait(browser, 120).until(lambda b: b.find_elements(By.CSS_SELECTOR, "article.finding"))
    assert "/rapport/" in browser.current_url
    expected = checker.check((VOIP, (SAMPLES / VOIP).read_bytes()))
    shown = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article.finding h3")]
    assert shown == [f"{i}. {f.title}" for i, f in enumerate(expected.findings, 1)]
    assert browser.find_element(By.CSS_SELECTOR, ".verdict").text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "serve.png"))
    browser.find_element(By.LINK_TEXT, "Copie annotée (Word)").click()
    target = tmp_path / "contrat-telephonie-voip.annote.docx"
    WebDriverWait(browser, 60).until(lambda _: target.exists() and not list(tmp_path.glob("*.crdownload")))
    notes = [c for c in docx.Document(str(target)).comments if c.author == AUTHOR]
    clause_findings = [f for f in expected.findings if f.clause is not None]
    assert len(notes) == len(clause_findings) + int(any(f.clause is None for f in expected.findings))
    assert (ARTIFACTS / "serve.png").stat().st_size > 10_000


# A drop as the browser delivers it: a DataTransfer holding the file, on the page's drop zone.
DROP = """
const [content, name] = arguments;
const file = new File([Uint8Array.from(atob(content), (c) => c.charCodeAt(0))], name);
const transfer = new DataTransfer();
transfer.items.add(file);
const zone = document.getElementById("depot");
zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
"""


def test_a_dropped_pdf_is_checked_then_its_report_shown(server: Server, checker: Checker, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url)
    browser.execute_script(DROP, base64.b64encode((SAMPLES / PDF).read_bytes()).decode(), PDF)
    assert PDF in browser.find_element(By.ID, "choisis").text
    browser.find_element(By.CSS_SELECTOR, "input[value=prestataire]").click()
    browser.find_element(By.ID, "analyser").click()
    WebDriverWait(browser, 120).until(lambda b: "/rapport/" in b.current_url)
    WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".verdict"))
    expected = checker.check((PDF, (SAMPLES / PDF).read_bytes()))
    shown = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article.finding h3")]
    assert shown == [f"{i}. {f.title}" for i, f in enumerate(expected.findings, 1)]
    assert "point de vue : prestataire" in browser.find_element(By.CSS_SELECTOR, ".meta").text
    assert not browser.find_elements(By.LINK_TEXT, "Copie annotée (Word)")  # a PDF is not annotated
