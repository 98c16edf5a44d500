"""The iterator speaks in creator words: rounds and variants, never ids, "rd" or "V3"
(navigator, details, lineage, the rounds strip)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from PySide6.QtWidgets import QTreeWidgetItemIterator
from pytestqt.qtbot import QtBot

from storyboard_app.ui.iterator.navigator import ICON
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import DETAILS_TAB, LINEAGE_TAB
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, refine_from, wait_round_settled

JARGON = re.compile(r"\bV\d|\bv\d|\bid\b|\bimage \d|\d+ rd\b", re.IGNORECASE)


def _tree_texts(tree: object) -> list[str]:
    texts = []
    iterator = QTreeWidgetItemIterator(tree)  # type: ignore[call-overload]
    while iterator.value():
        item = iterator.value()
        texts += [item.text(0), item.text(1), item.toolTip(1)]
        iterator += 1
    return texts


def test_iterator_words_have_no_ids_or_jargon(
    qtbot: QtBot,
    project: Project,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    one = project.shots[0]
    _window, page = open_iterator(project.id)
    with qtbot.waitSignal(page.shot_loaded, timeout=WAIT_MS):
        page.open_shot(one)
    page.generate_six()
    wait_round_settled(qtbot, page, 0)
    refine_from(qtbot, page, 3, ", at dusk", 0.5)

    page.tabs.setCurrentIndex(DETAILS_TAB)
    page.grid.focus_variant(1)
    details = page.details
    assert details.image is not None and details.image.iteration_number == 1
    assert details.title_label.text() == "<b>Round 1 · variant 2</b>"
    assert details.fields["Parent"].text() == "Round 0 · variant 3"
    assert not JARGON.search(details.title_label.text() + details.fields["Parent"].text())

    page.reload_scenes()
    qtbot.waitUntil(lambda: "2 rounds" in page.navigator.item_text(one), timeout=WAIT_MS)
    assert not any(JARGON.search(text) for text in _tree_texts(page.navigator))

    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(LINEAGE_TAB)
    lineage = _tree_texts(page.lineage.tree)
    assert "Round 0 · variant 3" in lineage
    assert not any(JARGON.search(text) for text in lineage)
    strip = [page.round_strip.item(i).text() for i in range(page.round_strip.count())]
    assert "Round 1 ← round 0 · variant 3\n+ at dusk\n6/6 done" in strip
    assert not any(JARGON.search(text) for text in strip)
    assert page.round_label.text().startswith("<b>Round 1</b> · refined from Round 0 · variant 3")


def test_navigator_covers_are_whole_and_do_not_overlap(
    qtbot: QtBot,
    project: Project,
    open_iterator: Callable[[int], tuple[MainWindow, IteratorPage]],
) -> None:
    _window, page = open_iterator(project.id)
    navigator = page.navigator
    rects = []
    for shot_id in project.shots:
        item = navigator._items[shot_id]
        rects.append(navigator.visualItemRect(item))
    for rect in rects:
        assert rect.height() >= ICON.height()
    for upper, lower in itertools.pairwise(rects):
        assert upper.bottom() < lower.top()
