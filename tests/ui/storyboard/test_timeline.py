"""The storyboard's timeline in the real window: widths from durations, zoom (remembered),
drag to reorder and trim (undoable), gaps, the playhead that plays and scrubs the animatic."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.page import StoryboardPage
from storyboard_app.ui.storyboard.timeline_view import RULER, TRACK_TOP
from tests.ui.storyboard.conftest import Board, multimedia, open_storyboard
from tests.ui.storyboard.timeline_helpers import click, ctrl_wheel, drag

pytestmark = multimedia


def _durations(store: Store, board: Board) -> dict[int, float | None]:
    return {s.shot_id: s.duration_seconds for s in store.storyboard.list(board.project_id)}


def _order(store: Store, board: Board) -> list[list[int]]:
    return [[shot.id for shot in scene.shots] for scene in store.scenes.list(board.project_id)]


def _open(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board: Board, store: Store
) -> StoryboardPage:
    store.storyboard.build(board.project_id)
    window = make_window()
    return open_storyboard(qtbot, window, board.project_id)


def _mid(page: StoryboardPage, shot_id: int) -> QPointF:
    block = page.timeline.view.block(shot_id)
    assert block is not None
    return QPointF(block.x + block.width / 2, TRACK_TOP + 30)


def test_shots_are_as_wide_as_their_duration_and_the_zoom_is_remembered(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first, second, _third, gap = board_project.shot_ids
    selections = {s.shot_id: s.id for s in store.storyboard.build(board_project.project_id)}
    store.storyboard.set_duration(selections[first], 6.0)
    page = _open(qtbot, make_window, board_project, store)
    view = page.timeline.view
    widths = {b.shot_id: b.width for b in view.blocks}
    assert widths[first] == pytest.approx(2 * widths[second])  # 6 s against the 3 s default
    assert widths[gap] == pytest.approx(widths[second])  # the default 3 s: the video's slate
    assert "no final image" in view.tooltip_at(_mid(page, gap).toPoint())

    before = view.zoom
    ctrl_wheel(view, _mid(page, second), 2)
    assert view.zoom == pytest.approx(before * 1.25**2)
    assert view.block(first).width == pytest.approx(6.0 * view.zoom)  # type: ignore[union-attr]
    assert page.timeline.panel.zoom_slider.value() > 0

    again = open_storyboard(qtbot, make_window(), board_project.project_id)
    assert again.timeline.view.zoom == pytest.approx(before * 1.25**2)  # remembered


def test_dragging_a_shot_reorders_the_shots_and_ctrl_z_puts_it_back(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first, second, third, gap = board_project.shot_ids
    page = _open(qtbot, make_window, board_project, store)
    view = page.timeline.view
    assert _order(store, board_project) == [[first, second], [third, gap]]

    block = view.block(second)
    assert block is not None
    with qtbot.waitSignal(page.board_loaded, timeout=15_000):
        drag(view, _mid(page, first), QPointF(block.right - 4, TRACK_TOP + 30))
    assert _order(store, board_project) == [[second, first], [third, gap]]
    assert [c.shot_id for c in page.state.cards] == [second, first, third, gap]

    # Across scenes: the first shot of scene 2 dropped at the start of scene 1.
    with qtbot.waitSignal(page.board_loaded, timeout=15_000):
        drag(view, _mid(page, third), QPointF(geo.MARGIN + 2, TRACK_TOP + 30))
    assert _order(store, board_project) == [[third, second, first], [gap]]

    assert page.undo.undoText().startswith("Move ")
    window = page.window()
    assert isinstance(window, MainWindow)
    window.actions_by_name["undo"].trigger()  # Edit → Undo (Ctrl+Z)
    qtbot.waitUntil(
        lambda: _order(store, board_project) == [[second, first], [third, gap]], timeout=10_000
    )
    page.undo.undo()
    qtbot.waitUntil(
        lambda: _order(store, board_project) == [[first, second], [third, gap]], timeout=10_000
    )
    qtbot.waitUntil(lambda: page.state.cards[0].shot_id == first, timeout=10_000)


def test_dragging_the_right_edge_trims_with_snapping_and_undo(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first = board_project.shot_ids[0]
    page = _open(qtbot, make_window, board_project, store)
    view = page.timeline.view
    block = view.block(first)
    assert block is not None and block.duration == 3.0  # the default
    y = TRACK_TOP + 30
    drag(view, QPointF(block.right, y), QPointF(block.x + 4.3 * view.zoom, y))
    qtbot.waitUntil(lambda: _durations(store, board_project)[first] == 4.5, timeout=10_000)
    assert page.undo.undoText().startswith("Duration of ")

    block = view.block(first)
    assert block is not None
    # Shift snaps to frames at the project's 24 fps: 2.1 s is 50.4 frames → 50 frames.
    drag(
        view,
        QPointF(block.right, y),
        QPointF(block.x + 2.1 * view.zoom, y),
        Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: _durations(store, board_project)[first] == pytest.approx(50 / 24, abs=1e-3),
        timeout=10_000,
    )
    page.undo.undo()
    qtbot.waitUntil(lambda: _durations(store, board_project)[first] == 4.5, timeout=10_000)
    page.undo.undo()
    qtbot.waitUntil(lambda: _durations(store, board_project)[first] is None, timeout=10_000)


def test_space_plays_the_animatic_through_every_shot_and_the_gaps_slate(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first, second, third, gap = board_project.shot_ids
    for selection in store.storyboard.build(board_project.project_id):
        store.storyboard.set_duration(selection.id, 0.5)
    page = _open(qtbot, make_window, board_project, store)
    playback = page.timeline.playback
    assert playback.total == pytest.approx(4.5)  # three 0.5 s shots and the gap's 3 s slate
    shown: list[int] = []
    playback.current_changed.connect(shown.append)
    view = page.timeline.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert playback.playing
    assert page.timeline.panel.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: playback.current == third, timeout=10_000)
    assert view.current == third  # highlighted
    assert page.player.still.pixmap() is not None and not page.player.still.pixmap().isNull()
    assert page.player.title_label.text().startswith(page.state.card(third).code)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not playback.playing, timeout=10_000)
    assert playback.position == pytest.approx(4.5)
    assert [s for s in shown if s >= 0][-4:] == [first, second, third, gap]
    assert view.current == gap and "no final image yet" in page.player.title_label.text()

    QTest.keyClick(view, Qt.Key.Key_Home)
    assert playback.position == 0.0 and view.current == first
    QTest.keyClick(view, Qt.Key.Key_End)
    assert playback.position == pytest.approx(4.5)
    # The arrows step from shot to shot (with Shift, frame by frame at 24 fps).
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert playback.position == pytest.approx(1.5) and view.current == gap
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert playback.position == pytest.approx(1.0) and view.current == third
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert playback.position == pytest.approx(1.0 + 1 / 24)
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert playback.position == pytest.approx(1.5)


def test_a_click_and_a_drag_on_the_ruler_scrub_the_playhead(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first, second, _third, _gap = board_project.shot_ids
    page = _open(qtbot, make_window, board_project, store)
    view, playback = page.timeline.view, page.timeline.playback
    click(view, QPointF(geo.x_for_time(view.blocks, 4.0), RULER / 2))
    assert playback.position == pytest.approx(4.0, abs=0.05)
    assert view.current == second
    assert page.timeline.panel.time_label.text().startswith("0:04:")
    assert "S01_SH02" in page.player.title_label.text()
    drag(
        view,
        QPointF(geo.x_for_time(view.blocks, 4.0), RULER / 2),
        QPointF(geo.x_for_time(view.blocks, 1.0), RULER / 2),
    )
    assert playback.position == pytest.approx(1.0, abs=0.05)
    assert view.current == first and not playback.playing


def test_a_shot_with_a_clip_plays_its_clip_and_the_others_their_still(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    data_paths: DataPaths,
) -> None:
    first, second, _third, _gap = board_project.shot_ids
    selections = {s.shot_id: s.id for s in store.storyboard.build(board_project.project_id)}
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    engine.plan_animation(selections[first])
    engine.run_animation(selections[first])
    page = _open(qtbot, make_window, board_project, store)
    card = page.state.card(first)
    assert card is not None and card.plays_clip and card.clip_path is not None
    playback = page.timeline.playback
    playback.seek(0.5)
    assert page.player.source_path() == card.clip_path.absolute()
    playback.seek_shot(second)
    still = page.state.card(second)
    assert still is not None and not still.plays_clip
    # The still comes sharp: the full final image from the shared cache, not the thumbnail.
    qtbot.waitUntil(
        lambda: page.timeline.full_images.get(still.image_storage_id) is not None, timeout=10_000
    )
    shown = page.timeline.still_of(still)
    assert shown is page.timeline.full_images.get(still.image_storage_id)
    assert shown is not None and shown.width() > 256  # larger than any thumbnail
    assert page.player.surface.currentWidget() is page.player.still
    assert page.player.title_label.text().endswith("(still)")
    assert not page.player.play_button.isEnabled()


def test_a_final_made_at_another_ratio_says_so_and_cards_take_the_project_ratio(
    qtbot: QtBot, make_window: Callable[[], MainWindow], board_project: Board, store: Store
) -> None:
    first = board_project.shot_ids[0]
    store.projects.set_look(board_project.project_id, aspect_ratio="9:16")
    page = _open(qtbot, make_window, board_project, store)
    widget = page.cards[first]
    assert widget.made_at.isVisible() and widget.made_at.text() == "made at 16:9"
    size = widget.picture.size()
    assert size.height() > size.width()  # 9:16
    assert "Made at 16:9" in page.timeline.view.tooltip_at(_mid(page, first).toPoint())


def test_a_clip_played_from_a_card_is_left_alone_by_reloads(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    data_paths: DataPaths,
) -> None:
    first = board_project.shot_ids[0]
    selections = {s.shot_id: s.id for s in store.storyboard.build(board_project.project_id)}
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    engine.plan_animation(selections[first])
    engine.run_animation(selections[first])
    page = _open(qtbot, make_window, board_project, store)
    player = page.player
    page.play_shot(first)
    qtbot.waitUntil(lambda: player.player.position() > 300, timeout=10_000)
    with qtbot.waitSignal(page.board_loaded, timeout=10_000):
        page.reload()
    page.loader.pictures_decoded.emit({})  # pictures arriving late must not take the player
    qtbot.wait(50)
    assert player.is_playing() or player.player.position() > 300
    assert player.player.position() > 300  # not sent back to the shot's start
    assert not page.timeline.playback.playing
