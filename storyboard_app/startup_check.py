"""Can the desktop app start here? Asked by `--version` and `--self-test` before anything else.

Loads the Qt modules the app uses (and with them the shared libraries they need) and, when
one cannot be loaded, says why in one line a creator can act on: the system package that
provides a missing library (`sudo apt install libglib2.0-0`), or that the system is older
than the build (a C library version not found).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

# The Qt modules the app imports; loading them loads every library the window needs.
DESKTOP_MODULES = (
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
)
# The bundle's copy of packaging/linux/system-libraries.txt (library → Debian package).
LIBRARIES_FILE = "system-libraries.txt"
GLIBC_FLOOR = "2.35"

_MISSING_LIBRARY = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")
_MISSING_VERSION = re.compile(r"version `((?:GLIBC|GLIBCXX|GCC)_[\d.]+)' not found")


def _libraries_file() -> Path | None:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / LIBRARIES_FILE] if frozen else []
    candidates.append(
        Path(__file__).resolve().parent.parent / "packaging" / "linux" / LIBRARIES_FILE
    )
    return next((path for path in candidates if path.is_file()), None)


def package_for_library(library: str, listing: Path | None = None) -> str | None:
    """The Debian/Ubuntu package that provides `library`, from system-libraries.txt."""
    path = listing if listing is not None else _libraries_file()
    if path is None:
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) > 1 and library in fields[1:]:
            return fields[0]
    return None


def explain(exc: BaseException, listing: Path | None = None) -> str:
    """One line saying why the app cannot start and what to do about it."""
    message = str(exc)
    version = _MISSING_VERSION.search(message)
    if version is not None:
        return (
            f"this system's libraries are older than this build needs ({version.group(1)} "
            f"not found); Storyboard Studio needs glibc {GLIBC_FLOOR} or newer "
            "(Debian 12, Ubuntu 22.04 or later)."
        )
    library = _MISSING_LIBRARY.search(message)
    if library is not None:
        package = package_for_library(library.group(1), listing)
        fix = f" Install it with: sudo apt install {package}" if package else ""
        return f"the system library {library.group(1)} is missing.{fix}"
    first = message.strip().splitlines()[0] if message.strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


# Qt Multimedia reports each optional audio library it does not find (PipeWire on most
# systems, where it uses PulseAudio instead): noise on every --version, not a problem.
QUIET_CATEGORIES = "qt.multimedia.symbolsresolver=false"


def desktop_problem(modules: tuple[str, ...] = DESKTOP_MODULES) -> str | None:
    """None when every module the desktop app needs loads; otherwise why not, in one line."""
    os.environ.setdefault("QT_LOGGING_RULES", QUIET_CATEGORIES)
    for name in modules:
        try:
            importlib.import_module(name)
        except (ImportError, OSError) as exc:
            return explain(exc)
    return None
