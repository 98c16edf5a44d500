"""Screenshots of search, reject and cost for docs/screenshots (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.search.screenshots [OUT_DIR]

Drives the real main window against the local Replicate-speaking server (painted pictures,
the shipped price table) and writes, at 1024×700 and 1600×1000: search-palette-*.png,
cost-view-*.png, grid-rejected-hidden-*.png and grid-rejected-shown-*.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from storyboard_app.app import build_main_window
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.costs.dialog import CostDialog
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.search.palette import SearchPalette
from tests.fakes.replicate_server import DEFAULT_TOKEN
from tests.screenshot_helpers import close_app, save_grab, wait_until
from tests.ui.iterator.conftest import make_project
from tests.ui.iterator.screenshots import PaintingReplicate, refine, settle

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SIZES = ((1024, 700), (1600, 1000))


def shoot(window: MainWindow, page: IteratorPage, out: Path, width: int, height: int) -> None:
    """The four pictures at one window size."""
    size = f"{width}x{height}"
    window.resize(width, height)
    page.history.show_rejected_box.setChecked(False)
    print(save_grab(window, out, f"grid-rejected-hidden-{size}.png", 0.3))
    page.history.show_rejected_box.setChecked(True)
    wait_until(lambda: all(c.image_box.pixmap() is not None for c in page.grid.cells))
    print(save_grab(window, out, f"grid-rejected-shown-{size}.png", 0.3))
    page.history.show_rejected_box.setChecked(False)

    window.actions_by_name["search"].trigger()
    palette = window.search_palette  # type: ignore[attr-defined]
    assert isinstance(palette, SearchPalette)
    palette.resize(width, height)
    shown: list[int] = []
    palette.results_shown.connect(shown.append)
    QTest.keyClicks(palette.query_edit, "storm")
    wait_until(lambda: bool(shown) and palette.query_edit.text() == "storm")
    wait_until(
        lambda: all(
            not palette.results.item(r).icon().isNull() for r in range(palette.results.count())
        )
    )
    print(save_grab(palette, out, f"search-palette-{size}.png", 0.3))
    palette.close()

    window.actions_by_name["cost"].trigger()
    dialog = window.cost_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, CostDialog)
    dialog.resize(width, height)
    wait_until(lambda: dialog.tables["shot"].rowCount() > 0)
    print(save_grab(dialog, out, f"cost-view-{size}.png", 0.3))
    dialog.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    server = PaintingReplicate(latency=0.2, token=DEFAULT_TOKEN).start()
    os.environ["REPLICATE_API_TOKEN"] = DEFAULT_TOKEN
    os.environ["REPLICATE_BASE_URL"] = server.url
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        project = make_project(store)
        window = build_main_window(paths, store)
        window.resize(*SIZES[0])
        window.show()
        window.refresh_provider()
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        window.open_project(project.id, page="iterator")
        wait_until(lambda: page.shot is not None and page.jobs.can_generate)
        page.generate_six()
        settle(page, 0)
        refine(page, 1, ", stormy night sky", 0.65)
        for variant in (1, 4):  # reject two variants with X
            page.grid.focus_variant(variant)
            QTest.keyClick(page.grid.cells[variant], Qt.Key.Key_X)
        wait_until(lambda: sum(c.is_hidden for c in page.grid.cells) == 2)
        with_second = project.shots[1]
        page.open_shot(with_second)
        wait_until(lambda: page.shot is not None and page.shot.id == with_second)
        page.generate_six()
        settle(page, 0)
        page.open_shot(project.shots[0])
        wait_until(lambda: page.shot is not None and page.shot.id == project.shots[0])
        wait_until(
            lambda: (
                page.round is not None
                and page.round.iteration == 1
                and all(
                    c.image_box.pixmap() is not None for c in page.grid.cells if not c.is_hidden
                )
            )
        )
        page.grid.focus_variant(2)

        for width, height in SIZES:
            shoot(window, page, out, width, height)

        close_app(window, store, 20_000)
    server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
