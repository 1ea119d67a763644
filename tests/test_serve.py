"""The upload page in process (Starlette's test client): upload, reports, downloads, refusals, token."""

from __future__ import annotations

import html
import io
import json
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from markupsafe import escape

pytest.importorskip("starlette", reason="the upload page's extra is not installed: pip install -e '.[test]'")

with warnings.catch_warnings():  # Starlette 1.10 announces a move of its test client to httpx2
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from httpx import Response

from clausecheck.model.labels import SEVERITY_FR
from clausecheck.report.annotate import AUTHOR
from clausecheck.serve.app import Settings, create_app
from clausecheck.serve.run import ServeError, access, is_loopback
from clausecheck.serve.uploads import MB, Limits, display_name, size_fr

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response as StarletteResponse

    from clausecheck.engine.checker import Checker

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
VOIP, PDF, SAAS = "contrat-telephonie-voip.docx", "telecom-fixe-mobile.pdf", "abonnement-saas-crm.docx"
TOKEN = "jeton-de-test-assez-long"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def client_for(checker: Checker, settings: Settings | None = None) -> TestClient:
    # The page answers only to this machine's names, so the client calls it 127.0.0.1.
    return TestClient(create_app(checker, settings), base_url="http://127.0.0.1", follow_redirects=True)


@pytest.fixture(scope="module")
def client(checker: Checker) -> Iterator[TestClient]:
    with client_for(checker) as test_client:
        yield test_client


def sample(name: str) -> tuple[str, bytes, str]:
    return (name, (SAMPLES / name).read_bytes(), "application/octet-stream")


def post(client: TestClient, *files: tuple[str, bytes, str], side: str = "client", **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post("/analyse", files=[("fichiers", f) for f in files], data={"cote": side}, **kwargs)


def comments(data: bytes) -> list[str]:
    return [c.text for c in docx.Document(io.BytesIO(data)).comments if c.author == AUTHOR]


def text(answer: Response) -> str:
    """The answer's text as the reader sees it (HTML entities decoded)."""
    return html.unescape(answer.text)


def job_of(url: str) -> str:
    match = re.search(r"/rapport/([\w-]+)", url)
    assert match, url
    return match[1]


def test_home_page_is_french_keyboard_ready_and_self_contained(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="fr">' in html and "Déposez vos contrats ici" in html
    assert 'type="file"' in html and "multiple" in html and 'accept=".docx,.pdf,.txt,.md"' in html
    assert 'name="cote" value="client"' in html and 'value="prestataire"' in html
    assert 'method="post" action="/analyse" enctype="multipart/form-data"' in html  # works without JavaScript
    assert '<label for="fichiers">' in html and 'role="status"' in html
    # Nothing from elsewhere: no absolute URL for a style, script or image, and the policy forbids it.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    script = client.get("/static/upload.js")
    assert script.status_code == 200 and "fetch(" in script.text and "import " not in script.text


def test_one_contract_shows_the_same_report_as_the_html_deliverable(client: TestClient, checker: Checker) -> None:
    from clausecheck.report.html import render_html
    from clausecheck.report.run_info import make_run_info

    answer = post(client, sample(VOIP))
    assert answer.status_code == 200 and answer.history[0].status_code == 303
    page = answer.text
    expected = checker.check((VOIP, (SAMPLES / VOIP).read_bytes()))
    assert expected.findings, "the sample has findings to show"
    info = make_run_info(checker.ruleset.files, checker.model, "client", no_date=False)
    report = render_html([expected], info, checker.ruleset)
    # The report's own content, every line of it, is on the page; the page only adds its bar.
    body = report[report.index('<main id="contenu">') : report.index("</main>")]
    assert body in page
    for finding in expected.findings:
        assert finding.title in page
    assert page.count('<article class="finding"') == len(expected.findings)
    for label in ("Copie annotée (Word)", "Rapport Word", "JSON", "SARIF"):
        assert label in page


def test_side_is_chosen_when_reading_and_one_check_serves_both(client: TestClient, checker: Checker) -> None:
    answer = post(client, sample(VOIP), side="prestataire")
    assert "point de vue : prestataire" in answer.text
    finding = checker.check((VOIP, (SAMPLES / VOIP).read_bytes())).findings[0]
    assert finding.advice.client != finding.advice.supplier
    job = job_of(str(answer.url))
    as_client = client.get(f"/rapport/{job}/1?cote=client").text
    assert "point de vue : client" in as_client
    assert str(escape(finding.advice.client)) in as_client
    assert str(escape(finding.advice.supplier)) not in as_client
    for side, advice in (("client", finding.advice.client), ("prestataire", finding.advice.supplier)):
        data = json.loads(client.get(f"/telecharger/{job}/rapport.json?cote={side}&doc=1").text)
        assert data["documents"][0]["findings"][0]["recommendation"] == advice


def test_downloads_annotated_copy_word_json_sarif(client: TestClient) -> None:
    answer = post(client, sample(VOIP))
    job = job_of(str(answer.url))
    envelope = client.get(f"/telecharger/{job}/rapport.json?doc=1")
    assert envelope.headers["content-type"].startswith("application/json")
    assert 'filename="contrat-telephonie-voip.rapport.json"' in envelope.headers["content-disposition"]
    findings = envelope.json()["documents"][0]["findings"]
    annotated = client.get(f"/telecharger/{job}/annote?doc=1")
    assert annotated.status_code == 200 and annotated.headers["content-type"] == DOCX
    assert "attachment" in annotated.headers["content-disposition"]
    notes = comments(annotated.content)
    in_clauses = [f for f in findings if f["clause"] is not None]
    absent = [f for f in findings if f["clause"] is None]
    # One comment per clause finding, plus the one listing what the contract leaves out.
    assert len(notes) == len(in_clauses) + (1 if absent else 0)
    for finding in in_clauses:
        head = f"Gravité : {SEVERITY_FR[finding['severity']]} — {finding['title']}"
        assert sum(note.startswith(head) for note in notes) == 1
    word = client.get(f"/telecharger/{job}/rapport.docx?doc=1")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert all(f["title"] in text for f in findings)
    sarif = client.get(f"/telecharger/{job}/rapport.sarif?doc=1").json()
    assert sarif["version"] == "2.1.0"
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == sorted(f["rule_id"] for f in findings)


def test_batch_index_riskiest_first_with_a_report_per_contract(client: TestClient) -> None:
    answer = post(client, sample(PDF), sample(VOIP), ("notes.odt", b"not a contract", "application/octet-stream"))
    assert answer.status_code == 200
    page = answer.text
    job = job_of(str(answer.url))
    assert "les plus risqués d'abord" in html.unescape(page)
    rows = re.findall(r"<tr><td>(.*?)</td>", page)
    assert len(rows) == 3
    # The VoIP draft has a high finding, the PDF none: it comes first; the ignored file last.
    assert "TÉLÉPHONIE" in rows[0] and "TÉLÉCOMMUNICATIONS" in rows[1] and "notes.odt" in rows[2]
    assert "format non pris en charge" in page
    voip = client.get(f"/rapport/{job}/2")
    assert voip.status_code == 200 and "Copie annotée (Word)" in voip.text and "Retour à la liste" in voip.text
    pdf = client.get(f"/rapport/{job}/1")
    assert pdf.status_code == 200 and "Copie annotée" not in pdf.text  # only Word drafts are annotated
    assert client.get(f"/telecharger/{job}/annote?doc=1").status_code == 404
    assert client.get(f"/rapport/{job}/3").status_code == 404
    everything = client.get(f"/rapport/{job}/tous")
    assert everything.text.count("<section ") == 2
    envelope = client.get(f"/telecharger/{job}/rapport.json").json()
    assert [d["path"] for d in envelope["documents"]] == [PDF, VOIP]
    word = client.get(f"/telecharger/{job}/rapport.docx")
    assert 'filename="contrats.rapport.docx"' in word.headers["content-disposition"]


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("abime.docx", b"PK\x03\x04 ceci n'est pas une archive", 422, "fichier Word endommagé"),
        ("vide.txt", b"", 422, "fichier vide"),
        ("ancien.doc", b"\xd0\xcf\x11\xe0 old word", 415, "ancien format Word 97-2003"),
        ("outil.exe", b"MZ\x90\x00", 415, "format non pris en charge"),
        ("english.txt", b"This agreement is governed by the laws of England. " * 40, 422, "pas rédigé en français"),
    ],
)
def test_a_file_that_cannot_be_checked_gets_its_status_and_a_french_message(
    client: TestClient, name: str, data: bytes, status: int, words: str
) -> None:
    answer = post(client, (name, data, "application/octet-stream"))
    assert answer.status_code == status
    assert words in text(answer) and name in answer.text
    assert "Traceback" not in answer.text and 'role="alert"' in answer.text
    assert 'action="/analyse"' in answer.text  # the form is there to try again
    json_answer = post(client, (name, data, "application/octet-stream"), headers={"Accept": "application/json"})
    assert json_answer.status_code == 202
    report = client.get(json_answer.json()["rapport"])
    assert report.status_code == status and words in text(report)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_word_files_are_refused_as_by_the_command_line(client: TestClient) -> None:
    """The readers' own checks answer: a zip bomb is too large (413), an XML entity is refused (422)."""
    bomb = zipped({"word/document.xml": b"<w:document>" + b" " * 30 * MB + b"</w:document>"})
    assert len(bomb) < MB
    answer = post(client, ("bombe.docx", bomb, "application/octet-stream"))
    assert answer.status_code == 413 and "anormalement compressé" in text(answer)
    entities = zipped(
        {
            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e "x">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
        }
    )
    answer = post(client, ("entites.docx", entities, "application/octet-stream"))
    assert answer.status_code == 422 and "DTD refusée" in text(answer)


def test_one_broken_file_does_not_stop_the_others(client: TestClient) -> None:
    answer = post(client, ("abime.docx", b"PK\x03\x04 rien", "application/octet-stream"), sample(SAAS))
    assert answer.status_code == 200
    assert "non analysé : fichier Word endommagé" in answer.text
    assert "analysé</td>" in answer.text


def test_uploads_beyond_the_queue_wait_their_turn(checker: Checker) -> None:
    """With room for one file at a time in the checking queue, five uploads at once are all answered."""
    from concurrent.futures import ThreadPoolExecutor

    names = [VOIP, PDF, SAAS, VOIP, PDF]
    with client_for(checker, Settings(queue=1)) as narrow, ThreadPoolExecutor(len(names)) as pool:
        answers = list(pool.map(lambda name: post(narrow, sample(name)), names))
    assert [a.status_code for a in answers] == [200] * len(names)
    for name, answer in zip(names, answers, strict=True):
        assert f"{name} · analysé le" in answer.text


def test_oversize_and_too_many_files_are_refused_with_413(checker: Checker) -> None:
    limits = Limits(file_bytes=40_000, files=2, total_bytes=100_000)
    with client_for(checker, Settings(limits=limits)) as small:
        big = ("gros.txt", "Article 1 – Objet. Le présent contrat. ".encode() * 2000, "text/plain")
        answer = post(small, big)
        assert answer.status_code == 413
        said = f"gros.txt : fichier trop volumineux ({size_fr(len(big[1]))}) ; la limite est de 39 ko par fichier"
        assert said in text(answer)
        three = [("petit.txt", b"x", "text/plain")] * 3
        assert post(small, *three).status_code == 413
        huge = ("enorme.txt", b"a" * 200_000, "text/plain")
        answer = post(small, huge, headers={"Accept": "application/json"})
        assert answer.status_code == 413 and "envoi trop volumineux" in answer.json()["message"]


def test_a_post_without_files_or_not_multipart_is_refused_in_french(client: TestClient) -> None:
    answer = client.post("/analyse", data={"cote": "client"})
    assert answer.status_code == 400 and "choisissez" in answer.text
    answer = client.post("/analyse", files=[("autre", ("a.txt", b"x", "text/plain"))])
    assert answer.status_code == 400 and "aucun fichier reçu" in answer.text


def test_unknown_or_expired_results_are_a_french_404(checker: Checker) -> None:
    with client_for(checker, Settings(ttl=0)) as forgetful:
        answer = post(forgetful, sample(VOIP))
        assert answer.status_code == 404 and "n'est plus en mémoire" in text(answer)
    with client_for(checker) as fresh:
        assert fresh.get("/rapport/inconnu").status_code == 404
        assert fresh.get("/telecharger/inconnu/rapport.json").status_code == 404


def test_an_internal_error_is_a_french_500_without_trace(checker: Checker) -> None:
    app = create_app(checker)

    async def broken(request: Request) -> StarletteResponse:
        raise RuntimeError("secret detail of a bug")

    app.add_route("/panne", broken)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as test_client:
        answer = test_client.get("/panne")
    assert answer.status_code == 500
    assert "Erreur interne de clausecheck" in answer.text and "secret detail" not in answer.text


def test_other_host_names_and_foreign_posts_are_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attaquant.example"}).status_code == 400
    answer = post(client, sample(VOIP), headers={"origin": "http://attaquant.example"})
    assert answer.status_code == 403 and "ne vient pas de la page" in answer.text


def test_with_a_token_nothing_is_served_without_it(checker: Checker) -> None:
    with client_for(checker, Settings(token=TOKEN)) as guarded:
        # Obtain a real result id first, with the token, to show it is not served without.
        answer = post(guarded, sample(VOIP), headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200
        job = job_of(str(answer.url))
        guarded.cookies.clear()
        paths = ["/", "/static/upload.js", f"/etat/{job}", f"/rapport/{job}", f"/rapport/{job}/1"]
        paths += [f"/telecharger/{job}/{kind}?doc=1" for kind in ("annote", "rapport.docx", "rapport.json")]
        for path in paths:
            for headers in ({}, {"Authorization": "Bearer mauvais-jeton-de-test"}, {"Accept": "text/html"}):
                refused = guarded.get(path, headers=headers)
                assert refused.status_code == 401, path
                assert "Aucun" not in refused.text and "TÉLÉPHONIE" not in refused.text
                assert not refused.content.startswith(b"PK")
        login = guarded.get("/", headers={"Accept": "text/html"})
        assert "Jeton d'accès" in login.text and 'type="password"' in login.text
        assert post(guarded, sample(VOIP)).status_code == 401
        wrong = guarded.post("/acces", data={"jeton": "pas-le-bon-jeton"})
        assert wrong.status_code == 401 and "Jeton incorrect" in wrong.text
        right = guarded.post("/acces", data={"jeton": TOKEN})
        assert right.status_code == 200 and "Déposez vos contrats ici" in right.text
        assert guarded.get(f"/rapport/{job}").status_code == 200
        guarded.cookies.clear()
        # The link printed at start lets the browser in and takes the token out of the address.
        linked = guarded.get(f"/?jeton={TOKEN}")
        assert linked.status_code == 200 and "jeton" not in str(linked.url)


def test_address_and_token_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("mon-poste")
    assert access("127.0.0.1", None) == (None, ("127.0.0.1", "localhost"))
    assert access("::1", None) == (None, ("127.0.0.1", "localhost", "[::1]"))
    token, hosts = access("0.0.0.0", None)
    assert token is not None and len(token) >= 24 and hosts == ("*",)
    assert access("0.0.0.0", None)[0] != token  # a fresh one each start
    assert access("192.168.1.20", TOKEN)[0] == TOKEN
    with pytest.raises(ServeError, match="trop court"):
        access("0.0.0.0", "court")


def test_browser_file_names_are_never_paths() -> None:
    assert display_name("../../etc/passwd.docx") == "passwd.docx"
    assert display_name("C:\\Users\\x\\Contrat v2.docx") == "Contrat v2.docx"
    assert display_name("..docx") == "docx"
    assert display_name("a\nb.txt") == "a\\nb.txt"
    assert display_name(None) == "document"
    long = display_name("x" * 500 + ".pdf")
    assert len(long) == 150 and long.endswith(".pdf")
    assert size_fr(20 * MB) == "20 Mo" and size_fr(1536 * 1024) == "1,5 Mo"


def test_uploads_stay_in_memory(checker: Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starlette spools a part past 1 Mo to a temporary file; the page's uploads never reach one."""
    import tempfile

    opened: list[object] = []
    real = tempfile.TemporaryFile

    def recording(*args: object, **kwargs: object) -> object:
        opened.append(args)
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(tempfile, "TemporaryFile", recording)
    with client_for(checker) as test_client:
        answer = post(test_client, ("gros.odt", b"x" * 3 * MB, "application/octet-stream"))
    assert answer.status_code == 415
    assert opened == []
