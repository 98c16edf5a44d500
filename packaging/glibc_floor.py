"""The oldest C library a bundle can start on: the highest GLIBC_x.y any of its ELF files needs.

    python packaging/glibc_floor.py BUNDLE_DIR [--max 2.35] [--depends]

Reads every ELF file under BUNDLE_DIR (the `.gnu.version_r` section, as `readelf -V` shows
it; no tools needed) and prints the highest versions of the C library (GLIBC_), of the C++
library (GLIBCXX_) and of the GCC runtime (GCC_) it needs, and which file needs each.
With `--max`, exits 1 when the C library floor is above it (the build fails). With
`--depends`, prints the versioned Debian dependencies instead (one per line, for control).
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHT_GNU_VERNEED = 0x6FFFFFFE
# The library whose symbols each prefix versions, and its Debian package.
FAMILIES = {"GLIBC": "libc6", "GLIBCXX": "libstdc++6", "GCC": "libgcc-s1"}
_VERSION = re.compile(r"^(GLIBCXX|GLIBC|GCC)_(\d+(?:\.\d+)*)$")
# GLIBCXX_3.4.N → the first GCC release that provides it (libstdc++6's Debian version).
GLIBCXX_TO_GCC = {
    19: "4.9",
    20: "5",
    21: "5",
    22: "6",
    23: "7",
    24: "7",
    25: "8",
    26: "9",
    27: "9",
    28: "9",
    29: "11",
    30: "12",
    31: "13",
    32: "13.2",
    33: "14",
}


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def elf_version_needs(data: bytes) -> list[tuple[str, str]]:
    """(library file, version name) pairs of an ELF file's `.gnu.version_r`; [] when not ELF."""
    if len(data) < 64 or data[:4] != b"\x7fELF":
        return []
    is64, order = data[4] == 2, "<" if data[5] == 1 else ">"
    if is64:
        shoff = struct.unpack_from(order + "Q", data, 0x28)[0]
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
        sh_fmt = order + "IIQQQQIIQQ"
    else:
        shoff = struct.unpack_from(order + "I", data, 0x20)[0]
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
        sh_fmt = order + "IIIIIIIIII"
    if shoff == 0 or shoff + shnum * shentsize > len(data):
        return []
    sections = [struct.unpack_from(sh_fmt, data, shoff + i * shentsize) for i in range(shnum)]

    def text_at(offset: int) -> str:
        return data[offset : data.index(b"\0", offset)].decode("ascii", "replace")

    needs: list[tuple[str, str]] = []
    for section in sections:
        if section[1] != SHT_GNU_VERNEED:
            continue
        offset, link, count = section[4], section[6], section[7]
        strtab = sections[link][4]
        pos = offset
        for _ in range(count):
            _ver, cnt, file_name, aux, next_need = struct.unpack_from(order + "HHIII", data, pos)
            library = text_at(strtab + file_name)
            aux_pos = pos + aux
            for _ in range(cnt):
                _hash, _flags, _other, name, next_aux = struct.unpack_from(
                    order + "IHHII", data, aux_pos
                )
                needs.append((library, text_at(strtab + name)))
                if next_aux == 0:
                    break
                aux_pos += next_aux
            if next_need == 0:
                break
            pos += next_need
    return needs


@dataclass
class Floor:
    """The highest needed version of each family, and the file that needs it."""

    highest: dict[str, tuple[str, str]] = field(default_factory=dict)  # family → (version, file)
    files: int = 0

    def add(self, where: str, needs: Iterable[tuple[str, str]]) -> None:
        for _library, name in needs:
            match = _VERSION.match(name)
            if match is None:
                continue
            family, number = match.groups()
            current = self.highest.get(family)
            if current is None or version_key(number) > version_key(current[0]):
                self.highest[family] = (number, where)

    def glibc(self) -> str | None:
        found = self.highest.get("GLIBC")
        return found[0] if found else None


def elf_files(root: Path) -> Iterator[Path]:
    """Every regular ELF file under `root` (a file itself is also accepted); symlinks skipped."""
    if root.is_file():
        root = root.resolve()
    paths = [root] if root.is_file() else sorted(root.rglob("*"))
    for path in paths:
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def measure(root: Path) -> Floor:
    floor = Floor()
    root = root.resolve() if root.is_file() else root
    for path in elf_files(root):
        floor.files += 1
        where = str(path.relative_to(root)) if root.is_dir() else path.name
        floor.add(where, elf_version_needs(path.read_bytes()))
    return floor


def debian_depends(floor: Floor) -> list[str]:
    """Versioned Depends for what the bundle takes from the system's C/C++ runtime."""
    depends: list[str] = []
    glibc = floor.highest.get("GLIBC")
    depends.append(f"libc6 (>= {glibc[0]})" if glibc else "libc6")
    cxx = floor.highest.get("GLIBCXX")
    if cxx:
        minor = version_key(cxx[0])[-1]
        gcc = GLIBCXX_TO_GCC.get(minor, max(GLIBCXX_TO_GCC.values(), key=version_key))
        depends.append(f"libstdc++6 (>= {gcc})")
    gcc_s = floor.highest.get("GCC")
    if gcc_s:
        depends.append(f"libgcc-s1 (>= {gcc_s[0]})")
    return depends


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--max", help="fail when the glibc floor is above this (e.g. 2.35)")
    parser.add_argument("--depends", action="store_true", help="print versioned Depends")
    args = parser.parse_args(argv)
    floor = measure(args.bundle)
    if args.depends:
        print("\n".join(debian_depends(floor)))
        return 0
    print(f"{floor.files} ELF files read in {args.bundle}")
    for family in FAMILIES:
        if family in floor.highest:
            number, where = floor.highest[family]
            print(f"highest {family}_{number} needed by {where}")
    glibc = floor.glibc()
    if args.max and glibc and version_key(glibc) > version_key(args.max):
        number, where = floor.highest["GLIBC"]
        print(
            f"glibc_floor: {where} needs GLIBC_{number}, above the supported floor {args.max}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
