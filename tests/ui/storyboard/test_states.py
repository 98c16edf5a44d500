"""Stale clips, gaps to the iterator, a cancelled assembly, failed exports and animations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.exports.pdf_layout import PdfOptions
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_dialog import ExportDialog
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.timeline_data import CardState
from storyboard_app.ui.storyboard.video_dialog import VideoDialog
from tests.fakes.replicate_server import FakeReplicate
from tests.ui.storyboard.conftest import (
    Board,
    build_board_project,
    controller_of,
    multimedia,
    open_storyboard,
)

pytestmark = multimedia


def test_a_clip_of_an_older_pick_shows_as_stale_and_is_kept(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    data_paths: DataPaths,
) -> None:
    shot = board_project.shot_ids[1]
    selection = {s.shot_id: s for s in store.storyboard.build(board_project.project_id)}[shot]
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    engine.plan_animation(selection.id)
    clip = engine.run_animation(selection.id)
    assert clip.animation_status == ImageStatus.COMPLETE and clip.video_storage_id
    store.images.select_final(board_project.alternates[shot])  # the user changes their mind
    store.storyboard.build(board_project.project_id)

    window = make_window()
    page = open_storyboard(qtbot, window, board_project.project_id)
    card = page.cards[shot]
    assert card.card.state == CardState.STALE
    assert not card.badge.isHidden()
    assert "changed" in card.badge.toolTip() or "made from image" in card.badge.toolTip()
    assert card.status_message() == "Clip is stale"
    assert card.animate_button.text() == "Re-animate"
    assert card.card.clip_path is not None and card.card.clip_path.is_file()  # nothing deleted
    assert "1 stale" in page.summary.text()
    qtbot.mouseClick(card.play_button, Qt.MouseButton.LeftButton)
    assert page.player.source_path() == card.card.clip_path
    assert "stale" in page.player.title_label.text()


def test_a_gap_links_to_the_iterator(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board
) -> None:
    window = make_window()
    page = open_storyboard(qtbot, window, board_project.project_id)
    gap = page.cards[board_project.shot_ids[3]]
    assert gap.is_gap and gap.status_message() == "No final image yet"
    assert gap.animate_button.isHidden()
    with qtbot.waitSignal(page.iterator_requested) as asked:
        qtbot.mouseClick(gap.iterator_button, Qt.MouseButton.LeftButton)
    assert asked.args == [board_project.shot_ids[3]]
    assert window.current_page_key == "iterator"
    iterator = window.page("iterator")
    qtbot.waitUntil(
        lambda: (
            getattr(iterator, "shot", None) is not None
            and iterator.shot.id == board_project.shot_ids[3]
        ),  # type: ignore[attr-defined]
        timeout=10_000,
    )


def test_cancel_mid_assembly_leaves_no_file(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    tmp_path: Path,
) -> None:
    for selection in store.storyboard.build(board_project.project_id):
        store.storyboard.set_duration(selection.id, 120.0)  # long enough to stop halfway
    window = make_window()
    open_storyboard(qtbot, window, board_project.project_id)
    dialog = controller_of(window).open_video()
    assert isinstance(dialog, VideoDialog)
    qtbot.waitSignal(dialog.plan_loaded, timeout=10_000)
    dialog.size_combo.setCurrentIndex(1)  # Full HD: slow enough to cancel
    target = tmp_path / "out" / "cut.mp4"
    target.parent.mkdir()  # an export never creates its folder
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.assemble_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "Cancel"
    qtbot.waitUntil(lambda: dialog.stage_label.text().startswith("Preparing"), timeout=20_000)
    with qtbot.waitSignal(dialog.assembly_cancelled, timeout=20_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.stage_label.text() == "Cancelled; no video was written."
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
    cache = window.context.paths.cache
    assert [p.name for p in cache.rglob("*") if ".part" in p.name] == []  # no half piece
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.assemble_button.isEnabled() and dialog.cancel_button.text() == "Close"


def test_an_unwritable_export_path_gets_a_clear_message(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export wants a folder", encoding="utf-8")
    window = make_window()
    open_storyboard(qtbot, window, board_project.project_id)
    controller = controller_of(window)
    controller.chooser = lambda _request: blocker / "shots.csv"
    with qtbot.waitSignal(controller.dialog_opened) as opened:
        window.actions_by_name["export_csv"].trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog)
    with qtbot.waitSignal(dialog.export_failed, timeout=10_000) as failed:
        pass
    assert "not-a-folder is a file" in failed.args[0] and "Choose another" in failed.args[0]
    assert window.context.errors.reports[-1].expected
    assert dialog.label.text() == failed.args[0]
    assert blocker.read_text(encoding="utf-8").startswith("a file")
    # Cancelling the chooser does nothing at all.
    controller.chooser = lambda _request: None
    controller.pdf_options_asker = lambda _parent, _paths: PdfOptions()  # the layout dialog
    assert controller.export("pdf") is None


def test_replicate_animation_fails_then_retries_and_cancels(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    fake_replicate: FakeReplicate,
    store: Store,
    data_paths: DataPaths,
) -> None:
    board = build_board_project(store, data_paths)  # images drawn offline, clips by "Replicate"
    store.storyboard.build(board.project_id)
    window = make_window()
    page = open_storyboard(qtbot, window, board.project_id)
    qtbot.waitUntil(lambda: page.jobs.engines.is_ready, timeout=10_000)
    assert page.jobs.provider_name == "replicate"
    first = board.shot_ids[0]

    fake_replicate.set_fault("prediction", outcome="failed")
    with qtbot.waitSignal(page.animation_finished, timeout=60_000) as done:
        qtbot.mouseClick(page.cards[first].animate_button, Qt.MouseButton.LeftButton)
    assert done.args[0].animation_status == ImageStatus.FAILED
    qtbot.waitUntil(lambda: page.cards[first].card.state == CardState.FAILED, timeout=10_000)
    card = page.cards[first]
    assert card.status_message().startswith("Failed: ")
    assert card.animate_button.text() == "Retry"

    with qtbot.waitSignal(page.animation_finished, timeout=60_000) as done:
        qtbot.mouseClick(card.animate_button, Qt.MouseButton.LeftButton)
    assert done.args[0].animation_status == ImageStatus.COMPLETE
    qtbot.waitUntil(lambda: page.cards[first].card.clip_path is not None, timeout=10_000)
    assert page.cards[first].card.state == CardState.COMPLETE

    fake_replicate.latency = 30.0
    second = board.shot_ids[1]
    page.select_shots([second])
    page.animate_selected_action.trigger()
    qtbot.waitUntil(
        lambda: page.cards[second].card.state in (CardState.PENDING, CardState.PROCESSING),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: page.cards[second].cancel_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(page.animation_finished, timeout=20_000) as done:
        qtbot.mouseClick(page.cards[second].cancel_button, Qt.MouseButton.LeftButton)
    assert done.args[0].error == "Cancelled"
    qtbot.waitUntil(lambda: page.cards[second].status_message() == "Cancelled", timeout=10_000)
    assert page.cards[second].animate_button.text() == "Retry"


@pytest.mark.parametrize("shortcut", ["Ctrl+B"])
def test_page_shortcuts_are_listed_in_help(
    make_window: Callable[[], MainWindow], shortcut: str
) -> None:
    window = make_window()
    rows = window.shortcut_rows()
    storyboard = [(action, keys) for where, action, keys in rows if where == "Storyboard"]
    assert ("Build storyboard", shortcut) in storyboard
    assert any(action == "Final video" for _where, action, _keys in rows)
