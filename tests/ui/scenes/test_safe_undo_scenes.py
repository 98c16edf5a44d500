"""Safe undo in the scenes editor: undoing the add of a scene (or shot) that now holds shots
or images asks first; an empty one is undone at once, and a toast offers Redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.scenes.page import ScenesEditorPage
from storyboard_app.ui.shared.toast import Toast
from tests.ui.helpers import complete_one_image, store_image

WAIT_MS = 10_000


def _open(qtbot: QtBot, window: MainWindow, project_id: int) -> ScenesEditorPage:
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project_id, page="scenes")
    page = window.current_page()
    assert isinstance(page, ScenesEditorPage)
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    return page


def _titles(store: Store, project_id: int) -> list[str]:
    return [s.title for s in store.scenes.list(project_id)]


def test_undoing_the_add_of_a_scene_that_now_holds_images_asks_first(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Editor")
    store.scenes.add_scene(project.id, "Dawn")
    page = _open(qtbot, window, project.id)
    page.select("scene", page.scenes()[0].id)
    page.add_scene("Night")
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    night = store.scenes.list(project.id)[1]
    # Meanwhile the shot was drawn in the iterator; the editor shows it when it comes back.
    shot = store.scenes.add_shot(night.id, "a lamp in the rain")
    complete_one_image(store, shot.id, store_image(store))  # a round of six
    page.reload()
    qtbot.waitUntil(lambda: page.idle and len(page.scenes()[1].shots) == 1, timeout=WAIT_MS)

    window.actions_by_name["undo"].trigger()
    box = window.safe_undo.box
    assert isinstance(box, QMessageBox)
    assert box.text() == "The scene “Night” now holds 1 shot and 6 images."
    qtbot.mouseClick(box.escapeButton(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    assert _titles(store, project.id) == ["Dawn", "Night"]
    assert [s.title for s in page.scenes()] == ["Dawn", "Night"]

    window.actions_by_name["undo"].trigger()
    box = window.safe_undo.box
    assert box is not None
    remove = next(b for b in box.buttons() if b.text() == "Undo and remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    assert _titles(store, project.id) == ["Dawn"]
    toast = window.findChild(Toast, "toast")
    assert toast is not None and toast.isVisible()
    assert toast.label.text() == "Undone: Add scene “Night”"


def test_undoing_the_add_of_an_empty_scene_needs_no_question(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Editor")
    store.scenes.add_scene(project.id, "Dawn")
    page = _open(qtbot, window, project.id)
    page.add_scene("Night")
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    window.actions_by_name["undo"].trigger()
    assert window.safe_undo.box is None
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    assert _titles(store, project.id) == ["Dawn"]
    toast = window.findChild(Toast, "toast")
    assert toast is not None
    qtbot.mouseClick(toast.action_button, Qt.MouseButton.LeftButton)  # Redo
    qtbot.waitUntil(lambda: page.idle, timeout=WAIT_MS)
    assert _titles(store, project.id) == ["Dawn", "Night"]
