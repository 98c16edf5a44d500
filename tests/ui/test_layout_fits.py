"""Layout that fits: at 1024×700 no page forces the window wider, whatever the length of
titles and texts; long captions are elided with a tooltip; splitter sizes are remembered."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QSplitter, QWidget
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.elements.menu import CreativeMenu
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import COMPARE_TAB, DETAILS_TAB, LINEAGE_TAB
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.settings_dialog import SettingsDialog
from storyboard_app.ui.shared.elided_label import ElidedLabel
from storyboard_app.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.helpers import add_legacy_project, complete_one_image, store_image

WAIT_MS = 10_000
LONG = "An extraordinarily long title that goes on past any sensible width of a window " * 3
SIZE = (1024, 700)


def _fits(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(*SIZE)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: window.width() == SIZE[0], timeout=WAIT_MS)
    assert window.minimumSizeHint().width() <= SIZE[0], window.current_page_key
    assert window.minimumWidth() <= SIZE[0]


def test_every_page_fits_1024_by_700_with_long_texts(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    project = store.projects.create(LONG[:200], LONG)
    store.projects.set_planner_text(project.id, (LONG + "\n") * 20)
    scene = store.scenes.add_scene(project.id, LONG[:200], LONG)
    shot = store.scenes.add_shot(scene.id, LONG * 4, LONG)
    complete_one_image(store, shot.id, store_image(store))
    legacy = add_legacy_project(store, LONG[:200], scenes=3)

    window = make_window(restore=False)
    window.resize(*SIZE)
    # The iterator on the long shot first: once hidden, it must not widen the other pages.
    iterator = window.page("iterator")
    with qtbot.waitSignal(iterator.shot_loaded, timeout=WAIT_MS):  # type: ignore[attr-defined]
        window.open_project(project.id, page="iterator")
    qtbot.wait(300)
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):  # Undo says its long title
        dashboard.create_project(LONG[:199] + "!")  # type: ignore[attr-defined]
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=WAIT_MS):  # type: ignore[attr-defined]
        window.show_dashboard()
    assert LONG[:100] in window.actions_by_name["undo"].text()
    _fits(qtbot, window)

    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page="planner")
    _fits(qtbot, window)
    title = window.stage_bar.title_label
    assert title.text() == project.title  # the whole title, elided on screen
    assert title.toolTip() == project.title
    assert title.width() < window.width()

    window.show_page("scenes")
    scenes = window.current_page()
    qtbot.waitUntil(lambda: len(scenes.scenes()) == 1, timeout=WAIT_MS)  # type: ignore[attr-defined]
    _fits(qtbot, window)

    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(legacy)
    assert window.current_page_key == "legacy"
    qtbot.wait(200)  # its rows are read in a worker
    _fits(qtbot, window)


@pytest.mark.parametrize("key", ["scenes", "iterator"])
def test_splitter_sizes_are_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store, key: str
) -> None:
    project = store.projects.create("Split")
    scene = store.scenes.add_scene(project.id, "One")
    store.scenes.add_shot(scene.id, "A misty harbour", "Mist")
    window = make_window(restore=False)
    window.resize(*SIZE)
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page=key)
    qtbot.wait(200)
    splitter = window.current_page().findChild(QSplitter)  # type: ignore[union-attr]
    assert splitter is not None
    sizes = splitter.sizes()
    widest = sizes.index(max(sizes))  # the last pane takes 30 px from the widest
    sizes[widest], sizes[-1] = sizes[widest] - 30, sizes[-1] + 30
    splitter.setSizes(sizes)
    wanted = splitter.sizes()
    assert wanted == sizes
    window.save_state()
    window.close()

    again = make_window(restore=False)
    again.resize(*SIZE)
    with qtbot.waitSignal(again.project_opened, timeout=WAIT_MS):
        again.open_project(project.id, page=key)
    qtbot.wait(200)
    restored = again.current_page().findChild(QSplitter)  # type: ignore[union-attr]
    assert restored is not None
    assert restored.sizes() == wanted


# -- every visible button and label shows its whole text at 1024×700 -----------------------


def clipped(root: QWidget) -> list[str]:
    """Visible buttons and one-line labels narrower than their text (an elided label, or a
    label cut on purpose whose tooltip holds the whole text, is fine)."""
    found: list[str] = []
    widgets: list[QWidget] = [*root.findChildren(QAbstractButton), *root.findChildren(QLabel)]
    for widget in widgets:
        if not widget.isVisibleTo(root) or isinstance(widget, ElidedLabel):
            continue
        text = widget.text()  # type: ignore[attr-defined]
        if not text or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if isinstance(widget, QLabel) and widget.toolTip():
            continue  # the whole text is in the tooltip
        if widget.sizeHint().width() > widget.width() + 2:
            found.append(
                f"{type(widget).__name__} {text!r}: {widget.width()} < {widget.sizeHint().width()}"
            )
    return found


def _iterator_with_a_parent(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> tuple[MainWindow, IteratorPage]:
    project = store.projects.create("Harbour")
    scene = store.scenes.add_scene(project.id, "Dawn at the quay")
    shot = store.scenes.add_shot(scene.id, "A misty harbour at dawn", "Mara waits")
    complete_one_image(store, shot.id, store_image(store))
    window = make_window(restore=False)
    window.resize(*SIZE)
    page = window.page("iterator")
    assert isinstance(page, IteratorPage)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        window.open_project(project.id, page="iterator")
    qtbot.waitUntil(lambda: page.grid.current_image() is not None, timeout=WAIT_MS)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_R)  # the image becomes the parent
    qtbot.waitUntil(lambda: page.refine_bar.parent_image is not None, timeout=WAIT_MS)
    _fits(qtbot, window)
    return window, page


def test_the_refine_bar_and_key_hint_leave_the_grid_its_height(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    _window, page = _iterator_with_a_parent(qtbot, make_window, store)
    line = page.hint_label.fontMetrics().height()
    assert page.refine_bar.height() <= 100, page.refine_bar.height()  # was ~145
    assert page.hint_label.height() <= 2 * line  # one line, was three
    assert page.grid.height() >= 300, page.grid.height()
    assert "Space lightbox" in page.hint_label.text()
    assert "preview" not in page.hint_label.text()
    assert page.refine_bar.prompt_edit.width() >= 250  # was squeezed to ~110 px
    assert clipped(page) == []
    page.refine_bar.set_parent(None)
    qtbot.wait(50)
    assert page.refine_bar.parent_label.toolTip() == ""  # "No parent yet…" shown whole


def test_every_iterator_tab_shows_its_buttons_whole(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    _window, page = _iterator_with_a_parent(qtbot, make_window, store)
    for tab in (DETAILS_TAB, LINEAGE_TAB, COMPARE_TAB):
        page.tabs.setCurrentIndex(tab)
        qtbot.wait(200)
        assert clipped(page.tabs) == [], page.tabs.tabText(tab)
    item = page.lineage.tree.topLevelItem(0)
    assert item is not None and item.text(2) == "done"  # as Details says it, not "complete"
    branch = page.lineage.branch_button  # "Refine from this" was cut
    assert branch.width() >= branch.sizeHint().width()


def test_every_page_shows_its_buttons_whole(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    project = store.projects.create("Harbour")
    scene = store.scenes.add_scene(project.id, "Dawn at the quay")
    store.scenes.add_shot(scene.id, "A misty harbour at dawn", "Mara waits")
    window = make_window(restore=False)
    window.resize(*SIZE)
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=WAIT_MS):  # type: ignore[attr-defined]
        window.show_dashboard()
    _fits(qtbot, window)
    assert clipped(window) == [], "dashboard"
    for key in ("planner", "scenes", "storyboard"):
        with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
            window.open_project(project.id, page=key)
        qtbot.wait(300)
        _fits(qtbot, window)
        assert clipped(window) == [], key
    scenes = window.page("scenes")
    window.show_page("scenes")
    scenes.view_switch.show_board(False)  # type: ignore[attr-defined]
    qtbot.wait(100)
    assert clipped(window) == [], "scenes outline"
    assert scenes.form.width() >= 300  # type: ignore[attr-defined]  # was squeezed to ~230


def _dialog_fits(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    qtbot.wait(200)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= SIZE[0] and hint.height() <= SIZE[1], type(dialog).__name__
    assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1], type(dialog).__name__
    assert clipped(dialog) == [], type(dialog).__name__


def test_the_main_dialogs_fit_1024_by_700(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    window, _page = _iterator_with_a_parent(qtbot, make_window, store)
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    assert settings is not None
    _dialog_fits(qtbot, settings)
    settings.close()
    window.show_shortcuts()
    shortcuts = window.findChild(ShortcutsDialog)
    assert shortcuts is not None
    _dialog_fits(qtbot, shortcuts)
    shortcuts.close()
    assert window.project is not None
    store.elements.add(window.project.id, "Mara", "character", "fisherwoman, " * 4)
    menu = window.findChild(CreativeMenu, "creativeMenu")
    assert menu is not None
    elements = menu.open_elements()
    assert elements is not None
    cast = elements.lists["character"]
    qtbot.waitUntil(lambda: cast.count() == 1, timeout=WAIT_MS)
    _dialog_fits(qtbot, elements)
    assert not cast.horizontalScrollBar().isVisible()  # the words wrap, no sideways scroll
    elements.close()
    cost = window.findChild(QAction, "projectCost")
    assert cost is not None
    cost.trigger()
    _dialog_fits(qtbot, window.cost_dialog)  # type: ignore[attr-defined]
    window.cost_dialog.close()  # type: ignore[attr-defined]
    search = window.findChild(QAction, "searchEverything")
    assert search is not None
    search.trigger()
    _dialog_fits(qtbot, window.search_palette)  # type: ignore[attr-defined]
    window.search_palette.close()  # type: ignore[attr-defined]
