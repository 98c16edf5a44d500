"""Fixtures for the storyboard GUI tests: an offline-drawn project and the real main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_dialog import ExportController
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.page import StoryboardPage
from tests.helpers import MULTIMEDIA_NOISE, WindowOpener

multimedia = pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)


@dataclass
class Board:
    """Ids of the project built by `board_project`."""

    project_id: int
    shot_ids: list[int]  # scene/shot order; the last has no final pick (a gap)
    finals: dict[int, int]  # shot id -> final image id
    alternates: dict[int, int]  # shot id -> another complete image of that shot


def build_board_project(store: Store, paths: DataPaths) -> Board:
    """Two scenes, four shots; offline rounds for three (one refined), finals for those three."""
    project = store.projects.create("Harbour at dawn", "Boats leave before sunrise.")
    boats = store.scenes.add_scene(project.id, "Boats", "The fleet wakes up.")
    market = store.scenes.add_scene(project.id, "Market", "The first catch is sold.")
    shots = [
        store.scenes.add_shot(boats.id, "fishing boats at dawn", "Wide harbour"),
        store.scenes.add_shot(boats.id, "nets piled on a pier", "Nets"),
        store.scenes.add_shot(market.id, "a fish market stall", "Stall"),
        store.scenes.add_shot(market.id, "a gull on a lamp post", "Gull"),
    ]
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    finals: dict[int, int] = {}
    alternates: dict[int, int] = {}
    for shot in shots[:3]:
        rows = engine.plan_round(shot.id)
        done = engine.run_round([r.id for r in rows])
        assert all(i.status.value == "complete" for i in done), [i.error for i in done]
        finals[shot.id] = done[0].id
        alternates[shot.id] = done[1].id
    refined = engine.plan_round(
        shots[0].id, prompt="boats, warmer light", parent_image_id=finals[shots[0].id]
    )
    done = engine.run_round([r.id for r in refined])
    finals[shots[0].id] = done[3].id
    for image_id in finals.values():
        store.images.select_final(image_id)
    return Board(project.id, [s.id for s in shots], finals, alternates)


@pytest.fixture
def board_project(store: Store, data_paths: DataPaths, offline_provider: str) -> Board:
    return build_board_project(store, data_paths)


@pytest.fixture
def make_window(qtbot: QtBot, data_paths: DataPaths) -> Iterator[Callable[[], MainWindow]]:
    """The real main window on the data folder (its own store, like the app)."""
    opener = WindowOpener(qtbot, data_paths)

    def make() -> MainWindow:
        window = opener.open()
        window.resize(1400, 900)
        window.show()
        return window

    yield make
    opener.close_all(cancel_tasks=True)


def open_storyboard(qtbot: QtBot, window: MainWindow, project_id: int) -> StoryboardPage:
    """Open the project on the storyboard page and wait for its first load."""
    page = window.page("storyboard")
    assert isinstance(page, StoryboardPage)
    with qtbot.waitSignal(page.board_loaded, timeout=20_000):
        window.open_project(project_id, page="storyboard")
    return page


def controller_of(window: MainWindow) -> ExportController:
    """The window's File → Export controller."""
    found = window.findChild(ExportController, "exportController")
    assert isinstance(found, ExportController)
    return found
