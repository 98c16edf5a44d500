"""Loading thumbnails off the GUI thread and caching them by storage id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.ui.shared.worker import TaskContext, TaskRunner


def _load_images(paths: dict[str, Path], size: QSize, ctx: TaskContext) -> dict[str, QImage]:
    """Pool thread: decode and scale each file (QImage is safe off the GUI thread)."""
    images: dict[str, QImage] = {}
    for storage_id, path in paths.items():
        ctx.check_cancelled()
        image = QImage(str(path))
        if image.isNull():
            continue  # a missing or corrupt thumbnail just shows the placeholder
        images[storage_id] = image.scaled(
            size,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
    return images


class ThumbnailCache(QObject):
    """Pixmaps by storage id; `request` loads missing ones in one background task (GUI thread).

    thumbnails_loaded(list): storage ids that now have a pixmap.
    """

    thumbnails_loaded = Signal(list)

    def __init__(
        self, layout: MediaLayout, tasks: TaskRunner, size: QSize, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._layout = layout
        self._tasks = tasks
        self._size = size
        self._pixmaps: dict[str, QPixmap] = {}
        self._requested: set[str] = set()

    def get(self, storage_id: str | None) -> QPixmap | None:
        if not storage_id:
            return None
        return self._pixmaps.get(storage_id)

    def request(
        self, storage_ids: list[str], on_error: Callable[[BaseException], object] | None = None
    ) -> None:
        """Load the thumbnails (or the full images when no thumbnail exists) not yet cached."""
        wanted: dict[str, Path] = {}
        for storage_id in storage_ids:
            if storage_id in self._pixmaps or storage_id in self._requested:
                continue
            try:
                thumb = self._layout.thumbnail_path_for(storage_id)
                full = self._layout.path_for(storage_id)
            except ValueError:
                continue
            wanted[storage_id] = thumb if thumb.is_file() else full
        if not wanted:
            return
        self._requested.update(wanted)
        size = QSize(self._size)
        self._tasks.submit(
            lambda ctx: _load_images(wanted, size, ctx),
            name="Loading thumbnails",
            on_result=self._on_images_loaded,
            on_error=on_error,
            owner=self,
        )

    def _on_images_loaded(self, images: dict[str, QImage]) -> None:
        for storage_id, image in images.items():
            self._pixmaps[storage_id] = QPixmap.fromImage(image)
        if images:
            self.thumbnails_loaded.emit(list(images))
