"""The 2×3 grid of a round's six variants at the project's aspect ratio, sized by a slider,
driven by the keyboard alone if the user likes.

Keys (while a cell has focus): 1–6 focus a cell, arrows move, Space opens the large preview,
F stars, R refines from the variant (or retries a failed one), Enter makes it final,
C compares it with its parent, X rejects it (or brings it back), Esc cancels the running round.
Rejected variants are hidden unless "Show rejected" is on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from storyboard_app.domain.enums import VARIANTS_PER_ROUND, ImageStatus
from storyboard_app.domain.shot_language import ratio_value
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.cell import VariantCell

COLUMNS = 3
ROWS = VARIANTS_PER_ROUND // COLUMNS
# Shapes the six tiles may take: two rows of three (the grid the keys know), or one row of
# six when that gives bigger pictures (tall pictures in a wide space).
SHAPES = ((3, 2), (6, 1))
SPACING = 8
MIN_SCALE, MAX_SCALE = 0.4, 1.0
MIN_TILE_WIDTH = 126  # the hover row of five buttons fits across


@dataclass(frozen=True)
class TileSize:
    """One tile's outer size and its picture's size."""

    width: int
    height: int
    picture: QSize
    columns: int = COLUMNS
    rows: int = ROWS


def tile_size(
    area: QSize,
    aspect: float,
    chrome: QSize,
    scale: float = 1.0,
    shape: tuple[int, int] = (COLUMNS, ROWS),
) -> TileSize:
    """The largest tiles whose pictures have `aspect` and whose `shape` (columns, rows) fits
    `area`, times `scale` (the size slider)."""
    columns, rows = shape
    column = (area.width() - SPACING * (columns - 1)) / columns
    row = (area.height() - SPACING * (rows - 1)) / rows
    width = max(1.0, min(column - chrome.width(), (row - chrome.height()) * aspect))
    width *= max(MIN_SCALE, min(MAX_SCALE, scale))
    height = width / aspect
    outer_width = min(max(width + chrome.width(), MIN_TILE_WIDTH), max(int(column), 1))
    picture = QSize(round(width), round(height))
    return TileSize(round(outer_width), round(height + chrome.height()), picture, columns, rows)


def best_tiles(area: QSize, aspect: float, chrome: QSize, scale: float = 1.0) -> TileSize:
    """The shape whose pictures are biggest in `area` (3×2 when they tie)."""
    options = [tile_size(area, aspect, chrome, 1.0, shape) for shape in SHAPES]

    def area_of(t: TileSize) -> float:
        usual = (t.columns, t.rows) == (COLUMNS, ROWS)
        return t.picture.width() * t.picture.height() * (1.001 if usual else 1.0)

    best = max(options, key=area_of)
    return tile_size(area, aspect, chrome, scale, (best.columns, best.rows))


_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n - 1 for n in range(1, VARIANTS_PER_ROUND + 1)}


class VariantGrid(QWidget):
    """Six `VariantCell`s in two rows of three (GUI thread).

    current_changed(object): the focused variant's ImageInfo (or None).
    star_requested(object), refine_requested(object), final_requested(object),
    retry_requested(object), preview_requested(object), compare_requested(object):
        the user asked for that action on this ImageInfo.
    reject_requested(object): X or the tile's reject button: reject this ImageInfo (or bring
        it back).
    cancel_round_requested(): Esc: stop the variants still running.
    """

    reject_requested = Signal(object)

    current_changed = Signal(object)
    star_requested = Signal(object)
    refine_requested = Signal(object)
    final_requested = Signal(object)
    retry_requested = Signal(object)
    preview_requested = Signal(object)
    compare_requested = Signal(object)
    cancel_round_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variantGrid")
        self.ratio = "16:9"
        self.aspect = 16 / 9
        self.scale = MAX_SCALE
        self._columns = COLUMNS
        self.cells: list[VariantCell] = []
        self.current_variant = 0
        for variant in range(VARIANTS_PER_ROUND):
            cell = VariantCell(variant, self)
            cell.activated.connect(self._on_cell_activated)
            cell.star_clicked.connect(lambda v: self._emit(self.star_requested, v))
            cell.refine_clicked.connect(lambda v: self._emit(self.refine_requested, v))
            cell.final_clicked.connect(lambda v: self._emit(self.final_requested, v))
            cell.retry_clicked.connect(lambda v: self._emit(self.retry_requested, v))
            cell.preview_requested.connect(lambda v: self._emit(self.preview_requested, v))
            cell.reject_clicked.connect(lambda v: self._emit(self.reject_requested, v))
            self.cells.append(cell)

    # -- size and shape --------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(640, 420)

    def minimumSizeHint(self) -> QSize:  # Qt override: tiles shrink, never widen the window
        return QSize(COLUMNS * 100, ROWS * 90)

    def set_aspect_ratio(self, ratio: str) -> None:
        """Tiles take the project's aspect ratio ("16:9", "9:16", "2.39:1" …)."""
        self.ratio = ratio
        self.aspect = ratio_value(ratio)
        for cell in self.cells:
            cell.set_project_ratio(ratio, self.aspect)
        self._place_cells()

    def set_scale(self, scale: float) -> None:
        """The size slider: 1.0 fills the space, smaller tiles sit centred."""
        self.scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        self._place_cells()

    def tile(self) -> TileSize:
        return best_tiles(self.size(), self.aspect, self.cells[0].chrome_size(), self.scale)

    @property
    def columns(self) -> int:
        return self._columns

    def _place_cells(self) -> None:
        tile = self.tile()
        self._columns = tile.columns
        block_w = tile.columns * tile.width + (tile.columns - 1) * SPACING
        block_h = tile.rows * tile.height + (tile.rows - 1) * SPACING
        left = max(0, (self.width() - block_w) // 2)
        top = max(0, (self.height() - block_h) // 2)
        for variant, cell in enumerate(self.cells):
            row, column = divmod(variant, tile.columns)
            cell.setGeometry(
                QRect(
                    left + column * (tile.width + SPACING),
                    top + row * (tile.height + SPACING),
                    tile.width,
                    tile.height,
                )
            )

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._place_cells()

    # -- content ---------------------------------------------------------------------------

    def cell_for(self, image_id: int) -> VariantCell | None:
        for cell in self.cells:
            if cell.image is not None and cell.image.id == image_id:
                return cell
        return None

    def current_image(self) -> ImageInfo | None:
        return self.cells[self.current_variant].image

    def images(self) -> list[ImageInfo]:
        return [cell.image for cell in self.cells if cell.image is not None]

    def active_images(self) -> list[ImageInfo]:
        return [i for i in self.images() if i.status.is_active]

    def set_pixmap(self, storage_id: str, pixmap: QPixmap) -> None:
        for cell in self.cells:
            if cell.image is not None and cell.image.image_storage_id == storage_id:
                cell.set_pixmap(pixmap)

    def refresh_statuses(self) -> None:
        for cell in self.cells:
            if cell.image is not None and cell.image.status.is_active:
                cell.refresh_status()

    @property
    def show_rejected(self) -> bool:
        return not self.cells[0].hide_rejected

    def set_show_rejected(
        self, on: bool, pixmap_of: Callable[[str | None], QPixmap | None]
    ) -> None:
        """Show rejected variants (marked) or hide them; re-shows the cells holding one."""
        for cell in self.cells:
            cell.hide_rejected = not on
            image = cell.image
            if image is not None and image.is_rejected:
                cell.show_image(image, pixmap_of(image.image_storage_id), is_final=cell.is_final)

    def mark_parent_choice(self, image_id: int | None) -> None:
        for cell in self.cells:
            cell.set_parent_choice(cell.image is not None and cell.image.id == image_id)

    # -- keyboard --------------------------------------------------------------------------

    def focus_variant(self, variant: int) -> None:
        variant = max(0, min(VARIANTS_PER_ROUND - 1, variant))
        self.cells[variant].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.current_variant = variant

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        key = Qt.Key(event.key())
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)  # Ctrl/Alt combinations belong to the page
            return
        variant = self.current_variant
        image = self.current_image()
        if key in _DIGITS:
            self.focus_variant(_DIGITS[key])
        elif key == Qt.Key.Key_Left:
            self.focus_variant(variant - 1)
        elif key == Qt.Key.Key_Right:
            self.focus_variant(variant + 1)
        elif key == Qt.Key.Key_Up:
            columns = self._columns
            self.focus_variant(variant - columns if variant >= columns else variant)
        elif key == Qt.Key.Key_Down:
            columns = self._columns
            below = variant + columns
            self.focus_variant(below if below < VARIANTS_PER_ROUND else variant)
        elif key == Qt.Key.Key_Space:
            self._emit(self.preview_requested, variant)
        elif key == Qt.Key.Key_F:
            self._emit(self.star_requested, variant)
        elif key == Qt.Key.Key_R:
            if image is not None and image.status == ImageStatus.FAILED:
                self._emit(self.retry_requested, variant)
            else:
                self._emit(self.refine_requested, variant)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._emit(self.final_requested, variant)
        elif key == Qt.Key.Key_C:
            self._emit(self.compare_requested, variant)
        elif key == Qt.Key.Key_X:
            self._emit(self.reject_requested, variant)
        elif key == Qt.Key.Key_Escape:
            self.cancel_round_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- slots -----------------------------------------------------------------------------

    def _on_cell_activated(self, variant: int) -> None:
        self.current_variant = variant
        self.current_changed.emit(self.cells[variant].image)

    def _emit(self, signal: SignalInstance, variant: int) -> None:
        image = self.cells[variant].image
        if image is not None:
            signal.emit(image)
