"""The timeline panel's widgets: transport (play, to start, to end), the time, the shot under
the playhead, the zoom control, and the scrolling track (GUI thread)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.timeline_view import TimelineView

SLIDER_STEPS = 100


def zoom_to_slider(zoom: float) -> int:
    """Pixels per second → a slider position (logarithmic: each step zooms alike)."""
    span = math.log(geo.MAX_ZOOM / geo.MIN_ZOOM)
    return round(math.log(geo.clamp_zoom(zoom) / geo.MIN_ZOOM) / span * SLIDER_STEPS)


def slider_to_zoom(value: int) -> float:
    span = math.log(geo.MAX_ZOOM / geo.MIN_ZOOM)
    return geo.clamp_zoom(geo.MIN_ZOOM * math.exp(value / SLIDER_STEPS * span))


class TimelinePanel(QWidget):
    """The transport bar above the scrolling timeline track."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        style = self.style()
        self.home_button = self._tool("Start", "homeButton", "Go to the start (Home)")
        self.home_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward))
        self.play_button = self._tool("Play", "timelinePlayButton", "Play the animatic (Space)")
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_button.setMinimumWidth(78)
        self.end_button = self._tool("End", "endButton", "Go to the end (End)")
        self.end_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.show_playing(False)
        self.time_label = QLabel("0:00:00 / 0:00:00", self)
        self.time_label.setObjectName("timelineTime")
        self.time_label.setToolTip("Playhead / length of the animatic (minutes:seconds:frames)")
        self.current_label = QLabel(self)
        self.current_label.setObjectName("timelineCurrent")
        self.current_label.setStyleSheet("color: #555;")
        self.zoom_out_button = self._tool("−", "zoomOutButton", "Zoom out (Ctrl+−, Ctrl+wheel)")
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.zoom_slider.setObjectName("zoomSlider")
        self.zoom_slider.setRange(0, SLIDER_STEPS)
        self.zoom_slider.setFixedWidth(120)
        self.zoom_slider.setToolTip("Timeline zoom (Ctrl+wheel on the timeline)")
        self.zoom_in_button = self._tool("+", "zoomInButton", "Zoom in (Ctrl+=, Ctrl+wheel)")
        self.fit_button = self._tool("Fit", "zoomFitButton", "Fit the whole animatic")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.home_button, self.play_button, self.end_button):
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.time_label)
        bar.addSpacing(12)
        bar.addWidget(self.current_label, 1)
        bar.addWidget(QLabel("Zoom", self))
        for zoom_widget in (self.zoom_out_button, self.zoom_slider, self.zoom_in_button):
            bar.addWidget(zoom_widget)
        bar.addWidget(self.fit_button)

        self.view = TimelineView(self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("timelineScroll")
        self.scroll_area.setWidget(self.view)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        bar_height = self.scroll_area.horizontalScrollBar().sizeHint().height()
        self.scroll_area.setFixedHeight(
            self.view.minimumSizeHint().height() + bar_height + 2 * self.scroll_area.frameWidth()
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area)

    def _tool(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        return button

    def show_time(self, seconds: float, total: float, fps: int) -> None:
        self.time_label.setText(f"{geo.timecode(seconds, fps)} / {geo.timecode(total, fps)}")

    def show_playing(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")
        pixmaps = QStyle.StandardPixmap
        icon = pixmaps.SP_MediaPause if playing else pixmaps.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setToolTip(
            "Pause the animatic (Space)" if playing else "Play the animatic (Space)"
        )

    def keep_visible(self, x: float) -> None:
        """Scroll so the playhead at `x` stays in sight."""
        self.scroll_area.ensureVisible(int(x), 10, 60, 0)

    def fit_zoom(self) -> float:
        """The zoom at which the whole animatic fits the visible width."""
        view = self.view
        total = geo.total_seconds(view.blocks)
        room = self.scroll_area.viewport().width() - 2 * geo.MARGIN
        room -= len(view.blocks) * geo.SPACING
        return geo.clamp_zoom(room / total) if total > 0 else geo.DEFAULT_ZOOM
