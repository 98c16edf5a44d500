"""The iterator page's widgets and shortcuts, made and placed; the page connects them."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.dto import ProjectInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.iterator.compare import CompareView
from storyboard_app.ui.iterator.details import DetailsPanel
from storyboard_app.ui.iterator.grid import VariantGrid
from storyboard_app.ui.iterator.keys import KEY_HINT
from storyboard_app.ui.iterator.lineage import LineageView
from storyboard_app.ui.iterator.navigator import ShotNavigator
from storyboard_app.ui.iterator.refine_bar import RefineBar
from storyboard_app.ui.iterator.rounds_strip import RoundStrip
from storyboard_app.ui.iterator.tile_size import TileSizeControl
from storyboard_app.ui.shared.elided_label import ElidedLabel
from storyboard_app.ui.stage_page import StagePage

NO_SHOTS = (
    "<h3>No shots yet</h3><p>Add scenes and shots in Scenes (Ctrl+2), then come back to "
    "draw six variants of each.</p>"
)


class IteratorLayout(StagePage):
    """The iterator's widgets: navigator | header, round strip, grid, refine bar | tabs."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self._build()
        self._build_actions()

    def _build(self) -> None:
        """Make and place every widget (the page connects them)."""
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter)

        self.navigator = ShotNavigator(splitter)
        self.navigator.setMinimumWidth(200)
        splitter.addWidget(self.navigator)

        center = QWidget(splitter)
        column = QVBoxLayout(center)
        column.setContentsMargins(4, 0, 4, 0)
        column.setSpacing(6)
        header = QHBoxLayout()
        self.title_label = QLabel("", center)
        self.title_label.setObjectName("shotTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.title_label.setWordWrap(True)
        header.addWidget(self.title_label, 1)
        self.provider_label = QLabel("Provider: …", center)
        self.provider_label.setObjectName("iteratorProvider")
        header.addWidget(self.provider_label)
        self.grid = VariantGrid(center)
        self.tile_size = TileSizeControl(self.grid, self, self._qsettings)
        size_label = QLabel("Size", center)
        size_label.setStyleSheet("QLabel { color: palette(mid); }")
        header.addWidget(size_label)
        header.addWidget(self.tile_size.slider)
        column.addLayout(header)
        self.banner = QLabel("", center)
        self.banner.setObjectName("unavailableBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background:#5a4a1a; color:#fff3c4; padding:4px 8px; border-radius:4px; }"
        )
        self.banner.hide()
        column.addWidget(self.banner)
        self.round_strip = RoundStrip(center)
        column.addWidget(self.round_strip)
        self.round_label = QLabel("", center)
        self.round_label.setObjectName("roundLabel")
        # A long prompt in the caption must not widen the window: it is cut at the edge
        # (the whole caption is in the tooltip).
        self.round_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        column.addWidget(self.round_label)
        column.addWidget(self.grid, 1)
        self.empty_label = QLabel(NO_SHOTS, center)
        self.empty_label.setObjectName("iteratorEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        column.addWidget(self.empty_label, 1)
        self.refine_bar = RefineBar(center)
        column.addWidget(self.refine_bar)
        # One line (the whole list is F1's): the grid keeps the height at 1024×700.
        self.hint_label = ElidedLabel(KEY_HINT, center)
        self.hint_label.setObjectName("keyHint")
        self.hint_label.setStyleSheet("QLabel { color: palette(mid); font-size: 11px; }")
        column.addWidget(self.hint_label)
        splitter.addWidget(center)

        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName("iteratorTabs")
        self.details = DetailsPanel(self.tabs)
        self.lineage = LineageView(self.tabs)
        self.compare = CompareView(self.tabs)
        self.tabs.addTab(self.details, "Details")
        self.tabs.addTab(self.lineage, "Lineage")
        self.tabs.addTab(self.compare, "Compare")
        self.tabs.setMinimumWidth(270)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 6)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([240, 760, 380])

    def _qsettings(self) -> QSettings | None:
        settings = getattr(self.window(), "qsettings", None)
        return settings if isinstance(settings, QSettings) else None

    def open_project(self, project: ProjectInfo | None) -> None:
        """Tiles take the project's aspect ratio (read each time the page shows)."""
        super().open_project(project)
        if project is not None:
            self.grid.set_aspect_ratio(project.aspect_ratio)
            self.details.set_project_ratio(project.aspect_ratio)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self.tile_size.restore()
        self.details.restore_drawer()

    def _action(self, name: str, text: str, keys: list[str]) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        """The page's shortcuts (also listed in Help → Keyboard shortcuts)."""
        self.next_shot_action = self._action("nextShot", "Next shot", ["Ctrl+Down", "Alt+Down"])
        self.previous_shot_action = self._action(
            "previousShot", "Previous shot", ["Ctrl+Up", "Alt+Up"]
        )
        self.next_round_action = self._action("nextRound", "Next round", ["Ctrl+Right"])
        self.previous_round_action = self._action("previousRound", "Previous round", ["Ctrl+Left"])
        self.generate_action = self._action("generateSix", "Generate six", ["Ctrl+G"])
        self.lineage_action = self._action("showLineage", "Show lineage", ["Ctrl+L"])
        self.details_action = self._action("showDetails", "Show details", ["Ctrl+I"])
        self.focus_grid_action = self._action("focusGrid", "Focus the grid", ["Ctrl+Shift+G"])
