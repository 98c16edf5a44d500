"""Screenshots of the creative language for docs/screenshots (run, don't import in tests).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.elements.screenshots [OUT_DIR]

Offline drafts in a throwaway data folder: elements with painted references, a round naming
@Mara and @Harbor (the drafts draw the references in), a final pick whose reference is then
replaced ("reference changed"). Each picture at 1024×700 and 1600×1000: elements page,
@-completion, the shot form (chips + camera fields), the grid made with references (refine
bar chips, details panel), the storyboard card's badge.
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

from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from storyboard_app.app import build_main_window
from storyboard_app.domain.enums import ImageStatus
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.store.services.shot_fields import FieldChanges
from storyboard_app.ui.application import create_application
from storyboard_app.ui.elements.menu import CreativeMenu
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import DETAILS_TAB
from storyboard_app.ui.scenes.page import ScenesEditorPage
from storyboard_app.ui.storyboard.page import StoryboardPage
from tests.screenshot_helpers import close_app, settle, wait_until

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
SIZES = ((1024, 700), (1600, 1000))


def person(path: Path, coat: tuple[int, int, int], hair: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", (300, 400), (225, 218, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((105, 50, 195, 150), fill=(235, 190, 160))
    draw.pieslice((95, 35, 205, 150), 180, 360, fill=hair)
    draw.rectangle((90, 150, 210, 340), fill=coat)
    draw.rectangle((100, 340, 140, 400), fill=(50, 50, 60))
    draw.rectangle((160, 340, 200, 400), fill=(50, 50, 60))
    return _save(image, path)


def harbour(path: Path) -> Path:
    image = Image.new("RGB", (480, 300), (170, 200, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 170, 480, 300), fill=(40, 90, 140))
    draw.rectangle((0, 200, 200, 230), fill=(110, 80, 50))  # the quay
    for x in (250, 340, 410):
        draw.polygon([(x, 190), (x + 50, 190), (x + 40, 210), (x + 10, 210)], fill=(160, 60, 40))
        draw.line((x + 25, 190, x + 25, 140), fill=(60, 40, 30), width=3)
    draw.rectangle((40, 90, 70, 200), fill=(240, 240, 240))  # the lighthouse
    draw.rectangle((40, 90, 70, 110), fill=(200, 40, 40))
    return _save(image, path)


def lantern(path: Path) -> Path:
    image = Image.new("RGB", (240, 240), (40, 40, 50))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 60, 180, 200), fill=(250, 200, 80))
    draw.rectangle((95, 30, 145, 60), fill=(90, 90, 90))
    return _save(image, path)


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, format="PNG")
    return path


def grab_with_popup(window: QWidget, popup: QWidget | None, anchor: QWidget | None) -> QPixmap:
    """The window and a popup (a separate top-level window) painted under the text cursor of
    `anchor`, where it opens on a real screen (the offscreen screen is too small for it)."""
    pixmap = window.grab()
    if popup is not None and popup.isVisible() and isinstance(anchor, QPlainTextEdit):
        at = anchor.mapTo(window, anchor.cursorRect().bottomLeft() + QPoint(4, 2))
        painter = QPainter(pixmap)
        painter.drawPixmap(at, popup.grab())
        painter.end()
    return pixmap


def save(
    widget: QWidget,
    out: Path,
    name: str,
    popup: QWidget | None = None,
    anchor: QWidget | None = None,
) -> None:
    for w, h in SIZES:
        widget.resize(w, h)
        settle(0.4)
        path = out / f"{name}-{w}x{h}.png"
        grab_with_popup(widget, popup, anchor).save(str(path))
        print(path)


def seed_project(store, paths: DataPaths, tmp: Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    project = store.projects.create("Harbour film", "A fisherwoman waits for a boat.")
    store.projects.set_look(project.id, aspect_ratio="16:9", style="muted watercolour")
    store.elements.add(
        project.id,
        "Mara",
        "character",
        "fisherwoman, 40s, orange oilskin coat",
        files=[person(tmp / "mara.png", (230, 120, 30), (60, 40, 30)),
               person(tmp / "mara2.png", (220, 110, 40), (60, 40, 30))],
    )  # fmt: skip
    store.elements.add(
        project.id, "Tom", "character", "old harbour master",
        files=[person(tmp / "tom.png", (40, 60, 110), (200, 200, 200))],
    )  # fmt: skip
    store.elements.add(
        project.id, "Harbor", "location", "stone quay, red fishing boats",
        files=[harbour(tmp / "harbour.png")],
    )  # fmt: skip
    store.elements.add(
        project.id, "Lantern", "prop", "storm lantern", files=[lantern(tmp / "lantern.png")]
    )
    store.elements.add(project.id, "Watercolour", "style", "loose washes, paper grain")
    scene = store.scenes.add_scene(project.id, "Dawn at the quay")
    shot = store.scenes.add_shot(
        scene.id, "@Mara waits at @Harbor holding the @Lantern", "Mara alone on the quay"
    )
    store.shot_fields.set(
        shot.id,
        FieldChanges.checked(
            shot_type="MS", angle="low", move="dolly-in", dialogue="He said dawn.",
            action="She lifts the lantern", notes="cold light",
        ),
    )  # fmt: skip
    other = store.scenes.add_shot(scene.id, "@Tom watches from the lighthouse")
    store.shot_fields.set(other.id, FieldChanges.checked(shot_type="ELS", angle="high"))
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    for shot_id in (shot.id, other.id):
        rows = engine.plan_round(shot_id)
        done = engine.run_round([r.id for r in rows])
        assert all(r.status == ImageStatus.COMPLETE for r in done), [r.error for r in done]
        store.images.select_final(done[1].id)
    store.storyboard.build(project.id)
    mara = next(e for e in store.elements.list(project.id) if e.name == "Mara")
    store.elements.replace_references(
        mara.id, files=[person(tmp / "mara3.png", (200, 40, 40), (30, 20, 20))]
    )
    return project.id, shot.id


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        project_id, shot_id = seed_project(store, paths, Path(tmp))
        window = build_main_window(paths, store)
        window.resize(*SIZES[0])
        window.show()

        # The shot form: chips and camera fields, then @-completion.
        window.open_project(project_id, page="scenes")
        wait_until(lambda: isinstance(window.current_page(), ScenesEditorPage))  # read off-thread
        scenes = window.current_page()
        assert isinstance(scenes, ScenesEditorPage)
        wait_until(lambda: scenes.idle)
        scenes.select("shot", shot_id)
        chips = scenes.form.extras.chips
        wait_until(lambda: len(chips.chips) == 3 and "·" in chips.chips[0].text())
        save(window, out, "shot-form-chips-camera")
        edit = scenes.prompt_edit
        edit.setFocus()
        edit.moveCursor(QTextCursor.MoveOperation.End)
        for char in " as @":
            QTest.keyClick(edit, char)
        QTest.keyClick(edit, "T")
        popup = chips.completion.completer.popup()
        wait_until(lambda: popup is not None and popup.isVisible())
        save(window, out, "mention-completion", popup, edit)
        popup.hide() if popup is not None else None
        scenes.form.extras.fields.setFocus()
        scenes._fill_form()  # drop the typed words

        # The elements page.
        menu = window.findChild(CreativeMenu, "creativeMenu")
        assert isinstance(menu, CreativeMenu)
        dialog = menu.open_elements()
        assert dialog is not None
        wait_until(lambda: dialog.lists["character"].count() == 2)
        dialog.select("Mara")
        wait_until(lambda: dialog.ref_labels[0].pixmap() is not None)
        settle(0.5)
        save(dialog, out, "elements-page")
        dialog.close()

        # The grid made with references: refine bar chips, details panel with the badge.
        window.show_page("iterator")
        iterator = window.current_page()
        assert isinstance(iterator, IteratorPage)
        iterator.open_shot(shot_id)
        wait_until(
            lambda: (
                iterator.round is not None
                and sum(1 for c in iterator.grid.cells if c.image_box.pixmap() is not None) == 6
            )
        )
        iterator.grid.focus_variant(1)
        QTest.keyClick(iterator.grid.cells[1], Qt.Key.Key_R)
        iterator.tabs.setCurrentIndex(DETAILS_TAB)
        wait_until(lambda: iterator.details.image is not None)
        wait_until(lambda: bool(iterator.refine_bar.chips.chips))
        save(window, out, "references-grid")

        # The storyboard card's badge.
        window.show_page("storyboard")
        board = window.current_page()
        assert isinstance(board, StoryboardPage)
        wait_until(lambda: any(
            c.reference_badge.isVisible() for c in board.findChildren(QWidget)
            if hasattr(c, "reference_badge")
        ))  # fmt: skip
        save(window, out, "reference-changed-badge")
        close_app(window, store)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
