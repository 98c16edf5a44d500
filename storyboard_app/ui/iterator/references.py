"""The reference pictures an image was made with, as small named thumbnails (details, lineage)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from storyboard_app.store.dto import ImageInfo

THUMB = 56
MAX_REFERENCES = 3

PixmapRequest = Callable[[str], QPixmap | None]  # storage id → pixmap now, or asks for it


@dataclass(frozen=True)
class UsedReference:
    """One element reference a round sent: the element's name and the stored file."""

    name: str
    storage_id: str


def used_references(image: ImageInfo | None) -> list[UsedReference]:
    """The references recorded in the image's generation_params, in the order sent."""
    refs = image.generation_params.get("references") if image is not None else None
    if not isinstance(refs, list):
        return []
    return [
        UsedReference(str(r.get("name") or "?"), r["sha256"])
        for r in refs
        if isinstance(r, dict) and isinstance(r.get("sha256"), str)
    ]


class ReferenceStrip(QWidget):
    """Up to three thumbnails with the element's @name under each (GUI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceStrip")
        self.request: PixmapRequest | None = None  # set by the page's side panels
        self.references: list[UsedReference] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.caption = QLabel("Made with:", self)
        row.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignTop)
        self.boxes: list[QWidget] = []
        self.thumbs: list[QLabel] = []
        self.names: list[QLabel] = []
        for _ in range(MAX_REFERENCES):
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            thumb = QLabel(box)
            thumb.setObjectName("referenceThumb")
            thumb.setFixedSize(THUMB, THUMB)
            thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            thumb.setStyleSheet("QLabel { background: #2b2f36; border-radius: 4px; }")
            name = QLabel(box)
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name.setStyleSheet("QLabel { font-size: 10px; }")
            column.addWidget(thumb)
            column.addWidget(name)
            row.addWidget(box)
            self.boxes.append(box)
            self.thumbs.append(thumb)
            self.names.append(name)
        row.addStretch(1)
        self.hide()

    def show_image(self, image: ImageInfo | None) -> None:
        """Show the references `image` was made with (hidden when none)."""
        self.references = used_references(image)[:MAX_REFERENCES]
        for index, (box, thumb, name) in enumerate(
            zip(self.boxes, self.thumbs, self.names, strict=True)
        ):
            if index >= len(self.references):
                box.hide()
                continue
            ref = self.references[index]
            name.setText(f"@{ref.name}")
            thumb.setToolTip(f"@{ref.name}: the reference picture sent with this round")
            thumb.clear()
            thumb.setText("…")
            pixmap = self.request(ref.storage_id) if self.request is not None else None
            if pixmap is not None:
                self._set_thumb(thumb, pixmap)
            box.show()
        self.setVisible(bool(self.references))

    def set_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        """A thumbnail finished decoding."""
        for ref, thumb in zip(self.references, self.thumbs, strict=False):
            if ref.storage_id == storage_id:
                self._set_thumb(thumb, pixmap)

    def shown_pixmaps(self) -> int:
        """How many thumbnails show a picture (for tests and screenshots)."""
        return sum(
            1
            for thumb in self.thumbs[: len(self.references)]
            if thumb.pixmap() is not None and not thumb.pixmap().isNull()
        )

    @staticmethod
    def _set_thumb(thumb: QLabel, pixmap: QPixmap) -> None:
        thumb.setPixmap(
            pixmap.scaled(
                THUMB,
                THUMB,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
