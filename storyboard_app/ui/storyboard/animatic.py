"""The animatic played in place: a playhead that runs over the whole storyboard, showing each
shot's clip where it has a current one (through the page's `ClipPlayer`) and its still
elsewhere — the same choice the final video makes.

The clock is a `QElapsedTimer` read by a 40 ms `QTimer`: the position follows real time
however busy the event loop was, and nothing here waits on a file (QMediaPlayer loads and
decodes on its own threads; stills are pixmaps already decoded by the page's workers).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtMultimedia import QMediaPlayer

from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.player import ClipPlayer
from storyboard_app.ui.storyboard.timeline_data import BoardData, CardData

TICK_MS = 40


class AnimaticPlayback(QObject):
    """Where the playhead is and what the player shows there (GUI thread).

    position_changed(float): the playhead moved (seconds from the animatic's start).
    current_changed(int): another shot is under the playhead (its shot id; -1 for none).
    playing_changed(bool): playback started or stopped.
    """

    position_changed = Signal(float)
    current_changed = Signal(int)
    playing_changed = Signal(bool)

    def __init__(
        self,
        player: ClipPlayer,
        picture_of: Callable[[CardData], QPixmap | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.player = player
        self.picture_of = picture_of
        self.board: BoardData | None = None
        self.blocks: list[geo.Block] = []  # at 1 px per second: only the times matter
        self.position = 0.0
        self.current: int | None = None
        self.playing = False
        self._clock = QElapsedTimer()
        self._from = 0.0  # the position when the clock started
        self._pending_ms: int | None = None  # a clip position to set once it has loaded
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._showing: str = ""  # the clip the animatic loaded ("" for a still)
        # Whether the player shows the animatic: a clip the user plays from a card is left
        # alone by reloads and decoded pictures until the timeline is used again.
        self._owns = True
        player.player.mediaStatusChanged.connect(self._on_player_media_status_changed)
        player.source_changed.connect(self._on_player_source_changed)

    @property
    def total(self) -> float:
        return geo.total_seconds(self.blocks)

    def set_board(self, board: BoardData | None) -> None:
        """A fresh board: the playhead stays where it was (clamped), the shot under it shows."""
        self.board = board
        self.blocks = geo.layout_blocks(board.cards, 1.0) if board is not None else []
        if not self.blocks or self.total == 0:
            self.pause()
        self.position = min(self.position, self.total)
        self._follow(passive=True)
        self.position_changed.emit(self.position)

    # -- the transport -------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.total <= 0:
            return
        if self.position >= self.total - 1e-3:
            self.position = 0.0
        self.playing = True
        self._from = self.position
        self._clock.start()
        self._timer.start()
        self.current = None
        self._follow()
        self.playing_changed.emit(True)
        self.position_changed.emit(self.position)

    def pause(self) -> None:
        was = self.playing
        self.playing = False
        self._timer.stop()
        if self.player.is_playing():
            self.player.player.pause()
        if was:
            self.playing_changed.emit(False)

    def seek(self, seconds: float) -> None:
        """Put the playhead here (playback goes on from there when it was playing)."""
        self.position = max(0.0, min(seconds, self.total))
        if self.playing:
            self._from = self.position
            self._clock.restart()
        self._follow(seek=True)
        self.position_changed.emit(self.position)

    def home(self) -> None:
        self.seek(0.0)

    def end(self) -> None:
        self.pause()
        self.seek(self.total)

    def refresh(self) -> None:
        """Show the shot under the playhead again (its picture has been decoded since)."""
        if not self.playing:
            self._follow(seek=True, passive=True)

    def refresh_still(self) -> None:
        """Show the still under the playhead again (a sharper picture arrived), playing too."""
        block = geo.block_at_time(self.blocks, self.position)
        card = self.board.card_for_shot(block.shot_id) if block and self.board else None
        if card is not None and not card.plays_clip and self._owns:
            self._show(card, self.position - (block.start if block else 0.0))

    def step_shot(self, step: int) -> None:
        """To the start of the previous (-1) or next (+1) shot; ← from inside a shot goes to
        its own start first."""
        starts = sorted({b.start for b in self.blocks})
        if not starts:
            return
        if step > 0:
            later = [t for t in starts if t > self.position + 1e-6]
            self.seek(later[0] if later else self.total)
        else:
            earlier = [t for t in starts if t < self.position - 1e-6]
            self.seek(earlier[-1] if earlier else 0.0)

    def seek_shot(self, shot_id: int) -> None:
        block = next((b for b in self.blocks if b.shot_id == shot_id), None)
        if block is not None:
            self.seek(block.start)

    # -- following the clock -------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        self.position = min(self._from + self._clock.elapsed() / 1000, self.total)
        if self.position >= self.total:
            self._follow()
            self.pause()
        else:
            self._follow()
        self.position_changed.emit(self.position)

    def _follow(self, *, seek: bool = False, passive: bool = False) -> None:
        """Show the shot under the playhead when it changed (or on a seek, at the new spot);
        `passive` (a reload, a decoded picture): only while the player shows the animatic."""
        block = geo.block_at_time(self.blocks, self.position)
        shot_id = block.shot_id if block is not None else None
        changed = shot_id != self.current
        self.current = shot_id
        if changed:
            self.current_changed.emit(shot_id if shot_id is not None else -1)
        if block is None or self.board is None or not (changed or seek):
            return
        if passive and (not self._owns or (self.player.is_playing() and not self.playing)):
            return  # the user's own clip plays in the player
        card = self.board.card_for_shot(block.shot_id)
        if card is None or (passive and not changed and card.plays_clip):
            return  # its clip is loaded already; a reload must not move it
        self._show(card, self.position - block.start)

    def _show(self, card: CardData, offset: float) -> None:
        self._owns = True
        title = f"{card.code} — {card.description or card.prompt}"
        poster = self.picture_of(card)
        if not card.plays_clip or card.clip_path is None:
            self._showing = ""
            still = "no final image yet" if card.image_id is None else "still"
            self.player.show_still(poster, f"{title} ({still})")
            return
        self._showing = str(card.clip_path.absolute())
        if self.player.source_path() != card.clip_path.absolute():
            self.player.load(card.clip_path, title, poster)
        else:
            self.player.show_loaded(title)
        ms = int(offset * 1000)
        self._pending_ms = ms
        self.player.player.setPosition(ms)
        if self.playing:
            self.player.player.play()
        else:
            if self.player.is_playing():
                self.player.player.pause()
            self.player.show_poster(poster)

    def _on_player_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_ms is not None:
            self.player.player.setPosition(self._pending_ms)
            self._pending_ms = None

    def _on_player_source_changed(self, path: str) -> None:
        if path and path != self._showing:  # the user played a clip of their own (a card)
            self._owns = False
            self.pause()
