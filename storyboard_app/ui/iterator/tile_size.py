"""The grid's size slider, its Ctrl+= / Ctrl+- shortcuts and its remembered position."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSlider, QWidget

from storyboard_app.ui.iterator.grid import MAX_SCALE, MIN_SCALE, VariantGrid

SETTINGS_KEY = "iterator/tile_size"
STEP = 10  # percent per Ctrl+= / Ctrl+-


class TileSizeControl(QObject):
    """A slider from 40 % to 100 % of the size that fills the space (GUI thread)."""

    def __init__(
        self, grid: VariantGrid, page: QWidget, settings: Callable[[], QSettings | None]
    ) -> None:
        super().__init__(page)
        self.grid = grid
        self._settings = settings
        self._restored = False
        self.slider = QSlider(Qt.Orientation.Horizontal, page)
        self.slider.setObjectName("tileSizeSlider")
        self.slider.setRange(round(MIN_SCALE * 100), round(MAX_SCALE * 100))
        self.slider.setSingleStep(STEP)
        self.slider.setPageStep(STEP)
        self.slider.setValue(round(MAX_SCALE * 100))
        self.slider.setFixedWidth(110)
        self.slider.setToolTip("Tile size (Ctrl+= larger, Ctrl+- smaller)")
        self.slider.setAccessibleName("Tile size")
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.larger_action = self._action(page, "largerTiles", "Larger tiles", ["Ctrl+=", "Ctrl++"])
        self.smaller_action = self._action(page, "smallerTiles", "Smaller tiles", ["Ctrl+-"])
        self.larger_action.triggered.connect(lambda: self.step(1))
        self.smaller_action.triggered.connect(lambda: self.step(-1))

    @staticmethod
    def _action(page: QWidget, name: str, text: str, keys: list[str]) -> QAction:
        act = QAction(text, page)
        act.setObjectName(name)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page.addAction(act)
        return act

    def step(self, direction: int) -> None:
        self.slider.setValue(self.slider.value() + direction * STEP)

    def restore(self) -> None:
        """Take the remembered size (once: the first time the page shows)."""
        if self._restored:
            return
        self._restored = True
        settings = self._settings()
        value = settings.value(SETTINGS_KEY) if settings is not None else None
        try:
            number = int(str(value)) if value is not None else None
        except ValueError:
            number = None  # an unreadable setting: keep the default
        if number is not None:
            self.slider.setValue(number)

    def _on_slider_value_changed(self, value: int) -> None:
        self.grid.set_scale(value / 100)
        settings = self._settings()
        if settings is not None and self._restored:
            settings.setValue(SETTINGS_KEY, value)
