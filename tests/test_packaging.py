"""The installed package carries its rules: a user without the repository still gets them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_packaging_wheel_ships_the_rules_and_loads_them_outside_the_repository(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("clausecheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("clausecheck/rules/")}
    assert shipped == {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert "clausecheck/engine/word_shares.tsv" in names  # the matcher's anchors are ordered by it
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)  # the package only
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # The editable install puts the repository on sys.path too: the installed copy must come first.
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r})\n"
        "from clausecheck.ruleset.loader import bundled_rules_dir, load_rules\n"
        "print(bundled_rules_dir())\n"
        "print(len(load_rules().rules))\n"
        "from clausecheck.engine.prefilter import word_shares\n"
        "print(len(word_shares()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    folder, count, shares = done.stdout.split()
    assert Path(folder).is_relative_to(target)
    assert int(count) >= 16
    assert int(shares) > 100
