"""Fixtures of the legacy-project and import GUI tests: fixture exports and the real window."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.interchange.convex.export_writer import Encoding
from storyboard_app.paths import DataPaths
from storyboard_app.ui.main_window import MainWindow
from tests.helpers import MULTIMEDIA_NOISE, WindowOpener
from tests.interchange.builders import T0, ExportData, png_bytes, v2_project
from tests.media.media_helpers import make_clip

# Switching scenes while the backend is still opening the previous clip interrupts that open
# (the new source wins); the backend logs the interruption.
multimedia = pytest.mark.qt_log_ignore(
    *MULTIMEDIA_NOISE,
    r"Could not open media\. FFmpeg error description: Immediate exit requested",
)


@dataclass
class LegacyExport:
    """A Convex export zip holding one legacy project (and a small v2 project)."""

    path: Path
    title: str
    scene_titles: list[str]
    clip_bytes: bytes  # the stored clip of scene 1
    image_bytes: list[bytes]  # the image of each scene, in order


def build_legacy_export(tmp: Path, encoding: Encoding = "uniform") -> LegacyExport:
    """Scene 1: image + stored clip; scene 2: image, no clip; scene 3: image + URL-only clip."""
    clip = make_clip(tmp / "clip.mp4", size=(64, 36), fps=12, seconds=0.5, audio=False)
    clip_bytes = clip.read_bytes()
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, title="Already new")
    title = "Lighthouse trailer (2023)"
    project = data.add(
        "videoProjects",
        {
            "title": title,
            "description": "Made in the web app",
            "status": "completed",
            "createdAt": T0 - 1e9,
            "updatedAt": T0 - 1e9 + 10.0,
        },
    )
    titles = ["Storm rolls in", "The keeper climbs", "Light sweeps the sea"]
    images: list[bytes] = []
    for number, scene_title in enumerate(titles, start=1):
        image = png_bytes((40 * number, 90, 200 - 40 * number), size=48)
        images.append(image)
        doc: dict[str, Any] = {
            "projectId": project["_id"],
            "sceneNumber": float(number),
            "title": scene_title,
            "description": f"What happens in scene {number}",
            "prompt": f"cinematic lighthouse, scene {number}",
            "imageUrl": f"https://replicate.delivery/legacy/{number}.png",
            "imageStorageId": data.add_file(image),
            "status": "completed",
            "voiceover": f"narration {number}",
            "createdAt": T0 - 1e9 + number,
            "updatedAt": T0 - 1e9 + number,
        }
        scene = data.add("scenes", doc)
        clip_doc: dict[str, Any] = {
            "projectId": project["_id"],
            "sceneId": scene["_id"],
            "prompt": f"slow pan {number}",
            "videoUrl": f"https://replicate.delivery/legacy/{number}.mp4",
            "status": "completed",
            "duration": 0.5,
            "createdAt": T0 - 1e9 + 100 + number,
            "updatedAt": T0 - 1e9 + 100 + number,
        }
        if number == 1:
            clip_doc["videoStorageId"] = data.add_file(clip_bytes, content_type="video/mp4")
        if number != 2:
            data.add("videoClips", clip_doc)
    path = data.write(tmp / f"legacy-{encoding}.zip", encoding=encoding)
    return LegacyExport(path, title, titles, clip_bytes, images)


@pytest.fixture
def legacy_export(tmp_path: Path) -> LegacyExport:
    folder = tmp_path / "exports"
    folder.mkdir()
    return build_legacy_export(folder)


@pytest.fixture
def other_data_paths(tmp_path: Path, template_db: Path) -> DataPaths:
    """A second, empty data folder (another machine)."""
    paths = DataPaths(tmp_path / "other")
    paths.ensure()
    shutil.copyfile(template_db, paths.database)
    return paths


@pytest.fixture
def make_window(qtbot: QtBot, data_paths: DataPaths) -> Iterator[Callable[..., MainWindow]]:
    """Real main windows (menus installed) on a data folder, each on its own store."""
    opener = WindowOpener(qtbot, data_paths)

    def make(paths: DataPaths | None = None) -> MainWindow:
        window = opener.open(paths)
        window.resize(1280, 800)
        window.show()
        dashboard = window.page("dashboard")
        with qtbot.waitSignal(dashboard.projects_loaded, timeout=10_000):  # type: ignore[attr-defined]
            window.show_dashboard()
        return window

    yield make
    opener.close_all(cancel_tasks=True)


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()
