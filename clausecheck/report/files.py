"""Writing an output file safely: all or nothing, never through a planted link."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: Path, data: str | bytes) -> None:
    """Write to an exclusive temporary file beside ``target``, then rename: never a half-written file.

    The temporary file has a random name and is created with O_EXCL, so a link planted in
    the output folder is never followed; the result gets the user's usual permissions
    (umask), so colleagues on a shared folder can read the reports.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
