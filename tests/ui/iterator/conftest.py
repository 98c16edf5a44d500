"""Fixtures for the iterator tests: a project with shots, the real main window on the iterator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.helpers import WindowOpener

WAIT_MS = 15_000


@dataclass(frozen=True)
class Project:
    """The ids of the test project: two scenes, three shots."""

    id: int
    shots: tuple[int, ...]


def make_project(store: Store) -> Project:
    project = store.projects.create("Lighthouse", "A short film about a lighthouse")
    one = store.scenes.add_scene(project.id, "Dawn", "The lighthouse wakes")
    two = store.scenes.add_scene(project.id, "Storm", "Waves")
    shots = (
        store.scenes.add_shot(one.id, "A lighthouse at dawn, mist, golden light", "Wide shot"),
        store.scenes.add_shot(one.id, "The keeper climbs the stairs", "Stairs"),
        store.scenes.add_shot(two.id, "Waves crash on the rocks at night", "Storm"),
    )
    return Project(project.id, tuple(shot.id for shot in shots))


@pytest.fixture
def project(data_paths: DataPaths) -> Project:
    store = open_store(data_paths)
    try:
        return make_project(store)
    finally:
        store.close()


@pytest.fixture
def open_iterator(
    qtbot: QtBot, data_paths: DataPaths
) -> Iterator[Callable[[int], tuple[MainWindow, IteratorPage]]]:
    """Start the real main window (like a restart each call) on a project's iterator page."""
    opener = WindowOpener(qtbot, data_paths)

    def start(project_id: int) -> tuple[MainWindow, IteratorPage]:
        window = opener.open()
        window.resize(1400, 900)
        window.show()
        page = window.page("iterator")
        assert isinstance(page, IteratorPage)
        with qtbot.waitSignals([page.shot_loaded, page.availability_changed], timeout=WAIT_MS):
            window.open_project(project_id, page="iterator")
        return window, page

    yield start
    opener.close_all(wait_ms=WAIT_MS)
