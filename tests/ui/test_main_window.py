"""The main window: stage navigation, page registration, status bar, shortcuts, state restore."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from storyboard_app.app import OPTIONAL_PAGES, start_recovery
from storyboard_app.store.open_store import Store
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.stage_page import PlaceholderPage, StagePage
from tests.ui.conftest import close_window, find_dialog


def test_status_bar_shows_offline_provider_and_jobs(qtbot: QtBot, window: MainWindow) -> None:
    window.refresh_provider()
    qtbot.waitUntil(lambda: window.provider_label.text() == "Provider: offline drafts")
    assert window.connection_label.text() == "Connection: not needed"
    assert window.provider_label.toolTip() == "Token: none (offline drafts only)"
    qtbot.waitUntil(lambda: window.jobs_label.text() == "No jobs running")
    labels = []
    window.context.tasks.running_changed.connect(labels.append)
    task = window.context.tasks.submit(lambda _ctx: None)
    qtbot.waitUntil(lambda: task.done)
    assert labels[0] == 1


def test_stages_are_all_reachable_and_the_current_one_is_marked(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Walkthrough")
    scene = store.scenes.add_scene(project.id, "One")
    store.scenes.add_shot(scene.id, "shot")
    with qtbot.waitSignal(window.project_opened, timeout=2_000):
        window.open_project(project.id)
    assert window.current_page_key == "scenes"  # where its data is
    assert window.stage_bar.isVisible()
    assert window.stage_bar.buttons["scenes"].text().endswith("●")
    assert window.stage_bar.status_label.text() == "Stage: Scenes"
    for key, shortcut_action in (
        ("planner", "go_planner"),
        ("iterator", "go_iterator"),
        ("storyboard", "go_storyboard"),
        ("scenes", "go_scenes"),
    ):
        window.actions_by_name[shortcut_action].trigger()
        assert window.current_page_key == key
        assert window.stage_bar.buttons[key].isChecked()
    assert isinstance(window.page("iterator"), StagePage)
    window.stage_bar.buttons["planner"].click()
    assert window.current_page_key == "planner"
    assert "Walkthrough" in window.windowTitle()
    window.actions_by_name["go_dashboard"].trigger()
    assert window.current_page_key == "dashboard"
    assert not window.stage_bar.isVisible()


def test_a_registered_page_replaces_its_placeholder(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    opened: list[int | None] = []

    class IteratorPage(StagePage):
        def open_project(self, project: object) -> None:
            super().open_project(project)  # type: ignore[arg-type]
            opened.append(getattr(project, "id", None))

    project = store.projects.create("Pages")
    window.add_stage_page(
        "extra", "Extra", lambda context: PlaceholderPage(context, "Extra", "Coming soon")
    )
    with qtbot.waitSignal(window.project_opened, timeout=5_000):
        window.open_project(project.id, page="extra")
    assert isinstance(window.current_page(), PlaceholderPage)
    window.add_stage_page("extra", "Extra", lambda context: IteratorPage(context))
    assert isinstance(window.current_page(), IteratorPage)
    assert window.current_page_key == "extra"
    assert opened == [project.id]
    assert [key for key, *_ in OPTIONAL_PAGES] == ["iterator", "storyboard", "legacy"]


def test_without_a_project_stage_shortcuts_stay_on_the_dashboard(window: MainWindow) -> None:
    window.show_page("scenes")
    assert window.current_page_key == "dashboard"
    assert not window.actions_by_name["go_scenes"].isEnabled()


def test_help_lists_every_frequent_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    rows = window.shortcut_rows()
    by_action = {(where, action): keys for where, action, keys in rows}
    assert by_action[("Window", "Undo")] == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in by_action[("Window", "Redo")]
    assert by_action[("Window", "New project")] == "Ctrl+N"
    assert by_action[("Planner", "Draft scenes and shots")] == "Ctrl+Shift+D"
    assert by_action[("Scenes", "Add scene")] == "Ctrl+Shift+N"
    assert by_action[("Projects", "Rename project")] == "F2"
    window.actions_by_name["shortcuts"].trigger()
    tables = [w for w in window.findChildren(QTableWidget) if w.isVisible()]
    assert tables and tables[0].rowCount() == len(rows)


def test_geometry_and_last_project_are_restored(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    first = make_window()
    project = store.projects.create("Remember me")
    with qtbot.waitSignal(first.project_opened, timeout=5_000):
        first.open_project(project.id, page="planner")
    first.resize(760, 500)
    size = (first.width(), first.height())
    assert size != (1200, 800)
    close_window(first)
    second = make_window()
    qtbot.waitUntil(lambda: second.project is not None, timeout=5_000)  # read in a worker
    assert second.project is not None and second.project.id == project.id
    assert second.current_page_key == "planner"
    assert (second.width(), second.height()) == size


def test_a_deleted_last_project_falls_back_to_the_dashboard(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    first = make_window()
    project = store.projects.create("Short lived")
    with qtbot.waitSignal(first.project_opened, timeout=5_000):
        first.open_project(project.id)
    close_window(first)
    store.projects.delete(project.id)
    second = make_window()
    qtbot.waitUntil(lambda: second.qsettings.value("last_project") is None, timeout=5_000)
    assert second.project is None
    assert second.current_page_key == "dashboard"


def test_settings_dialog_opens_from_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    window.actions_by_name["settings"].trigger()
    dialog = find_dialog("settingsDialog")
    assert dialog is not None
    note = dialog.findChild(QLabel, "tokenNote")
    assert note is not None
    qtbot.waitUntil(lambda: "REPLICATE_API_TOKEN" in note.text(), timeout=5_000)  # a worker
    dialog.close()


def test_recovery_runs_in_a_worker_and_finishes_on_an_empty_database(
    qtbot: QtBot, window: MainWindow
) -> None:
    context: AppContext = window.context
    task = start_recovery(context)
    assert task is not None  # the generation engine is part of this build
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert [r for r in context.errors.reports if not r.expected] == []


def _gui_thread_statements(store: Store) -> list[str]:
    """Every SQL statement the store runs on the GUI thread from now on (the test's list)."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread() is threading.main_thread():
            statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    return statements


def test_opening_restoring_and_refreshing_a_project_never_query_on_the_gui_thread(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    project = store.projects.create("Off the GUI thread")
    first = make_window()
    on_gui_thread = _gui_thread_statements(first.context.store)
    with qtbot.waitSignal(first.project_opened, timeout=5_000):
        first.open_project(project.id, page="planner")
    store.projects.rename(project.id, "Renamed elsewhere")
    first.page("planner").project_data_changed.emit(project.id)
    qtbot.waitUntil(lambda: first.project is not None and first.project.title != project.title)
    assert first.stage_bar.title_label.text() == "Renamed elsewhere"
    close_window(first)

    second = make_window(restore=False)
    on_gui_thread += _gui_thread_statements(second.context.store)
    with qtbot.waitSignal(second.project_opened, timeout=5_000):
        second.restore_last_project()
    assert second.current_page_key == "planner"
    assert [s for s in on_gui_thread if "video_projects" in s] == []


def test_the_window_keeps_painting_while_a_project_read_is_slow(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Slow disk")
    gate = threading.Event()

    def slow_read(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread() is not threading.main_thread() and (
            "FROM video_projects" in statement
        ):
            gate.wait(10)  # the read blocks like a locked or slow database would

    event.listen(window.context.store.engine, "before_cursor_execute", slow_read)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    try:
        window.open_project(project.id)  # returns at once; the read waits in a worker
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)  # the event loop runs
        assert window.project is None and window.current_page_key != "scenes"
        with qtbot.waitSignal(window.project_opened, timeout=5_000):
            gate.set()
    finally:
        gate.set()
        timer.stop()
        event.remove(window.context.store.engine, "before_cursor_execute", slow_read)
    assert window.project is not None and window.project.id == project.id


def test_a_late_read_of_an_earlier_project_does_not_replace_the_newer_one(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    first = store.projects.create("First")
    second = store.projects.create("Second")
    opened: list[int] = []
    window.project_opened.connect(opened.append)
    window.open_project(first.id)
    with qtbot.waitSignal(window.project_opened, timeout=5_000):
        window.open_project(second.id)
    window.context.tasks.wait(5_000)
    QApplication.processEvents()
    assert opened == [second.id]
    assert window.project is not None and window.project.id == second.id


def test_closing_while_a_project_is_read_keeps_the_dashboard(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Changed my mind")
    window.open_project(project.id)
    window.close_project()  # before the worker's read is back
    window.context.tasks.wait(5_000)
    QApplication.processEvents()
    assert window.project is None and window.current_page_key == "dashboard"
    assert not window.opening_project
