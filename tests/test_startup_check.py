"""`--version` and `--self-test` fail, in one line, when the desktop app cannot start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storyboard_app import __version__
from storyboard_app.startup_check import desktop_problem, explain, package_for_library

ROOT = Path(__file__).resolve().parents[1]
LISTING = ROOT / "packaging" / "linux" / "system-libraries.txt"


def _run_with_broken_import(module: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """`storyboard-app ARGV` in a child whose `module` raises ImportError when imported."""
    code = (
        "import sys\n"
        f"sys.modules[{module!r}] = None  # importing it now raises ImportError\n"
        "from storyboard_app.__main__ import main\n"
        f"sys.exit(main({list(argv)!r}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "QT_LOGGING_RULES"},
            "QT_QPA_PLATFORM": "offscreen",
        },
        timeout=120,
    )


def test_version_exits_1_when_a_qt_module_cannot_be_imported() -> None:
    result = _run_with_broken_import("PySide6.QtWidgets", "--version")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("storyboard-app: cannot start: ")
    assert "PySide6.QtWidgets" in lines[0]


def test_self_test_exits_1_when_a_qt_module_cannot_be_imported() -> None:
    result = _run_with_broken_import("PySide6.QtMultimedia", "--self-test")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cannot start: " in result.stderr and "PySide6.QtMultimedia" in result.stderr
    assert "self-test passed" not in result.stdout


def test_version_exits_0_and_prints_the_version_when_the_app_can_start() -> None:
    result = _run_with_broken_import("storyboard_app.not_a_module", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Storyboard Studio {__version__}"
    assert result.stderr == ""  # no Qt chatter about optional audio libraries


def test_a_missing_library_is_named_with_the_package_that_provides_it() -> None:
    exc = ImportError("libglib-2.0.so.0: cannot open shared object file: No such file or directory")
    assert explain(exc, LISTING) == (
        "the system library libglib-2.0.so.0 is missing. "
        "Install it with: sudo apt install libglib2.0-0"
    )
    assert package_for_library("libxcb-cursor.so.0", LISTING) == "libxcb-cursor0"
    assert package_for_library("libnot-ours.so.1", LISTING) is None


def test_a_too_old_c_library_names_the_floor() -> None:
    exc = ImportError(
        "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.36' not found "
        "(required by /opt/storyboard-studio/_internal/libstdc++.so.6)"
    )
    text = explain(exc, LISTING)
    assert "GLIBC_2.36 not found" in text and "glibc 2.35 or newer" in text
    assert "\n" not in text


def test_this_environment_can_start_the_desktop_app() -> None:
    assert desktop_problem() is None
    assert desktop_problem(("PySide6.QtCore", "storyboard_app.no_such_module")) is not None
