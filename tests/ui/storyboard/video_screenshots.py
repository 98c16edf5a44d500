"""Screenshots of the final-video dialog and frames of its video, for docs/screenshots.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.storyboard.video_screenshots [OUT]

Offline drafts in a throwaway data folder: a 2.39:1 project whose last shot has no final
image. The main window with the dialog (plan read, burn-in ticked) at 1024×700 and
1600×1000, then the assembled video's frames: a letterboxed still and the gap's slate,
both with the burn-in.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from storyboard_app.app import build_main_window
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.application import create_application
from storyboard_app.ui.storyboard.page import StoryboardPage
from storyboard_app.ui.storyboard.video_dialog import VideoDialog
from tests.media.video_checks import frame_at
from tests.screenshot_helpers import close_app, settle, wait_for_signal, wait_until
from tests.ui.storyboard.conftest import build_board_project, controller_of

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SIZES = ((1024, 700), (1600, 1000))


def grab_with_dialog(window: QWidget, dialog: QWidget, out: Path) -> None:
    """The window with the dialog painted centred over it, as a creator sees them."""
    pixmap = window.grab()
    painter = QPainter(pixmap)
    shot = dialog.grab()
    painter.drawPixmap(
        (pixmap.width() - shot.width()) // 2, (pixmap.height() - shot.height()) // 2, shot
    )
    painter.end()
    pixmap.save(str(out))
    print(out)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        board = build_board_project(store, paths)
        store.projects.set_look(board.project_id, aspect_ratio="2.39:1", fps=24)
        for selection in store.storyboard.build(board.project_id):
            store.storyboard.set_duration(selection.id, 1.0)
        window = build_main_window(paths, store)
        window.resize(*SIZES[0])
        window.show()
        window.open_project(board.project_id, page="storyboard")
        wait_until(lambda: isinstance(window.current_page(), StoryboardPage))
        settle(1.0)
        dialog = controller_of(window).open_video()
        assert isinstance(dialog, VideoDialog)
        wait_until(lambda: dialog.plan is not None)
        dialog.burn_in.setChecked(True)
        for w, h in SIZES:
            window.resize(w, h)
            dialog.resize(min(760, w - 80), min(620, h - 60))
            settle(0.5)
            grab_with_dialog(window, dialog, out / f"video_csv-video-dialog-{w}x{h}.png")
        target = Path(tmp) / "animatic.mp4"
        dialog.path_edit.setText(str(target))
        dialog.assemble()
        wait_for_signal(dialog.video_assembled, 180)
        settle(0.5)
        grab_with_dialog(window, dialog, out / "video_csv-video-dialog-done-1600x1000.png")
        frame_at(target, 0.5).to_image().save(out / "video_csv-frame-still-burn-in.png")
        frame_at(target, 3.5).to_image().save(out / "video_csv-frame-slate-burn-in.png")
        dialog.close()
        close_app(window, store)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
