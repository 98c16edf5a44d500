"""A Convex export with a legacy project, imported, viewed read-only and migrated in the GUI."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QTextEdit
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.interchange.reports import ImportReport, MigrationReport
from storyboard_app.store.services.legacy import LegacyService
from storyboard_app.ui.interchange.import_actions import ImportController, import_controller
from storyboard_app.ui.interchange.job_dialogs import ImportDialog, ReportDialog
from storyboard_app.ui.legacy.page import LegacyPage
from storyboard_app.ui.main_window import MainWindow
from storyboard_app.ui.scenes.page import ScenesEditorPage
from tests.ui.legacy.conftest import LegacyExport, multimedia

pytestmark = multimedia


def _controller(window: MainWindow) -> ImportController:
    controller = import_controller(window)
    assert controller is not None
    return controller


def _import(qtbot: QtBot, window: MainWindow, zip_path: Path) -> ImportDialog:
    """File → Import → Convex export, the file dialog answered with `zip_path`."""
    asked: list[str] = []
    controller = _controller(window)
    controller.chooser = lambda request: asked.append(request.title) or zip_path
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=20_000):  # type: ignore[attr-defined]
        with qtbot.waitSignal(controller.dialog_opened) as opened:
            window.actions_by_name["import_convex"].trigger()
        dialog = opened.args[0]
        assert isinstance(dialog, ImportDialog)
        with qtbot.waitSignal(dialog.import_finished, timeout=20_000):
            pass
    assert asked == ["Import a Convex export"]
    return dialog


def _legacy_id(window: MainWindow, title: str) -> int:
    for summary in window.page("dashboard").visible_projects():  # type: ignore[attr-defined]
        if summary.title == title:
            assert summary.workflow_version == WorkflowVersion.V1_LEGACY
            return int(summary.id)
    raise AssertionError(f"{title} is not on the dashboard")


def test_import_view_read_only_and_migrate(
    qtbot: QtBot, window: MainWindow, legacy_export: LegacyExport
) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None
    submenus = [a.text().replace("&", "") for a in file_menu.actions() if a.menu() is not None]
    assert submenus[:2] == ["Import", "Export"]

    dialog = _import(qtbot, window, legacy_export.path)
    report = dialog.report
    assert isinstance(report, ImportReport)
    rows = {row[0]: row for row in dialog.report_view.table_rows()}
    assert rows["Legacy scenes"][1:3] == ["3", "3"]  # read, added (in creator words)
    assert rows["Legacy clips"][1:3] == ["2", "2"]
    assert rows["Stored files"][2] == str(report.files_stored)
    assert not [name for name in rows if "_" in name]  # no table names
    assert dialog.report_view.summary.text().startswith("Imported 2 projects from legacy")
    assert report.files_stored == 3 + 1 + 6  # legacy images, the clip, one v2 round
    assert dialog.report_view.summary.text() == report.describe()
    assert dialog.open_button.isVisible()
    assert dialog.button.text() == "Close"

    # The legacy project is on the dashboard (with its badge text) and opens read-only.
    legacy_id = _legacy_id(window, legacy_export.title)
    dialog.close()
    page = window.page("legacy")
    assert isinstance(page, LegacyPage)
    with qtbot.waitSignal(page.view_loaded, timeout=10_000):
        window.open_project(legacy_id)
    assert window.current_page_key == "legacy"
    assert page.title_label.text() == legacy_export.title
    assert page.badge.text() == "LEGACY · READ-ONLY"
    assert [page.scene_list.item(r).text() for r in range(3)] == [
        f"Scene {n} · {t}" for n, t in enumerate(legacy_export.scene_titles, start=1)
    ]

    # No edit actions: no stage to go to, nothing editable, no undo, no storyboard exports.
    for name in ("go_planner", "go_scenes", "go_iterator", "go_storyboard", "undo", "redo"):
        assert not window.actions_by_name[name].isEnabled(), name
    assert not window.stage_bar.buttons["scenes"].isVisible()
    window.show_page("scenes")
    assert window.current_page_key == "legacy"
    assert page.undo_stack() is None
    assert page.findChildren(QLineEdit) == []
    assert all(e.isReadOnly() for e in page.findChildren(QPlainTextEdit))
    assert all(e.isReadOnly() for e in page.findChildren(QTextEdit))
    for lst in (page.scene_list, page.clip_list):
        for r in range(lst.count()):
            assert not lst.item(r).flags() & Qt.ItemFlag.ItemIsEditable
    assert not window.actions_by_name["export_pdf"].isEnabled()
    buttons = [b.text() for b in page.findChildren(QPushButton) if b.isVisible()]
    assert buttons == ["Migrate to the new workflow…", "Play"]

    # Scene 1: its image (loaded off the GUI thread) and its stored clip in the player.
    scene_ids = page.scene_ids()
    assert page.current_scene() is not None and page.current_scene().id == scene_ids[0]
    qtbot.waitUntil(lambda: not page.image_label.pixmap().isNull(), timeout=10_000)
    assert page.prompt_label.text() == "cinematic lighthouse, scene 1"
    assert page.description_label.text() == "What happens in scene 1"
    clip_id = hashlib.sha256(legacy_export.clip_bytes).hexdigest()
    clip_path = window.context.media.path_for(clip_id)
    assert page.player.source_path() == clip_path
    assert clip_path.read_bytes() == legacy_export.clip_bytes
    page.play_current_clip()
    qtbot.waitUntil(
        lambda: (
            page.player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
            or page.player.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia
        ),
        timeout=10_000,
    )
    # Scene 2 has no clip; scene 3's clip was never downloaded (its URL is shown).
    with qtbot.waitSignal(page.clip_loaded) as loaded:
        page.select_scene(scene_ids[1])
    assert loaded.args == [""]
    assert page.clip_ids() == []
    assert page.player.source_path() is None
    assert page.player.still.text() == "This scene has no video clip."
    with qtbot.waitSignal(page.clip_loaded):
        page.select_scene(scene_ids[2])
    assert len(page.clip_ids()) == 1
    assert "not stored locally" in page.clip_list.item(0).text()
    assert "https://replicate.delivery/legacy/3.mp4" in page.player.still.text()
    page.select_scene(scene_ids[0])

    # Migrate: the prompt explains, the worker migrates, the report shows, Scenes opens.
    box = page.migrate_interactively()
    assert box is not None
    informative = box.informativeText()
    assert "backed up first" in informative and "kept, marked archived" in informative
    confirm = box.findChild(QPushButton, "migrateConfirmButton")
    assert confirm is not None
    with qtbot.waitSignal(page.migration_finished, timeout=20_000) as finished:
        confirm.click()
    migration = finished.args[0]
    assert isinstance(migration, MigrationReport)
    assert (migration.outcome, migration.scenes, migration.shots) == ("migrated", 3, 3)
    assert migration.images == 3 and migration.selections == 2
    assert migration.backup is not None and Path(migration.backup).is_file()
    report_dialog = page.report_dialog
    assert isinstance(report_dialog, ReportDialog)
    assert report_dialog.isVisible()
    report_rows = dict(r[:2] for r in report_dialog.view.table_rows())
    assert report_rows["scenes created"] == "3"
    assert report_rows["legacy scenes archived (kept)"] == "3"
    assert migration.backup in report_dialog.view.notes.text()

    qtbot.waitUntil(lambda: window.current_page_key == "scenes")  # the project is re-read
    assert window.project is not None
    assert window.project.workflow_version == WorkflowVersion.V2_REDESIGN
    assert window.actions_by_name["go_storyboard"].isEnabled()  # a v2 project: every stage
    assert window.stage_bar.buttons["storyboard"].isVisible()
    scenes_page = window.current_page()
    assert isinstance(scenes_page, ScenesEditorPage)
    qtbot.waitUntil(lambda: scenes_page.idle, timeout=5_000)  # the tree loads in a worker
    scenes = scenes_page.scenes()
    assert [s.title for s in scenes] == legacy_export.scene_titles
    assert [len(s.shots) for s in scenes] == [1, 1, 1]
    image_ids = [hashlib.sha256(b).hexdigest() for b in legacy_export.image_bytes]
    for scene, image_id in zip(scenes, image_ids, strict=True):
        shot = scene.shots[0]
        assert shot.selected_image_id is not None  # the final pick
        assert shot.cover_storage_id == image_id
    store = window.context.store
    first_shot = scenes[0].shots[0]
    selections = {s.shot_id: s for s in store.storyboard.list(legacy_id)}
    assert selections[first_shot.id].video_storage_id == clip_id
    assert scenes[1].shots[0].id not in selections  # scene 2 had no clip
    # The legacy rows are kept, archived; the dashboard shows the project as v2 now.
    legacy = LegacyService(store.sessions).view(legacy_id)
    assert all(s.archived for s in legacy.scenes) and len(legacy.scenes) == 3
    assert all(c.archived for c in legacy.clips) and len(legacy.clips) == 2
    dashboard = window.page("dashboard")
    qtbot.waitUntil(
        lambda: any(
            p.id == legacy_id and p.workflow_version == WorkflowVersion.V2_REDESIGN
            for p in dashboard.visible_projects()  # type: ignore[attr-defined]
        ),
        timeout=10_000,
    )
