"""Screenshots of an editorial folder as a file manager lists it, and of the export dialog.

Usage: .venv/bin/python scripts/editorial_screenshots.py [OUT_DIR]  (default docs/screenshots)
Builds a demo project with the offline provider in a temporary data folder (two scenes, a
refined shot, two animated shots, a gap, a title with é and 夜明け), exports its editorial
folder through File → Export → Editorial folder of the real main window, then lists the
folder in a QTreeView over a QFileSystemModel (name, size, kind, as a file manager shows
it) and saves editorial-folder-1024x700.png, editorial-folder-1600x1000.png and
editorial-export-dialog.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.screenshot_helpers

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileSystemModel,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.app import build_main_window
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.interchange.export_dialog import ExportController, ExportDialog
from tests.screenshot_helpers import close_app, save_grab, settle, wait_until


def build_demo(paths: DataPaths) -> int:
    store = open_store(paths)
    project = store.projects.create("Harbour at dawn", "Boats leave before sunrise.")
    scenes = [
        store.scenes.add_scene(project.id, "Boats", "The fleet wakes up."),
        store.scenes.add_scene(project.id, "Market", "The first catch is sold."),
    ]
    specs = [
        (0, "fishing boats leaving the harbour at dawn", "Wide harbour"),
        (0, "nets piled on a wooden pier,\nmorning mist", "Nets on the pier"),
        (0, "a fisherman coiling rope, close-up of hands", "Hands and rope"),
        (1, "a fish market stall with ice and lanterns", "Marché at 夜明け"),
        (1, "a gull on a lamp post over the square", "Gull"),
    ]
    shots = [store.scenes.add_shot(scenes[s].id, p, d) for s, p, d in specs]
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    for shot in shots[:4]:
        done = engine.run_round([r.id for r in engine.plan_round(shot.id)])
        store.images.select_final(done[0].id)
    selections = {s.shot_id: s for s in store.storyboard.build(project.id)}
    for shot in shots[:2]:
        engine.plan_animation(selections[shot.id].id, motion_prompt="slow push in")
        engine.run_animation(selections[shot.id].id)
    store.close()
    return project.id


def listing(folder: Path) -> QWidget:
    """The folder as a file manager lists it: a tree of names with size and kind."""
    panel = QWidget()
    panel.setWindowTitle(folder.name)
    layout = QVBoxLayout(panel)
    path_label = QLabel(f"{folder.parent.name} › {folder.name}")
    path_label.setObjectName("folderPath")
    layout.addWidget(path_label)
    model = QFileSystemModel(panel)
    model.setFilter(QDir.Filter.AllEntries | QDir.Filter.NoDotAndDotDot)
    root = model.setRootPath(str(folder))
    view = QTreeView(panel)
    view.setModel(model)
    view.setRootIndex(root)
    view.setAlternatingRowColors(True)
    view.setColumnHidden(3, True)  # date modified: the export time, noise here
    view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    layout.addWidget(view)
    loaded: set[str] = set()
    model.directoryLoaded.connect(loaded.add)
    wanted = {str(folder), str(folder / "media")}  # alternates/ stays closed, as a bin would
    for sub in sorted(wanted):
        view.expand(model.index(sub))  # expanding asks the model to load the folder
    wait_until(lambda: wanted <= loaded, 20)
    view.expand(model.index(str(folder / "media")))
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return panel


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        paths.ensure()
        project_id = build_demo(paths)
        deliveries = Path(tmp) / "Deliveries"
        deliveries.mkdir()
        (deliveries / "client brief.txt").write_text("Boats, dawn, 30 s.", encoding="utf-8")
        store = open_store(paths)
        window = build_main_window(paths, store)
        window.resize(1280, 800)
        window.show()
        window.open_project(project_id, page="storyboard")
        wait_until(lambda: window.project is not None)
        controller = window.findChild(ExportController, "exportController")
        assert controller is not None
        controller.chooser = lambda _request: deliveries
        opened: list[ExportDialog] = []
        controller.dialog_opened.connect(opened.append)
        window.actions_by_name["export_editorial"].trigger()
        wait_until(lambda: bool(opened))
        dialog = opened[0]
        wait_until(lambda: dialog.done_result is not None, 120)
        save_grab(dialog, out, "editorial-export-dialog.png", 0.3)
        folder = dialog.target
        dialog.close()
        panel = listing(folder)
        for width, height in ((1024, 700), (1600, 1000)):
            panel.resize(width, height)
            panel.show()
            settle(0.4)
            save_grab(panel, out, f"editorial-folder-{width}x{height}.png")
        panel.close()
        close_app(window, store)
    del app


if __name__ == "__main__":
    main()
