"""The layers of docs/DESIGN.md, enforced by import-linter (contracts in ``.importlinter``):
divergences/ imports neither streamlit nor app nor pages; app/ does not import pages; deploy/
does not import benchmarks; app.classes (the class store) imports no streamlit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("divergences", "app", "pages", "deploy", "benchmarks")


def _lint(root: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    return subprocess.run(
        [exe, "--config", str(root / ".importlinter"), "--no-cache"],
        cwd=root, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(root), "PATH": str(Path(sys.executable).parent)},
    )


def test_the_repository_keeps_its_layers():
    out = _lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 4 kept, 0 broken." in out.stdout


@pytest.mark.parametrize("where, line, contract", [
    ("divergences/_bad.py", "import streamlit", "divergences imports neither"),
    ("divergences/_bad.py", "from app import i18n", "divergences imports neither"),
    ("app/_bad.py", "import pages.home", "app does not import pages"),
    ("deploy/_bad.py", "from benchmarks import common", "deploy does not import benchmarks"),
    ("app/classes/_bad.py", "import streamlit", "app.classes (the class store) imports no"),
])
def test_a_forbidden_import_breaks_its_contract(tmp_path, where, line, contract):
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, tmp_path / pkg,
                        ignore=shutil.ignore_patterns("__pycache__", "results"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    (tmp_path / where).write_text(line + "\n")
    out = _lint(tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"{contract}" in out.stdout and "BROKEN" in out.stdout
    assert "Contracts: 3 kept, 1 broken." in out.stdout
