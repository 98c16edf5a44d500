"""With the network gone and no token, every round, image and detail stays browsable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, refine_from, wait_pixmaps, wait_round_settled

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def test_grid_works_with_the_network_gone(
    open_iterator: Opener,
    project: Project,
    fake_replicate: FakeReplicate,
    data_paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    fake_replicate.latency = 0.05
    window, page = open_iterator(project.id)
    window.activateWindow()
    qtbot.mouseClick(page.refine_bar.generate_button, Qt.MouseButton.LeftButton)
    first = wait_round_settled(qtbot, page, 0)
    refine_from(qtbot, page, 3, ", at dusk", 0.7)
    window.close()

    # The network goes away and so does the token; the user still asks for Replicate.
    fake_replicate.stop()
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    monkeypatch.setenv("STORYBOARD_PROVIDER", "replicate")
    store = open_store(data_paths)
    rows_before = len(store.images.for_shot(project.shots[0]))
    store.close()

    window, page = open_iterator(project.id)
    assert not page.jobs.can_generate
    assert not page.refine_bar.generate_button.isEnabled()
    assert "No Replicate token" in page.refine_bar.generate_button.toolTip()
    assert page.banner.isVisibleTo(page) and "Offline review" in page.banner.text()
    assert not page.generate_action.isEnabled()

    # Latest round first, every thumbnail from the local store.
    assert page.round is not None and page.round.iteration == 1
    wait_pixmaps(qtbot, page)
    assert [r.iteration_number for r in page.rounds] == [0, 1]
    assert page.round_strip.count() == 2

    # Jump back to round 0 with the keyboard and read a variant's recorded inputs.
    page.grid.focus_variant(0)
    qtbot.keyClick(page.grid.cells[0], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    shown = wait_round_settled(qtbot, page, 0)
    assert [i.id for i in shown] == [i.id for i in first]
    wait_pixmaps(qtbot, page)
    page.grid.focus_variant(2)
    assert page.details.image is not None and page.details.image.id == first[2].id
    assert page.details.fields["Seed"].text() == str(first[2].seed)
    assert page.details.fields["Model"].text().endswith("flux-schnell")
    page.details.set_drawer_open(True)  # every recorded input, in the drawer
    assert "flux-schnell" in page.details.params_view.toPlainText()
    assert page.details.fields["Provider"].text().startswith("Replicate")

    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(1)
    assert page.lineage.tree_data is not None and len(page.lineage.tree_data.images) == 12

    # Refining is refused with the reason instead of failing; nothing new is written.
    qtbot.keyClick(page.grid.cells[2], Qt.Key.Key_R)
    assert page.refine_bar.parent_image is not None  # choosing a parent still works
    assert not page.refine_bar.refine_button.isEnabled()
    assert "No Replicate token" in page.refine_bar.refine_button.toolTip()
    messages: list[str] = []
    window.context.errors.status_message.connect(lambda text, _ms: messages.append(text))
    page.generate_six()
    assert messages and "No Replicate token" in messages[-1]
    store = open_store(data_paths)
    try:
        images = store.images.for_shot(project.shots[0])
    finally:
        store.close()
    assert len(images) == rows_before
    assert all(i.status == ImageStatus.COMPLETE for i in images)
