"""File → Export → Project bundle on one machine, File → Import → Project bundle on another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.reports import BundleReport
from storyboard_app.paths import DataPaths
from storyboard_app.store.services.tree import load_project_tree
from storyboard_app.ui.interchange.export_dialog import ExportDialog, export_controller
from storyboard_app.ui.interchange.import_actions import import_controller
from storyboard_app.ui.interchange.job_dialogs import ImportDialog
from storyboard_app.ui.main_window import MainWindow
from tests.helpers import normalised_tree
from tests.ui.legacy.conftest import LegacyExport, multimedia

pytestmark = multimedia


def _tree(window: MainWindow, project_id: int) -> Any:
    """`project show --json` of the project, without its own id (it differs by machine)."""
    media = window.context.media
    tree = load_project_tree(
        window.context.store.sessions,
        project_id,
        lambda key: str(p) if (p := media.existing_path(key)) is not None else None,
    )
    assert tree.pop("id") == project_id
    return tree


def test_bundle_round_trip_through_the_menus(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    other_data_paths: DataPaths,
    legacy_export: LegacyExport,
    tmp_path: Path,
) -> None:
    source = make_window()
    store = source.context.store
    imported = import_convex_export(store, source.context.paths.media, legacy_export.path)
    legacy_id = max(imported.project_ids)  # the legacy project, with its stored clip
    legacy_tree = _tree(source, legacy_id)
    assert legacy_tree["legacy"]["video_clips"][0]["video_path"]
    with qtbot.waitSignal(source.project_opened):
        source.open_project(legacy_id)

    exports = export_controller(source)
    assert exports is not None
    target = tmp_path / "out" / "lighthouse"
    (tmp_path / "out").mkdir()
    exports.chooser = lambda _request: target
    assert source.actions_by_name["export_bundle"].isEnabled()  # legacy projects too
    with qtbot.waitSignal(exports.dialog_opened) as opened:
        source.actions_by_name["export_bundle"].trigger()
    export_dialog = opened.args[0]
    assert isinstance(export_dialog, ExportDialog)
    with qtbot.waitSignal(export_dialog.export_finished, timeout=20_000) as finished:
        pass
    bundle = finished.args[0].path
    assert bundle == target.with_name("lighthouse.sbbundle.zip") and bundle.is_file()
    export_dialog.close()

    other = make_window(other_data_paths)
    imports = import_controller(other)
    assert imports is not None
    imports.chooser = lambda _request: bundle
    dashboard = other.page("dashboard")
    with qtbot.waitSignal(dashboard.projects_loaded, timeout=20_000):  # type: ignore[attr-defined]
        with qtbot.waitSignal(imports.dialog_opened) as opened:
            other.actions_by_name["import_bundle"].trigger()
        dialog = opened.args[0]
        assert isinstance(dialog, ImportDialog)
        with qtbot.waitSignal(dialog.import_finished, timeout=20_000):
            pass
    report = dialog.report
    assert isinstance(report, BundleReport)
    rows = {row[0]: row[1] for row in dialog.report_view.table_rows()}
    assert rows["Legacy scenes"] == "3" and rows["Legacy clips"] == "2"
    assert rows["Media files (verified)"] == "4"  # three images and the clip
    titles = [p.title for p in dashboard.visible_projects()]  # type: ignore[attr-defined]
    assert titles == [legacy_export.title]
    assert normalised_tree(_tree(other, report.project_id)) == normalised_tree(legacy_tree)

    # "Open project" opens the copy on its read-only legacy page.
    with qtbot.waitSignal(other.project_opened) as opened_project:
        dialog.open_button.click()
    assert opened_project.args == [report.project_id]
    assert other.current_page_key == "legacy"
