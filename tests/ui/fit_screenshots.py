"""Screenshots of every page and main dialog at 1024×700 (the iterator also at 1600×1000),
from the real app on offline drafts (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.fit_screenshots [OUT_DIR]

Writes fit-<page>-1024x700.png: dashboard, planner, planner-draft, scenes-board, scenes-outline,
iterator-grid, iterator-details, iterator-lineage, iterator-compare, iterator-lightbox,
elements, settings, costs, search, shortcuts; and fit-iterator-*-1600x1000.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)

from PySide6.QtGui import QAction, QColor, QPainter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from storyboard_app.app import build_main_window
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.elements.menu import CreativeMenu
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import COMPARE_TAB, DETAILS_TAB, LINEAGE_TAB
from tests.screenshot_helpers import close_app, settle, wait_until
from tests.ui.iterator.grid_screenshots import OUT, open_shot, seed, wait_pixmaps
from tests.ui.planner.test_draft_again_and_look import PLAN

SMALL, LARGE = (1024, 700), (1600, 1000)


def grab(window: QWidget, out: Path, name: str, over: QWidget | None = None) -> None:
    """The window (with `over`, a dialog, painted where it opens) as out/fit-<name>-WxH.png."""
    settle(0.4)
    picture = window.grab()
    if over is not None:
        top = over.grab()
        painter = QPainter(picture)
        x = max(0, (picture.width() - top.width()) // 2)
        y = max(0, (picture.height() - top.height()) // 3)
        painter.drawPixmap(x, y, top)
        painter.setPen(QColor("#555555"))
        painter.drawRect(x - 1, y - 1, top.width() + 1, top.height() + 1)
        painter.end()
    path = out / f"fit-{name}-{window.width()}x{window.height()}.png"
    picture.save(str(path))
    print(path, window.minimumSizeHint().width(), "min width")


def _dialog(window: QWidget, out: Path, name: str, dialog: QDialog | QWidget) -> None:
    settle(2.0)  # its rows and pictures are read on the pool
    grab(window, out, name, dialog)
    dialog.close()


def _trigger(window: QWidget, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        wide, wide_shot, _tall, _tall_shot = seed(store, paths, Path(tmp))
        window = build_main_window(paths, store)
        window.resize(*SMALL)
        window.show()

        dashboard = window.page("dashboard")
        window.show_dashboard()
        wait_until(lambda: bool(dashboard.visible_projects()))  # type: ignore[attr-defined]
        grab(window, out, "dashboard")

        draft = store.projects.create("The storm (draft)")
        window.open_project(draft.id, page="planner")
        wait_until(lambda: window.current_page_key == "planner")
        planner = window.current_page()
        planner.editor.setPlainText(PLAN)  # type: ignore[union-attr]
        grab(window, out, "planner")
        planner.draft_offline()  # type: ignore[union-attr]
        wait_until(lambda: planner.preview is not None)  # type: ignore[union-attr]
        _dialog(window, out, "planner-draft", planner.preview)  # type: ignore[union-attr]

        window.open_project(wide, page="scenes")
        wait_until(lambda: window.current_page_key == "scenes")
        scenes = window.current_page()
        wait_until(lambda: len(scenes.scenes()) == 1)  # type: ignore[union-attr]
        scenes.view_switch.show_board(True)  # type: ignore[union-attr]
        grab(window, out, "scenes-board")
        scenes.view_switch.show_board(False)  # type: ignore[union-attr]
        grab(window, out, "scenes-outline")

        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        open_shot(window, page, wide, wide_shot)
        for size in (SMALL, LARGE):
            window.resize(*size)
            settle(0.5)
            page.tabs.setCurrentIndex(DETAILS_TAB)
            page.grid.focus_variant(3)
            grab(window, out, "iterator-grid")
            page.tabs.setCurrentIndex(LINEAGE_TAB)
            wait_until(lambda: page.lineage.tree_data is not None)
            page.lineage.tree.expandAll()
            grab(window, out, "iterator-lineage")
            image = page.grid.cells[3].image
            assert image is not None
            page.compare_with_parent(image)
            wait_until(lambda: page.tabs.currentIndex() == COMPARE_TAB)
            grab(window, out, "iterator-compare")
            page.tabs.setCurrentIndex(DETAILS_TAB)
            page.panels.preview(image)
            settle(0.6)
            grab(window, out, "iterator-lightbox")
            page.panels.close()
            wait_pixmaps(page)
        window.resize(*SMALL)

        menu = window.findChild(CreativeMenu, "creativeMenu")
        assert menu is not None
        elements = menu.open_elements()
        assert elements is not None
        _dialog(window, out, "elements", elements)
        from storyboard_app.ui.settings_dialog import SettingsDialog

        window.open_settings()
        settings = window.findChild(SettingsDialog)
        assert settings is not None
        _dialog(window, out, "settings", settings)
        _trigger(window, "projectCost")
        cost = window.cost_dialog  # type: ignore[attr-defined]
        wait_until(lambda: "Reading" not in cost.total_label.text())
        _dialog(window, out, "costs", cost)
        _trigger(window, "searchEverything")
        palette = window.search_palette  # type: ignore[attr-defined]
        palette.query_edit.setText("harbor")
        results = palette.results
        wait_until(lambda: results.count() > 0)
        wait_until(lambda: all(not results.item(i).icon().isNull() for i in range(results.count())))
        grab(window, out, "search", palette)
        palette.close()
        window.show_shortcuts()
        from storyboard_app.ui.shortcuts_dialog import ShortcutsDialog

        shortcuts = window.findChild(ShortcutsDialog)
        assert shortcuts is not None
        _dialog(window, out, "shortcuts", shortcuts)
        QApplication.processEvents()
        close_app(window, store, 20_000)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
