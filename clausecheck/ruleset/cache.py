"""The loaded rule set kept on disk, keyed by a hash of everything that produced it.

Loading parses every YAML file, validates it with pydantic and expands the word families at
each start; a pickled copy loads several times faster. The key hashes the rule files (names
and bytes), the source of the code that reads and holds them (``ruleset``, ``model``,
``text``) and the Python and pydantic versions: any change gives a new key, so a stale copy
is never read. Nothing is cached when loading fails, so errors always come from the loader.
The cache is the user's own folder (``$CLAUSECHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or
``~/.cache``, then ``clausecheck``); ``CLAUSECHECK_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

import pydantic

from clausecheck.ruleset.loader import RuleSet, bundled_rules_dir, load_rules

_KEEP = 8  # cached rule sets kept: a few --rules combinations, not one file per run forever
_CODE = ("ruleset", "model", "text")


def cache_dir() -> Path | None:
    chosen = os.environ.get("CLAUSECHECK_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "clausecheck"


def load_cached(extra_dirs: list[Path] | None = None) -> RuleSet:
    """``load_rules(extra_dirs)``, from the cache when the same files were loaded by the same code."""
    folder = cache_dir()
    key = _key(extra_dirs or [])
    if folder is None or key is None:
        return load_rules(extra_dirs)
    path = folder / f"rules-{key}.pickle"
    with contextlib.suppress(Exception):  # a damaged or unreadable copy: load the plain way
        with path.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, RuleSet):
            return cached
    ruleset = load_rules(extra_dirs)
    with contextlib.suppress(OSError):  # a read-only home must not stop a check
        _store(folder, path, ruleset)
    return ruleset


def _key(extra_dirs: list[Path]) -> str | None:
    """A digest of the rule files and the code; None when a folder is missing (the loader says so)."""
    digest = hashlib.sha256(f"{sys.version}\n{pydantic.VERSION}\n".encode())
    package = Path(__file__).parent.parent
    sources = sorted(p for name in _CODE for p in (package / name).glob("*.py"))
    try:
        for folder in [bundled_rules_dir(), *extra_dirs]:
            if not folder.is_dir():
                return None
            sources += sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
        for source in sources:
            digest.update(f"{source.resolve()}\n{source.stat().st_size}\n".encode())
            digest.update(source.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:32]


def _store(folder: Path, path: Path, ruleset: RuleSet) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(ruleset, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: a parallel run reads the old copy or the new, never half
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    copies = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
