"""Bad files given to File → Import: a clear message, the database unchanged; Cancel works."""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from storyboard_app.interchange.bundle import export_bundle
from storyboard_app.store.models import Base
from storyboard_app.store.open_store import Store
from storyboard_app.ui.interchange.import_actions import import_controller, run_convex_import
from storyboard_app.ui.interchange.job_dialogs import (
    ImportDialog,
    JobControl,
    convex_report_content,
)
from storyboard_app.ui.main_window import MainWindow
from tests.ui.legacy.conftest import LegacyExport


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for before/after comparisons."""
    with store.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def _seed(store: Store) -> None:
    project = store.projects.create("Existing work", "must survive")
    scene = store.scenes.add_scene(project.id, "Opening")
    store.scenes.add_shot(scene.id, "a quiet harbour")


def _failed_import(qtbot: QtBot, window: MainWindow, key: str, path: Path) -> ImportDialog:
    controller = import_controller(window)
    assert controller is not None
    controller.chooser = lambda _request: path
    with qtbot.waitSignal(controller.dialog_opened) as opened:
        window.actions_by_name[f"import_{key}"].trigger()
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.import_failed, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: not dialog.running)
    return dialog


def _damaged_member(source: Path, target: Path) -> Path:
    """A copy whose scenes table has its compressed bytes scrambled mid-member."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("scenes/documents.jsonl")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(40, info.compress_size - 2)):
        raw[i] ^= 0xFF
    target.write_bytes(bytes(raw))
    return target


def test_bad_convex_files_change_nothing(
    qtbot: QtBot, window: MainWindow, legacy_export: LegacyExport, tmp_path: Path
) -> None:
    store = window.context.store
    _seed(store)
    before = dump(store)
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("these are my notes, not an export")
    data = legacy_export.path.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    damaged = _damaged_member(legacy_export.path, tmp_path / "damaged.zip")
    cases = (
        (not_zip, "not a readable zip file"),
        (truncated, "not a readable zip file"),
        (damaged, "is damaged"),
    )
    for path, expected in cases:
        shown = len(window.context.errors.reports)
        dialog = _failed_import(qtbot, window, "convex", path)
        report = window.context.errors.reports[shown]
        assert report.expected, report.message
        assert expected in report.message
        assert "npx convex export" in report.message  # what to do
        assert report.title == "Could not import the Convex export"
        assert "Nothing was imported; your projects are unchanged." in dialog.label.text()
        assert dialog.button.text() == "Close" and not dialog.report_view.isVisible()
        assert dump(store) == before, path.name
        dialog.close()


def test_a_bundle_from_a_newer_version_is_refused(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store = window.context.store
    _seed(store)
    project_id = store.projects.list()[0].id
    good = tmp_path / "good.zip"
    export_bundle(store, store.paths.media, project_id, good)
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(newer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["version"] = 99
                data = json.dumps(manifest).encode()
            dst.writestr(info, data)
    before = dump(store)
    dialog = _failed_import(qtbot, window, "bundle", newer)
    message = window.context.errors.reports[-1].message
    assert "newer Storyboard Studio" in message and "99" in message
    assert dialog.windowTitle() == "Import project bundle"
    assert dump(store) == before


class _PausingControl:
    """The real JobControl, pausing the worker at its first progress report."""

    def __init__(self, control: JobControl) -> None:
        self.control = control
        self.reached = threading.Event()
        self.resume = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.control.cancelled

    def check_cancelled(self) -> None:
        self.control.check_cancelled()

    def progress(self, done: int, total: int) -> None:
        self.control.progress(done, total)
        if not self.reached.is_set():
            self.reached.set()
            self.resume.wait(20)


def test_cancel_stops_the_import_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, legacy_export: LegacyExport
) -> None:
    store = window.context.store
    _seed(store)
    before = dump(store)
    real_job = run_convex_import(legacy_export.path)
    pausing: list[_PausingControl] = []

    def job(context: Any, control: JobControl) -> Any:
        pausing.append(_PausingControl(control))
        return real_job(context, pausing[0])  # type: ignore[arg-type]

    dialog = ImportDialog(
        window.context, "Convex export", legacy_export.path.name, job, convex_report_content, window
    )
    dialog.open()
    dialog.start()
    qtbot.waitUntil(lambda: bool(pausing) and pausing[0].reached.is_set(), timeout=10_000)
    assert dialog.button.text() == "Cancel"
    with qtbot.waitSignal(dialog.import_cancelled, timeout=20_000):
        dialog.button.click()  # Cancel
        pausing[0].resume.set()
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.label.text() == "Cancelled. Nothing was imported; your projects are unchanged."
    assert dialog.button.text() == "Close"
    assert window.context.errors.reports == []  # a cancellation is not an error
    assert dump(store) == before
    dialog.close()
