"""Start-up: process start → main window painted, against a bare PySide6 QMainWindow.

Run: `.venv/bin/python benchmarks/startup.py [--projects 200] [--runs 7]`

Builds a data folder with N projects (3 scenes × 4 shots each), then alternately starts
`python -m storyboard_app --data-dir DIR` (offscreen, STORYBOARD_STARTUP_PROBE=1) and a
bare script showing an empty QMainWindow, timing each from process start to the line the
child prints after its first paint. Prints the medians and their ratio (goal ≤ 1.5), and
the time until the dashboard has listed every project.

The children run with compiled bytecode, as an installed app does (the bundles carry it; a
source checkout writes `__pycache__` on its first start): PYTHONDONTWRITEBYTECODE, which
some shells set, is dropped for them and the warm-up start writes the cache. (With it set
and no cache, every start compiles the app's modules from source: about 1.76 on 2 cores.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("painted", flush=True), app.quit()))
        return False

probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def _fill(root: Path, projects: int) -> None:
    from storyboard_app.domain.outline import DraftScene, DraftShot
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import open_store
    from storyboard_app.store.services.scenes import apply_draft

    store = open_store(DataPaths(root))
    draft = [
        DraftScene(
            f"Scene {s}",
            "",
            [DraftShot(f"shot {s}.{n}", f"a prompt for shot {s}.{n}") for n in range(1, 5)],
        )
        for s in range(1, 4)
    ]
    for number in range(projects):
        project = store.projects.create(f"Project {number:03d}", "benchmark")
        store.projects.set_planner_text(project.id, "# Scene\n- shot\n" * 20)
        apply_draft(store.sessions, project.id, draft)
    store.close()


def _time_child(args: list[str], env: dict[str, str], lines: tuple[str, ...]) -> list[float]:
    """Seconds from spawning the child to each expected stdout line."""
    start = time.perf_counter()
    child = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert child.stdout is not None
    times: list[float] = []
    try:
        for expected in lines:
            while True:
                line = child.stdout.readline()
                if not line:
                    raise RuntimeError(f"{args} exited before printing {expected!r}")
                if line.strip() == expected:
                    times.append(time.perf_counter() - start)
                    break
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled bytecode
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.pop("REPLICATE_API_TOKEN", None)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        started = time.perf_counter()
        _fill(data, args.projects)
        print(f"database: {args.projects} projects in {time.perf_counter() - started:.1f} s")
        app_env = {**env, "STORYBOARD_STARTUP_PROBE": "1", "STORYBOARD_DATA_DIR": str(data)}
        app_cmd = [sys.executable, "-m", "storyboard_app"]
        bare_cmd = [sys.executable, "-c", BARE]
        # one warm-up of each (file cache), then alternate so drift hits both alike
        _time_child(app_cmd, app_env, ("painted", "listed"))
        _time_child(bare_cmd, env, ("painted",))
        app_painted: list[float] = []
        app_listed: list[float] = []
        bare: list[float] = []
        for _ in range(args.runs):
            painted, listed = _time_child(app_cmd, app_env, ("painted", "listed"))
            app_painted.append(painted)
            app_listed.append(listed)
            bare.extend(_time_child(bare_cmd, env, ("painted",)))
    app_median = statistics.median(app_painted)
    bare_median = statistics.median(bare)
    print(f"bare QMainWindow painted:        {bare_median * 1000:7.0f} ms (median of {args.runs})")
    print(f"Storyboard Studio painted:       {app_median * 1000:7.0f} ms")
    print(
        f"  … all {args.projects} projects listed: {statistics.median(app_listed) * 1000:7.0f} ms"
    )
    ratio = app_median / bare_median
    print(f"ratio app / bare: {ratio:.2f} (goal ≤ 1.5; compiled bytecode)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
