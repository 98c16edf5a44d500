"""Scene list of a project with 100,000 image rows (the navigator's and scenes editor's read).

Prints the median time of `scene_infos` over a few runs and its query count.
Run: .venv/bin/python benchmarks/scene_list.py [--images N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyboard_app.paths import DataPaths
from storyboard_app.store.models import ShotImage
from storyboard_app.store.open_store import open_store
from storyboard_app.store.services.scenes import scene_infos


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(DataPaths(Path(tmp)))
        project = store.projects.create("Benchmark")
        shots = []
        for scene_number in range(6):
            scene = store.scenes.add_scene(project.id, f"Scene {scene_number + 1}")
            shots += [store.scenes.add_shot(scene.id, "a prompt") for _ in range(3)]
        rows = []
        for i in range(args.images):
            shot = shots[i % len(shots)]
            iteration, variant = divmod(i // len(shots), 6)
            rows.append(
                {
                    "project_id": project.id,
                    "scene_id": shot.scene_id,
                    "shot_id": shot.id,
                    "iteration_number": iteration,
                    "variant_number": variant,
                    "status": "complete",
                    "image_storage_id": f"{i:064x}",
                    "image_url": "",
                    "iteration_prompt": "p",
                    "is_favorite": False,
                    "generation_params": {},
                    "extra": {},
                }
            )
        with store.sessions.begin() as s:
            s.execute(insert(ShotImage), rows)
        queries = 0

        def count(*_args: object) -> None:
            nonlocal queries
            queries += 1

        event.listen(store.engine, "before_cursor_execute", count)
        times = []
        for _ in range(5):
            queries = 0
            started = time.perf_counter()
            with store.sessions.begin() as s:
                scene_infos(s, project.id)
            times.append(time.perf_counter() - started)
        store.close()
    print(f"{args.images:,} image rows, {len(shots)} shots")
    print(f"scene list  median {1000 * statistics.median(times):.1f} ms  ({queries} queries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
