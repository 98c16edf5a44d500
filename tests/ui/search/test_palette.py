"""Ctrl+K: the search palette finds images of every project off the GUI thread, debounced,
and opens a result in its shot and round."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.search.palette import DEBOUNCE_MS, SearchPalette
from tests.ui.iterator.conftest import WAIT_MS, Project, open_iterator, project  # noqa: F401
from tests.ui.iterator.scenario import refine_from, wait_round_settled

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def _open_palette(qtbot: QtBot, window: MainWindow) -> SearchPalette:
    window.activateWindow()
    window.actions_by_name["search"].trigger()
    palette = window.search_palette  # type: ignore[attr-defined]
    assert isinstance(palette, SearchPalette)
    qtbot.waitUntil(lambda: palette.status_label.text() not in ("", "Searching…"), timeout=WAIT_MS)
    return palette


def test_search_finds_opens_and_debounces(
    open_iterator: Opener,  # noqa: F811
    project: Project,  # noqa: F811
    offline_provider: str,
    qtbot: QtBot,
) -> None:
    window, page = open_iterator(project.id)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    refine_from(qtbot, page, 4, " in fog", 0.5)
    fog = wait_round_settled(qtbot, page, 1)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(project.shots[2])  # elsewhere, so opening a result must move

    assert window.actions_by_name["search"].shortcut().toString() == "Ctrl+K"
    palette = _open_palette(qtbot, window)
    qtbot.waitUntil(lambda: palette.results.count() == 12, timeout=WAIT_MS)  # newest first

    # Typing restarts the timer: one query for a burst of keys, after the typing stops (how
    # soon is a figure of benchmarks/search.py, not a test's).
    answers: list[float] = []
    palette.results_shown.connect(lambda _n: answers.append(time.monotonic()))
    qtbot.keyClicks(palette.query_edit, "fog")
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    elapsed_ms = (answers[0] - stopped) * 1000
    assert len(answers) == 1 and palette.results.count() == 6  # one query for three keys
    assert elapsed_ms >= DEBOUNCE_MS * 0.9, elapsed_ms  # it waited for the typing to stop
    assert [
        palette.results.item(r).data(Qt.ItemDataRole.UserRole + 1).image_id for r in range(6)
    ] == [i.id for i in reversed(fog)]
    qtbot.waitUntil(lambda: not palette.results.item(0).icon().isNull(), timeout=WAIT_MS)

    with qtbot.waitSignal(palette.results_shown, timeout=WAIT_MS) as shown:
        palette.query_edit.setText("zeppelin")
    assert shown.args == [0] and "No images" in palette.status_label.text()

    with qtbot.waitSignal(palette.results_shown, timeout=WAIT_MS):
        palette.query_edit.setText("fog")
    palette.results.setCurrentRow(3)  # V3 of round 1 (newest first: variants 5, 4, 3, 2…)
    target = fog[2]
    with qtbot.waitSignal(page.round_shown, timeout=WAIT_MS) as shown_round:
        palette.results.itemActivated.emit(palette.results.currentItem())
    assert shown_round.args == [1]
    assert page.shot is not None and page.shot.id == project.shots[0]
    qtbot.waitUntil(lambda: page.grid.current_variant == target.variant_number, timeout=WAIT_MS)
    assert page.grid.current_image() is not None and page.grid.current_image().id == target.id  # type: ignore[union-attr]
    assert not isValid(palette) or not palette.isVisible()  # closed after opening


def test_search_this_shot_filters_to_the_iterators_shot(
    open_iterator: Opener,  # noqa: F811
    project: Project,  # noqa: F811
    offline_provider: str,
    qtbot: QtBot,
) -> None:
    window, page = open_iterator(project.id)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(project.shots[1])
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    window.activateWindow()
    everything = _open_palette(qtbot, window)
    qtbot.waitUntil(lambda: everything.results.count() == 12, timeout=WAIT_MS)
    everything.close()
    action = next(a for a in window.actions() if a.objectName() == "searchThisShot")
    assert action.shortcut().toString() == "Ctrl+Shift+K"
    action.trigger()
    palette = window.search_palette  # type: ignore[attr-defined]
    assert palette.shot_id == project.shots[1] and "shot 2" in palette.windowTitle()
    qtbot.waitUntil(lambda: palette.results.count() == 6, timeout=WAIT_MS)
    hits = [palette.results.item(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(6)]
    assert {h.shot_id for h in hits} == {project.shots[1]}
