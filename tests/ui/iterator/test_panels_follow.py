"""Lineage, compare and details follow the shown shot and every new round."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import COMPARE_TAB, DETAILS_TAB, LINEAGE_TAB
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, wait_round_settled


def _summary(page: IteratorPage) -> str:
    return page.lineage.summary_label.text()


def test_panels_follow_the_shot_and_each_new_round(
    qtbot: QtBot,
    project: Project,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    one, two = project.shots[0], project.shots[1]
    _window, page = open_iterator(project.id)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(two)
    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(LINEAGE_TAB)
    assert _summary(page).startswith("0 images in 0 rounds")

    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(one)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    qtbot.waitUntil(lambda: _summary(page).startswith("6 images in 1 round"), timeout=WAIT_MS)

    # Compare a variant of shot one, then move to shot two: compare must not keep shot one.
    first = page.grid.cells[0].image
    assert first is not None
    with qtbot.waitSignal(page.compare_shown, timeout=WAIT_MS):
        page.compare_with_parent(first)
    assert page.tabs.currentIndex() == COMPARE_TAB
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(two)
    qtbot.wait(200)
    assert page.compare.right is None or page.compare.right.shot_id == two

    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(LINEAGE_TAB)
    assert _summary(page).startswith("0 images in 0 rounds")
    page.tabs.setCurrentIndex(DETAILS_TAB)
    assert page.details.image is None  # shot two has no variant to describe

    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(one)
    assert page.details.image is not None
    assert page.details.image.shot_id == one
