"""Screenshots of Storyboarder both ways from the real app: File → Import → Storyboarder
project (its report, with a board whose picture is missing), the imported boards on the
storyboard, and File → Export → Storyboarder project finished — at 1024×700 and 1600×1000.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/storyboarder_screenshots.py [OUT]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ["STORYBOARD_PROVIDER"] = "offline"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURE = ROOT / "tests" / "fixtures" / "storyboarder" / "multi" / "Harbour"
SIZES = ((1024, 700), (1600, 1000))
Grab = Callable[..., None]


def main(out_dir: str | None = None) -> int:
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QWidget

    from storyboard_app.ui.application import create_application
    from tests.screenshot_helpers import settle

    out = Path(out_dir or ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])

    def grab(window: QWidget, name: str, over: QWidget | None = None) -> None:
        settle(0.5)
        picture = window.grab()
        if over is not None:  # the dialog where it opened, centred on the window
            top = over.grab()
            painter = QPainter(picture)
            x = (picture.width() - top.width()) // 2
            y = (picture.height() - top.height()) // 3
            painter.drawPixmap(x, y, top)
            painter.setPen(QColor("#555555"))
            painter.drawRect(x - 1, y - 1, top.width() + 1, top.height() + 1)
            painter.end()
        picture.save(str(out / name))
        print(out / name)

    for width, height in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            _one_size(Path(folder), width, height, grab)
    return 0


def _one_size(folder: Path, width: int, height: int, grab: Grab) -> None:
    from storyboard_app.app import build_main_window
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import open_store
    from storyboard_app.ui.interchange.export_dialog import export_controller
    from storyboard_app.ui.interchange.import_actions import import_controller
    from tests.screenshot_helpers import close_app, wait_for_signal, wait_until

    suffix = f"{width}x{height}"
    project = Path(shutil.copytree(FIXTURE, folder / "Harbour"))
    scene = next((project / "storyboards").glob("Scene-1-*")) / "images"
    next(scene.glob("board-2-*-reference.png")).unlink()  # one picture went missing
    paths = DataPaths(folder / "data")
    paths.ensure()
    store = open_store(paths)
    window = build_main_window(paths, store)
    window.resize(width, height)
    window.show()
    window.show_dashboard()

    imports = import_controller(window)
    assert imports is not None
    imports.chooser = lambda _request: project / "Harbour.fountain"
    dialogs: list[object] = []
    imports.dialog_opened.connect(dialogs.append)
    window.actions_by_name["import_storyboarder"].trigger()
    wait_until(lambda: bool(dialogs))
    dialog = dialogs[0]
    wait_for_signal(dialog.import_finished)  # type: ignore[attr-defined]
    dashboard = window.page("dashboard")
    wait_until(lambda: bool(dashboard.visible_projects()))  # type: ignore[attr-defined]
    dialog.resize(min(660, width - 80), dialog.sizeHint().height())  # type: ignore[attr-defined]
    grab(window, f"storyboarder-import-report-{suffix}.png", dialog)
    dialog.open_button.click()  # type: ignore[attr-defined]
    wait_until(lambda: window.project is not None and not window.opening_project)
    assert window.project is not None
    board = window.page("storyboard")
    loaded: list[object] = []
    board.board_loaded.connect(loaded.append)  # type: ignore[attr-defined]
    window.open_project(window.project.id, page="storyboard")
    wait_until(lambda: window.current_page_key == "storyboard" and bool(loaded))
    grab(window, f"storyboarder-imported-storyboard-{suffix}.png")

    exports = export_controller(window)
    assert exports is not None
    (folder / "out").mkdir()
    exports.chooser = lambda _request: folder / "out" / "Harbour Lights"
    opened: list[object] = []
    exports.dialog_opened.connect(opened.append)
    window.actions_by_name["export_storyboarder"].trigger()
    wait_until(lambda: bool(opened))
    export_dialog = opened[0]
    wait_for_signal(export_dialog.export_finished)  # type: ignore[attr-defined]
    grab(window, f"storyboarder-export-done-{suffix}.png", export_dialog)
    export_dialog.close()  # type: ignore[attr-defined]
    close_app(window, store)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
