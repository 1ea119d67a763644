"""The on-disk rule-set cache: the same rules as the loader, a new key whenever a rule file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rulefiles import one_rule

from clausecheck.model.errors import RuleError
from clausecheck.ruleset import cache
from clausecheck.ruleset.loader import RuleSet, load_rules

EXTRA = one_rule(
    "custom.cache-check", '"pénalité forfaitaire"', "Une pénalité forfaitaire est due.", title="Une clause de test"
)


def _same(a: RuleSet, b: RuleSet) -> bool:
    fields = ("rules", "types", "files", "sources", "vocabularies")
    return all(getattr(a, name) == getattr(b, name) for name in fields)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(folder))
    return folder


def test_cached_rule_set_equals_the_loaded_one(cache_folder: Path) -> None:
    first = cache.load_cached()
    assert len(list(cache_folder.glob("rules-*.pickle"))) == 1
    second = cache.load_cached()
    assert second is not first  # read back from the file, not the same object
    assert _same(first, load_rules()) and _same(second, load_rules())


def test_a_changed_rule_file_is_a_new_key(cache_folder: Path, tmp_path: Path) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "custom.yaml").write_text(EXTRA, encoding="utf-8")
    before = cache.load_cached([extra])
    assert before.get("custom.cache-check") is not None
    (extra / "custom.yaml").write_text(EXTRA.replace("pénalité forfaitaire", "indemnité forfaitaire"), "utf-8")
    after = cache.load_cached([extra])
    assert len(list(cache_folder.glob("rules-*.pickle"))) == 2
    assert _same(after, load_rules([extra])) and not _same(after, before)


def test_errors_are_not_cached(cache_folder: Path, tmp_path: Path) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "bad.yaml").write_text("rules:\n  - id: x\n    id: y\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError):
            cache.load_cached([extra])
    assert not list(cache_folder.glob("rules-*.pickle"))


def test_damaged_copy_is_reloaded(cache_folder: Path) -> None:
    cache.load_cached()
    (copy,) = cache_folder.glob("rules-*.pickle")
    copy.write_bytes(b"not a pickle")
    assert _same(cache.load_cached(), load_rules())


def test_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _same(cache.load_cached(), load_rules())
    assert not any(tmp_path.rglob("*.pickle"))
    shutil.rmtree(tmp_path, ignore_errors=True)
