"""A read-only data folder opens read-only in the window: a banner says why, and editing
actions are disabled on every page."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.dashboard.page import DashboardPage
from storyboard_app.ui.planner.page import PlannerPage
from storyboard_app.ui.scenes.page import ScenesEditorPage
from tests.helpers import WindowOpener
from tests.store.test_read_only_and_probe import read_only

WAIT_MS = 10_000


def test_a_read_only_folder_shows_a_banner_and_offers_no_edits(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    store = open_store(data_paths)
    project = store.projects.create("Kite", "")
    scene = store.scenes.add_scene(project.id, "Beach", "")
    store.scenes.add_shot(scene.id, "a red kite over a beach", "")
    store.close()
    with read_only(data_paths.root) as view:
        opener = WindowOpener(qtbot, DataPaths(view))
        try:
            window = opener.open(DataPaths(view))
            window.resize(1024, 700)
            window.show()
            dashboard = window.page("dashboard")
            assert isinstance(dashboard, DashboardPage)
            with qtbot.waitSignal(dashboard.projects_loaded, timeout=WAIT_MS):
                window.show_dashboard()

            banner = window.centralWidget().findChild(QLabel, "readOnlyBanner")
            assert banner is not None and banner.isVisible()
            assert "read-only" in banner.text() and str(view) in banner.text()
            assert not window.actions_by_name["new_project"].isEnabled()
            assert not dashboard.new_button.isEnabled()
            assert dashboard.create_project_interactively() is None
            assert dashboard.select_project(project.id)
            assert dashboard.open_action.isEnabled()  # browsing works
            assert not dashboard.rename_action.isEnabled()
            assert not dashboard.delete_action.isEnabled()

            with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
                window.open_project(project.id, page="planner")
            planner = window.current_page()
            assert isinstance(planner, PlannerPage)
            assert planner.editor.isReadOnly()
            assert not planner.draft_button.isEnabled()

            window.show_page("scenes")
            scenes = window.current_page()
            assert isinstance(scenes, ScenesEditorPage)
            qtbot.waitUntil(lambda: len(scenes.scenes()) == 1, timeout=WAIT_MS)
            scenes.select("scene", scenes.scenes()[0].id)
            assert not scenes.add_scene_button.isEnabled()
            assert not scenes.add_shot_button.isEnabled()
            assert not scenes.delete_button.isEnabled()
            assert scenes.title_edit.isReadOnly()
        finally:
            opener.close_all(wait_ms=WAIT_MS)
