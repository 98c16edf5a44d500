"""Screenshots of Help → About and its Licences window, from the real widgets, at 1024×700
and 1600×1000 (the Licences window sized to the screen, the About dialog as it opens).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/licences_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((1024, 700), (1600, 1000))


def main(out_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from storyboard_app.ui.about_dialog import AboutDialog
    from storyboard_app.ui.licenses_dialog import LicencesDialog

    app = QApplication.instance() or QApplication(sys.argv)
    out = Path(out_dir) if out_dir else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    about = AboutDialog()
    about.show()
    app.processEvents()
    about.grab().save(str(out / "installers-about.png"))
    for width, height in SIZES:
        dialog = LicencesDialog()
        dialog.resize(width, height)
        dialog.show()
        deadline = time.monotonic() + 10
        while not dialog.component_names() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        dialog.select("ffmpeg")
        app.processEvents()
        path = out / f"installers-licences-{width}x{height}.png"
        dialog.grab().save(str(path))
        print(path)
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
