"""Start the page: bind the address, decide the access token, serve with uvicorn until Ctrl+C."""

from __future__ import annotations

import ipaddress
import logging
import secrets
import socket
import sys
from collections.abc import Callable

import uvicorn

from clausecheck.engine.checker import Checker
from clausecheck.serve.app import Settings, create_app
from clausecheck.serve.uploads import MB, Limits

MIN_TOKEN = 12


class ServeError(Exception):
    """The page cannot be started; the message is French and says what to do."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a name other than localhost may resolve to any interface
        return False


def access(host: str, token: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The token the page asks for and the Host headers it answers, for this address.

    On this machine only, no token unless one is given, and only this machine's names
    (a web page cannot reach the server by rebinding its own name to 127.0.0.1). On any
    other interface, always a token: the given one or a new random one.
    """
    if token is not None and len(token) < MIN_TOKEN:
        raise ServeError(f"jeton d'accès trop court : {MIN_TOKEN} caractères au moins, ou laissez-le générer")
    if is_loopback(host):
        bare = host.strip("[]")
        name = f"[{bare}]" if ":" in bare else bare  # an IPv6 address comes bracketed in the Host header
        return token, tuple(dict.fromkeys(("127.0.0.1", "localhost", name)))
    return token or secrets.token_urlsafe(24), ("*",)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; port 0 takes a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServeError(
            f"impossible d'écouter sur {host}:{port} ({exc.strerror}) : choisissez un autre --port"
        ) from None
    return sock


def address(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = socket.gethostname() if host in ("0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def server(checker: Checker, settings: Settings) -> uvicorn.Server:
    """A uvicorn server for the page; no access log, since a log line would name what was asked."""
    app = create_app(checker, settings)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, lifespan="on", timeout_graceful_shutdown=5
    )
    return uvicorn.Server(config)


def serve(
    checker: Checker,
    host: str,
    port: int,
    token: str | None,
    limits: Limits,
    say: Callable[[str], None],
) -> None:
    """Serve until interrupted; raises ``ServeError`` when the address cannot be used."""
    token, hosts = access(host, token)
    sock = bind(host, port)
    log = logging.getLogger("clausecheck.serve")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("clausecheck : %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    url = address(sock, host)
    say(f"limites : {limits.describe()}")
    if token is not None:
        say(f"jeton d'accès : {token} — ou ouvrez directement {url}?jeton={token}")
    say(f"page d'analyse sur {url} (Ctrl+C pour arrêter)")
    try:
        server(checker, Settings(limits=limits, token=token, hosts=hosts)).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn has stopped cleanly, then passes Ctrl+C on: it is the way out
        pass
    finally:
        sock.close()
    say("page d'analyse arrêtée")


def limits_from(max_size_mb: int, max_files: int) -> Limits:
    """Per-file size and file count as given; a request carries at most all of them, up to 100 Mo."""
    return Limits(file_bytes=max_size_mb * MB, files=max_files, total_bytes=max(max_size_mb, 100) * MB)
