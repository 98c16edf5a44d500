"""Screenshots of the window-level parts from the real app: the jobs panel, the quit dialog,
the undo toast, the read-only banner and the planner's draft preview with a "look of the
film" line — each at 1024×700 and 1600×1000.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/window_screenshots.py [OUT_DIR]

Jobs run against the local fake Replicate server (slow predictions, so they stay running);
the read-only banner needs a read-only mount of a data folder (run as root), else it is
skipped. A dialog is painted over the window where it opens, as a user sees it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.pop("STORYBOARD_PROVIDER", None)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate  # noqa: E402

SIZES = ((1024, 700), (1600, 1000))
Grab = Callable[..., None]
PLAN = """Cold blue light, film grain, 35mm

# Harbour at dawn
- Wide shot of a misty harbour, fishing boats rocking
- Close-up of a weathered hand untying a wet rope

# The storm
- Waves climb over the pier
- A lone gull fights the wind
"""


def main(out_dir: str | None = None) -> int:
    server = FakeReplicate(latency=600.0, token=DEFAULT_TOKEN).start()
    os.environ["REPLICATE_API_TOKEN"] = DEFAULT_TOKEN
    os.environ["REPLICATE_BASE_URL"] = server.url
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QWidget

    from storyboard_app.ui.application import create_application
    from tests.screenshot_helpers import settle

    out = Path(out_dir or ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])

    def grab(window: QWidget, name: str, over: QWidget | None = None) -> None:
        settle(0.4)
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

    try:
        for width, height in SIZES:
            with tempfile.TemporaryDirectory() as folder:
                _one_size(Path(folder), width, height, server, grab)
    finally:
        server.stop()
    return 0


def _one_size(folder: Path, width: int, height: int, server: FakeReplicate, grab: Grab) -> None:
    """Every screenshot at one window size, on a fresh data folder."""
    from storyboard_app.app import build_main_window
    from storyboard_app.paths import DataPaths
    from storyboard_app.settings import Settings
    from storyboard_app.store.open_store import open_store
    from storyboard_app.ui.shared.generation_jobs import generation_jobs
    from tests.screenshot_helpers import close_app, settle, wait_until

    suffix = f"{width}x{height}"
    paths = DataPaths(folder)
    paths.ensure()
    Settings(concurrency=2).save(paths)
    store = open_store(paths)
    project = store.projects.create("Harbour at dawn", "Boats leave before sunrise.")
    scene = store.scenes.add_scene(project.id, "Opening", "The fleet wakes up.")
    store.scenes.add_shot(scene.id, "misty harbour at dawn, fishing boats", "Wide")
    window = build_main_window(paths, store)
    window.resize(width, height)
    window.show()
    window.refresh_provider()

    # The planner's draft preview, with the look of the film kept apart.
    planner_project = store.projects.create("The storm (draft)")
    window.open_project(planner_project.id, page="planner")
    wait_until(lambda: window.current_page_key == "planner")
    planner = window.current_page()
    planner.editor.setPlainText(PLAN)  # type: ignore[attr-defined]
    planner.draft_offline()  # type: ignore[attr-defined]
    wait_until(lambda: planner.preview is not None)  # type: ignore[attr-defined]
    preview = planner.preview  # type: ignore[attr-defined]
    preview.resize(min(820, width - 80), min(560, height - 120))
    grab(window, f"planner-draft-look-{suffix}.png", preview)
    preview.reject()

    # Jobs: a round of six on a slow Replicate, two running and four waiting.
    window.open_project(project.id, page="iterator")
    wait_until(lambda: window.current_page_key == "iterator")
    page = window.current_page()
    wait_until(page.refine_bar.generate_button.isEnabled)  # type: ignore[attr-defined]
    page.refine_bar.generate_button.click()  # type: ignore[attr-defined]
    jobs = generation_jobs(window.context)
    wait_until(lambda: len(jobs.jobs()) == 6 and server.created_count >= 2)
    panel = window.jobs_label.open_panel()
    wait_until(lambda: panel.table.item(0, 0) is not None)
    wait_until(lambda: panel.table.item(0, 0).text().startswith("Shot"))
    settle(1.2)
    grab(window, f"jobs-panel-{suffix}.png", panel)
    panel.hide()

    # Quitting with the jobs still running asks first.
    window.close()
    box = window.quit_guard.box
    assert box is not None
    grab(window, f"quit-dialog-{suffix}.png", box)
    stay = box.escapeButton()
    assert stay is not None
    stay.click()
    jobs.cancel_all()
    wait_until(lambda: not jobs.jobs())

    # Undo a creation that holds content: the question, then the toast with Redo.
    dashboard = window.page("dashboard")
    window.show_dashboard()
    dashboard.create_project("Night ferry")  # type: ignore[attr-defined]
    wait_until(lambda: window.project is not None and window.project.title == "Night ferry")
    night = window.project
    assert night is not None
    store.scenes.add_scene(night.id, "Departure")
    window.show_dashboard()
    settle(0.5)
    window.resize(width, height)  # back to the size asked (the iterator needed more)
    settle(0.3)
    window.safe_undo.undo()
    wait_until(lambda: window.safe_undo.box is not None)
    undo_box = window.safe_undo.box
    assert undo_box is not None
    grab(window, f"undo-question-{suffix}.png", undo_box)
    remove = next(b for b in undo_box.buttons() if b.text() == "Undo and remove")
    remove.click()
    wait_until(lambda: window.safe_undo.toast.isVisible())
    grab(window, f"undo-toast-{suffix}.png")
    close_app(window, store)

    _read_only_banner(paths, width, height, grab, suffix)


def _read_only_banner(paths: object, width: int, height: int, grab: object, suffix: str) -> None:
    """The banner of a read-only data folder (a read-only bind mount; root only)."""
    if os.geteuid() != 0:
        print("read-only banner skipped: a read-only mount needs root")
        return
    from storyboard_app.app import build_main_window
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import open_store
    from tests.screenshot_helpers import close_app, wait_until
    from tests.store.test_read_only_and_probe import read_only

    assert isinstance(paths, DataPaths)
    with read_only(paths.root) as view:
        store = open_store(DataPaths(view))
        window = build_main_window(DataPaths(view), store)
        window.resize(width, height)
        window.show()
        dashboard = window.page("dashboard")
        window.show_dashboard()
        wait_until(lambda: bool(dashboard.visible_projects()))  # type: ignore[attr-defined]
        grab(window, f"read-only-banner-{suffix}.png")  # type: ignore[operator]
        close_app(window, store)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
