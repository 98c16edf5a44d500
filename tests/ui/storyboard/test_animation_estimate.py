"""The Animate button's tooltip carries the estimated cost of a clip from the price table."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.ui.main_window import MainWindow
from tests.ui.storyboard.conftest import Board, open_storyboard


def test_animate_tooltip_gives_the_estimate_per_clip(
    qtbot: QtBot,
    board_project: Board,
    make_window: Callable[[], MainWindow],
    data_paths: DataPaths,
) -> None:
    settings = Settings.load(data_paths)
    settings.prices = {"storyboard/offline-draft": {"unit": "video_second", "usd": 0.1}}
    settings.models["image_to_video"].input_template = {"duration": 5}
    settings.save(data_paths)
    page = open_storyboard(qtbot, make_window(), board_project.project_id)
    qtbot.waitUntil(
        lambda: "Estimated cost per clip" in page.animate_all_button.toolTip(), timeout=10_000
    )
    assert "$0.5 (storyboard/offline-draft)" in page.animate_all_button.toolTip()
