"""Screenshots of the real app's legacy view and import report (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.legacy.screenshots [OUT_DIR]

Writes a Convex export of an old web-app project (painted scene images, two stored clips),
imports it through File → Import in the real main window on a throwaway data folder, and
saves `widget.grab()` of the import report (import-report.png) and of the legacy project's
read-only page (legacy.png).
"""

from __future__ import annotations

import io
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("REPLICATE_API_TOKEN", None)
os.environ["STORYBOARD_PROVIDER"] = "offline"

from PIL import Image, ImageDraw, ImageFilter

from storyboard_app.app import build_main_window
from storyboard_app.generation.drafts import make_clip
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.interchange.import_actions import import_controller
from storyboard_app.ui.legacy.page import LegacyPage
from tests.interchange.builders import T0, ExportData
from tests.screenshot_helpers import close_app, save_grab, settle, wait_until

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"

SCENES = (
    (
        "Storm rolls in",
        "Dark clouds pile up over the sea; the lighthouse stands alone.",
        "storm clouds over a lonely lighthouse, cinematic, dusk",
        0.15,
    ),
    (
        "The keeper climbs",
        "The keeper climbs the spiral stairs with a lantern.",
        "old keeper climbing spiral stairs, lantern light, moody",
        0.45,
    ),
    (
        "Light sweeps the sea",
        "The beam cuts through rain and finds a small boat.",
        "lighthouse beam sweeping over rough sea at night, rain",
        0.75,
    ),
    (
        "Dawn",
        "The storm is gone; gulls circle the tower in pink light.",
        "lighthouse at dawn, calm sea, pink sky, gulls",
        1.0,
    ),
)


def paint_scene(time_of_day: float, size: tuple[int, int] = (768, 432)) -> bytes:
    """A painted lighthouse scene: sky from storm (0) to dawn (1), sea, tower and beam."""
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top = (int(30 + 200 * time_of_day), int(35 + 90 * time_of_day), int(60 + 110 * time_of_day))
    bottom = (int(70 + 180 * time_of_day), int(70 + 120 * time_of_day), int(90 + 60 * time_of_day))
    horizon = int(h * 0.62)
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (w, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for y in range(horizon, h):
        t = (y - horizon) / (h - horizon)
        sea = (int(20 + 40 * time_of_day), int(40 + 60 * time_of_day), int(70 + 60 * time_of_day))
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - 0.4 * t)) for c in sea))
    for i in range(40):  # waves
        x = (i * 97) % w
        y = horizon + 8 + (i * 53) % (h - horizon - 10)
        draw.arc([x, y, x + 60, y + 12], 200, 340, fill=(200, 210, 230), width=2)
    base_x = int(w * 0.68)
    draw.polygon(
        [
            (base_x - 30, horizon + 10),
            (base_x + 30, horizon + 10),
            (base_x + 16, 120),
            (base_x - 16, 120),
        ],
        fill=(235, 235, 230),
    )
    for k in range(3):  # red stripes
        y0 = 150 + k * 60
        draw.rectangle([base_x - 24 + k * 3, y0, base_x + 24 - k * 3, y0 + 22], fill=(170, 40, 40))
    draw.rectangle([base_x - 20, 95, base_x + 20, 120], fill=(255, 230, 140))
    draw.polygon([(base_x - 24, 95), (base_x + 24, 95), (base_x, 70)], fill=(60, 60, 70))
    if time_of_day < 0.9:  # the beam
        angle = math.radians(180 + 160 * time_of_day)
        far = (base_x + math.cos(angle) * w, 108 + math.sin(angle) * 120)
        beam = Image.new("L", size, 0)
        ImageDraw.Draw(beam).polygon(
            [(base_x, 104), (far[0], far[1] - 50), (far[0], far[1] + 50), (base_x, 112)],
            fill=140,
        )
        image.paste((255, 240, 180), mask=beam.filter(ImageFilter.GaussianBlur(6)))
    draw.polygon(
        [(0, horizon + 30), (int(w * 0.55), horizon + 18), (w, horizon + 40), (w, h), (0, h)],
        fill=(25, 28, 30),
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_export(folder: Path) -> Path:
    data = ExportData()
    project = data.add(
        "videoProjects",
        {
            "title": "Lighthouse trailer (2023)",
            "description": "A 30-second trailer made in the web app",
            "status": "completed",
            "createdAt": T0 - 1e9,
            "updatedAt": T0 - 1e9 + 10.0,
        },
    )
    for number, (title, description, prompt, tod) in enumerate(SCENES, start=1):
        still = folder / f"scene{number}.png"
        still.write_bytes(paint_scene(tod))
        scene = data.add(
            "scenes",
            {
                "projectId": project["_id"],
                "sceneNumber": float(number),
                "title": title,
                "description": description,
                "prompt": prompt,
                "imageUrl": f"https://replicate.delivery/legacy/{number}.png",
                "imageStorageId": data.add_file(still.read_bytes()),
                "status": "completed",
                "createdAt": T0 - 1e9 + number,
                "updatedAt": T0 - 1e9 + number,
            },
        )
        if number in (1, 3):
            clip = folder / f"clip{number}.mp4"
            make_clip(still, clip, seconds=1.0, label=title)
            data.add(
                "videoClips",
                {
                    "projectId": project["_id"],
                    "sceneId": scene["_id"],
                    "prompt": "slow push in" if number == 1 else "beam sweeps left to right",
                    "videoUrl": f"https://replicate.delivery/legacy/{number}.mp4",
                    "videoStorageId": data.add_file(clip.read_bytes(), content_type="video/mp4"),
                    "status": "completed",
                    "duration": 5.0,
                    "createdAt": T0 - 1e9 + 100 + number,
                    "updatedAt": T0 - 1e9 + 100 + number,
                },
            )
    return data.write(folder / "backup.zip")


def main(out_dir: str | None = None) -> int:
    out = Path(out_dir) if out_dir else OUT
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])  # kept alive while the window runs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "export").mkdir()
        zip_path = write_export(root / "export")
        paths = DataPaths(root / "data")
        store = open_store(paths)
        window = build_main_window(paths, store)
        window.resize(1280, 800)
        window.show()
        window.show_dashboard()
        window.refresh_provider()
        controller = import_controller(window)
        assert controller is not None
        finished: list[Any] = []
        dialog = controller.import_convex(zip_path)
        assert dialog is not None
        dialog.import_finished.connect(finished.append)
        wait_until(lambda: bool(finished) and not dialog.running, 30.0)
        save_grab(dialog, out, "import-report.png", settle_seconds=0.4)
        project_id = max(finished[0].project_ids)
        dialog.close()

        page = window.page("legacy")
        assert isinstance(page, LegacyPage)
        loaded: list[bool] = []
        page.view_loaded.connect(lambda: loaded.append(True))
        window.open_project(project_id)
        wait_until(lambda: bool(loaded), 30.0)
        wait_until(lambda: not page.image_label.pixmap().isNull(), 30.0)
        wait_until(lambda: all(not page.scene_list.item(r).icon().isNull() for r in range(4)), 30.0)
        wait_until(lambda: page.player.source_path() is not None, 30.0)
        settle(1.0)
        window.statusBar().clearMessage()
        save_grab(window, out, "legacy.png", settle_seconds=0.2)
        close_app(window, store, 10_000)
    print(f"saved {out / 'legacy.png'} and {out / 'import-report.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
