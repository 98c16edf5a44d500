"""File → Import → Storyboarder project and File → Export → Storyboarder project, driven
through the real window (the file dialog answered by the test: the outside boundary)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from storyboard_app.interchange.storyboarder import StoryboarderImportReport
from storyboard_app.ui.interchange.export_dialog import ExportDialog, export_controller
from storyboard_app.ui.interchange.import_actions import import_controller
from storyboard_app.ui.interchange.job_dialogs import ImportDialog
from storyboard_app.ui.main_window import MainWindow
from tests.interchange.conftest import dump

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "storyboarder"


def _import(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    controller = import_controller(window)
    assert controller is not None
    asked: list[str] = []
    controller.chooser = lambda request: asked.append(request.filters) or path
    with qtbot.waitSignal(controller.dialog_opened) as opened:
        window.actions_by_name["import_storyboarder"].trigger()
    assert "*.storyboarder" in asked[0] and "*.fountain" in asked[0]
    dialog = opened.args[0]
    assert isinstance(dialog, ImportDialog)
    return dialog


def test_import_a_multi_scene_project_from_its_script_then_export_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    project = Path(shutil.copytree(FIXTURES / "multi" / "Harbour", tmp_path / "Harbour"))
    scene = next((project / "storyboards").glob("Scene-1-*")) / "images"
    (next(scene.glob("board-2-*-reference.png"))).unlink()  # one picture is gone
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=20_000):  # type: ignore[attr-defined]
        dialog = _import(qtbot, window, project / "Harbour.fountain")
        with qtbot.waitSignal(dialog.import_finished, timeout=20_000) as finished:
            pass
    report = finished.args[0]
    assert isinstance(report, StoryboarderImportReport)
    rows = {row[0]: row[1] for row in dialog.report_view.table_rows()}
    assert rows == {
        "Scenes": "3",
        "Shots (one per board)": "5",
        "Final picks (board pictures)": "4",
        "Shots marked “image missing”": "1",
    }
    summary = dialog.report_view.summary.text()
    assert summary == (
        "Imported “Harbour Lights”: 3 scenes, 5 boards as shots, 4 images as final picks; "
        "1 shot marked image missing."
    )
    notes = dialog.report_view.notes.text().splitlines()
    assert notes[0] == (
        "No final pick, image missing — scene 1, board 2A: board-2-H2X1Z-reference.png is missing."
    )
    assert dialog.report_view.skipped_label.text() == "Nothing was skipped."
    titles = [p.title for p in dashboard.visible_projects()]  # type: ignore[attr-defined]
    assert titles == ["Harbour Lights"]

    with qtbot.waitSignal(window.project_opened):
        dialog.open_button.click()
    exports = export_controller(window)
    assert exports is not None
    target = tmp_path / "out" / "Harbour Again"
    (tmp_path / "out").mkdir()
    exports.chooser = lambda _request: target
    assert window.actions_by_name["export_storyboarder"].isEnabled()
    with qtbot.waitSignal(exports.dialog_opened) as opened:
        window.actions_by_name["export_storyboarder"].trigger()
    export_dialog = opened.args[0]
    assert isinstance(export_dialog, ExportDialog)
    with qtbot.waitSignal(export_dialog.export_finished, timeout=20_000) as done:
        pass
    assert done.args[0].path == target
    assert (target / "Harbour Again.fountain").is_file()
    assert len(list((target / "storyboards").glob("Scene-*/*.storyboarder"))) == 3
    assert export_dialog.label.text().startswith("Storyboarder project saved: 5 boards, 3 scene")
    assert export_dialog.notes.text().splitlines() == [
        "• Open Harbour Again.fountain in Storyboarder.",
        "• Scene 1, shot 2 has no final image yet: a blank board.",
    ]
    export_dialog.close()


def test_a_file_that_is_not_storyboarder_fails_clearly_and_imports_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.context.store
    store.projects.create("Existing work", "must survive")
    before = dump(store)
    path = tmp_path / "shopping.storyboarder"
    path.write_text('{"milk": 2}')
    shown = len(window.context.errors.reports)
    dialog = _import(qtbot, window, path)
    with qtbot.waitSignal(dialog.import_failed, timeout=20_000) as failed:
        pass
    qtbot.waitUntil(lambda: not dialog.running)
    assert failed.args[0] == (
        "shopping.storyboarder is not a Storyboarder project: it has no list of boards. "
        "Choose the .storyboarder file Storyboarder saved. Nothing was imported."
    )
    assert window.context.errors.reports[shown].message == failed.args[0]
    assert dump(store) == before
    dialog.close()
