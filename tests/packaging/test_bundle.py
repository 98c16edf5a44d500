"""Builds the Linux bundle, .tar.gz and .deb with packaging/build_linux.sh and checks them.

The build script runs the bundle's own `--self-test` and fails when it does; this test
then checks what was packaged. Marked `packaging` (select with `-m packaging`); CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from storyboard_app import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from bundle_filter import elf_needed, read_system_libraries, system_library_names  # noqa: E402
from clean_bundle import findings  # noqa: E402
from glibc_floor import measure  # noqa: E402

from storyboard_app.startup_check import GLIBC_FLOOR  # noqa: E402

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("dpkg-deb") is None:
        pytest.fail("dpkg-deb is needed to build the .deb (apt-get install dpkg)")
    base = tmp_path_factory.mktemp("bundle")
    dist, work = base / "dist", base / "work"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    # the PIE launcher is built once per PyInstaller version: keep it between runs
    env.setdefault("PIE_CACHE", str(ROOT / "build" / "pie"))
    result = subprocess.run(
        [str(ROOT / "packaging" / "build_linux.sh"), "--dist", str(dist), "--work", str(work)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert "self-test passed" in result.stdout
    yield {
        "dist": dist,
        "bundle": work / "dist" / "storyboard-studio",
        "log": base / "log",
    }
    shutil.rmtree(base, ignore_errors=True)  # ~1 GB: do not leave it to pytest's rotation


def _arch() -> tuple[str, str]:
    machine = os.uname().machine
    return machine, {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def test_the_archive_is_named_by_the_version_and_holds_the_bundle(built: dict[str, Path]) -> None:
    machine, _ = _arch()
    name = f"storyboard-studio-{__version__}-linux-{machine}"
    archive = built["dist"] / f"{name}.tar.gz"
    assert archive.is_file()
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
    exe = members[f"{name}/storyboard-app"]
    assert exe.isfile() and exe.mode & 0o111
    assert f"{name}/_internal/storyboard_app/store/migrations/versions/0001_initial_schema.py" in (
        members
    )
    assert any(n.startswith(f"{name}/_internal/imageio_ffmpeg/binaries/ffmpeg") for n in members)
    # the package metadata the version is read from (dist-info, or egg-info from a source tree)
    assert any(
        n.endswith(("storyboard_studio.egg-info/PKG-INFO", "METADATA")) and "storyboard_studio" in n
        for n in members
    )
    assert all(m.uid == 0 and m.gid == 0 for m in members.values())


def _deb(built: dict[str, Path]) -> Path:
    _, debarch = _arch()
    deb = built["dist"] / f"storyboard-studio_{__version__}_{debarch}.deb"
    assert deb.is_file()
    return deb


def test_the_deb_declares_version_and_every_system_package(built: dict[str, Path]) -> None:
    deb = _deb(built)
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends", "Installed-Size"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: storyboard-studio" in fields
    assert f"Version: {__version__}" in fields
    depends = fields.split("Depends:", 1)[1].split("\n", 1)[0]
    entries = [d.strip() for d in depends.split(",")]
    declared = {d.split(" (")[0] for d in entries}
    assert declared == set(read_system_libraries())
    for needed in ("libxcb-cursor0", "libpulse0", "fonts-dejavu-core", "libegl1"):
        assert needed in declared
    # the C and C++ runtimes with the versions the ELF files need
    assert f"libc6 (>= {GLIBC_FLOOR})" in entries
    assert any(e.startswith("libstdc++6 (>= ") for e in entries), entries
    members = subprocess.run(
        ["ar", "t", str(deb)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert members == ["debian-binary", "control.tar.xz", "data.tar.xz"]


def test_the_deb_installs_the_launcher_desktop_entry_and_icons(built: dict[str, Path]) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(_deb(built))], capture_output=True, text=True, check=True
    ).stdout
    assert "./usr/bin/storyboard-app -> /opt/storyboard-studio/storyboard-app" in listing
    assert "./opt/storyboard-studio/storyboard-app" in listing
    assert "./usr/share/applications/storyboard-studio.desktop" in listing
    assert "./usr/share/doc/storyboard-studio/copyright" in listing
    assert "./usr/share/metainfo/app.storyboardstudio.StoryboardStudio.metainfo.xml" in listing
    assert "./opt/storyboard-studio/_internal/licenses/ffmpeg/GPL-3.0.txt" in listing
    for size in (16, 32, 48, 128, 256, 512):
        assert f"./usr/share/icons/hicolor/{size}x{size}/apps/storyboard-studio.png" in listing
    assert "root/root" in listing and " 1000/" not in listing


def test_every_library_the_bundle_needs_is_inside_it_or_a_declared_dependency(
    built: dict[str, Path],
) -> None:
    bundle = built["bundle"]
    present = {p.name for p in bundle.rglob("*.so*")}
    system = system_library_names()
    missing: dict[str, set[str]] = {}
    for path in bundle.rglob("*"):
        if (
            path.is_file()
            and not path.is_symlink()
            and (".so" in path.name or path.parent == bundle)
        ):
            for name in elf_needed(path):
                if name not in present and name not in system:
                    missing.setdefault(name, set()).add(str(path.relative_to(bundle)))
    # Optional Qt plugins may need what a desktop may lack; Qt skips them when it does.
    optional = {k: v for k, v in missing.items() if all("/plugins/" in p for p in v)}
    required = {k: sorted(v)[:3] for k, v in missing.items() if k not in optional}
    assert not required, f"not bundled and not in system-libraries.txt: {required}"
    for left_to_system in (
        "libfontconfig.so.1",
        "libX11.so.6",
        "libglib-2.0.so.0",
        "libstdc++.so.6",
        "libgcc_s.so.1",
    ):
        assert left_to_system not in present
    assert not list(bundle.rglob("libqgtk3.so"))


def test_the_bundle_reports_its_version_without_the_source_tree(
    built: dict[str, Path], tmp_path: Path
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DISPLAY", "WAYLAND_DISPLAY")
    }
    result = subprocess.run(
        [str(built["bundle"] / "storyboard-app"), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Storyboard Studio {__version__}"


def test_the_bundle_starts_on_the_stated_glibc_floor(built: dict[str, Path]) -> None:
    """The highest GLIBC_x.y any ELF file in the bundle needs is the floor the README states."""
    floor = measure(built["bundle"])
    assert floor.files > 100
    assert floor.glibc() == GLIBC_FLOOR, floor.highest["GLIBC"]


def test_the_bundle_is_clean_and_carries_its_licences(built: dict[str, Path]) -> None:
    bundle = built["bundle"]
    assert findings(bundle) == []  # no build-host RUNPATH, no dangling link, stripped
    header = subprocess.run(
        ["readelf", "-h", str(bundle / "storyboard-app")], capture_output=True, text=True
    ).stdout
    assert "DYN (Position-Independent Executable file)" in header
    licences = bundle / "licenses"
    assert (licences / "Qt-and-PySide6" / "LGPL-3.0.txt").is_file()
    assert (licences / "ffmpeg" / "NOTICE").is_file()
    assert (licences / "host-libraries").is_dir()  # the Debian libraries PyInstaller took
    assert not list(bundle.rglob("libQt6Pdf.so*")) and not list(bundle.rglob("*.qm"))
