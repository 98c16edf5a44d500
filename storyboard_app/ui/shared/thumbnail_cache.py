"""The one in-memory cache of decoded images by storage id; files are decoded off the GUI thread.

`get(storage_id)` answers at once from memory (or None); `request(storage_id)` also queues the
missing ones, and every request made in the same event-loop turn is decoded in one background
task. The least recently used pixmaps are dropped once the cache holds more than `max_bytes`.
Thumbnails (default), full images (`full=True`, optionally capped at `max_edge`) or thumbnails
scaled to cover a fixed size (`fill`, the dashboard's cards) are all kept here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from storyboard_app.media.store import MediaStore
from storyboard_app.ui.shared.worker import TaskContext, TaskRunner

THUMBNAIL_BYTES = 48 * 1024 * 1024
PREVIEW_BYTES = 128 * 1024 * 1024


def _decode(
    media: MediaStore,
    storage_ids: list[str],
    full: bool,
    max_edge: int | None,
    fill: QSize | None,
    ctx: TaskContext,
) -> dict[str, QImage | None]:
    """Pool thread: make a missing thumbnail, decode each file (None: missing or corrupt)."""
    images: dict[str, QImage | None] = {}
    for storage_id in storage_ids:
        ctx.check_cancelled()
        path: Path | None
        try:
            path = media.existing_path(storage_id) if full else media.thumbnail_for(storage_id)
            if path is None and not full:
                path = media.existing_path(storage_id)
        except (OSError, ValueError):
            path = None
        image = QImage(str(path)) if path is not None else QImage()
        if image.isNull():
            images[storage_id] = None
            continue
        if max_edge is not None and max(image.width(), image.height()) > max_edge:
            image = image.scaled(
                QSize(max_edge, max_edge),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        if fill is not None:
            image = image.scaled(
                fill,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
        images[storage_id] = image
    return images


def pixmap_bytes(pixmap: QPixmap) -> int:
    return max(1, pixmap.width() * pixmap.height() * max(1, pixmap.depth()) // 8)


class ThumbnailCache(QObject):
    """Decoded pixmaps by storage id, LRU-bounded by bytes (GUI thread; decoding on the pool).

    image_ready(str): the pixmap of this storage id is now in the cache.
    images_ready(list): the storage ids of one decoded batch now in the cache (after their
        `image_ready`), for views that repaint once per batch.
    image_missing(str): this storage id has no readable file (missing or corrupt).
    """

    image_ready = Signal(str)
    images_ready = Signal(list)
    image_missing = Signal(str)

    def __init__(
        self,
        media_root: Path,
        tasks: TaskRunner,
        *,
        max_bytes: int = THUMBNAIL_BYTES,
        full: bool = False,
        max_edge: int | None = None,
        fill: QSize | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._media = MediaStore(media_root)
        self._tasks = tasks
        self.max_bytes = max_bytes
        self._full = full
        self._max_edge = max_edge
        self._fill = QSize(fill) if fill is not None else None
        self._on_error = on_error
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._bytes = 0
        self._loading: set[str] = set()
        self._queued: list[str] = []
        self.missing: set[str] = set()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    @property
    def bytes_used(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pixmaps)

    def __contains__(self, storage_id: object) -> bool:
        return storage_id in self._pixmaps

    def get(self, storage_id: str | None) -> QPixmap | None:
        """The cached pixmap (marked recently used), else None; never touches the disk."""
        if not storage_id:
            return None
        pixmap = self._pixmaps.get(storage_id)
        if pixmap is not None:
            self._pixmaps.move_to_end(storage_id)
        return pixmap

    def request(self, storage_id: str | None) -> QPixmap | None:
        """`get`, and queue a background load when it is not cached yet."""
        pixmap = self.get(storage_id)
        if pixmap is None and storage_id:
            self.request_many([storage_id])
        return pixmap

    def request_many(self, storage_ids: Iterable[str | None]) -> None:
        for storage_id in storage_ids:
            if (
                not storage_id
                or storage_id in self._pixmaps
                or storage_id in self._loading
                or storage_id in self.missing
            ):
                continue
            self._loading.add(storage_id)
            self._queued.append(storage_id)
        if self._queued and not self._flush_timer.isActive():
            self._flush_timer.start()

    def forget_missing(self) -> None:
        """Try files that were missing again (e.g. after a repair)."""
        self.missing.clear()

    def clear(self) -> None:
        self._pixmaps.clear()
        self._bytes = 0

    def _flush(self) -> None:
        batch, self._queued = self._queued, []
        if not batch:
            return
        media, full, edge, fill = self._media, self._full, self._max_edge, self._fill
        self._tasks.submit(
            lambda ctx: _decode(media, batch, full, edge, fill, ctx),
            name="Loading images" if full else "Loading thumbnails",
            on_result=self._on_decoded,
            on_error=lambda exc: self._on_decode_failed(batch, exc),
            on_cancelled=lambda: self._loading.difference_update(batch),
            owner=self,
        )

    def _on_decode_failed(self, batch: list[str], exc: BaseException) -> None:
        self._loading.difference_update(batch)
        if self._on_error is not None:
            self._on_error(exc)

    def _on_decoded(self, images: dict[str, QImage | None]) -> None:
        ready: list[str] = []
        for storage_id, image in images.items():
            self._loading.discard(storage_id)
            if image is None:
                self.missing.add(storage_id)
                self.image_missing.emit(storage_id)
                continue
            self._insert(storage_id, QPixmap.fromImage(image))
            self.image_ready.emit(storage_id)
            ready.append(storage_id)
        if ready:
            self.images_ready.emit(ready)

    def _insert(self, storage_id: str, pixmap: QPixmap) -> None:
        old = self._pixmaps.pop(storage_id, None)
        if old is not None:
            self._bytes -= pixmap_bytes(old)
        self._pixmaps[storage_id] = pixmap
        self._bytes += pixmap_bytes(pixmap)
        while self._bytes > self.max_bytes and len(self._pixmaps) > 1:
            _, dropped = self._pixmaps.popitem(last=False)
            self._bytes -= pixmap_bytes(dropped)
