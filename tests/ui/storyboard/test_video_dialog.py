"""The final-video dialog: the frame follows the project's aspect ratio, burn-in is a box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import ImageChops, ImageStat
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from storyboard_app.store.open_store import Store
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.storyboard.video_dialog import VideoDialog
from tests.media.video_checks import frame_at, moov_before_mdat, video_facts
from tests.ui.storyboard.conftest import Board, controller_of, multimedia, open_storyboard

pytestmark = multimedia


def test_a_portrait_project_with_burn_in(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    board_project: Board,
    store: Store,
    tmp_path: Path,
) -> None:
    store.projects.set_look(board_project.project_id, aspect_ratio="9:16", fps=25)
    for selection in store.storyboard.build(board_project.project_id):
        store.storyboard.set_duration(selection.id, 0.5)  # short: a quick assembly
    window = make_window()
    open_storyboard(qtbot, window, board_project.project_id)
    dialog = controller_of(window).open_video()
    assert isinstance(dialog, VideoDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.size_combo.itemText(0) == "720 × 1280 (HD)"
    assert dialog.size_combo.itemText(2) == "480 × 854 (Small)"
    assert "9:16 frame at 25 fps" in dialog.plan_label.text()
    assert "1 slate(s)" in dialog.plan_label.text()
    dialog.size_combo.setCurrentIndex(2)

    made: list[Path] = []
    for burn_in in (False, True):
        target = tmp_path / f"burn-{burn_in}.mp4"
        dialog.path_edit.setText(str(target))
        dialog.burn_in.setChecked(burn_in)
        with qtbot.waitSignal(dialog.video_assembled, timeout=120_000) as done:
            qtbot.mouseClick(dialog.assemble_button, Qt.MouseButton.LeftButton)
        result = done.args[0]
        assert (result.format.width, result.format.height, result.format.fps) == (480, 854, 25)
        qtbot.waitUntil(lambda: dialog.task is None)
        made.append(target)
    dialog.close()

    for path in made:
        facts = video_facts(path)
        assert (facts.width, facts.height) == (480, 854) and facts.rate == 25
        assert moov_before_mdat(facts.boxes) and facts.first_frame == 0
    plain = frame_at(made[0], 0.2).to_image().convert("L")
    burnt = frame_at(made[1], 0.2).to_image().convert("L")
    corner = (0, 854 - 60, 240, 854)
    assert ImageStat.Stat(ImageChops.difference(plain.crop(corner), burnt.crop(corner))).mean[0] > 5
