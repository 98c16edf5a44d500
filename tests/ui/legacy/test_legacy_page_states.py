"""The legacy page's other states: old-encoding exports, re-import, missing files, failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import NotFoundError
from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.store.services.legacy import LegacyService
from storyboard_app.ui.interchange.import_actions import import_controller
from storyboard_app.ui.interchange.job_dialogs import ImportDialog
from storyboard_app.ui.legacy.page import LegacyPage
from storyboard_app.ui.main_window import MainWindow
from tests.ui.legacy.conftest import LegacyExport, build_legacy_export, multimedia
from tests.ui.legacy.test_import_failures import dump

pytestmark = multimedia


def _import_through_menu(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    controller = import_controller(window)
    assert controller is not None
    controller.chooser = lambda _request: path
    with qtbot.waitSignal(controller.dialog_opened) as opened:
        window.actions_by_name["import_convex"].trigger()
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.import_finished, timeout=20_000):
        pass
    return dialog


def _open_legacy(qtbot: QtBot, window: MainWindow, project_id: int) -> LegacyPage:
    page = window.page("legacy")
    assert isinstance(page, LegacyPage)
    with qtbot.waitSignal(page.view_loaded, timeout=10_000):
        window.open_project(project_id)
    return page


def test_old_encoding_export_and_a_second_import_change_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    export = build_legacy_export(tmp_path, encoding="old")
    first = _import_through_menu(qtbot, window, export.path)
    assert first.report.encoding["scenes"] == "old"
    first.close()
    store = window.context.store
    before = dump(store)
    second = _import_through_menu(qtbot, window, export.path)
    rows = {row[0]: row for row in second.report_view.table_rows()}
    assert rows["Legacy scenes"][1:6] == ["3", "0", "0", "3", "0"]  # read, added, updated, same
    assert second.report.inserted == 0 and second.report.updated == 0
    assert dump(store) == before  # idempotent
    legacy_id = max(second.report.project_ids)
    second.close()
    page = _open_legacy(qtbot, window, legacy_id)
    assert page.scene_ids() == [s.id for s in LegacyService(store.sessions).scenes(legacy_id)]
    assert page.counts_label.text() == "3 scenes, 2 video clips"


def test_a_missing_image_file_says_what_to_do(
    qtbot: QtBot, window: MainWindow, legacy_export: LegacyExport
) -> None:
    store = window.context.store
    report = import_convex_export(store, window.context.paths.media, legacy_export.path)
    legacy_id = max(report.project_ids)
    scene = LegacyService(store.sessions).scenes(legacy_id)[1]
    assert scene.image_storage_id is not None
    window.context.media.path_for(scene.image_storage_id).unlink()
    page = _open_legacy(qtbot, window, legacy_id)
    page.select_scene(scene.id)
    qtbot.waitUntil(lambda: "missing or damaged" in page.image_label.text(), timeout=10_000)
    assert "media verify" in page.image_label.text()
    # Back to it later: the page remembers the file is missing instead of "Loading…" forever.
    page.select_scene(page.scene_ids()[0])
    qtbot.waitUntil(lambda: not page.image_label.pixmap().isNull(), timeout=10_000)
    page.select_scene(scene.id)
    assert "missing or damaged" in page.image_label.text()


def test_a_failed_migration_is_explained_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, legacy_export: LegacyExport
) -> None:
    store = window.context.store
    report = import_convex_export(store, window.context.paths.media, legacy_export.path)
    legacy_id = max(report.project_ids)
    page = _open_legacy(qtbot, window, legacy_id)
    store.projects.delete(legacy_id)  # e.g. deleted from the command line meanwhile
    before = dump(store)
    with qtbot.waitSignal(window.context.errors.error_presented, timeout=10_000) as shown:
        task = page.migrate()
        assert task is not None
        assert not page.migrate_button.isEnabled() and page.busy.isVisible()
    error = shown.args[0]
    assert error.expected and error.title == "Could not migrate the project"
    assert f"There is no project with id {legacy_id}" in error.message
    assert page.explanation.text().startswith("The migration did not happen")
    assert window.current_page_key == "legacy"
    qtbot.waitUntil(lambda: page.migrate_button.isEnabled())
    assert len(window.context.errors.reports) == 1  # one failure, one message
    assert dump(store) == before


def test_the_service_reads_only_legacy_rows(window: MainWindow) -> None:
    store = window.context.store
    service = LegacyService(store.sessions)
    v2 = store.projects.create("New style")
    view = service.view(v2.id)
    assert view.scenes == () and view.clips == ()
    assert view.workflow_version == WorkflowVersion.V2_REDESIGN and view.migrated
    with pytest.raises(NotFoundError):
        service.scenes(404)
    with pytest.raises(NotFoundError):
        service.clips(404)
