"""Layout that fits: at 1024×700 no page forces the window wider, whatever the length of
titles and texts; long captions are elided with a tooltip; splitter sizes are remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QSplitter
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
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


def test_splitter_sizes_are_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    project = store.projects.create("Split")
    store.scenes.add_scene(project.id, "One")
    window = make_window(restore=False)
    window.resize(*SIZE)
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page="scenes")
    splitter = window.current_page().findChild(QSplitter)  # type: ignore[union-attr]
    assert splitter is not None
    splitter.setSizes([700, 300])
    wanted = splitter.sizes()
    window.save_state()
    window.close()

    again = make_window(restore=False)
    again.resize(*SIZE)
    with qtbot.waitSignal(again.project_opened, timeout=WAIT_MS):
        again.open_project(project.id, page="scenes")
    restored = again.current_page().findChild(QSplitter)  # type: ignore[union-attr]
    assert restored is not None
    assert restored.sizes() == wanted
