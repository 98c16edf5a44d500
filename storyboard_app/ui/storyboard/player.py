"""The app's video player (QtMultimedia): plays a clip inline, and the assembled final video.

QMediaPlayer decodes on its own threads, so `play` returns at once; the GUI thread never
waits on a file. The audio output is created on first use (a machine without a sound
device still plays the picture). While the video is not playing, a still shows instead of
the video surface: the frame it stopped on, or a poster (the shot's picture) — so a paused
player shows a picture on every platform, screenshots included.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


def _clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class ClipPlayer(QWidget):
    """A video surface with play/pause, a position slider and the file's name (GUI thread).

    source_changed(str): a new file is loaded (its absolute path; "" when cleared).
    playback_failed(str): the file could not be played; the message says why.
    """

    source_changed = Signal(str)
    playback_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipPlayer")
        self.player = QMediaPlayer(self)
        self.audio: QAudioOutput | None = None
        self.surface = QStackedWidget(self)
        self.surface.setMinimumSize(256, 144)
        self.video = QVideoWidget(self.surface)
        self.video.setObjectName("clipVideo")
        self.still = QLabel(self.surface)
        self.still.setObjectName("clipStill")
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still.setStyleSheet("background: #111; color: #bbb;")
        self.still.setText("Choose a clip on the storyboard and press Play")
        self.surface.addWidget(self.video)
        self.surface.addWidget(self.still)
        self.surface.setCurrentWidget(self.still)
        self._still_pixmap: QPixmap | None = None
        self.player.setVideoOutput(self.video)

        self.play_button = QPushButton("Play", self)
        self.play_button.setObjectName("playButton")
        self.play_button.setEnabled(False)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("positionSlider")
        self.slider.setEnabled(False)
        self.time_label = QLabel("0:00 / 0:00", self)
        self.title_label = QLabel("No clip loaded", self)
        self.title_label.setObjectName("playerTitle")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.surface, 1)
        layout.addLayout(controls)

        self.play_button.clicked.connect(self.toggle)
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.player.durationChanged.connect(self._on_player_duration_changed)
        self.player.positionChanged.connect(self._on_player_position_changed)
        self.player.playbackStateChanged.connect(self._on_player_state_changed)
        self.player.errorOccurred.connect(self._on_player_error)

    # -- API -----------------------------------------------------------------------------------

    def load(self, path: Path, title: str = "", poster: QPixmap | None = None) -> None:
        """Load `path` (not playing yet); `poster` shows until it plays."""
        if self.audio is None:
            self.audio = QAudioOutput(self)
            self.player.setAudioOutput(self.audio)
        path = Path(path).absolute()
        self.player.stop()
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.title_label.setText(title or path.name)
        self.title_label.setToolTip(str(path))
        self.play_button.setEnabled(True)
        self.slider.setEnabled(True)
        self._show_still(poster, "Press Play")
        self.source_changed.emit(str(path))

    def play(
        self, path: Path | None = None, title: str = "", poster: QPixmap | None = None
    ) -> None:
        """Play `path` from the start (or resume the loaded file)."""
        if path is not None:
            self.load(path, title, poster)
        if not self.player.source().isEmpty():
            self.player.play()

    def stop(self) -> None:
        self.player.stop()

    def show_still(self, pixmap: QPixmap | None, title: str) -> None:
        """Show a still picture instead of a clip (a shot of the animatic without one)."""
        # The clip stays loaded (clearing a source while it loads interrupts FFmpeg).
        self.player.stop()
        self.title_label.setText(title)
        self.title_label.setToolTip("")
        self.play_button.setEnabled(False)
        self.slider.setEnabled(False)
        self.slider.setValue(0)
        self.time_label.setText("still")
        self._show_still(pixmap, "No picture for this shot")

    def show_loaded(self, title: str) -> None:
        """Back on the loaded clip after a still: its title and controls again."""
        self.title_label.setText(title)
        self.play_button.setEnabled(True)
        self.slider.setEnabled(True)
        self._update_time()

    def show_poster(self, pixmap: QPixmap | None) -> None:
        """While paused on a loaded clip: show this picture of it (the animatic's scrub)."""
        if not self.is_playing() and pixmap is not None:
            self._show_still(pixmap, "")

    def is_playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def clear(self) -> None:
        self.player.stop()
        self.player.setSource(QUrl())
        self.title_label.setText("No clip loaded")
        self.title_label.setToolTip("")
        self.play_button.setEnabled(False)
        self.slider.setEnabled(False)
        self._show_still(None, "Choose a clip on the storyboard and press Play")
        self.source_changed.emit("")

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.play()

    def source_path(self) -> Path | None:
        url = self.player.source()
        return Path(url.toLocalFile()) if url.isLocalFile() else None

    # -- slots ---------------------------------------------------------------------------------

    def _on_player_duration_changed(self, duration: int) -> None:
        self.slider.setRange(0, max(0, duration))
        self._update_time()

    def _on_player_position_changed(self, position: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(position)
        self._update_time()

    def _on_player_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText("Pause" if playing else "Play")
        if playing:
            self.surface.setCurrentWidget(self.video)
            return
        frame = self.video.videoSink().videoFrame()
        image = frame.toImage() if frame.isValid() else None
        if image is not None and not image.isNull():
            self._show_still(QPixmap.fromImage(image), "")
        else:
            self.surface.setCurrentWidget(self.still)

    def _show_still(self, pixmap: QPixmap | None, message: str) -> None:
        self._still_pixmap = pixmap
        self._scale_still()
        if pixmap is None:
            self.still.setText(message)
        self.surface.setCurrentWidget(self.still)

    def _scale_still(self) -> None:
        if self._still_pixmap is None:
            return  # the still shows its message (setText already cleared any old pixmap)
        self.still.setPixmap(
            self._still_pixmap.scaled(
                self.surface.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._scale_still()

    def _on_player_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        path = self.source_path()
        name = path.name if path is not None else "the clip"
        text = f"Cannot play {name}: {message or 'unknown error'}. Animate the shot again."
        self.title_label.setText(text)
        self.playback_failed.emit(text)

    def _update_time(self) -> None:
        self.time_label.setText(
            f"{_clock(self.player.position())} / {_clock(self.player.duration())}"
        )
