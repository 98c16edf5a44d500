"""Safe undo on the dashboard: Ctrl+Z never removes a project that holds content without
asking; every undo is told in a toast with a one-click Redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.dashboard.page import DashboardPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.toast import Toast

WAIT_MS = 10_000


def _dashboard(window: MainWindow) -> DashboardPage:
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    return page


def _create(qtbot: QtBot, window: MainWindow, title: str) -> int:
    dashboard = _dashboard(window)
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS) as opened:
        dashboard.create_project(title)
    project_id = opened.args[0]
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=WAIT_MS):
        window.show_dashboard()
    return int(project_id)


def _listed(store: Store) -> list[str]:
    return [p.title for p in store.projects.list()]  # trashed projects are not listed


def _toast(window: MainWindow) -> Toast:
    toast = window.findChild(Toast, "toast")
    assert toast is not None
    return toast


def test_undoing_the_creation_of_a_project_with_content_asks_first(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project_id = _create(qtbot, window, "Harbour")
    scene = store.scenes.add_scene(project_id, "Dawn")  # work done since, on other pages
    store.scenes.add_shot(scene.id, "boats in fog")
    store.scenes.add_shot(scene.id, "gulls")

    window.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: window.safe_undo.box is not None, timeout=WAIT_MS)
    box = window.safe_undo.box
    assert isinstance(box, QMessageBox)
    assert box.text() == "The project “Harbour” now holds 1 scene and 2 shots."
    assert box.defaultButton() is box.escapeButton()  # Enter and Esc both keep it
    assert _listed(store) == ["Harbour"]  # nothing removed while the question is open

    with qtbot.waitSignal(window.safe_undo.declined, timeout=WAIT_MS):
        qtbot.mouseClick(box.escapeButton(), Qt.MouseButton.LeftButton)
    assert _listed(store) == ["Harbour"]
    assert window.undo_group.canUndo()  # still undoable, nothing happened
    window.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: window.safe_undo.box is not None, timeout=WAIT_MS)
    box = window.safe_undo.box
    assert box is not None
    remove = next(b for b in box.buttons() if b.text() == "Undo and remove")
    with qtbot.waitSignal(window.safe_undo.undone, timeout=WAIT_MS):
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _listed(store) == [], timeout=WAIT_MS)

    toast = _toast(window)
    assert toast.isVisible()
    assert toast.label.text() == "Undone: Create “Harbour”"
    assert toast.action_button.text() == "Redo"
    qtbot.mouseClick(toast.action_button, Qt.MouseButton.LeftButton)  # one click brings it back
    qtbot.waitUntil(lambda: _listed(store) == ["Harbour"], timeout=WAIT_MS)
    assert not toast.isVisible()
    assert len(store.scenes.list(project_id)[0].shots) == 2


def test_undoing_an_empty_creation_needs_no_question_and_says_so(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    _create(qtbot, window, "Sketch")
    with qtbot.waitSignal(window.safe_undo.undone, timeout=WAIT_MS):
        window.actions_by_name["undo"].trigger()
    assert window.safe_undo.box is None
    qtbot.waitUntil(lambda: _listed(store) == [], timeout=WAIT_MS)
    assert _toast(window).label.text() == "Undone: Create “Sketch”"
