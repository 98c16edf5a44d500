"""Iterator figures: opening a shot's grid among 100,000 image rows, memory after 1,000 rounds.

    .venv/bin/python benchmarks/iterator.py [--rows 100000] [--browse 1000]

Goals (issue 5): opening a shot's grid ≤ 50 ms with a constant number of queries, whatever
the shot's size; process memory ≤ 300 MB after browsing 1,000 rounds in the real page
(thumbnails decoded off the GUI thread into a cache bounded by bytes).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ["STORYBOARD_PROVIDER"] = "offline"
os.environ.pop("REPLICATE_API_TOKEN", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image
from sqlalchemy import insert

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.models import ShotImage
from storyboard_app.store.open_store import Store, open_store
from storyboard_app.ui.iterator.data import load_shot_view
from tests.helpers import count_queries

DISTINCT_FILES = 600  # more thumbnails than the cache's bound holds
OPENS = 21  # page opens, alternating the big shot and another (the big shot's are reported)


def rss_mb() -> float:
    """Resident memory of this process (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_files(paths: DataPaths) -> list[str]:
    media = MediaStore(paths.media)
    ids = []
    for n in range(DISTINCT_FILES):
        buffer = io.BytesIO()
        Image.new("RGB", (512, 288), (n % 251, (n * 7) % 253, (n * 13) % 255)).save(buffer, "PNG")
        ids.append(media.put_bytes(buffer.getvalue()))
    return ids


def fill(store: Store, rows: int, files: list[str]) -> tuple[int, int, int]:
    """A project of 100 shots holding `rows` images; one big shot has a third of them.

    Returns (big shot id, its round count, a normal shot id).
    """
    project = store.projects.create("Benchmark", "100,000 images")
    shots: list[int] = []
    for s in range(10):
        scene = store.scenes.add_scene(project.id, f"Scene {s + 1}")
        for t in range(10):
            shot = store.scenes.add_shot(scene.id, f"Shot {t + 1} of scene {s + 1}, a lighthouse")
            shots.append(shot.id)
    scene_of = {shot.id: shot.scene_id for sc in store.scenes.list(project.id) for shot in sc.shots}
    big_rounds = rows // 3 // 6
    normal_rounds = max(1, (rows - big_rounds * 6) // 6 // (len(shots) - 1))
    now = datetime.now(UTC)
    next_id = 1
    batch: list[dict[str, Any]] = []
    table = ShotImage.__table__

    def flush() -> None:
        with store.sessions.begin() as s:
            s.execute(insert(table), batch)
        batch.clear()

    for index, shot_id in enumerate(shots):
        rounds = big_rounds if index == 0 else normal_rounds
        parent: int | None = None
        for iteration in range(rounds):
            first = next_id
            for variant in range(6):
                seed = next_id * 7919 % 2_147_483_647
                batch.append(
                    {
                        "id": next_id,
                        "project_id": project.id,
                        "scene_id": scene_of[shot_id],
                        "shot_id": shot_id,
                        "iteration_number": iteration,
                        "variant_number": variant,
                        "image_url": f"https://replicate.delivery/x/{next_id}.png",
                        "image_storage_id": files[next_id % len(files)],
                        "iteration_prompt": f"A lighthouse at dawn, round {iteration}",
                        "parent_image_id": parent,
                        "status": ImageStatus.COMPLETE,
                        "is_favorite": variant == 2,
                        "metadata": {
                            "provider": "replicate",
                            "model": "black-forest-labs/flux-dev",
                            "seed": seed,
                            "input": {"prompt": "A lighthouse at dawn", "seed": seed},
                        },
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                next_id += 1
            parent = first + 3
            if len(batch) >= 5000:
                flush()
    if batch:
        flush()
    return shots[0], big_rounds, shots[1]


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def browse(
    paths: DataPaths, store: Store, shot_id: int, rounds: int, count: int
) -> dict[str, float]:
    """Open the real iterator page and show `count` rounds, waiting for their thumbnails."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest

    from storyboard_app.app import build_main_window
    from storyboard_app.ui.application import create_application
    from storyboard_app.ui.iterator.page import IteratorPage

    create_application(sys.argv[:1])
    window = build_main_window(paths, store)
    window.resize(1400, 900)
    window.show()
    page = window.page("iterator")
    assert isinstance(page, IteratorPage)
    project_id = store.scenes.get_shot(shot_id).project_id

    def wait(condition: Callable[[], bool]) -> None:
        """Run the event loop (as the app does: a polling `qWait` loop keeps the GIL from
        the workers and measured its own overhead) until `condition()` holds."""
        if condition():
            return
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(1)
        deadline = time.monotonic() + 30
        timed_out: list[bool] = []

        def check() -> None:
            if condition():
                loop.quit()
            elif time.monotonic() > deadline:
                timed_out.append(True)
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        if timed_out:
            raise TimeoutError("the page did not settle")

    def idle() -> None:
        wait(lambda: not window.context.tasks.running())
        QTest.qWait(100)

    window.open_project(project_id, page="iterator")
    wait(lambda: page.shot is not None)
    idle()
    loaded: list[int] = []
    page.shot_loaded.connect(loaded.append)
    other = next(s for s in page.state.shot_ids if s != shot_id)
    opens = []
    for n in range(OPENS):
        target = shot_id if n % 2 == 0 else other  # every open is of another shot
        loaded.clear()
        start = time.perf_counter()
        page.open_shot(target)
        wait(lambda: bool(loaded))
        elapsed = (time.perf_counter() - start) * 1000
        if target == shot_id:
            opens.append(elapsed)
        idle()
    open_ms = statistics.median(opens)
    open_max = max(opens)
    before = rss_mb()
    shown: list[int] = []
    page.round_shown.connect(shown.append)
    start = time.perf_counter()
    for n in range(count):
        iteration = (n * 7) % rounds
        page.show_round(iteration)
        wait(lambda it=iteration: bool(shown) and shown[-1] == it)  # type: ignore[misc]
        wait(lambda: all(c.image_box.pixmap() is not None for c in page.grid.cells))
    seconds = time.perf_counter() - start
    figures = {
        "page_open_ms": open_ms,
        "page_open_max_ms": open_max,
        "rss_before_mb": before,
        "rss_after_mb": rss_mb(),
        "per_round_ms": seconds * 1000 / count,
        "cache_mb": page.thumbnails.bytes_used / 1e6,
        "cache_items": float(len(page.thumbnails)),
    }
    window.close()
    window.context.tasks.wait(30_000)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--browse", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp) / "data")
        store = open_store(paths)
        start = time.perf_counter()
        files = make_files(paths)
        big, big_rounds, normal = fill(store, args.rows, files)
        print(
            f"setup: {args.rows:,} image rows, {DISTINCT_FILES} files "
            f"in {time.perf_counter() - start:.1f} s; big shot has {big_rounds:,} rounds"
        )
        for name, shot in (("big shot", big), ("normal shot", normal)):
            with count_queries(store) as queries:
                load_shot_view(store, shot)
            median, worst = timed(lambda s=shot: load_shot_view(store, s), 30)  # type: ignore[misc]
            print(
                f"open grid, {name}: median {median:.1f} ms, max {worst:.1f} ms, "
                f"{len(queries)} queries (goal ≤ 50 ms, constant)"
            )
        median, worst = timed(lambda: load_shot_view(store, big, big_rounds // 2), 30)
        print(f"open an earlier round of the big shot: median {median:.1f} ms, max {worst:.1f} ms")
        median, worst = timed(lambda: store.scenes.list(store.scenes.get_shot(big).project_id), 5)
        print(
            f"navigator (all shots with counts and covers): median {median:.1f} ms "
            "(in a worker, never on the GUI thread)"
        )
        figures = browse(paths, store, big, big_rounds, args.browse)
        print(
            f"page: open the big shot end to end, median of {OPENS // 2 + OPENS % 2} opens "
            f"{figures['page_open_ms']:.1f} ms, max {figures['page_open_max_ms']:.1f} ms "
            "(goal ≤ 50 ms)"
        )
        print(
            f"browse {args.browse} rounds: {figures['per_round_ms']:.1f} ms per round; "
            f"RSS {figures['rss_before_mb']:.0f} MB → {figures['rss_after_mb']:.0f} MB "
            f"(goal ≤ 300 MB); thumbnail cache {figures['cache_mb']:.1f} MB in "
            f"{figures['cache_items']:.0f} pixmaps"
        )
        store.close()


if __name__ == "__main__":
    main()
