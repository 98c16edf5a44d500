"""The one thumbnail cache in its dashboard mode: pictures that cover a card, one batch signal."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache
from storyboard_app.ui.shared.worker import TaskRunner

WAIT_MS = 10_000


def test_fill_covers_the_card_and_a_batch_is_announced_once(
    qtbot: QtBot, data_paths: DataPaths
) -> None:
    media = MediaStore(data_paths.media)
    ids = []
    for n, size in enumerate(((320, 180), (180, 320), (400, 400))):
        path = data_paths.root / f"card{n}.png"
        Image.new("RGB", size, (40 * n, 90, 200)).save(path)
        ids.append(media.put_file(path))
    runner = TaskRunner()
    card = QSize(496, 280)
    cache = ThumbnailCache(data_paths.media, runner, fill=card)
    batches: list[list[str]] = []
    cache.images_ready.connect(batches.append)
    with qtbot.waitSignal(cache.images_ready, timeout=WAIT_MS):
        cache.request_many([*ids, None])
    assert batches == [ids]  # one repaint for the whole batch
    for storage_id in ids:
        pixmap = cache.get(storage_id)
        assert pixmap is not None
        # Covers the card: both sides at least the card's, one of them exactly.
        assert pixmap.width() >= card.width() and pixmap.height() >= card.height()
        assert card.width() in (pixmap.width(), pixmap.height()) or card.height() in (
            pixmap.width(),
            pixmap.height(),
        )
    runner.wait()
