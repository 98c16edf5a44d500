"""The dashboard: every project as a card; create, rename, duplicate, delete, undo, search, sort."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import NotFoundError
from storyboard_app.store.open_store import Store
from storyboard_app.ui.dashboard.page import DashboardPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.title_dialog import TitleDialog
from tests.ui.helpers import add_legacy_project, complete_one_image, store_image


def _dashboard(window: MainWindow) -> DashboardPage:
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    return page


def _reload(qtbot: QtBot, dashboard: DashboardPage) -> None:
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        dashboard.reload()


def _titles(dashboard: DashboardPage) -> list[str]:
    return [p.title for p in dashboard.visible_projects()]


def test_empty_dashboard_invites_to_create(window: MainWindow) -> None:
    dashboard = _dashboard(window)
    assert dashboard.content.currentWidget() is dashboard.empty_label
    assert "No projects yet" in dashboard.empty_label.text()
    assert window.current_page_key == "dashboard"
    assert not window.stage_bar.isVisible()


def test_lists_v1_and_v2_projects_with_counts_and_thumbnail(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Harbour")
    scene = store.scenes.add_scene(project.id, "Dawn")
    shot = store.scenes.add_shot(scene.id, "boats in fog")
    store.scenes.add_shot(scene.id, "gulls")
    storage_id = store_image(store)
    complete_one_image(store, shot.id, storage_id)
    add_legacy_project(store, "Old film", scenes=3)
    dashboard = _dashboard(window)
    with qtbot.waitSignal(dashboard.thumbnails.images_ready, timeout=5_000):
        _reload(qtbot, dashboard)
    rows = {p.title: p for p in dashboard.visible_projects()}
    assert set(rows) == {"Harbour", "Old film"}
    assert rows["Harbour"].scene_count == 1 and rows["Harbour"].shot_count == 2
    assert rows["Old film"].workflow_version == WorkflowVersion.V1_LEGACY
    assert rows["Old film"].scene_count == 3
    pixmap = dashboard.thumbnails.get(storage_id)
    assert pixmap is not None and not pixmap.isNull()
    assert dashboard.content.currentWidget() is dashboard.view


def test_search_and_sort(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    for title in ("Beta", "alpha", "Gamma ray"):
        store.projects.create(title)
    dashboard = _dashboard(window)
    _reload(qtbot, dashboard)
    assert _titles(dashboard) == ["Gamma ray", "alpha", "Beta"]  # last edited first
    dashboard.sort_combo.setCurrentIndex(dashboard.sort_combo.findData("title"))
    assert _titles(dashboard) == ["alpha", "Beta", "Gamma ray"]
    qtbot.keyClicks(dashboard.search_edit, "GAM")
    assert _titles(dashboard) == ["Gamma ray"]
    dashboard.search_edit.setText("nothing like it")
    assert dashboard.content.currentWidget() is dashboard.empty_label
    assert "nothing like it" in dashboard.empty_label.text()


def test_create_refuses_an_empty_title_then_creates_and_opens(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dashboard = _dashboard(window)
    dialog = dashboard.create_project_interactively()
    assert isinstance(dialog, TitleDialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    dialog.title_edit.setText("   ")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "cannot be empty" in dialog.error_label.text()
    assert store.projects.list() == []
    dialog.title_edit.setText("x" * 201)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "shorten it" in dialog.error_label.text()
    dialog.title_edit.setText("My short film")
    with qtbot.waitSignal(window.project_opened, timeout=5_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    [created] = store.projects.list()
    assert created.title == "My short film"
    assert window.project is not None and window.project.id == created.id
    assert window.current_page_key == "planner"


def test_rename_duplicate_and_undo(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    project = store.projects.create("Original")
    scene = store.scenes.add_scene(project.id, "One")
    store.scenes.add_shot(scene.id, "a shot")
    dashboard = _dashboard(window)
    _reload(qtbot, dashboard)
    assert dashboard.select_project(project.id)
    dialog = dashboard.rename_selected()
    assert dialog is not None
    dialog.title_edit.setText("Renamed")
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        dialog.accept()
    assert store.projects.get(project.id).title == "Renamed"
    assert _titles(dashboard) == ["Renamed"]

    with (
        qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000),
        qtbot.waitSignal(dashboard.project_duplicated, timeout=5_000) as dup,
    ):
        dashboard.duplicate_selected()
    copy_id = dup.args[0]
    assert store.scenes.list(copy_id)[0].shots[0].initial_prompt == "a shot"
    assert sorted(_titles(dashboard)) == ["Renamed", "Renamed (copy)"]

    stack = dashboard.undo_stack()
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        window.actions_by_name["undo"].trigger()  # undo the duplicate: hidden at once
    assert _titles(dashboard) == ["Renamed"]
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        window.actions_by_name["undo"].trigger()  # undo the rename
    assert store.projects.get(project.id).title == "Original"
    assert stack.canRedo()
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        window.actions_by_name["redo"].trigger()
    assert store.projects.get(project.id).title == "Renamed"


def test_delete_asks_hides_undoes_and_deletes_on_close(
    qtbot: QtBot, make_window: Callable[..., MainWindow], window: MainWindow, store: Store
) -> None:
    keep = store.projects.create("Keep me")
    doomed = store.projects.create("Doomed")
    dashboard = _dashboard(window)
    _reload(qtbot, dashboard)
    dashboard.select_project(doomed.id)
    box = dashboard.delete_selected()
    assert isinstance(box, QMessageBox)
    assert "Doomed" in box.text() and "Undo" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert sorted(_titles(dashboard)) == ["Doomed", "Keep me"]

    dashboard.select_project(doomed.id)
    box = dashboard.delete_selected()
    assert box is not None
    with (
        qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000),  # reloaded after the write
        qtbot.waitSignal(dashboard.writes.drained, timeout=5_000),
    ):
        box.button(QMessageBox.StandardButton.Yes).click()
        assert _titles(dashboard) == ["Keep me"]  # hidden at once, before the write lands
    assert [p.title for p in store.projects.list()] == ["Keep me"]  # trashed in the database
    assert store.projects.get(doomed.id).title == "Doomed"  # still there until close
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        window.actions_by_name["undo"].trigger()
    assert sorted(_titles(dashboard)) == ["Doomed", "Keep me"]
    assert sorted(p.title for p in store.projects.list()) == ["Doomed", "Keep me"]
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=5_000):
        window.actions_by_name["redo"].trigger()
    assert _titles(dashboard) == ["Keep me"]

    window.close()
    window.context.tasks.wait()
    QApplication.processEvents()
    with pytest.raises(NotFoundError):  # closing empties the trash
        store.projects.get(doomed.id)
    assert store.projects.get(keep.id).title == "Keep me"


def test_start_up_empties_the_trash_of_an_earlier_session(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    keep = store.projects.create("Keep me")
    doomed = store.projects.create("Trashed last time")
    store.projects.trash(doomed.id)  # the app quit before its close-time purge finished
    window = make_window(restore=False)
    with qtbot.waitSignal(_dashboard(window).projects_loaded, timeout=5_000):
        window.show_dashboard()
    window.context.tasks.wait()
    with pytest.raises(NotFoundError):
        store.projects.get(doomed.id)
    assert [p.title for p in store.projects.list()] == [keep.title]


def test_a_write_waiting_for_the_database_lock_does_not_freeze_the_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """Another connection holds SQLite's write lock: the rename waits in a worker, not here."""
    project = store.projects.create("Locked")
    dashboard = _dashboard(window)
    _reload(qtbot, dashboard)
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    blocker = sqlite3.connect(store.paths.database, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # hold the write lock like a long import
    try:
        dashboard.rename_project(project.id, "Renamed while locked")
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5_000)  # the event loop kept going
        assert dashboard.writes.busy
        assert store.projects.get(project.id).title == "Locked"
    finally:
        blocker.rollback()
        blocker.close()
    with qtbot.waitSignal(dashboard.writes.drained, timeout=12_000):
        pass
    timer.stop()
    assert store.projects.get(project.id).title == "Renamed while locked"


def test_opening_a_legacy_project_routes_to_the_legacy_page(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    legacy_id = add_legacy_project(store, "Old film")
    dashboard = _dashboard(window)
    _reload(qtbot, dashboard)
    dashboard.select_project(legacy_id)
    with qtbot.waitSignal(window.project_opened, timeout=5_000):
        dashboard.open_action.trigger()
    assert window.current_page_key == "legacy"
    assert window.stage_bar.status_label.text() == "Stage: Legacy"
