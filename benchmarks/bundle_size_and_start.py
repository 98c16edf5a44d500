"""Size and start time of the Linux bundle (build it first: packaging/build_linux.sh).

    .venv/bin/python benchmarks/bundle_size_and_start.py [BUNDLE_DIR] [--dist DIR]

Prints the bundle's size on disk, the installers' sizes, the median wall time of
`storyboard-app --version` (process start, bundled Python, imports) and of the full
`--self-test` (start, main window, one offline round, video), offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    with tempfile.TemporaryDirectory() as cwd:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=cwd, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "bundle", nargs="?", type=Path, default=ROOT / "build/pyinstaller/dist/storyboard-studio"
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = args.bundle / "storyboard-app"
    if not exe.is_file():
        raise SystemExit(f"no bundle at {args.bundle}; run packaging/build_linux.sh first")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    print(f"bundle folder {_size(args.bundle) / 1e6:18.1f} MB  {args.bundle}")
    for installer in sorted(args.dist.glob("storyboard-studio*")):
        print(f"{_size(installer) / 1e6:32.1f} MB  {installer.name}")
    version = _median_seconds([str(exe), "--version"], args.runs, env)
    print(f"start (--version)       {version:8.2f} s   median of {args.runs}")
    full = _median_seconds([str(exe), "--self-test"], args.runs, env)
    print(f"--self-test (all steps) {full:8.2f} s   median of {args.runs}")


if __name__ == "__main__":
    main()
