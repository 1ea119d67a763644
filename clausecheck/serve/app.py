"""The web application: routes, access token, and the answers' headers.

Starlette routes the requests, uvicorn serves them; every answer is French, HTML for the
browser or JSON for the page's script, and no answer ever carries a stack trace.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from clausecheck.engine.checker import Checker
from clausecheck.model.findings import Side
from clausecheck.serve.jobs import CheckQueue, Job, ResultStore
from clausecheck.serve.pages import SCRIPT, Pages, failures, job_status
from clausecheck.serve.uploads import SIDES_FR, Limits, Refused, read_form

COOKIE = "clausecheck_jeton"
_log = logging.getLogger("clausecheck.serve")
# Nothing is fetched from elsewhere; inline styles are the report's own, the script is ours.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # a contract's report is not left in the browser's cache
}
_GONE = "Ce rapport n'est plus en mémoire : les résultats sont effacés après un temps. Relancez l'analyse."
INTERNAL = (
    "Erreur interne de clausecheck : la demande n'a pas abouti et vos fichiers ne sont pas en cause. "
    "Réessayez ; si l'erreur revient, signalez-la."
)


@dataclass(frozen=True)
class Settings:
    limits: Limits = field(default_factory=Limits)
    token: str | None = None  # required on every request when set
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")  # Host headers answered: "*" for any
    ttl: float = 3600  # seconds a result is kept for its downloads
    max_jobs: int = 50
    queue: int = 32  # files handed to the checking thread at a time; the others wait their turn


class Service:
    """The routes, over one checker, one result store and one checking queue."""

    def __init__(self, checker: Checker, settings: Settings) -> None:
        self.settings = settings
        self.checker = checker
        self.pages = Pages(checker, settings.limits, settings.ttl)
        self.store = ResultStore(ttl=settings.ttl, max_jobs=settings.max_jobs)
        self._queue: CheckQueue | None = None

    @property
    def queue(self) -> CheckQueue:
        assert self._queue is not None, "the queue is made when the application starts"
        return self._queue

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self._queue = CheckQueue(self.checker, self.settings.queue)
        try:
            yield
        finally:
            self._queue.close()

    async def home(self, request: Request) -> Response:
        return HTMLResponse(self.pages.upload())

    async def icon(self, request: Request) -> Response:
        return Response(status_code=204)  # no icon, and no error in the browser's console

    async def script(self, request: Request) -> Response:
        return Response(SCRIPT, media_type="text/javascript")

    async def analyse(self, request: Request) -> Response:
        wants_json = "application/json" in request.headers.get("accept", "")
        try:
            uploads, side = await read_form(request, self.settings.limits)
        except Refused as refused:
            if wants_json:
                return JSONResponse({"message": refused.message}, refused.status)
            return HTMLResponse(self.pages.upload([refused.message]), refused.status)
        job = self.store.new(uploads, side)
        self.queue.start(job)
        report = f"/rapport/{job.id}"
        if wants_json:  # the page's script follows the progress, then opens the report
            return JSONResponse({"suivi": f"/etat/{job.id}", "rapport": report, "total": len(uploads)}, 202)
        await job.finished.wait()
        status = job_status(job.results())
        if status != 200:
            return HTMLResponse(self.pages.upload(failures(job.results()), side), status)
        return RedirectResponse(report, 303)

    async def progress(self, request: Request) -> Response:
        job = self.store.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"message": _GONE}, 404)
        return JSONResponse({"fait": job.done, "total": len(job.uploads), "termine": job.finished.is_set()})

    async def report(self, request: Request) -> Response:
        job = await self._finished(request)
        if job is None:
            return HTMLResponse(self.pages.message("Rapport introuvable", _GONE), 404)
        docs = job.results()
        side = self._side(request, job)
        status = job_status(docs)
        if status != 200:
            return HTMLResponse(self.pages.upload(failures(docs), side), status)
        which = request.path_params.get("which")
        if which is None and len(docs) > 1:
            return HTMLResponse(self.pages.index(job, side))
        if which == "tous":
            return HTMLResponse(self.pages.report(job, side, None))
        number = _number(which or "1", len(docs))
        if number is None or docs[number - 1].status == "skipped":
            return HTMLResponse(
                self.pages.message("Rapport introuvable", "Ce contrat ne fait pas partie de l'analyse."), 404
            )
        return HTMLResponse(self.pages.report(job, side, number))

    async def download(self, request: Request) -> Response:
        job = await self._finished(request)
        if job is None:
            return HTMLResponse(self.pages.message("Fichier introuvable", _GONE), 404)
        asked = request.query_params.get("doc")
        number = _number(asked, len(job.uploads)) if asked else None
        found = (
            None
            if asked and number is None
            else self.pages.download(job, request.path_params["kind"], self._side(request, job), number)
        )
        if found is None:
            return HTMLResponse(
                self.pages.message("Fichier introuvable", "Ce fichier n'existe pas pour cette analyse."), 404
            )
        return Response(found.data, media_type=found.media_type, headers={"Content-Disposition": found.disposition()})

    async def login(self, request: Request) -> Response:
        if request.method == "GET":
            return HTMLResponse(self.pages.login(), 401)
        form = await request.form(max_files=0, max_fields=2, max_part_size=1024)
        given = str(form.get("jeton", ""))
        if not self.token_matches(given):
            return HTMLResponse(self.pages.login("Jeton incorrect : recopiez celui affiché au lancement."), 401)
        return self._admitted("/")

    def token_matches(self, given: str | None) -> bool:
        token = self.settings.token
        return token is None or (given is not None and hmac.compare_digest(given.encode(), token.encode()))

    def _admitted(self, target: str) -> Response:
        response = RedirectResponse(target, 303)
        response.set_cookie(COOKIE, self.settings.token or "", httponly=True, samesite="strict")
        return response

    async def _finished(self, request: Request) -> Job | None:
        job = self.store.get(request.path_params["job"])
        if job is not None:
            await job.finished.wait()
        return job

    def _side(self, request: Request, job: Job) -> Side:
        return SIDES_FR.get(request.query_params.get("cote", ""), job.side)

    async def guard(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Token, origin of posts, security headers; an unexpected error becomes a French 500."""
        try:
            response = await self._checked(request, call_next)
        except Exception as exc:  # never a stack trace to the browser, never a file name in the log
            _log.warning("erreur interne (%s)", type(exc).__name__)
            response = HTMLResponse(self.pages.message("Erreur interne", INTERNAL), 500)
        response.headers.update(_HEADERS)
        return response

    async def _checked(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        origin = request.headers.get("origin")
        if request.method == "POST" and origin and urlsplit(origin).netloc != request.headers.get("host"):
            return HTMLResponse(
                self.pages.message("Requête refusée", "Cette demande ne vient pas de la page clausecheck."), 403
            )
        if self.settings.token is None or request.url.path == "/acces":
            return await call_next(request)
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.token_matches(request.cookies.get(COOKIE)) or self.token_matches(bearer):
            return await call_next(request)
        if request.method == "GET" and self.token_matches(request.query_params.get("jeton")):
            return self._admitted(request.url.path)  # the link printed at start: the token leaves the address bar
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(self.pages.login(), 401)
        return JSONResponse({"message": "jeton d'accès requis : ouvrez le lien affiché au lancement"}, 401)


def _number(text: str, count: int) -> int | None:
    """A document's number in the job (from 1), or None when there is no such document."""
    return int(text) if text.isdigit() and 1 <= int(text) <= count else None


def create_app(checker: Checker, settings: Settings | None = None) -> Starlette:
    """The application over a loaded checker; ``settings`` default to loopback, no token."""
    service = Service(checker, settings or Settings())
    routes = [
        Route("/", service.home),
        Route("/static/upload.js", service.script),
        Route("/favicon.ico", service.icon),
        Route("/analyse", service.analyse, methods=["POST"]),
        Route("/etat/{job}", service.progress),
        Route("/rapport/{job}", service.report),
        Route("/rapport/{job}/{which}", service.report),
        Route("/telecharger/{job}/{kind}", service.download),
        Route("/acces", service.login, methods=["GET", "POST"]),
    ]
    middleware = [
        # Answer only to this machine's names: a web page cannot reach the server by rebinding its own name to it.
        Middleware(TrustedHostMiddleware, allowed_hosts=list(service.settings.hosts)),
        Middleware(BaseHTTPMiddleware, dispatch=service.guard),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=service.lifespan)
    app.state.service = service
    return app
