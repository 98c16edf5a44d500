"""What the Linux bundle leaves out, used by the PyInstaller spec and the packaging tests.

Three rules, applied to PyInstaller's list of binaries:
1. Qt plugins for setups the app does not support (GTK theme, virtual keyboard, EGLFS on
   bare hardware) are dropped: they pull in a GTK or QtQuick stack the app never uses.
2. Libraries listed in linux/system-libraries.txt are dropped: they come from the
   packages the .deb depends on and must match the user's graphics and font stack.
3. Any other shared library that nothing left in the bundle needs is dropped.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
SYSTEM_LIBRARIES_FILE = HERE / "linux" / "system-libraries.txt"

DROPPED_PLUGINS = (
    "platformthemes/libqgtk3.so",
    "platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "platforms/libqeglfs.so",
    "platforms/libqminimalegl.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqvnc.so",
    "platforms/libqvkkhrdisplay.so",
    "egldeviceintegrations/",
    # PDF pages as images (4.4 MB of libQt6Pdf): the app writes PDFs with QtGui, never reads
    "imageformats/libqpdf.so",
)
# Library folders inside the bundle whose files are only ever dependencies of something else.
LIBRARY_DIRS = {"", "PySide6/Qt/lib", "pillow.libs"}
# Loaded with dlopen (not DT_NEEDED), so rule 3 cannot see who uses them.
ALWAYS_KEEP = re.compile(r"^(libpython|libQt6FFmpegStub|libav|libsw)")
_EXTENSION = re.compile(r"\.(cpython-\d+[^/]*|abi3)\.so$")

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (name in bundle, source path, type)


def read_system_libraries(path: Path = SYSTEM_LIBRARIES_FILE) -> dict[str, list[str]]:
    """Package name → the library file names the system provides through it."""
    packages: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            packages[fields[0]] = fields[1:]
    return packages


def system_library_names(path: Path = SYSTEM_LIBRARIES_FILE) -> set[str]:
    return {lib for libs in read_system_libraries(path).values() for lib in libs}


def elf_needed(path: str | Path) -> list[str]:
    """The DT_NEEDED names of an ELF file (64- or 32-bit, either byte order); [] otherwise."""
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF":
        return []
    is64, order = data[4] == 2, "<" if data[5] == 1 else ">"
    if is64:
        shoff = struct.unpack_from(order + "Q", data, 0x28)[0]
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
        sh_fmt, dyn_fmt = order + "IIQQQQIIQQ", order + "qQ"
    else:
        shoff = struct.unpack_from(order + "I", data, 0x20)[0]
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
        sh_fmt, dyn_fmt = order + "IIIIIIIIII", order + "iI"
    sections = [struct.unpack_from(sh_fmt, data, shoff + i * shentsize) for i in range(shnum)]
    names: list[str] = []
    for section in sections:
        if section[1] != 6:  # SHT_DYNAMIC
            continue
        offset, size, link = section[4], section[5], section[6]
        strtab = sections[link][4]
        step = struct.calcsize(dyn_fmt)
        for pos in range(offset, offset + size, step):
            tag, value = struct.unpack_from(dyn_fmt, data, pos)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                names.append(data[strtab + value : end].decode())
    return names


def _is_library(name: str) -> bool:
    parent = str(PurePosixPath(name).parent)
    return (parent if parent != "." else "") in LIBRARY_DIRS


def prune(binaries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Apply the three rules; return (kept, dropped)."""
    system = system_library_names()
    kept: list[Entry] = []
    dropped: list[Entry] = []
    for entry in binaries:
        name = entry[0].replace("\\", "/")
        base = PurePosixPath(name).name
        if any(rule in name for rule in DROPPED_PLUGINS) or (_is_library(name) and base in system):
            dropped.append(entry)
        else:
            kept.append(entry)
    libraries = {
        PurePosixPath(e[0]).name: e
        for e in kept
        if _is_library(e[0])
        and not _EXTENSION.search(e[0])
        and not ALWAYS_KEEP.match(PurePosixPath(e[0]).name)
    }
    roots = [e for e in kept if PurePosixPath(e[0]).name not in libraries]
    reached: set[str] = set()
    todo = list(roots)
    while todo:
        entry = todo.pop()
        for needed in elf_needed(entry[1]):
            if needed in libraries and needed not in reached:
                reached.add(needed)
                todo.append(libraries[needed])
    final = [
        e
        for e in kept
        if PurePosixPath(e[0]).name not in libraries or PurePosixPath(e[0]).name in reached
    ]
    dropped += [e for e in kept if e not in final]
    return final, dropped
