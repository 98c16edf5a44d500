"""packaging/clean_bundle.py removes build-host RUNPATHs, dangling links and symbols."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from clean_bundle import clean, findings, runpath  # noqa: E402


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    for tool in ("gcc", "patchelf", "strip", "readelf"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed (apt-get install gcc patchelf binutils)")
    root = tmp_path / "bundle"
    (root / "_internal").mkdir(parents=True)
    source = tmp_path / "lib.c"
    source.write_text("int answer(void) { return 42; }\n")
    for name, rpath in (("libhost.so", "/root/.pyenv/versions/3.11.7/lib:$ORIGIN/sub"),
                        ("libmine.so", "$ORIGIN")):  # fmt: skip
        subprocess.run(
            ["gcc", "-shared", "-fPIC", "-g", "-o", str(root / "_internal" / name), str(source),
             f"-Wl,-rpath,{rpath}"],
            check=True,
        )  # fmt: skip
    (root / "_internal" / "libgone.so.6").symlink_to("libgone.so.6.11.3")
    (root / "_internal" / "libmine.so.1").symlink_to("libmine.so")
    return root


def test_findings_name_each_leftover_and_clean_removes_them(bundle: Path) -> None:
    internal = bundle / "_internal"
    before = findings(bundle)
    assert "dangling link: _internal/libgone.so.6" in before
    assert any(f.startswith("RUNPATH /root/.pyenv") and "libhost.so" in f for f in before)
    assert not any("RUNPATH" in f and "libmine.so" in f for f in before)  # $ORIGIN is fine
    assert "not stripped: _internal/libhost.so" in before
    assert "executable library: _internal/libmine.so" in before
    counts = clean(bundle)
    assert counts == {"dangling links": 1, "runpaths": 1, "stripped": 2, "execute bits": 2}
    assert findings(bundle) == []
    assert runpath(internal / "libhost.so") == "$ORIGIN/sub"
    assert runpath(internal / "libmine.so") == "$ORIGIN"
    assert (internal / "libmine.so.1").resolve() == (internal / "libmine.so").resolve()
    symbols = subprocess.run(
        ["nm", "-D", str(internal / "libhost.so")], capture_output=True, text=True, check=True
    ).stdout
    assert " T answer" in symbols  # the exported symbol survives stripping
