"""A board picture that does not fit in memory: that board is reported, the import goes on.

The import runs in a child process whose address space is capped (the outside limit a
small machine has), so decoding a 9000×9000 layer really runs out of memory.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from storyboard_app.paths import DataPaths

SIDE = 9000  # 81 million pixels: under the pixel limit, 324 MB decoded as RGBA

CHILD = """
import json, resource, sys
from pathlib import Path
from storyboard_app.interchange.storyboarder import import_storyboarder
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store

store = open_store(DataPaths(Path(sys.argv[1])))
with open("/proc/self/status") as fh:
    size_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
limit = (size_kb + 200 * 1024) * 1024  # 200 MB more than the app needs to start
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
report = import_storyboarder(store, store.paths.media, Path(sys.argv[2]))
print(json.dumps(report.to_json()))
"""


def _big_png(path: Path, side: int) -> None:
    """A transparent `side`×`side` RGBA PNG, written row by row (a few hundred KB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(9)
    row = b"\0" * (1 + side * 4)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_a_picture_too_large_for_memory_marks_its_board_and_the_rest_comes_in(
    data_paths: DataPaths, single: Path
) -> None:
    _big_png(single.parent / "images" / "board-2-D3E4F-ink.png", SIDE)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_paths.root), str(single)],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["shots"] == 5 and report["images"] == 3
    assert report["image_missing"] == [
        "scene 1, board 2A: its picture is too large to open in the memory available"
    ]
