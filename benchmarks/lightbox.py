"""Lightbox figure: moving to the next image, from the key press to the new image painted.

    .venv/bin/python benchmarks/lightbox.py [--runs 200] [--size 1344x756] [--window 1600x1000]

Opens the real main window (offscreen) on a round of six stored pictures, opens the lightbox
and presses → / ← through the round `--runs` times, timing each press until the picture
canvas has painted the new image:

- decoded: the next image's full picture is already decoded (the lightbox decodes the
  neighbours ahead, so this is the usual case);
- not decoded: the full-size cache is emptied before each press, so the thumbnail is
  painted at once and the full picture follows from a worker (its arrival is timed too).

Goal (issue 14): ≤ 16 ms. Prints the median and the 90th percentile of each.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw
from sqlalchemy import insert

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.models import ShotImage
from storyboard_app.store.open_store import Store, open_store


def make_round(paths: DataPaths, store: Store, size: tuple[int, int]) -> int:
    """A project with one shot holding one finished round of six pictures; its project id."""
    media = MediaStore(paths.media)
    project = store.projects.create("Lightbox benchmark", "")
    scene = store.scenes.add_scene(project.id, "Dawn")
    shot = store.scenes.add_shot(scene.id, "A lighthouse at dawn, mist")
    now = datetime.now(UTC)
    rows = []
    for variant in range(6):
        picture = Image.new("RGB", size, (20 + variant * 30, 60, 200 - variant * 25))
        draw = ImageDraw.Draw(picture)
        for n in range(40):  # some detail, so the PNG is not trivially small
            x = (n * 97 + variant * 31) % size[0]
            draw.ellipse(
                (x, n * 17 % size[1], x + 60, n * 17 % size[1] + 60), fill=(250, 240, n * 5)
            )
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        storage = media.put_bytes(buffer.getvalue())
        media.thumbnail_for(storage)
        rows.append(
            {
                "project_id": project.id,
                "scene_id": scene.id,
                "shot_id": shot.id,
                "iteration_number": 0,
                "variant_number": variant,
                "image_url": "",
                "image_storage_id": storage,
                "iteration_prompt": "A lighthouse at dawn, mist",
                "status": ImageStatus.COMPLETE,
                "is_favorite": False,
                "metadata": {"provider": "offline", "seed": 1000 + variant},
                "created_at": now,
                "updated_at": now,
            }
        )
    with store.sessions.begin() as s:
        s.execute(insert(ShotImage.__table__), rows)
    return project.id


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def run(paths: DataPaths, store: Store, project_id: int, runs: int, window_size: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from storyboard_app.app import build_main_window
    from storyboard_app.ui.application import create_application
    from storyboard_app.ui.iterator.page import IteratorPage

    create_application(sys.argv[:1])
    window = build_main_window(paths, store)
    width, height = (int(v) for v in window_size.split("x"))
    window.resize(width, height)
    window.show()
    page = window.page("iterator")
    assert isinstance(page, IteratorPage)

    def wait(condition: Callable[[], bool], seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the page did not settle")
            QTest.qWait(1)

    window.open_project(project_id, page="iterator")
    wait(lambda: page.round is not None and len(page.round.images) == 6)
    images = sorted(page.round.images, key=lambda i: i.variant_number)  # type: ignore[union-attr]
    wait(lambda: all(page.thumbnails.get(i.image_storage_id) for i in images))
    page.preview(images[0])
    view = page.panels.lightbox.view
    assert view is not None
    canvas = view.canvas
    page.full_images.request_many(i.image_storage_id for i in images)
    wait(lambda: all(page.full_images.get(i.image_storage_id) for i in images))
    wait(lambda: view.is_full)
    QTest.qWait(100)

    direction = Qt.Key.Key_Right

    def press() -> float:
        """One key press; milliseconds until the canvas painted the new image."""
        nonlocal direction
        if view.image is not None:
            at = view.image.variant_number
            if at == 5:
                direction = Qt.Key.Key_Left
            elif at == 0:
                direction = Qt.Key.Key_Right
        before = canvas.paint_count
        start = time.perf_counter()
        QTest.keyClick(view, direction)
        while canvas.paint_count == before:
            QApplication.processEvents()
        return (time.perf_counter() - start) * 1000

    decoded: list[float] = []
    for _ in range(runs):
        decoded.append(press())
        assert view.is_full
        QTest.qWait(2)  # the neighbours' decoding (none left: all six are cached)

    thumb_first: list[float] = []
    arrivals: list[float] = []
    for _ in range(runs):
        page.full_images.clear()
        thumb_first.append(press())
        assert not view.is_full  # the thumbnail is what was painted
        start = time.perf_counter()
        wait(lambda: view.is_full)
        arrivals.append((time.perf_counter() - start) * 1000 + thumb_first[-1])
        wait(lambda: len(page.full_images) >= 3)  # and its two neighbours, decoded ahead

    pixmap = canvas.pixmap()
    print(
        f"lightbox {window_size}, pictures {pixmap.width() if pixmap else 0}×"
        f"{pixmap.height() if pixmap else 0}, {runs} presses each (goal ≤ 16 ms):"
    )
    print(
        f"  next image already decoded: median {statistics.median(decoded):.2f} ms, "
        f"p90 {percentile(decoded, 0.9):.2f} ms"
    )
    print(
        f"  not yet decoded (thumbnail painted): median {statistics.median(thumb_first):.2f} ms, "
        f"p90 {percentile(thumb_first, 0.9):.2f} ms; the full picture follows after "
        f"median {statistics.median(arrivals):.0f} ms (decoded in a worker)"
    )
    window.close()
    window.context.tasks.wait(30_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--size", default="1344x756", help="the pictures' size")
    parser.add_argument("--window", default="1600x1000", help="the window's size")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        project_id = make_round(paths, store, (size[0], size[1]))
        run(paths, store, project_id, args.runs, args.window)
        store.close()


if __name__ == "__main__":
    main()
