"""Screenshots of File → Import → Screenplay for docs/screenshots (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.interchange.screenshots [OUT_DIR]

Opens the real main window with a project open, imports tests/fixtures/scripts/lighthouse.fountain
through the menu action and writes the preview (the planner's draft preview with the script's
scene numbers, dialogue and the choice of project: a new one at 1024×700, after the open
project's scenes at 1600×1000): screenplay-import-preview-*.png. Nothing is accepted.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

from PySide6.QtWidgets import QComboBox

from storyboard_app.app import build_main_window
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.interchange.import_actions import import_controller
from tests.screenshot_helpers import close_app, save_grab, wait_for_signal, wait_until

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "docs" / "screenshots"
SCRIPT = ROOT / "tests" / "fixtures" / "scripts" / "lighthouse.fountain"
SIZES = ((1024, 700), (1600, 1000))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        project = store.projects.create("Harbour short")
        store.scenes.add_scene(project.id, "Prologue")
        window = build_main_window(paths, store)
        window.resize(*SIZES[0])
        window.show()
        window.open_project(project.id, "scenes")
        wait_until(lambda: window.project is not None)
        controller = import_controller(window)
        assert controller is not None
        controller.chooser = lambda _request: SCRIPT
        window.actions_by_name["import_screenplay"].trigger()
        wait_for_signal(controller.screenplay.preview_shown)
        dialog = controller.screenplay.preview
        assert dialog is not None
        scene = dialog.tree.topLevelItem(1)
        assert scene is not None
        dialog.tree.setCurrentItem(scene.child(1))
        target = dialog.findChild(QComboBox, "importTarget")
        assert target is not None
        for index, (width, height) in enumerate(SIZES):
            target.setCurrentIndex(index)  # a new project, then after the open project's scenes
            window.resize(width, height)
            dialog.resize(width, height)
            print(save_grab(dialog, out, f"screenplay-import-preview-{width}x{height}.png", 0.4))
        dialog.reject()
        close_app(window, store, 20_000)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
