"""The Qt-free packages never import PySide6 (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

QT_FREE = [
    "storyboard_app.domain",
    "storyboard_app.store",
    "storyboard_app.media",
    "storyboard_app.generation",
    "storyboard_app.interchange",
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
        "        importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, (
        f"Qt imported by a Qt-free package: {result.stdout}{result.stderr}"
    )
