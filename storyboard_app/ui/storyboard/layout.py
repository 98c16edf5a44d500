"""The storyboard page's widgets, made and placed: the button bar, the scene columns of
cards beside the player, and the timeline panel below. The page connects them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.stage_page import StagePage
from storyboard_app.ui.storyboard.card import StoryboardCard
from storyboard_app.ui.storyboard.player import ClipPlayer
from storyboard_app.ui.storyboard.timeline_panel import TimelinePanel


class SceneColumn(QFrame):
    """A scene's header above its cards (GUI thread)."""

    def __init__(self, number: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"scene_{number}")
        self.setStyleSheet("SceneColumn { background: #eceff3; border-radius: 8px; }")
        self.header = QLabel(f"<b>Scene {number}</b> — {title or '(untitled)'}", self)
        self.header.setObjectName("sceneHeader")
        self.row = QHBoxLayout()
        self.row.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.header)
        layout.addLayout(self.row)
        layout.addStretch(1)


class StoryboardLayout(StagePage):
    """The storyboard's widgets: buttons and summary | cards beside the player | timeline."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.cards: dict[int, StoryboardCard] = {}  # by shot id, in timeline order
        self._build_widgets()

    def _build_widgets(self) -> None:
        """Make and place every widget (the page connects them)."""
        self.build_button = QPushButton("Build storyboard", self)
        self.build_button.setObjectName("buildStoryboardButton")
        self.build_button.setToolTip("Create or refresh the storyboard from every final pick")
        self.animate_selected_button = QPushButton("Animate selected", self)
        self.animate_selected_button.setObjectName("animateSelectedButton")
        self.animate_all_button = QPushButton("Animate all", self)
        self.animate_all_button.setObjectName("animateAllButton")
        self.animate_all_button.setToolTip("Animate every shot that has no current clip")
        self.cancel_all_button = QPushButton("Cancel all", self)
        self.cancel_all_button.setObjectName("cancelAllButton")
        self.video_button = QPushButton("Final video…", self)
        self.video_button.setObjectName("finalVideoButton")
        self.video_button.setToolTip(
            "Assemble the clips (and stills for shots without one) into one video (Ctrl+Shift+V)"
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("storyboardSummary")
        self.notice = QLabel(self)
        self.notice.setObjectName("storyboardNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a6d00;")
        self.notice.hide()

        bar = QHBoxLayout()
        for button in (
            self.build_button,
            self.animate_selected_button,
            self.animate_all_button,
            self.cancel_all_button,
        ):
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.video_button)

        self.strip = QWidget(self)
        self.strip.setObjectName("storyboardStrip")
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(8, 8, 8, 8)
        self.strip_layout.setSpacing(12)
        self.empty_label = QLabel(self.strip)
        self.empty_label.setObjectName("storyboardEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setText("Loading the storyboard…")
        self.strip_layout.addWidget(self.empty_label)
        self.strip_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("storyboardScroll")
        self.scroll_area.setWidget(self.strip)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.player = ClipPlayer(self)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setObjectName("storyboardTopSplitter")
        top.addWidget(self.scroll_area)
        top.addWidget(self.player)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setChildrenCollapsible(False)
        top.setSizes([640, 360])  # the cards first; the user's own sizes are restored
        self.timeline_panel = TimelinePanel(self)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(top, 1)
        layout.addWidget(self.timeline_panel)

    def _clear_cards(self) -> None:
        for widget in self.cards.values():
            widget.deleteLater()
        self.cards.clear()
        while self.strip_layout.count():
            item = self.strip_layout.takeAt(0)
            child = item.widget() if item is not None else None
            if child is not None and child is not self.empty_label:
                child.deleteLater()
        self.strip_layout.addWidget(self.empty_label)
        self.strip_layout.addStretch(1)
        self.empty_label.show()

    def _fit_timeline(self) -> None:
        """After the columns are placed: the timeline keeps the height of a whole card; the
        player takes the rest."""
        self.strip_layout.addStretch(1)
        bar = self.scroll_area.horizontalScrollBar().sizeHint().height()
        frame = 2 * self.scroll_area.frameWidth()
        self.strip_layout.invalidate()
        strip = self.strip_layout.totalSizeHint().height()
        self.scroll_area.setMinimumHeight(min(strip + bar + frame, 380))

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(1100, 700)
