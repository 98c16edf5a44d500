"""Screenshots of the real app's iterator for docs/screenshots (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.iterator.screenshots [OUT_DIR]

Drives the real main window against the local Replicate-speaking server (whose images are
painted from the seed so the grid looks like a storyboard) in a throwaway data folder, and
writes iterator-grid-results.png, iterator-grid-failure.png, iterator-grid-mid-round.png,
lineage.png and compare.png.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from storyboard_app.app import build_main_window
from storyboard_app.domain.enums import ImageStatus
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.iterator.page import IteratorPage
from tests.fakes.replicate_server import DEFAULT_TOKEN, FakePrediction, FakeReplicate
from tests.screenshot_helpers import close_app, save_grab, wait_until
from tests.ui.iterator.conftest import make_project

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def painted(seed: int, prompt: str, size: tuple[int, int] = (640, 360)) -> bytes:
    """A small seaside picture: sky, sea, a lighthouse, a sun; changes with seed and prompt."""
    rng = random.Random(int.from_bytes(hashlib.sha256(f"{seed}{prompt}".encode()).digest()[:8]))
    w, h = size
    night = "night" in prompt or "storm" in prompt
    top = (20, 30, 70) if night else (rng.randrange(120, 250), rng.randrange(110, 190), 120)
    bottom = (60, 70, 110) if night else (250, rng.randrange(180, 230), rng.randrange(120, 200))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    horizon = int(h * rng.uniform(0.55, 0.7))
    for y in range(horizon):
        t = y / horizon
        draw.line(
            (0, y, w, y), fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    sea = (30, 60, 90) if night else (40, rng.randrange(90, 140), rng.randrange(140, 190))
    draw.rectangle((0, horizon, w, h), fill=sea)
    sun_x, sun_y, r = (
        rng.randrange(60, w - 60),
        rng.randrange(40, horizon - 30),
        rng.randrange(18, 40),
    )
    draw.ellipse((sun_x - r, sun_y - r, sun_x + r, sun_y + r), fill=(255, 240, 200))
    rock = rng.randrange(int(w * 0.2), int(w * 0.8))
    draw.polygon(
        [(rock - 90, h), (rock - 30, horizon - 10), (rock + 40, horizon - 14), (rock + 110, h)],
        fill=(45, 40, 38),
    )
    base, tower = horizon - 12, rng.randrange(110, 160)
    draw.polygon(
        [(rock - 14, base), (rock - 8, base - tower), (rock + 8, base - tower), (rock + 14, base)],
        fill=(235, 235, 230),
    )
    for band in range(3):
        y = base - tower + 20 + band * tower // 3
        draw.rectangle((rock - 12, y, rock + 12, y + 10), fill=(190, 40, 40))
    draw.rectangle((rock - 10, base - tower - 14, rock + 10, base - tower), fill=(255, 220, 90))
    if "gull" in prompt:
        for _ in range(5):
            x, y = rng.randrange(0, w), rng.randrange(20, horizon - 40)
            draw.arc((x, y, x + 16, y + 10), 200, 340, fill=(30, 30, 30), width=2)
            draw.arc((x + 14, y, x + 30, y + 10), 200, 340, fill=(30, 30, 30), width=2)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class PaintingReplicate(FakeReplicate):
    """The fake server, delivering painted pictures instead of flat colours."""

    def output_bytes(self, prediction: FakePrediction) -> bytes:
        seed = prediction.input.get("seed")
        return painted(
            int(seed) if isinstance(seed, int) else 0, str(prediction.input.get("prompt"))
        )


def settle(page: IteratorPage, iteration: int) -> None:
    def done() -> bool:
        images = [c.image for c in page.grid.cells if c.image is not None]
        return (
            page.round is not None
            and page.round.iteration == iteration
            and len(images) == 6
            and not any(i.status.is_active for i in images)
            and all(
                c.image_box.pixmap() is not None
                for c in page.grid.cells
                if c.image is not None and c.image.status == ImageStatus.COMPLETE
            )
        )

    wait_until(done)


def save(widget: QWidget, out: Path, name: str) -> None:
    print(save_grab(widget, out, name, settle_seconds=0.15))


def refine(page: IteratorPage, variant: int, words: str, strength: float) -> None:
    page.grid.focus_variant(variant)
    QTest.keyClick(page.grid.cells[variant], Qt.Key.Key_R)
    editor = page.refine_bar.prompt_edit
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(words)
    page.refine_bar.set_strength(strength)
    latest = page.latest_iteration or 0
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(page, latest + 1)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])  # kept alive while the window runs
    server = PaintingReplicate(latency=0.2, token=DEFAULT_TOKEN).start()
    os.environ["REPLICATE_API_TOKEN"] = DEFAULT_TOKEN
    os.environ["REPLICATE_BASE_URL"] = server.url
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        project = make_project(store)
        window = build_main_window(paths, store)
        window.resize(1440, 900)
        window.show()
        window.refresh_provider()
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        window.open_project(project.id, page="iterator")
        wait_until(lambda: page.shot is not None and page.jobs.can_generate)

        page.generate_six()
        settle(page, 0)
        page.grid.focus_variant(1)
        QTest.keyClick(page.grid.cells[1], Qt.Key.Key_F)
        refine(page, 1, ", stormy night sky", 0.65)
        refine(page, 3, ", seagulls", 0.5)
        page.grid.focus_variant(4)
        QTest.keyClick(page.grid.cells[4], Qt.Key.Key_F)
        page.grid.focus_variant(2)
        page.refine_bar.set_parent(None)
        page.refine_bar.prompt_edit.clear()
        wait_until(lambda: page.round_strip.count() == 3)
        save(window, out, "iterator-grid-results.png")

        server.set_fault("prediction", outcome="nsfw", times=2)
        refine(page, 2, ", lit windows", 0.55)
        failed = next(
            c for c in page.grid.cells if c.image and c.image.status == ImageStatus.FAILED
        )
        failed.setFocus()
        save(window, out, "iterator-grid-failure.png")
        QTest.mouseClick(failed.retry_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: failed.image is not None and failed.image.status == ImageStatus.COMPLETE)

        server.latency = 120.0
        before = server.created_count
        page.generate_six()
        wait_until(lambda: server.created_count == before + 6)
        for prediction in list(server.predictions.values())[-6:][:3]:
            prediction.latency = 0.05
        wait_until(
            lambda: (
                sum(
                    1
                    for c in page.grid.cells
                    if c.image and c.image.status == ImageStatus.COMPLETE and c.image_box.pixmap()
                )
                == 3
                and sum(1 for c in page.grid.cells if c.status_message().startswith("Processing"))
                == 3
            )
        )
        QTest.qWait(2200)  # the elapsed time ticks on the processing cells
        save(window, out, "iterator-grid-mid-round.png")
        page.cancel_round()
        wait_until(lambda: not page.grid.active_images())
        server.latency = 0.2

        page.grid.focus_variant(0)
        QTest.keyClick(page.grid.cells[0], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: page.round is not None and page.round.iteration == 3)
        settle(page, 3)
        page.grid.focus_variant(4)
        QTest.keyClick(page.grid.cells[4], Qt.Key.Key_Return)
        wait_until(lambda: page.shot is not None and page.shot.selected_image_id is not None)
        splitter = page.tabs.parentWidget()
        splitter.setSizes([220, 620, 600])  # type: ignore[attr-defined]
        page.tabs.setCurrentIndex(1)
        wait_until(
            lambda: page.lineage.tree_data is not None and bool(page.lineage.tree_data.final_path)
        )
        final_id = page.shot.selected_image_id if page.shot else None
        if final_id is not None:
            page.lineage.select_image(final_id)
        page.lineage.tree.expandAll()
        QTest.qWait(400)
        save(window, out, "lineage.png")

        page.grid.focus_variant(4)
        QTest.keyClick(page.grid.cells[4], Qt.Key.Key_C)
        wait_until(lambda: page.compare.right is not None)
        wait_until(lambda: all(pixmap is not None for pixmap in page.compare.canvas.pixmaps))
        save(window, out, "compare.png")

        close_app(window, store, 20_000)
    server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
