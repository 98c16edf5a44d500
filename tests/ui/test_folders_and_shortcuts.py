"""File choosers start in the last folder used (kept in the data folder's settings), export
and import dialogs offer "Open folder" when done, and every shortcut reads the same in the
menus, F1, the buttons and the README."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.export_dialog import ExportController, ExportDialog
from storyboard_app.ui.interchange.import_actions import ImportController
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.shared.file_chooser import FileRequest
from storyboard_app.ui.shared.folders import documents_folder, start_folder

WAIT_MS = 20_000
ROOT = Path(__file__).resolve().parents[2]


def _export_bundle(
    qtbot: QtBot, window: MainWindow, target: Path, asked: list[FileRequest]
) -> ExportDialog:
    controller = window.findChild(ExportController, "exportController")
    assert controller is not None

    def chooser(request: FileRequest) -> Path:
        asked.append(request)
        return target

    controller.chooser = chooser
    with qtbot.waitSignal(controller.dialog_opened, timeout=WAIT_MS) as opened:
        controller.export("bundle")
    dialog = opened.args[0]
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.done_result is not None, timeout=WAIT_MS)
    return dialog


def test_choosers_start_in_the_last_folder_used_and_offer_open_folder(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    store: Store,
    data_paths: DataPaths,
    tmp_path: Path,
) -> None:
    project = store.projects.create("Harbour")
    window = make_window(restore=False)
    with qtbot.waitSignal(window.project_opened, timeout=WAIT_MS):
        window.open_project(project.id, page="planner")
    asked: list[FileRequest] = []
    out = tmp_path / "deliveries"
    out.mkdir()

    # First export: no folder used yet, the chooser opens in Documents (never the cwd).
    dialog = _export_bundle(qtbot, window, out / "harbour.zip", asked)
    assert asked[0].start.parent == documents_folder()
    assert dialog.open_folder_button.isVisible()  # "Open folder" once written
    dialog.close()

    # The next chooser (any kind) opens where the last file went, even after a restart.
    _export_bundle(qtbot, window, out / "again.zip", asked).close()
    assert asked[1].start.parent == out
    assert start_folder(data_paths) == out
    imports = window.findChild(ImportController)
    assert imports is not None
    opened: list[FileRequest] = []
    imports.chooser = lambda request: opened.append(request)  # type: ignore[assignment, func-returns-value]
    imports.import_bundle()
    assert opened[0].start == out


def test_final_video_is_ctrl_shift_v_everywhere_and_enter_is_enter(window: MainWindow) -> None:
    rows = window.shortcut_rows()
    video = [keys for _where, action, keys in rows if action.startswith("Final video")]
    assert video == ["Ctrl+Shift+V"], rows
    e_rows = [r[1] for r in rows if "Ctrl+Shift+E" in r[2].split(", ")]
    assert e_rows == ["Elements (cast, locations)"]  # Ctrl+Shift+E is Elements only
    assert not [r for r in rows if "Return" in r[2]]  # F1 says Enter, as the hints do
    window_keys = [keys for where, _a, keys in rows if where == "Window"]
    assert len(window_keys) == len(set(window_keys)), window_keys  # no ambiguous shortcut
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "*Final video…* (Ctrl+Shift+V)" in readme
    assert "Return)" not in readme
    for _where, action, keys in rows:
        if action == "Draft scenes and shots":
            assert f"*Draft scenes and shots* ({keys})" in readme
