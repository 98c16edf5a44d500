"""File → Import → Screenplay in the real window: the preview first; accept writes, cancel not."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storyboard_app.store.models import ProjectScene
from storyboard_app.ui.interchange.import_actions import import_controller
from storyboard_app.ui.interchange.screenplay_import import NEW_PROJECT, ScreenplayImporter
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.planner.draft_preview import DraftPreviewDialog
from tests.interchange.conftest import dump
from tests.ui.conftest import find_dialog

SCRIPTS = Path(__file__).resolve().parents[2] / "fixtures" / "scripts"


def _importer(window: MainWindow, path: Path) -> ScreenplayImporter:
    controller = import_controller(window)
    assert controller is not None
    controller.chooser = lambda _request: path
    return controller.screenplay


def _preview(qtbot: QtBot, window: MainWindow, path: Path) -> DraftPreviewDialog:
    importer = _importer(window, path)
    with qtbot.waitSignal(importer.preview_shown, timeout=10_000) as shown:
        window.actions_by_name["import_screenplay"].trigger()
    dialog = shown.args[0]
    assert isinstance(dialog, DraftPreviewDialog) and dialog.isVisible()
    return dialog


def test_the_menu_entry_and_its_shortcut(window: MainWindow) -> None:
    action = window.actions_by_name["import_screenplay"]
    controller = import_controller(window)
    assert controller is not None and action in controller.menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+I"
    assert "Screenplay" in action.text()


def test_the_preview_shows_the_script_and_accepting_creates_the_project(
    qtbot: QtBot, window: MainWindow
) -> None:
    store = window.context.store
    before = dump(store)
    dialog = _preview(qtbot, window, SCRIPTS / "lighthouse.fountain")
    assert dump(store) == before  # nothing written while the user looks
    tree = dialog.tree
    assert tree.topLevelItemCount() == 4 and tree.columnCount() == 4
    scene = tree.topLevelItem(1)
    assert scene is not None
    assert (scene.text(0), scene.text(2)) == ("INT. LIGHTHOUSE - STAIRWELL - CONTINUOUS", "2")
    porthole = scene.child(1)
    assert porthole is not None and porthole.text(2).startswith("ELENA: Who's there?")
    assert "Dual dialogue" in porthole.toolTip(0)
    title = dialog.findChild(object, "projectTitle")
    assert title is not None and title.text() == "The Lighthouse Keeper"
    title.setText("Lighthouse, first cut")
    proposed = dialog.proposals.elements_list  # the speakers heard more than once
    assert [proposed.item(i).text() for i in range(proposed.count())][:1] == ["@Elena (character)"]
    importer = _importer(window, SCRIPTS / "lighthouse.fountain")
    with qtbot.waitSignal(importer.imported, timeout=10_000) as done:
        dialog.accept()
    report = done.args[0]
    assert report.created and (report.scenes, report.shots) == (4, 7)
    project = store.projects.get(report.project_id)
    assert project.title == "Lighthouse, first cut"
    scenes = store.scenes.list(project.id)
    fields = store.shot_fields.get(scenes[1].shots[1].id)
    assert fields.dialogue.endswith("TOMAS (at the same time): You're late.")
    assert "Elena" in {e.name for e in store.elements.list(project.id)}
    assert fields.notes.startswith("Dual dialogue")
    qtbot.waitUntil(lambda: window.project is not None and window.project.id == project.id)
    qtbot.waitUntil(lambda: window.current_page_key == "scenes")


def test_cancel_creates_nothing(qtbot: QtBot, window: MainWindow) -> None:
    store = window.context.store
    store.projects.create("Already here")
    before = dump(store)
    dialog = _preview(qtbot, window, SCRIPTS / "night_ferry.fdx")
    dialog.reject()
    qtbot.waitUntil(lambda: find_dialog("screenplayPreviewDialog") is None)
    window.context.tasks.wait(5_000)
    assert dump(store) == before


def test_edits_in_the_preview_are_what_is_written_into_the_open_project(
    qtbot: QtBot, window: MainWindow
) -> None:
    store = window.context.store
    project = store.projects.create("Ferry")
    store.scenes.add_scene(project.id, "Prologue")
    window.open_project(project.id, "scenes")
    qtbot.waitUntil(lambda: window.project is not None and window.project.id == project.id)
    dialog = _preview(qtbot, window, SCRIPTS / "night_ferry.fdx")
    target = dialog.findChild(object, "importTarget")
    assert target is not None and target.count() == 2 and target.currentData() == NEW_PROJECT
    target.setCurrentIndex(1)
    tree = dialog.tree
    first = tree.topLevelItem(0)
    assert first is not None
    first.setText(0, "Terminal, night")
    last = tree.topLevelItem(2)
    assert last is not None
    tree.clearSelection()
    last.setSelected(True)
    dialog.remove_selected()
    importer = _importer(window, SCRIPTS / "night_ferry.fdx")
    with qtbot.waitSignal(importer.imported, timeout=10_000) as done:
        dialog.accept()
    assert not done.args[0].created
    scenes = store.scenes.list(project.id)
    assert [s.title for s in scenes] == [
        "Prologue",
        "Terminal, night",
        "INT. FERRY - PASSENGER LOUNGE - CONTINUOUS",
    ]
    kept = store.shot_fields.get(scenes[1].shots[0].id)
    assert kept.dialogue == "DECKHAND: (waving her on) Last one! Mind the gap."
    with store.sessions.begin() as s:
        extras = s.scalars(
            select(ProjectScene.extra)
            .where(ProjectScene.project_id == project.id)
            .order_by(ProjectScene.scene_number)
        ).all()
    assert [e.get("script_scene_number") for e in extras] == [None, "1", "2"]
    assert len(store.projects.list()) == 1


def test_a_bad_file_shows_a_message_and_no_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.context.store
    before = dump(store)
    importer = _importer(window, SCRIPTS / "entity_bomb.fdx")
    with qtbot.waitSignal(importer.failed, timeout=10_000) as failed:
        window.actions_by_name["import_screenplay"].trigger()
    assert "declares XML entities" in failed.args[0]
    box = find_dialog("errorMessageBox")
    assert box is not None and "entity_bomb.fdx" in box.text()  # type: ignore[attr-defined]
    assert find_dialog("screenplayPreviewDialog") is None
    assert dump(store) == before


def test_choosing_no_file_does_nothing(qtbot: QtBot, window: MainWindow) -> None:
    controller = import_controller(window)
    assert controller is not None
    controller.chooser = lambda _request: None
    before = dump(window.context.store)
    window.actions_by_name["import_screenplay"].trigger()
    window.context.tasks.wait(2_000)
    assert controller.screenplay.preview is None
    assert dump(window.context.store) == before
