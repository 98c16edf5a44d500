"""File → Export → Editorial folder: asks for a folder (starting in the last one used), runs
off the GUI thread with progress, and offers "Open folder" on the folder it wrote."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import opentimelineio as otio
import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_dialog import ExportController, ExportDialog
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.file_chooser import FileMode, FileRequest
from storyboard_app.ui.shared.folders import remember_folder
from tests.helpers import WindowOpener
from tests.ui.storyboard.conftest import build_board_project

WAIT_MS = 60_000


@pytest.fixture
def window(qtbot: QtBot, data_paths: DataPaths) -> Iterator[MainWindow]:
    opener = WindowOpener(qtbot, data_paths)
    made = opener.open()
    made.resize(1200, 800)
    made.show()
    yield made
    opener.close_all(cancel_tasks=True)


def _export(qtbot: QtBot, window: MainWindow, chosen: Path) -> tuple[ExportDialog, FileRequest]:
    controller = window.findChild(ExportController, "exportController")
    assert controller is not None
    asked: list[FileRequest] = []
    controller.chooser = lambda request: (asked.append(request), chosen)[1]
    with qtbot.waitSignal(controller.dialog_opened, timeout=5_000) as opened:
        window.actions_by_name["export_editorial"].trigger()
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog)
    with qtbot.waitSignal(dialog.export_finished, timeout=WAIT_MS):
        pass
    return dialog, asked[0]


def test_the_editorial_folder_is_written_inside_a_chosen_folder_of_other_files(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    data_paths: DataPaths,
    offline_provider: str,
    tmp_path: Path,
) -> None:
    board = build_board_project(store, data_paths)
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(board.project_id, page="storyboard")
    deliveries = tmp_path / "deliveries"
    deliveries.mkdir()
    (deliveries / "brief.txt").write_text("the client's", encoding="utf-8")
    remember_folder(data_paths, deliveries)

    dialog, request = _export(qtbot, window, deliveries)
    assert request.mode is FileMode.FOLDER
    assert request.start == deliveries / "harbour-at-dawn editorial"  # the last folder used
    folder = deliveries / "harbour-at-dawn editorial"
    assert dialog.target == folder  # "Open folder" shows the folder it wrote
    assert dialog.open_folder_button.isVisible()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.label.text().startswith("Editorial folder saved: 3 shots, 1 gap, ")
    assert dialog.notes.text() == "• Scene 2, shot 2 has no final image yet: a gap in the timeline."
    assert (deliveries / "brief.txt").read_text(encoding="utf-8") == "the client's"
    timeline = otio.adapters.read_from_file(str(folder / "harbour-at-dawn.otio"))
    items = list(timeline.tracks[0])
    assert [type(i).__name__ for i in items] == ["Clip", "Clip", "Clip", "Gap"]
    for clip in timeline.find_clips():
        assert (folder / clip.media_reference.target_url).is_file()
    dialog.close()

    # The same folder chosen again: it is an editorial folder now, replaced in place.
    again, _request = _export(qtbot, window, folder)
    assert again.target == folder
    assert sorted(p.name for p in deliveries.iterdir()) == ["brief.txt", folder.name]
    again.close()


def test_an_editorial_folder_holding_a_recut_gets_a_new_folder_and_says_so(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    data_paths: DataPaths,
    offline_provider: str,
    tmp_path: Path,
) -> None:
    board = build_board_project(store, data_paths)
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(board.project_id, page="storyboard")
    folder = tmp_path / "harbour-at-dawn editorial"
    first, _request = _export(qtbot, window, folder)
    assert first.target == folder
    first.close()
    recut = folder / "recut.xml"
    recut.write_text("<xmeml>the editor's</xmeml>", encoding="utf-8")

    again, _request = _export(qtbot, window, folder)
    beside = tmp_path / "harbour-at-dawn editorial 2"
    assert again.target == beside
    assert recut.read_text(encoding="utf-8") == "<xmeml>the editor's</xmeml>"
    assert (beside / "harbour-at-dawn.otio").is_file()
    assert again.notes.text().splitlines()[0] == (
        "• “harbour-at-dawn editorial” holds files this app did not write (recut.xml), so it "
        "was left alone: this export is in a new folder, “harbour-at-dawn editorial 2”."
    )
    # The dialog grows to show every note whole (two notes, the first wrapping).
    qtbot.waitUntil(lambda: again.notes.height() >= again.notes.heightForWidth(again.notes.width()))
    assert again.notes.height() >= 3 * again.notes.fontMetrics().lineSpacing()
    again.close()
