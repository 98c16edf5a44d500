"""Remove what the build machine leaves in a Linux bundle (run by build_linux.sh).

    python packaging/clean_bundle.py BUNDLE_DIR [--check]

- symbolic links that point at nothing are removed;
- a RUNPATH/RPATH entry that does not start with $ORIGIN (the build host's own folders,
  e.g. ~/.pyenv/versions/3.11.7/lib) is removed with patchelf; $ORIGIN entries stay;
- shared objects are stripped (`strip --strip-unneeded`: symbols only; Qt plugins keep the
  .qtmetadata section Qt reads) and lose their execute bits (they are loaded, not run). The
  launcher is left as PyInstaller wrote it: its program archive lives in an ELF section.

With --check nothing is changed: the findings are printed and the exit code is 1 if any.
Needs patchelf and strip (binutils); build_linux.sh checks for them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

LAUNCHERS = {"storyboard-app", "StoryboardStudio"}


def is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def dangling_links(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_symlink() and not p.exists()]


def elf_objects(root: Path) -> list[Path]:
    return [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name not in LAUNCHERS and is_elf(p)
    ]


def runpath(path: Path) -> str:
    done = subprocess.run(
        ["patchelf", "--print-rpath", str(path)], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def foreign_runpaths(root: Path) -> dict[Path, str]:
    """Objects whose RUNPATH/RPATH names a folder outside the bundle."""
    found = {}
    for path in elf_objects(root):
        value = runpath(path)
        if value and any(not entry.startswith("$ORIGIN") for entry in value.split(":")):
            found[path] = value
    return found


def _is_shared_object(path: Path) -> bool:
    return ".so" in path.name and path.suffix not in (".py", ".txt")


def executable_libraries(root: Path) -> list[Path]:
    """Shared objects (`*.so`, `*.so.N`) with an execute bit set."""
    return [p for p in elf_objects(root) if _is_shared_object(p) and p.stat().st_mode & 0o111]


def unstripped(root: Path) -> list[Path]:
    """Objects that still carry a symbol table (.symtab)."""
    found = []
    for path in elf_objects(root):
        done = subprocess.run(
            ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
        )
        if " .symtab " in done.stdout:
            found.append(path)
    return found


def clean(root: Path) -> dict[str, int]:
    counts = {"dangling links": 0, "runpaths": 0, "stripped": 0, "execute bits": 0}
    for link in dangling_links(root):
        link.unlink()
        counts["dangling links"] += 1
    for path, value in foreign_runpaths(root).items():
        kept = [entry for entry in value.split(":") if entry.startswith("$ORIGIN")]
        command = ["--set-rpath", ":".join(kept)] if kept else ["--remove-rpath"]
        subprocess.run(["patchelf", *command, str(path)], check=True)
        counts["runpaths"] += 1
    for path in unstripped(root):
        mode = path.stat().st_mode
        os.chmod(path, mode | 0o200)
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        os.chmod(path, mode)
        counts["stripped"] += 1
    for path in executable_libraries(root):
        os.chmod(path, path.stat().st_mode & ~0o111)
        counts["execute bits"] += 1
    return counts


def findings(root: Path) -> list[str]:
    problems = [f"dangling link: {p.relative_to(root)}" for p in dangling_links(root)]
    problems += [
        f"RUNPATH {value}: {p.relative_to(root)}" for p, value in foreign_runpaths(root).items()
    ]
    problems += [f"not stripped: {p.relative_to(root)}" for p in unstripped(root)]
    problems += [f"executable library: {p.relative_to(root)}" for p in executable_libraries(root)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--check", action="store_true", help="report only; exit 1 on findings")
    args = parser.parse_args(argv)
    if args.check:
        problems = findings(args.bundle)
        for line in problems:
            print(line)
        return 1 if problems else 0
    counts = clean(args.bundle)
    print(", ".join(f"{n} {what}" for what, n in counts.items()) + " cleaned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
