"""The layering contracts in pyproject.toml hold, and each one fails on a forbidden import.

`lint-imports` reads every import statement, those inside functions included. Each case copies
the package, adds one forbidden import inside a function, and expects its contract to break.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

# (contract id, module file to change, the import added inside a function)
FORBIDDEN = [
    ("no-qt-below-ui", "domain/enums.py", "from PySide6.QtCore import QObject"),
    ("no-qt-below-ui", "exports/run.py", "from PySide6.QtGui import QImage"),
    ("command-line-without-gui", "commands/doctor.py", "from storyboard_app.ui import main_window"),
    ("media-keeps-no-rows", "media/store.py", "from storyboard_app.store import models"),
    ("media-keeps-no-rows", "media/checks.py", "import sqlalchemy"),
    ("layers", "store/dto.py", "from storyboard_app.generation import engine"),
]


def _lint(package_parent: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    args = [str(LINT), "--no-cache", str(ROOT / "pyproject.toml")]
    for contract in contracts:
        args += ["--contract", contract]
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=package_parent)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "storyboard_app",
        tmp_path / "storyboard_app",
        ignore=shutil.ignore_patterns("__pycache__", "resources"),
    )
    return tmp_path


def test_the_package_keeps_every_contract(package_copy: Path) -> None:
    result = _lint(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


@pytest.mark.parametrize(("contract", "module", "statement"), FORBIDDEN)
def test_a_forbidden_import_breaks_its_contract(
    package_copy: Path, contract: str, module: str, statement: str
) -> None:
    path = package_copy / "storyboard_app" / module
    assert path.exists(), f"{module} moved: update this test"
    with path.open("a") as f:
        f.write(f"\n\ndef _forbidden() -> None:\n    {statement}  # noqa\n")
    result = _lint(package_copy, contract)
    assert result.returncode == 1, result.stdout + result.stderr
    dotted = "storyboard_app." + module.removesuffix(".py").replace("/", ".")
    assert dotted in result.stdout
    assert "BROKEN" in result.stdout
