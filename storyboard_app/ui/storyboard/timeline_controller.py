"""Wires the timeline panel to the storyboard page: the board and pictures in, selection,
reorder (a shot move through the scenes service, undoable), trim (the page's undoable
duration edit), the playhead and the animatic, the zoom (remembered), and the keys
(Space, Home, End, Ctrl+= and Ctrl+−).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QPixmap

from storyboard_app.store.dto import ShotInfo
from storyboard_app.ui.shared.thumbnail_cache import PREVIEW_BYTES, ThumbnailCache
from storyboard_app.ui.shared.undo import push_applied
from storyboard_app.ui.storyboard import timeline_geometry as geo
from storyboard_app.ui.storyboard.animatic import AnimaticPlayback
from storyboard_app.ui.storyboard.timeline_data import BoardData, CardData
from storyboard_app.ui.storyboard.timeline_panel import slider_to_zoom, zoom_to_slider

if TYPE_CHECKING:
    from storyboard_app.ui.storyboard.page import StoryboardPage

ZOOM_KEY = "storyboard/timeline_zoom"


class StoryboardTimeline(QObject):
    """The page's timeline: what it shows and what its gestures do (GUI thread)."""

    def __init__(self, page: StoryboardPage) -> None:
        super().__init__(page)
        self.page = page
        self.panel = page.timeline_panel
        self.view = self.panel.view
        # The animatic shows a still at the player's size: the full image, decoded on the
        # pool by the shared cache (the card's thumbnail until it arrives).
        self.full_images = ThumbnailCache(
            page.context.paths.media,
            page.context.tasks,
            max_bytes=PREVIEW_BYTES,
            full=True,
            max_edge=1920,
            parent=self,
        )
        self.full_images.image_ready.connect(self._on_full_images_image_ready)
        self.playback = AnimaticPlayback(page.player, self.still_of, self)
        self._settings = QSettings(
            str(page.context.paths.qt_settings_file), QSettings.Format.IniFormat
        )
        self._project_id: int | None = None
        self.set_zoom(_as_float(self._settings.value(ZOOM_KEY), geo.DEFAULT_ZOOM), save=False)

        page.board_loaded.connect(self._on_page_board_loaded)
        page.loader.pictures_decoded.connect(self._on_loader_pictures_decoded)
        view, panel, playback = self.view, self.panel, self.playback
        view.clicked.connect(self._on_view_clicked)
        view.move_requested.connect(self.move_shot)
        view.trimmed.connect(self.trim)
        view.scrubbed.connect(playback.seek)
        view.zoom_changed.connect(self.set_zoom)
        view.open_requested.connect(self._on_view_open_requested)
        view.transport_requested.connect(self._on_view_transport_requested)
        panel.play_button.clicked.connect(playback.toggle)
        panel.home_button.clicked.connect(playback.home)
        panel.end_button.clicked.connect(playback.end)
        panel.zoom_slider.valueChanged.connect(self._on_zoom_slider_value_changed)
        panel.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.view.zoom * 1.25))
        panel.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.view.zoom / 1.25))
        panel.fit_button.clicked.connect(lambda: self.set_zoom(self.panel.fit_zoom()))
        playback.position_changed.connect(self._on_playback_position_changed)
        playback.playing_changed.connect(panel.show_playing)
        playback.current_changed.connect(self._on_playback_current_changed)

        self.play_action = page._make_action("Play or pause the animatic", "Space", playback.toggle)
        self.home_action = page._make_action("Go to the start", "Home", playback.home)
        self.end_action = page._make_action("Go to the end", "End", playback.end)
        self.zoom_in_action = page._make_action(
            "Zoom the timeline in", "Ctrl+=", lambda: self.set_zoom(self.view.zoom * 1.25)
        )
        self.zoom_out_action = page._make_action(
            "Zoom the timeline out", "Ctrl+-", lambda: self.set_zoom(self.view.zoom / 1.25)
        )

    # -- in ------------------------------------------------------------------------------------

    def _on_page_board_loaded(self, board: BoardData) -> None:
        if board.project_id != self._project_id:
            self._project_id = board.project_id
            self.playback.pause()
            self.playback.position = 0.0
        self.view.set_board(board)
        self.full_images.request_many(  # ready before the playhead reaches them
            c.image_storage_id for c in board.cards if not c.plays_clip
        )
        self.playback.set_board(board)
        for shot_id, widget in self.page.cards.items():
            widget.set_next(self.page.state.next_blocker(shot_id))
        self._refresh_pictures()
        self.show_selection()

    def still_of(self, card: CardData) -> QPixmap | None:
        """What the player shows for a shot: its clip's frame, else its full final image."""
        if not card.plays_clip and card.image_storage_id:
            full = self.full_images.request(card.image_storage_id)
            if full is not None:
                return full
        return self.page.picture_of(card)

    def _on_full_images_image_ready(self, storage_id: str) -> None:
        current = self.page.state.card(self.playback.current or -1)
        if current is not None and current.image_storage_id == storage_id:
            self.playback.refresh_still()

    def _on_loader_pictures_decoded(self, _images: object) -> None:
        self._refresh_pictures()
        self.playback.refresh()

    def _refresh_pictures(self) -> None:
        for card in self.view.cards:
            self.view.set_picture(card.shot_id, self.page.picture_of(card))

    def show_selection(self) -> None:
        self.view.set_selected(self.page.state.selected)

    def pause(self) -> None:
        self.playback.pause()

    # -- zoom ----------------------------------------------------------------------------------

    def set_zoom(self, zoom: float, *, save: bool = True) -> None:
        """Pixels per second (clamped), kept at the playhead; remembered for next time."""
        zoom = geo.clamp_zoom(zoom)
        bar = self.panel.scroll_area.horizontalScrollBar()
        before = geo.x_for_time(self.view.blocks, self.playback.position) - bar.value()
        self.view.set_zoom(zoom)
        self.panel.zoom_slider.blockSignals(True)
        self.panel.zoom_slider.setValue(zoom_to_slider(zoom))
        self.panel.zoom_slider.blockSignals(False)
        self.view.resize(max(self.view.minimumWidth(), self.view.width()), self.view.height())
        after = geo.x_for_time(self.view.blocks, self.playback.position)
        bar.setValue(int(after - before))
        if save:
            self._settings.setValue(ZOOM_KEY, zoom)

    def _on_zoom_slider_value_changed(self, value: int) -> None:
        self.set_zoom(slider_to_zoom(value))

    # -- gestures ------------------------------------------------------------------------------

    def _on_view_clicked(self, shot_id: int, modifiers: object) -> None:
        self.page._on_card_clicked(shot_id, modifiers)
        widget = self.page.cards.get(shot_id)
        if widget is not None:
            self.page.scroll_area.ensureWidgetVisible(widget)

    def _on_view_open_requested(self, shot_id: int) -> None:
        card = self.page.state.card(shot_id)
        if card is None:
            return
        if card.image_id is None:
            self.page.user_actions.open_in_iterator(shot_id)
        else:
            self.playback.seek_shot(shot_id)
            self.playback.play()

    def _on_view_transport_requested(self, what: str) -> None:
        playback = self.playback
        fps = self.view.board.fps if self.view.board is not None else 24
        actions = {
            "toggle": playback.toggle,
            "home": playback.home,
            "end": playback.end,
            "previous shot": lambda: playback.step_shot(-1),
            "next shot": lambda: playback.step_shot(1),
            "previous frame": lambda: playback.seek(playback.position - 1 / fps),
            "next frame": lambda: playback.seek(playback.position + 1 / fps),
        }
        actions[what]()

    def trim(self, shot_id: int, seconds: float) -> None:
        """A dragged right edge: the shot's duration, undoable (shown at once)."""
        board, card = self.page.state.board, self.page.state.card(shot_id)
        if board is None or card is None or card.selection is None:
            return
        shown = dataclasses.replace(card, duration=seconds, duration_source="set")
        self.view.set_board(board.with_card(shown))
        self.page.set_duration(shot_id, seconds)

    def move_shot(self, shot_id: int, index: int) -> None:
        """A shot dropped at `index` of the order without it: moves the shot through the
        scenes service (across scenes too), undoable with Ctrl+Z."""
        page = self.page
        board = self.view.board  # as shown: earlier moves included before their reload
        card = board.card_for_shot(shot_id) if board is not None else None
        if board is None or card is None:
            return
        target = geo.move_target(board.cards, shot_id, index)
        if target is None:
            return
        group = next(g for g in board.scenes if card in g.cards)
        old = (group.scene_id, group.cards.index(card) + 1)
        self.view.set_board(board.with_move(shot_id, *target))

        def write(scene_id: int, position: int) -> None:
            store = page.context.store
            page.writes.submit(
                lambda: store.scenes.move_shot(shot_id, position, scene_id),
                name="Moving the shot",
                on_result=self._on_shot_moved,
                title=f"Could not move {card.code}",
            )

        write(*target)
        push_applied(
            page.undo,
            f"Move {card.code}",
            lambda: write(*target),
            lambda: write(*old),
            page.context.errors,
        )

    def _on_shot_moved(self, _shot: ShotInfo) -> None:
        page = self.page
        page.reload()
        if page.project is not None:
            page.project_data_changed.emit(page.project.id)

    # -- the playhead --------------------------------------------------------------------------

    def _on_playback_position_changed(self, seconds: float) -> None:
        playback = self.playback
        self.view.set_playhead(seconds, playback.current)
        fps = self.view.board.fps if self.view.board is not None else 24
        self.panel.show_time(seconds, playback.total, fps)
        if playback.playing:
            self.panel.keep_visible(geo.x_for_time(self.view.blocks, seconds))

    def _on_playback_current_changed(self, shot_id: int) -> None:
        card = self.page.state.card(shot_id) if shot_id >= 0 else None
        self.view.set_playhead(self.playback.position, card.shot_id if card else None)
        if card is None:
            self.panel.current_label.setText("")
            return
        what = "clip" if card.plays_clip else "still"
        text = f"{card.code} — {card.description or card.prompt} ({what})"
        label = self.panel.current_label
        label.setToolTip(text)
        label.setText(
            label.fontMetrics().elidedText(
                text, Qt.TextElideMode.ElideRight, max(80, label.width())
            )
        )


def _as_float(value: object, default: float) -> float:
    try:
        return float(value) if value is not None else default  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
