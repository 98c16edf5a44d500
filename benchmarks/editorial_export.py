"""Editorial folder export of a 100-shot project (offline drafts, some shots animated).

Run: `.venv/bin/python benchmarks/editorial_export.py [--shots 100] [--animated 10]
[--repeat 3]`

Builds the project in a temporary data folder with the offline provider (six variants per
shot, a final pick for all but every 25th shot, `--animated` offline clips), then prints
the median time of `export --editorial` (cold: files hashed for the first time; warm: the
hashes remembered), split into reading and checking the storyboard, planning the cut,
copying the media and writing the three timelines, and the folder's size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyboard_app.exports.editorial import export_editorial
from storyboard_app.exports.sequence import plan_cut, sequence_rate
from storyboard_app.exports.timeline import load_timeline
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store


def build_project(paths: DataPaths, shots: int, animated: int) -> int:
    store = open_store(paths)
    try:
        engine = GenerationEngine.for_paths(store, paths, provider="offline")
        project = store.projects.create("Benchmark: a hundred shots", "Offline drafts.")
        scene = None
        for index in range(shots):
            if index % 10 == 0:
                scene = store.scenes.add_scene(project.id, f"Scene {index // 10 + 1}", "")
            assert scene is not None
            shot = store.scenes.add_shot(
                scene.id, f"a harbour at dawn, boat {index + 1}", f"Boat {index + 1} leaves"
            )
            done = engine.run_round([row.id for row in engine.plan_round(shot.id)])
            if index % 25 != 24:  # every 25th shot has no final: a gap
                store.images.select_final(done[index % 6].id)
        selections = store.storyboard.build(project.id)
        for selection in selections[:animated]:
            engine.plan_animation(selection.id)
            finished = engine.run_animation(selection.id)
            assert finished.video_storage_id, finished.error
        return project.id
    finally:
        store.close()


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=int, default=100)
    parser.add_argument("--animated", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.pop("REPLICATE_API_TOKEN", None)
    with tempfile.TemporaryDirectory(prefix="sb-bench-editorial-") as tmp:
        root = Path(tmp)
        paths = DataPaths(root / "data")
        paths.ensure()
        start = time.perf_counter()
        project_id = build_project(paths, args.shots, args.animated)
        print(
            f"{args.shots} shots ({args.animated} animated), built in "
            f"{time.perf_counter() - start:.1f} s"
        )
        store = open_store(paths)
        try:
            runs: list[dict[str, float]] = []
            for run in range(args.repeat):
                times: dict[str, float] = {}
                t0 = time.perf_counter()
                timeline = load_timeline(store, paths.media, project_id)
                timeline.check_media()
                times["read + check the storyboard"] = time.perf_counter() - t0
                t1 = time.perf_counter()
                plan_cut(store, timeline, 4.0, sequence_rate(timeline))
                times["plan the cut (probe clips)"] = time.perf_counter() - t1
                marks: dict[str, float] = {}

                def progress(
                    _fraction: float, message: str, marks: dict[str, float] = marks
                ) -> None:
                    key = message.split(" (")[0]  # "Copying media (3 of 580)" -> "Copying media"
                    marks.setdefault(key, time.perf_counter())

                t2 = time.perf_counter()
                result = export_editorial(
                    store, timeline, root / f"edit{run}", 4.0, progress=progress
                )
                t3 = time.perf_counter()
                copying, writing = marks["Copying media"], marks["Writing the timelines"]
                times["  check, plan, name the files"] = copying - t2
                times["  copy + fsync the media"] = writing - copying
                times["  write + read back 3 timelines"] = t3 - writing
                times["export_editorial (all)"] = t3 - t2
                times["total"] = time.perf_counter() - t0
                runs.append(times)
                label = "cold" if run == 0 else "warm"
                print(f"  run {run + 1} ({label}): {times['total']:.2f} s")
            print(f"median of {args.repeat} runs:")
            for key in runs[0]:
                print(f"  {key:32s} {statistics.median(r[key] for r in runs):7.2f} s")
            count, size = folder_size(result.folder)
            print(
                f"folder: {count} files, {size / 1e6:.1f} MB "
                f"({result.clips} clips, {result.stills} stills, {result.gaps} gaps, "
                f"{result.alternates} alternates)"
            )
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
