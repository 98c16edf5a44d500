"""The .desktop file and the AppStream metainfo pass Debian 12's own validators."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
# The menu-level main categories (Audio and Video go with AudioVideo, not beside it).
MAIN_CATEGORIES = {
    "AudioVideo", "Development", "Education", "Game", "Graphics",
    "Network", "Office", "Science", "Settings", "System", "Utility",
}  # fmt: skip


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is needed (apt-get install desktop-file-utils appstream)")
    return path


def test_the_desktop_file_is_valid_with_version_1_0_and_one_main_category() -> None:
    desktop = LINUX / "storyboard-studio.desktop"
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    fields = entry["Desktop Entry"]
    assert fields["Version"] == "1.0"
    categories = [c for c in fields["Categories"].split(";") if c]
    assert [c for c in categories if c in MAIN_CATEGORIES] == ["AudioVideo"]
    assert fields["Exec"] == "storyboard-app" and fields["Icon"] == "storyboard-studio"


def test_the_metainfo_validates_and_launches_the_desktop_file(tmp_path: Path) -> None:
    template = (LINUX / "storyboard-studio.metainfo.xml").read_text(encoding="utf-8")
    filled = template.replace("@VERSION@", "0.1.0").replace("@DATE@", "2026-12-06")
    target = tmp_path / "app.storyboardstudio.StoryboardStudio.metainfo.xml"
    target.write_text(filled, encoding="utf-8")
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(target)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E:" not in result.stdout and "W:" not in result.stdout, result.stdout
    assert '<launchable type="desktop-id">storyboard-studio.desktop</launchable>' in filled
