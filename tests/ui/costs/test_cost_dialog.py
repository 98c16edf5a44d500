"""Project → Cost…: the project's spend by shot, model and day, read off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.settings import Settings
from storyboard_app.ui.costs.dialog import CostDialog
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import WAIT_MS, Project, open_iterator, project  # noqa: F401
from tests.ui.iterator.scenario import wait_round_settled

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def test_cost_view_shows_totals_by_shot_model_and_day(
    open_iterator: Opener,  # noqa: F811
    project: Project,  # noqa: F811
    offline_provider: str,
    qtbot: QtBot,
    data_paths: DataPaths,
) -> None:
    settings = Settings.load(data_paths)
    settings.prices = {"storyboard/offline-draft": {"unit": "image", "usd": 0.25}}
    settings.monthly_budget_usd = 20.0
    settings.save(data_paths)
    window, page = open_iterator(project.id)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    window.actions_by_name["cost"].trigger()
    dialog = window.cost_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, CostDialog)
    qtbot.waitUntil(lambda: dialog.tables["model"].rowCount() == 1, timeout=WAIT_MS)
    assert "$1.50" in dialog.total_label.text() and "6 predictions" in dialog.total_label.text()
    assert "$20.00 monthly budget" in dialog.total_label.text()
    model = dialog.tables["model"]
    assert model.item(0, 0).text() == "storyboard/offline-draft"
    assert model.item(0, 1).text() == "$1.50" and model.item(0, 2).text() == "6"
    assert dialog.tables["shot"].item(0, 0).text() == "S1 / Shot 1"
    assert dialog.tables["day"].rowCount() == 1
    dialog.close()
