"""The storyboard in the real window: build, edit, animate one, play, final video, every export."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path

import opentimelineio as otio
import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.exports.otio import METADATA_KEY
from storyboard_app.exports.pdf_layout import PdfOptions
from storyboard_app.media.probe import decode
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_dialog import ExportDialog
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.file_chooser import FileMode, FileRequest
from storyboard_app.ui.storyboard.timeline_data import CardState
from storyboard_app.ui.storyboard.video_dialog import VideoDialog
from tests.ui.storyboard.conftest import Board, controller_of, multimedia, open_storyboard

pytestmark = multimedia


def test_build_edit_animate_assemble_and_export(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    tmp_path: Path,
) -> None:
    window = make_window()
    page = open_storyboard(qtbot, window, board_project.project_id)
    shots = board_project.shot_ids

    # Every shot in scene/shot order, grouped by scene; the shot without a pick is a gap.
    assert list(page.cards) == shots
    headers = [
        c.header.text() for c in page.strip.findChildren(type(page.cards[shots[0]].parent()))
    ]
    assert any("Boats" in h for h in headers) and any("Market" in h for h in headers)
    assert page.cards[shots[3]].is_gap
    assert not page.cards[shots[3]].iterator_button.isHidden()
    assert page.cards[shots[0]].card.state == CardState.UNBUILT
    assert not page.notice.isHidden()

    # Build storyboard creates one selection per final pick.
    with qtbot.waitSignal(page.storyboard_built, timeout=10_000) as built:
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    assert built.args == [3]
    qtbot.waitUntil(
        lambda: page.cards[shots[0]].card.state == CardState.NOT_ANIMATED, timeout=10_000
    )
    assert page.notice.isHidden()
    assert {s.shot_id for s in store.storyboard.list(board_project.project_id)} == set(shots[:3])
    qtbot.waitUntil(lambda: page.cards[shots[0]].picture.pixmap() is not None, timeout=10_000)

    # Duration: edited on the card, stored, undone and redone through Edit → Undo/Redo.
    card2 = page.cards[shots[2]]
    assert card2.card.duration == pytest.approx(3.0) and card2.card.duration_source == "default"
    card2.duration.setValue(2.0)
    card2.duration.editingFinished.emit()
    selection2 = store.storyboard.list(board_project.project_id)[2]
    assert selection2.shot_id == shots[2]

    def duration_is(expected: float | None) -> None:  # writes land off the GUI thread
        qtbot.waitUntil(
            lambda: store.storyboard.get(selection2.id).duration_seconds == expected,
            timeout=10_000,
        )

    duration_is(2.0)
    window.actions_by_name["undo"].trigger()
    duration_is(None)
    window.actions_by_name["redo"].trigger()
    duration_is(2.0)
    qtbot.waitUntil(lambda: page.cards[shots[2]].card.duration_source == "set", timeout=10_000)

    # Motion prompt: edited on the card, used by the animation.
    card0 = page.cards[shots[0]]
    card0.motion.setText("slow push in over the water")
    card0.motion.editingFinished.emit()
    qtbot.waitUntil(
        lambda: (
            store.storyboard.list(board_project.project_id)[0].motion_prompt
            == "slow push in over the water"
        ),
        timeout=10_000,
    )
    selection0 = store.storyboard.list(board_project.project_id)[0]

    # Animate one shot; its card goes to "Clip ready" with a clip and the clip's length.
    with qtbot.waitSignal(page.animation_finished, timeout=60_000) as finished:
        qtbot.mouseClick(card0.animate_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].animation_status == ImageStatus.COMPLETE
    qtbot.waitUntil(lambda: page.cards[shots[0]].card.clip_path is not None, timeout=20_000)
    card0 = page.cards[shots[0]]
    assert card0.card.state == CardState.COMPLETE
    assert card0.status_message() == "Clip ready"
    assert card0.card.duration_source == "clip" and card0.card.duration > 0.5
    stored = store.storyboard.get(selection0.id)
    assert stored.animation_params["input"]["prompt"] == "slow push in over the water"
    assert page.cards[shots[1]].card.state == CardState.NOT_ANIMATED  # only the one

    # Play it inline: the player's source is the clip, and it plays.
    qtbot.mouseClick(card0.play_button, Qt.MouseButton.LeftButton)
    assert page.player.source_path() == card0.card.clip_path
    qtbot.waitUntil(
        lambda: (
            page.player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
            or page.player.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia
        ),
        timeout=10_000,
    )
    page.player.stop()
    assert page.board is not None
    # the board's total counts the gap's slate (default length), as the video does
    expected = page.board.total_seconds

    # Final video: assembled in a worker, then opened in the app's player.
    controller = controller_of(window)
    with qtbot.waitSignal(controller.dialog_opened, timeout=5_000) as opened:
        window.actions_by_name["export_video"].trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, VideoDialog)
    qtbot.waitUntil(lambda: "4 shot(s): 1 clip(s), 2 still(s)" in dialog.plan_label.text())
    assert "1 slate(s)" in dialog.plan_label.text()
    assert "has no final image" in dialog.plan_label.text()  # the gap is named
    target = tmp_path / "out" / "final video.mp4"
    target.parent.mkdir()  # an export never creates its folder
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.video_assembled, timeout=120_000) as assembled:
        qtbot.mouseClick(dialog.assemble_button, Qt.MouseButton.LeftButton)
    result = assembled.args[0]
    assert result.path == target and target.is_file()
    decoded = decode(target)
    frame = 1 / result.format.fps
    assert decoded.duration == pytest.approx(expected, abs=2 * frame)
    assert decoded.info.video_streams == 1 and decoded.info.audio_streams == 1
    assert dialog.player.source_path() == target
    assert dialog.progress.value() == dialog.progress.maximum()
    dialog.close()

    # Exports through File → Export, the file dialog replaced by a chooser at the boundary.
    asked: list[FileRequest] = []
    targets = {
        "pdf": tmp_path / "exports" / "board.pdf",
        "otio": tmp_path / "exports" / "edit.otio",
        "csv": tmp_path / "exports" / "shots",  # the extension is added
        "images": tmp_path / "exports" / "finals",
        "bundle": tmp_path / "exports" / "harbour.sbbundle.zip",
    }
    (tmp_path / "exports").mkdir()
    controller.pdf_options_asker = lambda _parent, _paths: PdfOptions()  # the layout dialog
    results = {}
    for key, path in targets.items():
        controller.chooser = lambda request, p=path: (asked.append(request), p)[1]
        with qtbot.waitSignal(controller.dialog_opened, timeout=5_000) as opened:
            window.actions_by_name[f"export_{key}"].trigger()
        export = opened.args[0]
        assert isinstance(export, ExportDialog)
        with qtbot.waitSignal(export.export_finished, timeout=60_000) as done:
            pass
        results[key] = done.args[0]
        assert "saved" in export.label.text()
        export.close()
    assert [r.mode is FileMode.FOLDER for r in asked] == [False, False, False, True, False]
    assert asked[0].start.name == "harbour-at-dawn.pdf"

    timeline = otio.adapters.read_from_file(str(targets["otio"]))
    clips = [c for c in timeline.tracks[0] if isinstance(c, otio.schema.Clip)]
    assert len(clips) == 3
    assert all(METADATA_KEY in c.metadata for c in clips)
    assert clips[0].media_reference.target_url.startswith("file://")

    with (tmp_path / "exports" / "shots.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    assert [r["status"] for r in rows][-1] == "no final pick"

    assert targets["pdf"].read_bytes().startswith(b"%PDF")
    assert results["pdf"].message.startswith("PDF storyboard saved")
    assert len(list(targets["images"].iterdir())) == 3
    with zipfile.ZipFile(targets["bundle"]) as archive:
        assert "manifest.json" in archive.namelist()
    leftovers = [p.name for p in (tmp_path / "exports").iterdir() if ".part" in p.name]
    assert leftovers == []
