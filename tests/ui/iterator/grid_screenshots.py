"""Screenshots of the iterator's grid for docs/screenshots (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.iterator.grid_screenshots [OUT_DIR]

Offline drafts in a throwaway data folder, every round drawn before the window opens (nothing
is left running, so nothing can keep a shot waiting): a 16:9 project whose shot names @Mara
and @Harbor, and a project made at 16:9 then turned 9:16. Writes, each at 1024×700 and
1600×1000: grid-16x9, grid-9x16, grid-made-at (an earlier round made at 16:9 in the 9:16
project), grid-details-drawer (details with the drawer open), grid-lineage-references.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QWidget

from storyboard_app.app import build_main_window
from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import DETAILS_TAB, LINEAGE_TAB
from tests.screenshot_helpers import close_app, settle, wait_until
from tests.ui.elements.screenshots import harbour, person

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SIZES = ((1024, 700), (1600, 1000))


def run(engine: GenerationEngine, shot_id: int, **kwargs: object) -> list[int]:
    rows = engine.plan_round(shot_id, **kwargs)  # type: ignore[arg-type]
    done = engine.run_round([r.id for r in rows])
    assert all(r.status == ImageStatus.COMPLETE for r in done), [r.error for r in done]
    return [r.id for r in done]


def seed(store: Store, paths: DataPaths, tmp: Path) -> tuple[int, int, int, int]:
    """(16:9 project, its shot, 9:16 project, its shot), every round drawn."""
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    wide = store.projects.create("Harbour film", "A fisherwoman waits for a boat.")
    store.projects.set_look(wide.id, aspect_ratio="16:9", style="muted watercolour")
    store.elements.add(
        wide.id, "Mara", "character", "fisherwoman, orange oilskin coat",
        files=[person(tmp / "mara.png", (230, 120, 30), (60, 40, 30))],
    )  # fmt: skip
    store.elements.add(
        wide.id, "Harbor", "location", "stone quay, red fishing boats",
        files=[harbour(tmp / "harbour.png")],
    )  # fmt: skip
    scene = store.scenes.add_scene(wide.id, "Dawn at the quay")
    shot = store.scenes.add_shot(scene.id, "@Mara waits at @Harbor at dawn", "Mara waits")
    store.scenes.add_shot(scene.id, "The boat comes round the point", "The boat")
    first = run(engine, shot.id)
    store.images.star(first[1])
    second = run(
        engine, shot.id, prompt="@Mara waits at @Harbor at dusk, rain", parent_image_id=first[1]
    )
    store.images.star(second[3])
    store.images.select_final(second[3])

    tall = store.projects.create("Phone teaser", "A vertical teaser")
    scene2 = store.scenes.add_scene(tall.id, "The climb")
    shot2 = store.scenes.add_shot(scene2.id, "The keeper climbs the spiral stairs", "Stairs")
    made_wide = run(engine, shot2.id)
    store.projects.set_look(tall.id, aspect_ratio="9:16")
    run(engine, shot2.id, prompt="The keeper climbs the spiral stairs, lamp light")
    store.images.star(made_wide[0])
    return wide.id, shot.id, tall.id, shot2.id


def save(
    window: QWidget, out: Path, name: str, before_grab: Callable[[], object] | None = None
) -> None:
    for w, h in SIZES:
        window.resize(w, h)
        settle(0.5)
        if before_grab is not None:
            before_grab()
            settle(0.2)
        path = out / f"{name}-{w}x{h}.png"
        window.grab().save(str(path))
        print(path)


def open_shot(window, page: IteratorPage, project_id: int, shot_id: int) -> None:  # type: ignore[no-untyped-def]
    window.open_project(project_id, page="iterator")
    wait_until(lambda: page.shot is not None and page.shot.project_id == project_id)
    page.open_shot(shot_id)
    wait_until(lambda: page.shot is not None and page.shot.id == shot_id and page.round is not None)
    wait_pixmaps(page)


def wait_pixmaps(page: IteratorPage) -> None:
    wait_until(
        lambda: all(
            c.image_box.pixmap() is not None
            for c in page.grid.cells
            if c.image is not None and c.image.status == ImageStatus.COMPLETE
        )
    )


def hover(page: IteratorPage, variant: int) -> None:
    """Focus a tile and hover it (the others left): its row of actions shows."""
    page.grid.focus_variant(variant)
    for index, cell in enumerate(page.grid.cells):
        if index == variant:
            at = cell.rect().center().toPointF()
            glob = cell.mapToGlobal(QPoint(0, 0)).toPointF()
            QApplication.sendEvent(cell, QEnterEvent(at, at, glob))
        else:
            QApplication.sendEvent(cell, QEvent(QEvent.Type.Leave))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        wide, wide_shot, tall, tall_shot = seed(store, paths, Path(tmp))
        window = build_main_window(paths, store)
        window.resize(*SIZES[0])
        window.show()
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)

        open_shot(window, page, wide, wide_shot)
        page.tabs.setCurrentIndex(DETAILS_TAB)
        hover(page, 3)
        save(window, out, "grid-16x9")

        page.details.set_drawer_open(True)
        wait_until(lambda: page.details.references.shown_pixmaps() == 2)
        details = page.details
        save(
            window,
            out,
            "grid-details-drawer",
            details.scroll_to_drawer,
        )
        page.details.set_drawer_open(False)

        page.tabs.setCurrentIndex(LINEAGE_TAB)
        wait_until(lambda: page.lineage.tree_data is not None)
        page.lineage.tree.expandAll()
        wait_until(lambda: page.lineage.references.shown_pixmaps() == 2)
        save(window, out, "grid-lineage-references")

        page.tabs.setCurrentIndex(DETAILS_TAB)
        open_shot(window, page, tall, tall_shot)
        hover(page, 1)
        save(window, out, "grid-9x16")
        page.show_round(0)
        wait_until(lambda: page.round is not None and page.round.iteration == 0)
        wait_pixmaps(page)
        hover(page, 0)
        save(window, out, "grid-made-at")
        close_app(window, store, 20_000)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
