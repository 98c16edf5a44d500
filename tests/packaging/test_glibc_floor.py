"""packaging/glibc_floor.py reads the C library versions an ELF file needs, like `readelf -V`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from glibc_floor import (  # noqa: E402
    debian_depends,
    elf_version_needs,
    main,
    measure,
    version_key,
)

SOURCE = """
#define _GNU_SOURCE
#include <stdio.h>
#include <threads.h>
int main(void) { once_flag f = ONCE_FLAG_INIT; (void)f; puts("hi"); return 0; }
"""


def _readelf_highest(path: Path) -> str:
    """The oracle: the highest GLIBC_x.y `readelf -V` names for `path`."""
    out = subprocess.run(
        ["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=True
    ).stdout
    needed = out.split("Version needs section", 1)[1]
    versions = re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", needed)
    return str(max(versions, key=version_key))


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to compile the test program (apt-get install gcc)")
    folder = tmp_path_factory.mktemp("elf")
    (folder / "hello.c").write_text(SOURCE)
    subprocess.run(["gcc", "-o", str(folder / "hello"), str(folder / "hello.c")], check=True)
    return folder / "hello"


def test_a_compiled_program_needs_what_readelf_says(program: Path) -> None:
    needs = elf_version_needs(program.read_bytes())
    assert {lib for lib, _ in needs} == {"libc.so.6"}
    floor = measure(program.parent)
    assert floor.files == 1
    assert floor.glibc() == _readelf_highest(program)
    assert floor.highest["GLIBC"][1] == "hello"


def test_the_system_cxx_library_matches_readelf_and_names_its_families() -> None:
    library = Path("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").resolve()
    if not library.is_file():
        pytest.fail("libstdc++6 is needed (apt-get install libstdc++6)")
    floor = measure(library)
    assert floor.glibc() == _readelf_highest(library)
    assert "GCC" in floor.highest  # it needs libgcc_s's versioned symbols


def test_max_fails_the_build_above_the_floor_and_passes_at_it(
    program: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highest = _readelf_highest(program)
    major, minor = version_key(highest)[:2]
    assert main([str(program.parent), "--max", f"{major}.{minor}"]) == 0
    assert main([str(program.parent), "--max", f"{major}.{minor - 1}"]) == 1
    err = capsys.readouterr().err
    assert f"hello needs GLIBC_{highest}, above the supported floor {major}.{minor - 1}" in err


def test_not_elf_files_and_symlinks_are_skipped(tmp_path: Path, program: Path) -> None:
    (tmp_path / "notes.txt").write_text("GLIBC_9.99")
    (tmp_path / "link").symlink_to(program)
    assert elf_version_needs(b"\x7fELF") == []
    assert measure(tmp_path).files == 0


def test_depends_carry_the_measured_versions(program: Path) -> None:
    depends = debian_depends(measure(program.parent))
    assert depends[0] == f"libc6 (>= {_readelf_highest(program)})"
    from glibc_floor import Floor

    floor = Floor()
    floor.add("libQt6Core.so.6", [("libstdc++.so.6", "GLIBCXX_3.4.29")])
    floor.add("x.so", [("libgcc_s.so.1", "GCC_4.2.0"), ("libc.so.6", "GLIBC_2.34")])
    assert debian_depends(floor) == [
        "libc6 (>= 2.34)",
        "libstdc++6 (>= 11)",
        "libgcc-s1 (>= 4.2.0)",
    ]
