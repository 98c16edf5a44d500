"""Benchmark: import a generated Convex export of ~100,000 documents ÷ only parsing its JSONL.

Goal: ratio ≤ 5 on 2 cores, memory bounded. Run: `.venv/bin/python benchmarks/convex_import.py
[--documents N] [--runs R] [--one-process]`. The export is generated once; each run times the
parse, then imports (and re-imports) it in a fresh process, whose peak RSS growth is the
import's own memory; the converting processes it starts are reported apart. Medians are
printed, and which path ran: by default the importer decides (a large first import converts in
two other processes); `--one-process` keeps the conversion in the importing process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.convex.export_writer import ConvexExportWriter, convex_id
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store

T0 = 1_700_000_000_000.25


def generate(path: Path, documents: int) -> int:
    """Projects of 5 scenes × 4 shots × 8 rounds of 6 images, plus selections."""
    rng = random.Random(1)
    per_project = 1 + 5 + 20 + 20 * 48 + 20
    projects = max(1, documents // per_project)
    tables: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "videoProjects",
            "projectScenes",
            "sceneShots",
            "shotImages",
            "storyboardSelections",
        )
    }
    t = T0
    for p in range(projects):
        pid = convex_id(rng)
        t += 1000.5
        tables["videoProjects"].append(
            {
                "_id": pid,
                "_creationTime": t,
                "title": f"Project {p}",
                "description": "bench",
                "workflowVersion": "v2_redesign",
                "createdAt": t,
                "updatedAt": t,
            }
        )
        for sn in range(1, 6):
            sid = convex_id(rng)
            tables["projectScenes"].append(
                {
                    "_id": sid,
                    "_creationTime": t,
                    "projectId": pid,
                    "sceneNumber": float(sn),
                    "title": f"Scene {sn}",
                    "description": "a scene",
                    "createdAt": t,
                    "updatedAt": t,
                }
            )
            for shn in range(1, 5):
                shid = convex_id(rng)
                shot = {
                    "_id": shid,
                    "_creationTime": t,
                    "projectId": pid,
                    "sceneId": sid,
                    "shotNumber": float(shn),
                    "description": "a shot",
                    "initialPrompt": "a city at dawn, wide shot",
                    "createdAt": t,
                    "updatedAt": t,
                }
                tables["sceneShots"].append(shot)
                parent = None
                for it in range(8):
                    favourite = None
                    for var in range(6):
                        iid = convex_id(rng)
                        doc = {
                            "_id": iid,
                            "_creationTime": t,
                            "projectId": pid,
                            "sceneId": sid,
                            "shotId": shid,
                            "iterationNumber": float(it),
                            "variantNumber": float(var),
                            "imageUrl": f"https://replicate.delivery/x/{iid}.png",
                            "iterationPrompt": "a city at dawn, wide shot, golden light",
                            "replicateImageId": iid[:26],
                            "status": "complete",
                            "isFavorite": var == 1,
                            "metadata": {
                                "model": "black-forest-labs/flux-schnell",
                                "seed": float(rng.randrange(1 << 31)),
                                "num_inference_steps": 4.0,
                            },
                            "createdAt": t,
                            "updatedAt": t,
                        }
                        if parent:
                            doc["parentImageId"] = parent
                        tables["shotImages"].append(doc)
                        if var == 1:
                            favourite = iid
                    parent = favourite
                shot["selectedImageId"] = parent
                tables["storyboardSelections"].append(
                    {
                        "_id": convex_id(rng),
                        "_creationTime": t,
                        "projectId": pid,
                        "sceneId": sid,
                        "shotId": shid,
                        "selectedImageId": parent,
                        "animationStatus": "complete",
                        "animatedVideoUrl": "https://replicate.delivery/x/clip.mp4",
                        "replicateVideoId": "v" * 26,
                        "createdAt": t,
                        "updatedAt": t,
                    }
                )
    total = 0
    with ConvexExportWriter(path) as writer:
        for name, docs in tables.items():
            total += writer.add_table(name, docs)
    return total


def parse_only(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    n = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith("/documents.jsonl") and not info.filename.startswith("_"):
                with archive.open(info) as fh:
                    for line in fh:
                        json.loads(line)
                        n += 1
    return time.perf_counter() - started, n


def child(export: Path, data_dir: Path, one_process: bool) -> int:
    """Run in a fresh process: import, then re-import; print the figures as JSON."""
    paths = DataPaths(data_dir)
    store = open_store(paths)
    pipeline = False if one_process else None
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = import_convex_export(store, paths.media, export, pipeline=pipeline)
    import_seconds = time.perf_counter() - started
    # ru_maxrss is the high-water mark of this process, which did nothing else that is large;
    # for the converting processes (ended by now), that of the largest.
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    converter_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    again = import_convex_export(store, paths.media, export, pipeline=pipeline)
    reimport_seconds = time.perf_counter() - started
    store.close()
    assert again.inserted == 0 and again.updated == 0, again.summary()
    print(
        json.dumps(
            {
                "inserted": report.inserted,
                "import": import_seconds,
                "reimport": reimport_seconds,
                "rss_growth_kib": rss_peak - rss_before,
                "rss_peak_kib": rss_peak,
                "converters": report.converter_processes,
                "converter_rss_kib": converter_rss,
            }
        )
    )
    return 0


def run_child(export: Path, data_dir: Path, one_process: bool) -> dict[str, Any]:
    flag = ["--one-process"] if one_process else []
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(export), str(data_dir), *flag],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="repetitions; medians are shown")
    parser.add_argument(
        "--one-process", action="store_true", help="convert in the importing process only"
    )
    parser.add_argument("--child", nargs=2, metavar=("ZIP", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]), args.one_process)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        export = root / "export.zip"
        count = generate(export, args.documents)
        print(f"export: {count:,} documents, {export.stat().st_size / 1e6:.1f} MB zipped")
        parses, imports, reimports, growths, ratios = [], [], [], [], []
        for run in range(args.runs):
            parse_seconds, parsed = parse_only(export)
            assert parsed == count
            figures = run_child(export, root / f"data{run}", args.one_process)
            assert figures["inserted"] == count, figures
            parses.append(parse_seconds)
            imports.append(figures["import"])
            reimports.append(figures["reimport"])
            growths.append(figures["rss_growth_kib"])
            ratios.append(figures["import"] / parse_seconds)
            print(
                f"  run {run + 1}: parse {parse_seconds:.2f} s, import {figures['import']:.2f} s,"
                f" re-import {figures['reimport']:.2f} s, ratio {ratios[-1]:.2f}"
            )
    parse, imported = statistics.median(parses), statistics.median(imports)
    ratio = statistics.median(ratios)
    print(f"parse only:      {parse:7.2f} s  ({count / parse:,.0f} docs/s)  median of {args.runs}")
    print(f"import:          {imported:7.2f} s  ({count / imported:,.0f} docs/s)")
    print(f"re-import (same):{statistics.median(reimports):7.2f} s  (all unchanged)")
    print(f"ratio import ÷ parse: {ratio:.2f}  (goal ≤ 5: {'met' if ratio <= 5 else 'NOT met'})")
    print(
        f"peak RSS growth of the import process: {statistics.median(growths) / 1024:.0f} MB "
        "(fresh process; ru_maxrss after the import minus before it)"
    )
    if figures["converters"]:
        path = (
            f"{figures['converters']} converting processes (largest peak RSS"
            f" {figures['converter_rss_kib'] / 1024:.0f} MB) beside the importing one"
        )
    else:
        path = "one process (documents converted where they are written)"
    print(f"path: {path}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
