"""Every bundled component has its licence text, and the .deb's copyright file is DEP-5."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from collect_licenses import (  # noqa: E402
    LICENSES,
    components,
    debian_copyright,
    missing_texts,
    runtime_distributions,
)


def _paragraphs(text: str) -> list[dict[str, str]]:
    """Parse deb822 paragraphs: `Field: value` lines, continuation lines start with a space."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        fields: dict[str, str] = {}
        last = ""
        for line in block.splitlines():
            assert line, "an empty line inside a paragraph"
            if line[0] in " \t":
                assert last, f"a continuation line with no field: {line!r}"
                fields[last] += "\n" + line.strip()
            else:
                name, _, value = line.partition(":")
                assert _ == ":" and name and " " not in name, f"not a field: {line!r}"
                fields[name] = value.strip()
                last = name
        paragraphs.append(fields)
    return paragraphs


def test_every_runtime_package_and_native_part_has_a_licence_text() -> None:
    assert missing_texts() == []
    names = runtime_distributions()
    for expected in ("SQLAlchemy", "alembic", "replicate", "pillow", "keyring", "OpenTimelineIO"):
        assert expected in names
    assert "pytest" not in names and "ruff" not in names  # dev tools are not bundled


def test_the_native_parts_say_where_their_source_is() -> None:
    qt = (LICENSES / "Qt-and-PySide6" / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt and "Version 3" in qt
    assert "download.qt.io" in (LICENSES / "Qt-and-PySide6" / "NOTICE").read_text()
    ffmpeg = (LICENSES / "ffmpeg" / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in ffmpeg and "Version 3" in ffmpeg
    assert "github.com/BtbN/FFmpeg-Builds" in (LICENSES / "ffmpeg" / "NOTICE").read_text()
    assert "PSF" in (LICENSES / "Python" / "LICENSE.txt").read_text(encoding="utf-8")


def test_the_copyright_file_is_machine_readable() -> None:
    paragraphs = _paragraphs(debian_copyright())
    header, rest = paragraphs[0], paragraphs[1:]
    assert header["Format"] == (
        "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    )
    files = [p for p in rest if "Files" in p]
    licences = {p["License"].split("\n")[0] for p in rest if "Files" not in p}
    assert files[0]["Files"] == "*"
    for paragraph in files:
        assert paragraph["Copyright"], paragraph
        short = paragraph["License"].split("\n")[0]
        assert short == "Storyboard-Studio" or short in licences, f"no License: {short}"
    by_licence = {p["License"].split("\n")[0]: p for p in files}
    assert "PySide6" in by_licence["LGPL-3"]["Files"]
    assert "imageio_ffmpeg/binaries" in by_licence["GPL-3"]["Files"]
    standalone = {p["License"].split("\n")[0]: p["License"] for p in rest if "Files" not in p}
    assert "/usr/share/common-licenses/GPL-3" in standalone["GPL-3"]
    assert len(files) == len(components()) + 1
