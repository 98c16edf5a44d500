"""A large Convex export through File → Import: converted in other processes, window live."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from storyboard_app.interchange.reports import ImportReport
from storyboard_app.ui.interchange.import_actions import import_controller
from storyboard_app.ui.main_window import MainWindow
from tests.interchange.builders import ExportData, v2_project


def _large_export(path: Path) -> tuple[Path, int]:
    """About 8,400 small images: over the size at which converting processes start."""
    data = ExportData()
    v2_project(data, scenes=4, shots=5, rounds=70, with_files=False)
    for doc in data.tables["shotImages"]:
        doc["iterationPrompt"] = "a lighthouse on a cliff at dusk, " * 32
    return data.write(path), len(data.tables["shotImages"])


def test_a_large_import_converts_in_other_processes_and_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path, images = _large_export(tmp_path / "large.zip")
    controller = import_controller(window)
    assert controller is not None
    controller.chooser = lambda _request: path
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with qtbot.waitSignal(controller.dialog_opened) as opened:
        window.actions_by_name["import_convex"].trigger()
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.import_finished, timeout=60_000) as finished:
        pass
    timer.stop()
    report = finished.args[0]
    assert isinstance(report, ImportReport)
    # The job runs on a Qt pool thread: the converters are fresh processes, not forks.
    assert report.converter_processes == 2
    assert report.tables["shot_images"].inserted == images and report.skipped_total == 0
    assert len(ticks) >= report.seconds / 0.02 / 4  # the event loop kept turning meanwhile
    qtbot.waitUntil(lambda: not dialog.running)
    dialog.close()
