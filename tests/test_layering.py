"""The Qt-free packages never import PySide6 (checked in a fresh interpreter), and no
module imports across a layer it must not — imports inside functions included."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "storyboard_app"

QT_FREE = [
    "storyboard_app.domain",
    "storyboard_app.store",
    "storyboard_app.media",
    "storyboard_app.generation",
    "storyboard_app.interchange",
    "storyboard_app.exports",  # but its PDF module (Qt draws the pages)
    "storyboard_app.cli",
    "storyboard_app.commands",
    "storyboard_app.settings",
    "storyboard_app.paths",
    "storyboard_app.logs",
]


def test_qt_free_packages_do_not_import_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"roots = {QT_FREE!r}\n"
        "for root in roots:\n"
        "    mod = importlib.import_module(root)\n"
        "    for info in pkgutil.walk_packages(getattr(mod, '__path__', []), root + '.'):\n"
        "        if '.migrations.versions' in info.name or info.name.endswith('.env'):\n"
        "            continue\n"
        "        if info.name == 'storyboard_app.exports.pdf':\n"
        "            continue\n"
        "        importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, (
        f"Qt imported by a Qt-free package: {result.stdout}{result.stderr}"
    )


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _files(*parts: str) -> list[Path]:
    target = PACKAGE.joinpath(*parts)
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


FORBIDDEN = [
    # (the modules checked, the imports they must not make, what is allowed)
    (("media",), ("storyboard_app.store", "sqlalchemy"), ()),
    (("commands",), ("storyboard_app.ui",), ()),
    (("cli.py",), ("storyboard_app.ui",), ()),
    (("exports",), ("PySide6", "storyboard_app.ui"), ("pdf.py",)),
]


@pytest.mark.parametrize(("where", "banned", "allowed"), FORBIDDEN)
def test_no_module_imports_across_a_forbidden_line(
    where: tuple[str, ...], banned: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    bad = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _files(*where)
        if path.name not in allowed
        for name in sorted(_imports(path))
        if any(name == b or name.startswith(b + ".") for b in banned)
    ]
    assert bad == []


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from storyboard_app.store import models\n")
    assert "storyboard_app.store.models" in _imports(module)
