"""The main window: stage navigation, page registration, status bar, shortcuts, state restore."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

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
    first.open_project(project.id, page="planner")
    first.resize(760, 500)
    size = (first.width(), first.height())
    assert size != (1200, 800)
    close_window(first)
    second = make_window()
    assert second.project is not None and second.project.id == project.id
    assert second.current_page_key == "planner"
    assert (second.width(), second.height()) == size


def test_a_deleted_last_project_falls_back_to_the_dashboard(
    qtbot: QtBot, make_window: Callable[..., MainWindow], store: Store
) -> None:
    first = make_window()
    project = store.projects.create("Short lived")
    first.open_project(project.id)
    close_window(first)
    store.projects.delete(project.id)
    second = make_window()
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
