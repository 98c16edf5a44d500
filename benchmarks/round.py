"""Round benchmark: wall time of a round of six ÷ one prediction's latency, and uploads per
image-to-image round, against the local fake Replicate with a fixed 2 s latency.

Also a round naming two elements with reference images (the reference model). Goals: ratio
≤ 1.10, uploads per image-to-image round = 1, uploads per reference round = 2. Run:
    .venv/bin/python benchmarks/round.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from tests.fakes.replicate_server import DEFAULT_TOKEN, FakeReplicate

LATENCY = 2.0


def main() -> int:
    with FakeReplicate(latency=LATENCY) as server, tempfile.TemporaryDirectory() as tmp:
        os.environ["REPLICATE_API_TOKEN"] = DEFAULT_TOKEN
        os.environ["REPLICATE_BASE_URL"] = server.url
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        from storyboard_app.generation.engine import GenerationEngine
        from storyboard_app.paths import DataPaths
        from storyboard_app.store.open_store import open_store

        paths = DataPaths(Path(tmp))
        store = open_store(paths)
        try:
            project = store.projects.create("Benchmark")
            scene = store.scenes.add_scene(project.id, "Scene")
            shot = store.scenes.add_shot(scene.id, "A lighthouse at dawn")
            engine = GenerationEngine.for_paths(store, paths, provider="replicate")

            _ = engine.provider("replicate").client  # warm: imports and connection pool
            rows = engine.plan_round(shot.id)
            start = time.perf_counter()
            first = engine.run_round([r.id for r in rows])
            wall = time.perf_counter() - start
            assert all(r.status.value == "complete" for r in first), [r.error for r in first]

            uploads_before = server.upload_count
            rows = engine.plan_round(shot.id, parent_image_id=first[0].id, strength=0.5)
            start = time.perf_counter()
            second = engine.run_round([r.id for r in rows])
            wall_i2i = time.perf_counter() - start
            assert all(r.status.value == "complete" for r in second), [r.error for r in second]
            uploads = server.upload_count - uploads_before

            for name, colour in (("Mara", (200, 40, 40)), ("Harbor", (40, 40, 200))):
                png = Path(tmp) / f"{name}.png"
                Image.new("RGB", (64, 64), colour).save(png)
                store.elements.add(project.id, name, "character", files=[png])
            uploads_before = server.upload_count
            start = time.perf_counter()
            rows = engine.plan_round(shot.id, prompt="@Mara waits at @Harbor")
            plan_refs = time.perf_counter() - start  # the two uploads happen here
            start = time.perf_counter()
            third = engine.run_round([r.id for r in rows])
            wall_refs = time.perf_counter() - start
            assert all(r.status.value == "complete" for r in third), [r.error for r in third]
            ref_uploads = server.upload_count - uploads_before
        finally:
            store.close()
    ratio = wall / LATENCY
    print(f"prediction latency           {LATENCY:.2f} s")
    print(f"text-to-image round of six   {wall:.2f} s  ratio {ratio:.3f}  (goal <= 1.10)")
    print(f"image-to-image round of six  {wall_i2i:.2f} s  ratio {wall_i2i / LATENCY:.3f}")
    print(f"uploads per image-to-image round  {uploads}  (goal 1)")
    ref_ratio = wall_refs / LATENCY
    print(f"two-reference round of six   {wall_refs:.2f} s  ratio {ref_ratio:.3f}  (goal <= 1.10)")
    print(f"  planning it (two uploads)  {plan_refs:.2f} s")
    print(f"uploads per two-reference round   {ref_uploads}  (goal 2)")
    ok = ratio <= 1.10 and uploads == 1 and ref_ratio <= 1.10 and ref_uploads == 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
