"""Start-up: rule files parsed by libyaml where available, read exactly as the pure-Python parser reads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clausecheck.ruleset import strict_yaml

RULE_FILES = sorted((Path(__file__).parent.parent / "rules").glob("*.yaml"))
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]


def test_startup_uses_libyaml_when_pyyaml_has_it() -> None:
    assert strict_yaml._LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_startup_both_parsers_give_the_same_values_and_lines(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    results = []
    for loader in LOADERS:
        monkeypatch.setattr(strict_yaml, "_LOADER", loader)
        results.append(strict_yaml.load(text))
    assert all(result == results[0] for result in results)
    assert results[0][1]  # lines were recorded


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "champ « a » écrit deux fois"),
        ("a:\n  - yes\n", 2, "lu comme un booléen"),
        ("a: [1,\n", None, "erreur de syntaxe YAML, "),
    ],
)
def test_startup_strict_checks_hold_with_either_parser(
    loader: type[yaml.SafeLoader], text: str, line: int | None, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(strict_yaml, "_LOADER", loader)
    with pytest.raises(strict_yaml.StrictYAMLError, match=words) as caught:
        strict_yaml.load(text)
    if line is not None:
        assert caught.value.line == line


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_startup_quoted_and_plain_scalars_keep_their_types(
    loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(strict_yaml, "_LOADER", loader)
    data, _ = strict_yaml.load('a: true\nb: "true"\nc: 12\nd: "12"\ne: 2026-11\nf: |\n  yes\n')
    assert data == {"a": True, "b": "true", "c": 12, "d": "12", "e": "2026-11", "f": "yes\n"}


def test_startup_pypdf_is_imported_only_to_read_a_pdf() -> None:
    """pypdf costs ~0.1 s to import: `rules`, `explain` and a .docx or .txt check do without it."""
    code = (
        "import sys\n"
        "from clausecheck.cli import main\n"
        "from clausecheck.model.errors import ReadError\n"
        "from clausecheck.read import read_blocks\n"
        "sys.argv = ['clausecheck', 'rules']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "read_blocks('a.txt', 'Article 1 – Objet\\nLe présent contrat.'.encode())\n"
        "before = 'pypdf' in sys.modules\n"
        "try:\n"
        "    read_blocks('a.pdf', b'%PDF-1.4 not a real PDF')\n"
        "except ReadError:\n"
        "    pass\n"
        "print(before, 'pypdf' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().endswith("False True")
