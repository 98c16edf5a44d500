"""A shot from its first round to the final pick, against the fake Replicate and offline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import CANCELLED, GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.data import strength_of
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.main_window import MainWindow
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import (
    WAIT_MS,
    focus_cell,
    key,
    refine_from,
    round_images,
    wait_pixmaps,
    wait_round_settled,
)

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]


def _generate_first_round(qtbot: QtBot, page: IteratorPage) -> None:
    assert page.rounds == []
    assert page.refine_bar.generate_button.isEnabled()
    shown: list[int] = []
    updated: list[int] = []
    page.round_shown.connect(shown.append)
    page.cell_updated.connect(lambda info: updated.append(info.id))
    qtbot.mouseClick(page.refine_bar.generate_button, Qt.MouseButton.LeftButton)
    images = wait_round_settled(qtbot, page, 0)
    # Live updates: the new round is shown once, then each finished variant updates its cell.
    assert shown == [0]
    assert {i.id for i in images} <= set(updated)


def _star(qtbot: QtBot, page: IteratorPage, number: int) -> None:
    image = focus_cell(qtbot, page, number)
    assert not image.is_favorite
    with qtbot.waitSignal(page.cell_updated, timeout=WAIT_MS):
        key(qtbot, page, Qt.Key.Key_F)
    assert page.grid.cells[number - 1].image is not None
    assert page.grid.cells[number - 1].image.is_favorite
    assert page.grid.cells[number - 1].star_button.text() == "★"


def _branch_and_pick_final(
    qtbot: QtBot, page: IteratorPage, data_paths: DataPaths, shot_id: int
) -> None:
    """Branch from round 0 V3 through the lineage view, then make the new round's V1 final."""
    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(1)
    tree = page.lineage.tree_data
    assert tree is not None
    assert len(tree.images) == len(page.shot_images or [])
    round0 = [i for i in tree.images.values() if i.iteration_number == 0]
    branch_parent = next(i for i in round0 if i.variant_number == 2)
    page.lineage.select_image(branch_parent.id)
    assert page.lineage.branch_button.isEnabled()
    qtbot.mouseClick(page.lineage.branch_button, Qt.MouseButton.LeftButton)
    assert page.refine_bar.parent_image is not None
    assert page.refine_bar.parent_image.id == branch_parent.id
    latest = page.latest_iteration or 0
    qtbot.mouseClick(page.refine_bar.refine_button, Qt.MouseButton.LeftButton)
    branch = wait_round_settled(qtbot, page, latest + 1)
    assert {i.parent_image_id for i in branch} == {branch_parent.id}
    final = focus_cell(qtbot, page, 1)
    assert final.status == ImageStatus.COMPLETE
    with qtbot.waitSignal(page.final_changed, timeout=WAIT_MS) as blocker:
        key(qtbot, page, Qt.Key.Key_Return)
    assert blocker.args == [final.id]
    assert page.grid.cells[0].is_final
    assert page.grid.cells[0].badge_label.text() == "FINAL"

    store = open_store(data_paths)
    try:
        assert store.scenes.get_shot(shot_id).selected_image_id == final.id
    finally:
        store.close()
    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(1)
    tree = page.lineage.tree_data
    assert tree is not None
    assert tree.final_path == {final.id, branch_parent.id}
    item = page.lineage.item_for(final.id)
    assert item is not None and "FINAL" in item.text(0)

    with qtbot.waitSignal(page.compare_shown, timeout=WAIT_MS):
        key(qtbot, page, Qt.Key.Key_C)
    assert page.compare.right is not None and page.compare.right.id == final.id
    assert page.compare.left is not None and page.compare.left.id == branch_parent.id
    qtbot.waitUntil(lambda: "final ✓" in page.navigator.item_text(shot_id), timeout=WAIT_MS)


def _two_refinements(qtbot: QtBot, page: IteratorPage) -> None:
    first = refine_from(qtbot, page, 2, ", stormy sky", 0.6)
    assert all(strength_of(i) == 0.6 for i in first)
    assert page.round_strip.count() >= 2
    second = refine_from(qtbot, page, 1, ", seagulls", 0.45)
    assert all(strength_of(i) == 0.45 for i in second)
    assert all(i.status == ImageStatus.COMPLETE for i in second)
    wait_pixmaps(qtbot, page)


def test_offline_shot_from_first_round_to_final(
    open_iterator: Opener,
    project: Project,
    offline_provider: str,
    data_paths: DataPaths,
    qtbot: QtBot,
) -> None:
    window, page = open_iterator(project.id)
    window.activateWindow()
    shot_id = project.shots[0]
    assert page.shot is not None and page.shot.id == shot_id
    assert page.provider_label.text() == "Provider: Offline drafts"

    _generate_first_round(qtbot, page)
    wait_pixmaps(qtbot, page)
    assert all(c.info_label.text().startswith("Offline draft") for c in page.grid.cells)
    _star(qtbot, page, 2)
    _two_refinements(qtbot, page)

    # A round left pending by an earlier session: cancel it from the grid, then retry one.
    store = open_store(data_paths)
    try:
        stale = GenerationEngine.for_paths(store, data_paths).plan_round(shot_id)
    finally:
        store.close()
    with qtbot.waitSignal(page.round_shown, timeout=WAIT_MS):
        page.open_shot(shot_id)
    assert [i.id for i in round_images(page)] == [i.id for i in stale]
    assert page.refine_bar.cancel_button.isEnabled()
    focus_cell(qtbot, page, 1)
    key(qtbot, page, Qt.Key.Key_Escape)
    cancelled = wait_round_settled(qtbot, page, stale[0].iteration_number)
    assert all(i.status == ImageStatus.FAILED and i.error == CANCELLED for i in cancelled)
    assert "Cancelled" in page.grid.cells[3].status_message()
    assert page.grid.cells[3].retry_button.isVisible()
    focus_cell(qtbot, page, 4)
    key(qtbot, page, Qt.Key.Key_R)  # R on a failed variant retries it
    qtbot.waitUntil(
        lambda: (
            page.grid.cells[3].image is not None
            and page.grid.cells[3].image.status == ImageStatus.COMPLETE
        ),
        timeout=WAIT_MS,
    )
    assert page.grid.cells[3].image is not None
    assert page.grid.cells[3].image.generation_params["attempts"][0]["error"] == CANCELLED

    _branch_and_pick_final(qtbot, page, data_paths, shot_id)


def test_replicate_shot_with_failure_retry_and_cancel(
    open_iterator: Opener,
    project: Project,
    fake_replicate: FakeReplicate,
    data_paths: DataPaths,
    qtbot: QtBot,
) -> None:
    fake_replicate.latency = 0.1
    window, page = open_iterator(project.id)
    window.activateWindow()
    shot_id = project.shots[0]
    assert page.provider_label.text() == "Provider: Replicate"

    fake_replicate.set_fault("prediction", outcome="failed")  # the first variant fails
    _generate_first_round(qtbot, page)
    images = round_images(page)
    failed = [i for i in images if i.status == ImageStatus.FAILED]
    assert len(failed) == 1
    qtbot.waitUntil(  # the rounds strip's counts catch up with the settled round
        lambda: [(r.complete, r.failed, r.active) for r in page.rounds] == [(5, 1, 0)],
        timeout=WAIT_MS,
    )
    failed_cell = page.grid.cells[failed[0].variant_number]
    assert failed_cell.retry_button.isVisible()
    assert "Failed" in failed_cell.status_message()
    assert failed[0].error and failed[0].error in failed_cell.status_message()
    assert all(
        c.info_label.text().startswith("Replicate · flux-schnell") for c in page.grid.cells
    ), [c.info_label.text() for c in page.grid.cells]

    # Retry the failed variant with the mouse (the grid shows it running, then done).
    created = fake_replicate.created_count
    with qtbot.waitSignal(
        page.cell_updated,
        timeout=WAIT_MS,
        check_params_cb=lambda i: i.id == failed[0].id and i.status == ImageStatus.COMPLETE,
    ):
        qtbot.mouseClick(failed_cell.retry_button, Qt.MouseButton.LeftButton)
    assert fake_replicate.created_count == created + 1
    wait_pixmaps(qtbot, page)

    _star(qtbot, page, 2)
    uploads = fake_replicate.upload_count
    _two_refinements(qtbot, page)
    assert fake_replicate.upload_count >= uploads + 2  # each parent uploaded once per round

    # Cancel a running round: every variant ends "Cancelled" and the predictions are cancelled.
    fake_replicate.latency = 60.0
    before = fake_replicate.created_count
    latest = page.latest_iteration or 0
    qtbot.mouseClick(page.refine_bar.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fake_replicate.created_count == before + 6, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            page.round is not None
            and page.round.iteration == latest + 1
            and any(c.status_message().startswith("Processing") for c in page.grid.cells)
        ),
        timeout=WAIT_MS,
    )
    assert page.refine_bar.cancel_button.isEnabled()
    qtbot.mouseClick(page.refine_bar.cancel_button, Qt.MouseButton.LeftButton)
    cancelled = wait_round_settled(qtbot, page, latest + 1)
    assert all(i.error == CANCELLED for i in cancelled)
    assert fake_replicate.cancel_count >= 6
    assert not page.refine_bar.cancel_button.isEnabled()
    fake_replicate.latency = 0.1

    _branch_and_pick_final(qtbot, page, data_paths, shot_id)
