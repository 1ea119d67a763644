"""What the browser sends: files read in memory within limits, their names made harmless.

The multipart body is parsed by Starlette and python-multipart; this module only bounds
it (size of the request and of each file, number of files), keeps it off the disk and
turns every refusal into a French message with its HTTP status.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from clausecheck.model.findings import Side
from clausecheck.read import READERS
from clausecheck.text.names import printable

MB = 1024 * 1024
# Room for the multipart framing and the form's small fields around the files.
_FRAMING = 64 * 1024
_NAME_CHARS = 150
SIDES_FR: dict[str, Side] = {"client": "client", "prestataire": "supplier"}
SIDE_PARAM: dict[Side, str] = {value: key for key, value in SIDES_FR.items()}


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * MB
    files: int = 20
    total_bytes: int = 100 * MB

    def describe(self) -> str:
        return f"{self.files} fichiers au plus, {size_fr(self.file_bytes)} chacun, {size_fr(self.total_bytes)} en tout"


@dataclass(frozen=True)
class Upload:
    """One file as received: a display name (never a path) and its bytes."""

    name: str
    data: bytes

    @property
    def supported(self) -> bool:
        return extension(self.name) in READERS


class Refused(Exception):
    """The request as a whole cannot be taken; ``message`` is French, ``status`` the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def size_fr(size: int) -> str:
    """'20 Mo', '1,5 Mo', '800 ko', as a French reader writes sizes."""
    if size >= MB:
        value = f"{size / MB:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{value} Mo"
    return f"{max(1, round(size / 1024))} ko"


def display_name(raw: str | None) -> str:
    """The file's own name, without any folder a browser may send, safe to print and never a path."""
    name = printable(re.split(r"[\\/]", raw or "")[-1]).strip().lstrip(".") or "document"
    if len(name) > _NAME_CHARS:  # keep the extension: it decides the reader
        suffix = extension(name)
        name = name[: _NAME_CHARS - len(suffix)] + suffix
    return name


def extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


async def read_form(request: Request, limits: Limits) -> tuple[list[Upload], Side]:
    """The uploaded files and the chosen side, or ``Refused`` (400, 413) with the reason in French."""
    if "multipart/form-data" not in request.headers.get("content-type", ""):
        raise Refused(400, "envoi illisible : choisissez un ou plusieurs fichiers dans le formulaire")
    cap = limits.total_bytes + _FRAMING
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise Refused(413, f"envoi trop volumineux : {limits.describe()}")
    parser = MultiPartParser(request.headers, _bounded(request.stream(), cap, limits), max_files=limits.files)
    # Starlette spools a file part to disk past this size; the stream is capped below it,
    # so every upload stays in memory.
    parser.spool_max_size = cap + 1
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        if "Too many files" in str(exc):
            raise Refused(413, f"trop de fichiers : {limits.describe()}") from None
        raise Refused(400, "envoi illisible : rechargez la page et choisissez à nouveau vos fichiers") from None
    try:
        uploads = []
        for item in form.getlist("fichiers"):
            if isinstance(item, UploadFile) and (item.filename or item.size):
                uploads.append(await _upload(item, limits))
        side = SIDES_FR.get(str(form.get("cote", "client")), "client")
    finally:
        await form.close()
    if not uploads:
        raise Refused(400, "aucun fichier reçu : choisissez au moins un contrat (.docx, .pdf, .txt ou .md)")
    return uploads, side


async def _upload(item: UploadFile, limits: Limits) -> Upload:
    name = display_name(item.filename)
    if (item.size or 0) > limits.file_bytes:
        raise Refused(
            413,
            f"{name} : fichier trop volumineux ({size_fr(item.size or 0)}) ; "
            f"la limite est de {size_fr(limits.file_bytes)} par fichier",
        )
    return Upload(name, await item.read())


async def _bounded(stream: AsyncGenerator[bytes, None], cap: int, limits: Limits) -> AsyncGenerator[bytes, None]:
    """The request body, refused as soon as it passes ``cap`` bytes, whatever Content-Length said."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > cap:
            raise Refused(413, f"envoi trop volumineux : {limits.describe()}")
        yield chunk
