"""The final-video dialog opens at once and names the file after the project read in a worker."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.video_dialog import default_video_path, open_video_dialog


def test_the_default_file_name_comes_from_the_project_title(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    project = store.projects.create("Harbour Film")
    dialog = open_video_dialog(window.context, project.id, window)
    expected = str(default_video_path("Harbour Film"))
    qtbot.waitUntil(lambda: dialog.path_edit.text() == expected, timeout=5_000)
    dialog.close()
