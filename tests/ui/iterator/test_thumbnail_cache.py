"""The thumbnail cache: decoded off the GUI thread, bounded by bytes, missing files reported."""

from __future__ import annotations

import threading

from PIL import Image
from pytestqt.qtbot import QtBot

from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache, pixmap_bytes
from storyboard_app.ui.shared.worker import TaskRunner

WAIT_MS = 10_000


def _store_images(paths: DataPaths, count: int, size: tuple[int, int] = (320, 180)) -> list[str]:
    media = MediaStore(paths.media)
    ids = []
    for n in range(count):
        path = paths.root / f"in{n}.png"
        Image.new("RGB", size, (n * 7 % 256, 90, 200)).save(path)
        ids.append(media.put_file(path))
    return ids


def test_loads_off_the_gui_thread_and_stays_under_its_bound(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    ids = _store_images(data_paths, 12)
    runner = TaskRunner()
    cache = ThumbnailCache(data_paths.media, runner, max_bytes=1)  # set below after one
    threads: set[int] = set()
    runner.pool.setMaxThreadCount(2)
    with qtbot.waitSignal(cache.image_ready, timeout=WAIT_MS):
        assert cache.request(ids[0]) is None  # never decoded on the caller's thread
    one = cache.get(ids[0])
    assert one is not None and max(one.width(), one.height()) <= 256  # the thumbnail
    cache.max_bytes = pixmap_bytes(one) * 4
    seen: list[str] = []
    cache.image_ready.connect(seen.append)
    cache.image_ready.connect(lambda _id: threads.add(threading.get_ident()))
    cache.request_many(ids[1:])
    qtbot.waitUntil(lambda: len(seen) == 11, timeout=WAIT_MS)
    assert threads == {threading.get_ident()}  # signals arrive on the GUI thread
    assert len(cache) == 4 and cache.bytes_used <= cache.max_bytes
    assert ids[-1] in cache and ids[1] not in cache  # least recently used went first
    cache.get(ids[-4])  # touching one keeps it
    with qtbot.waitSignal(cache.image_ready, timeout=WAIT_MS):
        cache.request(ids[2])
    assert ids[-4] in cache and ids[-3] not in cache
    runner.wait()


def test_full_images_and_missing_or_corrupt_files(qtbot: QtBot, data_paths: DataPaths) -> None:
    (full_id,) = _store_images(data_paths, 1, (800, 450))
    runner = TaskRunner()
    full = ThumbnailCache(data_paths.media, runner, full=True)
    with qtbot.waitSignal(full.image_ready, timeout=WAIT_MS):
        full.request(full_id)
    pixmap = full.get(full_id)
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (800, 450)

    thumbs = ThumbnailCache(data_paths.media, runner)
    gone = "cd" * 32
    corrupt = "ef" * 32
    path = MediaStore(data_paths.media).path_for(corrupt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not an image")
    missing: list[str] = []
    thumbs.image_missing.connect(missing.append)
    thumbs.request_many([gone, corrupt, None, "not-a-storage-id"])
    qtbot.waitUntil(lambda: len(missing) == 3, timeout=WAIT_MS)
    assert set(missing) == {gone, corrupt, "not-a-storage-id"}
    assert thumbs.get(gone) is None
    thumbs.request(gone)  # not asked again until forget_missing()
    assert thumbs.missing == {gone, corrupt, "not-a-storage-id"}
    runner.wait()
