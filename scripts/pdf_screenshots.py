"""Screenshots of the PDF storyboard in two layouts and of its options widget.

Usage: .venv/bin/python scripts/pdf_screenshots.py [OUT_DIR]  (default docs/screenshots)
Builds a demo project with the offline provider in a temporary data folder, exports the
PDF storyboard as six panels on landscape A4 and as three panels on portrait Letter (a
storyboard sheet), renders the first panel page of each with `pdftoppm -png -r 50`
(pdf-6-landscape.png, pdf-3-portrait.png), and grabs the options widget at 1024×700 and
1600×1000 (pdf-options-1024x700.png, pdf-options-1600x1000.png).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from storyboard_app.exports.pdf import export_pdf
from storyboard_app.exports.pdf_layout import PdfOptions
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store
from storyboard_app.store.services.shot_fields import FieldChanges

SHOTS = [  # scene, prompt, description, fields
    (0, "fishing boats leaving the harbour at dawn", "Wide harbour", {"shot_type": "ELS"}),
    (
        0,
        "nets piled on a wooden pier, morning mist",
        "Nets on the pier",
        {"shot_type": "MS", "angle": "high", "action": "Marie lifts the final office crate."},
    ),
    (
        0,
        "a fisherman coiling rope, close-up of hands",
        "Hands and rope",
        {"shot_type": "CU", "move": "dolly-in", "dialogue": "Not this flight, not today."},
    ),
    (1, "a fish market stall with ice and lanterns", "Market stall", {"notes": "Warm light"}),
    (1, "a gull on a lamp post over the square", "Gull", {"shot_type": "LS", "move": "pan"}),
    (1, "the café opens its shutters", "Café at 夜明け", {"dialogue": "Bonjour !"}),
]


def build_demo(store: Store, paths: DataPaths) -> int:
    project = store.projects.create("Harbour at dawn", "Boats leave before sunrise.")
    store.projects.set_look(project.id, aspect_ratio="16:9")
    scenes = [
        store.scenes.add_scene(project.id, "Boats", "The fleet wakes up."),
        store.scenes.add_scene(project.id, "Market", "The first catch is sold."),
    ]
    engine = GenerationEngine.for_paths(store, paths, provider="offline")
    for index, (scene, prompt, description, fields) in enumerate(SHOTS):
        shot = store.scenes.add_shot(scenes[scene].id, prompt, description)
        store.shot_fields.set(shot.id, FieldChanges.checked(**fields))
        if index == 4:
            continue  # a shot without a final image: a labelled empty panel
        rows = engine.plan_round(shot.id)
        done = engine.run_round([r.id for r in rows])
        store.images.select_final(done[0].id)
    store.storyboard.build(project.id)
    return project.id


def render(pdf: Path, page: int, out: Path) -> None:
    stem = out.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def grab_options(out: Path) -> None:
    from storyboard_app.ui.interchange.pdf_options import PdfOptionsDialog

    for width, height in ((1024, 700), (1600, 1000)):
        dialog = PdfOptionsDialog(PdfOptions(panels=3, orientation="portrait", paper="letter"))
        dialog.resize(width, height)
        dialog.show()
        QApplication.processEvents()
        dialog.grab().save(str(out / f"pdf-options-{width}x{height}.png"))
        dialog.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="sb-pdf-") as tmp:
        paths = DataPaths(Path(tmp) / "data")
        paths.ensure()
        store = open_store(paths)
        project_id = build_demo(store, paths)
        timeline = load_timeline(store, paths.media, project_id)
        layouts = {
            "6-landscape": PdfOptions(),
            "3-portrait": PdfOptions(
                paper="letter",
                orientation="portrait",
                panels=3,
                fields=("camera", "dialogue", "action", "notes", "duration", "seed"),
            ),
        }
        for name, options in layouts.items():
            pdf = Path(tmp) / f"{name}.pdf"
            export_pdf(timeline, pdf, 4.0, options)
            render(pdf, 2, out / f"pdf-{name}.png")
            if len(sys.argv) > 2:
                shutil.copy(pdf, Path(sys.argv[2]) / pdf.name)
        store.close()
        grab_options(out)
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
