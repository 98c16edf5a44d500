"""The Storyboard stage: the final picks on a timeline grouped by scene, animation, playback.

Loading, building and decoding pictures run as `TaskRunner` tasks. Each animation is its
own job (`GenerationEngine.plan_animation` then `run_animation`) on the shared
`generation_queue`, so at most `settings.concurrency` run at once (the rest wait without
holding a pool thread, and short loads keep flowing); each can be cancelled. The page only
swaps DTOs into its cards.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QUndoStack
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

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.domain.limits import clean_prompt
from storyboard_app.generation.cancel import CancelToken as EngineCancelToken
from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.store.dto import ProjectInfo, SelectionInfo
from storyboard_app.store.services.storyboard import check_duration
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.generation_queue import QueuedJob, generation_queue
from storyboard_app.ui.shared.undo import push_applied
from storyboard_app.ui.shared.worker import TaskContext
from storyboard_app.ui.shared.write_queue import WriteQueue
from storyboard_app.ui.stage_page import StagePage
from storyboard_app.ui.storyboard.card import PICTURE, StoryboardCard
from storyboard_app.ui.storyboard.player import ClipPlayer
from storyboard_app.ui.storyboard.timeline_data import (
    ACTIVE_STATES,
    CANCELLED,
    BoardData,
    CardData,
    CardState,
    load_board,
)

_V = TypeVar("_V")

ITERATOR_HOOKS = ("show_shot", "open_shot", "select_shot")


def _decode_pictures(paths: dict[str, Path], ctx: TaskContext) -> dict[str, QImage]:
    """Pool thread: decode and scale the card pictures (QImage is safe off the GUI thread)."""
    images: dict[str, QImage] = {}
    for key, path in paths.items():
        ctx.check_cancelled()
        image = QImage(str(path))
        if not image.isNull():
            images[key] = image.scaled(
                PICTURE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
    return images


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


class StoryboardPage(StagePage):
    """The storyboard timeline of the open project (GUI thread).

    board_loaded(object): a fresh `BoardData` is shown.
    storyboard_built(int): "Build storyboard" finished with this many selections.
    animation_finished(object): an animation task ended with this `SelectionInfo`.
    availability_changed(bool, str): whether the provider can animate now, and why not.
    iterator_requested(int): a gap asked to open this shot in the iterator.
    """

    board_loaded = Signal(object)
    storyboard_built = Signal(int)
    animation_finished = Signal(object)
    availability_changed = Signal(bool, str)
    iterator_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.board: BoardData | None = None
        self.cards: dict[int, StoryboardCard] = {}  # by shot id
        self.selected: set[int] = set()  # shot ids
        self.animations: dict[int, QueuedJob[SelectionInfo]] = {}  # by selection id
        self._anchor: int | None = None
        self._undo = QUndoStack(self)
        self._writes = WriteQueue(context, self, on_failed=self.reload)
        self._pictures: dict[str, QPixmap] = {}
        self._engine: GenerationEngine | None = None
        self._engine_settings: object = None
        self._engine_lock = threading.Lock()
        self._can_animate = True
        self._why_not = ""
        self._loading = False
        self._reload_again = False
        self._refreshing = False
        self._after_build: Callable[[], object] | None = None

        self._build_widgets()
        self._build_actions()
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)

    # -- layout --------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
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
            "Assemble the clips (and stills for shots without one) into one video"
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
        self.player.playback_failed.connect(
            lambda message: self.context.errors.inform(message, 10_000)
        )
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.scroll_area)
        splitter.addWidget(self.player)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(splitter, 1)

        self.build_button.clicked.connect(lambda: self.build_storyboard())
        self.animate_selected_button.clicked.connect(self.animate_selected)
        self.animate_all_button.clicked.connect(self.animate_all)
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.video_button.clicked.connect(self.open_video_dialog)

    def _build_actions(self) -> None:
        self.build_action = self._make_action("Build storyboard", "Ctrl+B", self.build_storyboard)
        self.animate_selected_action = self._make_action(
            "Animate selected shots", "Ctrl+Return", self.animate_selected
        )
        self.animate_all_action = self._make_action(
            "Animate all shots without a clip", "Ctrl+Shift+Return", self.animate_all
        )
        self.cancel_selected_action = self._make_action(
            "Cancel the selected shots' animations", "Escape", self.cancel_selected
        )
        self.play_action = self._make_action("Play the selected clip", "P", self.play_selected)
        self.select_all_action = self._make_action("Select all shots", "Ctrl+A", self.select_all)
        self.video_action = self._make_action("Final video", "Ctrl+Shift+V", self.open_video_dialog)

    # -- StagePage -----------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        changed = project is None or self.project is None or project.id != self.project.id
        super().open_project(project)
        if changed:
            self.player.clear()
            self.selected.clear()
            self._undo.clear()
            self._clear_cards()
            self.board = None
        if project is not None:
            self.reload()
            self._check_availability()

    def leave(self) -> None:
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()  # commits a duration or motion prompt being typed
        self.player.stop()

    def shutdown(self) -> None:
        self._tick.stop()
        self.player.stop()
        self._writes.flush()  # a duration or motion prompt typed just before closing
        for task in list(self.animations.values()):
            task.cancel()

    def undo_stack(self) -> QUndoStack | None:
        return self._undo

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the storyboard again in a worker (coalesced while a load runs)."""
        if self.project is None:
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        store, paths = self.context.store, self.context.paths
        project_id, seconds = self.project.id, self.context.settings.default_duration_seconds
        self.context.tasks.submit(
            lambda _ctx: load_board(store, paths.media, paths.cache, project_id, seconds),
            name="Loading the storyboard",
            on_result=self._on_board_loaded,
            on_error=self.context.errors.present,
            on_finished=self._on_load_finished,
            owner=self,
        )

    def _on_load_finished(self) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _on_board_loaded(self, board: BoardData) -> None:
        if self.project is None or board.project_id != self.project.id:
            return
        old = self.board
        self.board = board
        same_shape = (
            old is not None
            and [(s.scene_id, s.title) for s in old.scenes]
            == [(s.scene_id, s.title) for s in board.scenes]
            and [c.shot_id for c in old.cards] == [c.shot_id for c in board.cards]
        )
        if same_shape:
            for card in board.cards:
                self.cards[card.shot_id].set_card(card)
        else:
            self._rebuild_cards(board)
        self.selected &= {c.shot_id for c in board.cards if c.image_id is not None}
        for shot_id, widget in self.cards.items():
            widget.set_selected(shot_id in self.selected)
            widget.set_availability(self._can_animate, self._why_not)
        self._load_pictures(board)
        self._update_summary()
        self._update_tick()
        self.board_loaded.emit(board)

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

    def _rebuild_cards(self, board: BoardData) -> None:
        self._clear_cards()
        if not board.cards:
            self.empty_label.setText(
                "This project has no shots yet. Add scenes and shots on the Scenes page, "
                "pick final images in the Iterator, then come back to build the storyboard."
            )
            return
        self.empty_label.hide()
        self.strip_layout.takeAt(self.strip_layout.count() - 1)  # the stretch goes last
        for scene in board.scenes:
            column = SceneColumn(scene.scene_number, scene.title, self.strip)
            if not scene.cards:
                empty = QLabel("No shots in this scene", column)
                empty.setStyleSheet("color: #777;")
                column.row.addWidget(empty)
            for card in scene.cards:
                widget = StoryboardCard(card, column)
                widget.clicked.connect(self._on_card_clicked)
                widget.animate_requested.connect(lambda shot_id: self.animate_shots([shot_id]))
                widget.cancel_requested.connect(lambda shot_id: self.cancel_shots([shot_id]))
                widget.play_requested.connect(self.play_shot)
                widget.duration_edited.connect(self.set_duration)
                widget.motion_prompt_edited.connect(self.set_motion_prompt)
                widget.open_iterator_requested.connect(self.open_in_iterator)
                widget.move_requested.connect(self._on_card_move_requested)
                pixmap = self._pictures.get(str(card.picture)) if card.picture else None
                if pixmap is not None:
                    widget.set_pixmap(pixmap)
                column.row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
                self.cards[card.shot_id] = widget
            self.strip_layout.addWidget(column, 0, Qt.AlignmentFlag.AlignTop)
            column.show()  # now, so the layout counts it when sizing the timeline
        self.strip_layout.addStretch(1)
        # The timeline keeps the height of a whole card; the player takes the rest.
        bar = self.scroll_area.horizontalScrollBar().sizeHint().height()
        frame = 2 * self.scroll_area.frameWidth()
        self.strip_layout.invalidate()
        strip = self.strip_layout.totalSizeHint().height()
        self.scroll_area.setMinimumHeight(min(strip + bar + frame, 560))

    def _load_pictures(self, board: BoardData) -> None:
        wanted: dict[str, Path] = {}
        for card in board.cards:
            widget = self.cards.get(card.shot_id)
            if card.picture is None:
                if widget is not None and card.image_id is not None:
                    widget.set_pixmap(None)
                continue
            key = str(card.picture)
            if key in self._pictures:
                if widget is not None:
                    widget.set_pixmap(self._pictures[key])
            else:
                wanted[key] = card.picture
        if not wanted:
            return
        self.context.tasks.submit(
            lambda ctx: _decode_pictures(wanted, ctx),
            name="Loading storyboard pictures",
            on_result=self._on_pictures_decoded,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
            owner=self,
        )

    def _on_pictures_decoded(self, images: dict[str, QImage]) -> None:
        for key, image in images.items():
            self._pictures[key] = QPixmap.fromImage(image)
        if self.board is None:
            return
        for card in self.board.cards:
            widget = self.cards.get(card.shot_id)
            if widget is None or card.picture is None:
                continue
            pixmap = self._pictures.get(str(card.picture))
            if pixmap is not None:
                widget.set_pixmap(pixmap)

    def _update_summary(self) -> None:
        board = self.board
        if board is None:
            self.summary.setText("")
            return
        cards = board.cards
        picked = [c for c in cards if c.image_id is not None]
        gaps = len(cards) - len(picked)
        clips = sum(1 for c in picked if c.state == CardState.COMPLETE and c.clip_path)
        stale = sum(1 for c in picked if c.state == CardState.STALE)
        running = sum(1 for c in picked if c.state in ACTIVE_STATES)
        parts = [f"{len(picked)} of {len(cards)} shots picked"]
        if gaps:
            parts.append(f"{gaps} gap{'s' if gaps != 1 else ''}")
        parts.append(f"{clips} clip{'s' if clips != 1 else ''}")
        if stale:
            parts.append(f"{stale} stale")
        if running:
            parts.append(f"{running} animating")
        waiting = sum(1 for job in self.animations.values() if job.is_waiting)
        if waiting:
            parts.append(f"{waiting} waiting for a free slot")
        parts.append(f"{board.total_seconds:.1f} s")
        self.summary.setText(" · ".join(parts))
        if board.needs_build and picked:
            self.notice.setText(
                "Some final picks are not on the storyboard yet (or changed). Press “Build "
                "storyboard” (Ctrl+B) to refresh it; existing clips are kept."
            )
            self.notice.show()
        else:
            self.notice.hide()
        can = self._can_animate
        self.animate_all_button.setEnabled(can and bool(picked))
        self.animate_selected_button.setEnabled(can and bool(self.selected))
        self.cancel_all_button.setEnabled(bool(self.animations) or running > 0)
        self.video_button.setEnabled(bool(picked))
        for button in (self.animate_all_button, self.animate_selected_button):
            button.setToolTip(self._why_not if not can else button.toolTip())

    # -- the provider --------------------------------------------------------------------------

    def _engine_for_worker(self) -> GenerationEngine:
        """The page's engine, made again after the settings were saved (reads the keyring:
        call it in a worker)."""
        settings = self.context.settings
        with self._engine_lock:
            if self._engine is None or self._engine_settings is not settings:
                self._engine = GenerationEngine.for_paths(self.context.store, self.context.paths)
                self._engine_settings = settings
            return self._engine

    def _check_availability(self) -> None:
        def check(_ctx: TaskContext) -> tuple[bool, str, str]:
            engine = self._engine_for_worker()
            ok, why = engine.can_generate()
            return ok, why, engine.provider_name

        self.context.tasks.submit(
            check,
            name="Checking the animation provider",
            on_result=self._on_availability_checked,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
            owner=self,
        )

    def _on_availability_checked(self, value: tuple[bool, str, str]) -> None:
        ok, why, provider = value
        self._can_animate, self._why_not = ok, why
        for widget in self.cards.values():
            widget.set_availability(ok, why)
        label = "Replicate" if provider == "replicate" else "offline drafts"
        self.animate_all_button.setToolTip(
            f"Animate every shot that has no current clip ({label})" if ok else why
        )
        self._update_summary()
        self.availability_changed.emit(ok, why)

    # -- building ------------------------------------------------------------------------------

    def build_storyboard(self, then: Callable[[], object] | None = None) -> None:
        """Create or refresh one selection per final pick, in a worker."""
        if self.project is None:
            return
        self._after_build = then
        store, project_id = self.context.store, self.project.id
        self.build_button.setEnabled(False)
        self.context.tasks.submit(
            lambda _ctx: store.storyboard.build(project_id),
            name="Building the storyboard",
            on_result=self._on_storyboard_built,
            on_error=self._on_build_failed,
            owner=self,
        )

    def _on_storyboard_built(self, selections: list[SelectionInfo]) -> None:
        self.build_button.setEnabled(True)
        if self.project is not None:
            self.project_data_changed.emit(self.project.id)
        self.context.errors.inform(f"Storyboard built: {len(selections)} shot(s).")
        self.storyboard_built.emit(len(selections))
        then, self._after_build = self._after_build, None
        if then is not None:
            self._reload_then(then)
        else:
            self.reload()

    def _on_build_failed(self, exc: BaseException) -> None:
        self.build_button.setEnabled(True)
        self._after_build = None
        self.context.errors.present(exc, title="Could not build the storyboard")

    def _reload_then(self, then: Callable[[], object]) -> None:
        def once(_board: object) -> None:
            self.board_loaded.disconnect(once)
            then()

        self.board_loaded.connect(once)
        self.reload()

    # -- animation -----------------------------------------------------------------------------

    def animate_selected(self) -> None:
        self.animate_shots(sorted(self.selected, key=self._order))

    def animate_all(self) -> None:
        """Animate every picked shot without a current clip (failed and stale ones too)."""
        if self.board is None:
            return
        wanted = [
            c.shot_id
            for c in self.board.cards
            if c.image_id is not None
            and c.state not in ACTIVE_STATES
            and not (c.state == CardState.COMPLETE and c.clip_path is not None)
        ]
        if not wanted:
            self.context.errors.inform("Every shot already has a current clip.")
            return
        self.animate_shots(wanted)

    def animate_shots(self, shot_ids: list[int]) -> None:
        """Animate these shots, each a job on the shared generation queue (building the
        storyboard first if needed)."""
        if self.board is None or not shot_ids:
            return
        if not self._can_animate:
            self.context.errors.inform(self._why_not, 10_000)
            return
        cards = [self.board.card_for_shot(s) for s in shot_ids]
        picked = [c for c in cards if c is not None and c.image_id is not None]
        if any(c.selection is None or c.selection.selected_image_id != c.image_id for c in picked):
            ids = [c.shot_id for c in picked]
            self.build_storyboard(then=lambda: self.animate_shots(ids))
            return
        for card in picked:
            if card.state in ACTIVE_STATES or card.selection is None:
                continue
            self._start_animation(card)

    def _start_animation(self, card: CardData) -> None:
        assert card.selection is not None
        selection_id = card.selection.id
        if selection_id in self.animations:
            return

        def work(ctx: TaskContext) -> SelectionInfo:
            engine = self._engine_for_worker()
            cancel = EngineCancelToken()
            ctx.on_cancel(cancel.cancel)
            planned = engine.plan_animation(selection_id)
            ctx.report_progress(planned)
            return engine.run_animation(selection_id, cancel)

        queue = generation_queue(self.context)  # at most settings.concurrency at once
        job = queue.submit(
            work,
            name=f"Animating shot {card.code}",
            on_progress=self._on_animation_progress,
            on_result=self._on_animation_result,
            on_error=lambda exc: self.context.errors.present(
                exc, title=f"Could not animate {card.code}"
            ),
            on_cancelled=lambda: self._on_animation_cancelled(selection_id),
            on_finished=lambda: self._on_animation_finished(selection_id),
            owner=self,
        )
        self.animations[selection_id] = job
        self._update_summary()
        self._update_tick()

    def _apply_selection(self, selection: SelectionInfo) -> None:
        if self.board is None:
            return
        card = self.board.card_for_selection(selection.id)
        widget = self.cards.get(card.shot_id) if card is not None else None
        if card is None or widget is None:
            return
        widget.set_card(card.with_selection(selection))

    def _on_animation_progress(self, value: object) -> None:
        if isinstance(value, SelectionInfo):
            self._apply_selection(value)
            self._update_summary()  # one fewer waiting for a slot
            self._update_tick()

    def _on_animation_result(self, selection: SelectionInfo) -> None:
        # The work is over: a retry clicked before `finished` arrives must start a new task.
        self.animations.pop(selection.id, None)
        self._apply_selection(selection)
        if selection.error and selection.error != CANCELLED:
            card = self.board.card_for_selection(selection.id) if self.board else None
            code = card.code if card is not None else f"selection {selection.id}"
            self.context.errors.inform(f"Animation of {code}: {selection.error}", 10_000)
        self.animation_finished.emit(selection)

    def _on_animation_cancelled(self, selection_id: int) -> None:
        """The task stopped; the row says how it ended (normally "Cancelled")."""
        store = self.context.store
        self.context.tasks.submit(
            lambda _ctx: store.storyboard.get(selection_id),
            name="Reading a cancelled animation",
            on_result=self._on_animation_result,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
            owner=self,
        )

    def _on_animation_finished(self, selection_id: int) -> None:
        self.animations.pop(selection_id, None)
        if self.project is not None:
            self.project_data_changed.emit(self.project.id)
        self.reload()  # the clip, its frame and length, and the row as it ended

    def cancel_selected(self) -> None:
        self.cancel_shots(sorted(self.selected, key=self._order))

    def cancel_all(self) -> None:
        if self.board is None:
            return
        self.cancel_shots(
            [c.shot_id for c in self.board.cards if c.state in ACTIVE_STATES]
            + [c.shot_id for c in self.board.cards if c.selection_id in self.animations]
        )

    def cancel_shots(self, shot_ids: list[int]) -> None:
        """Stop these shots' animations (a prediction is cancelled through the API)."""
        if self.board is None:
            return
        orphans: list[int] = []
        for shot_id in dict.fromkeys(shot_ids):
            card = self.board.card_for_shot(shot_id)
            if card is None or card.selection_id is None:
                continue
            task = self.animations.get(card.selection_id)
            if task is not None:
                task.cancel()
            elif card.state in ACTIVE_STATES:
                orphans.append(card.selection_id)  # left running by an earlier session
        if orphans:

            def stop(_ctx: TaskContext) -> None:
                engine = self._engine_for_worker()
                for selection_id in orphans:
                    engine.cancel_animation(selection_id)

            self.context.tasks.submit(
                stop,
                name="Cancelling animations",
                on_error=self.context.errors.present,
                on_finished=self.reload,
                owner=self,
            )

    # -- the ticking clock ---------------------------------------------------------------------

    def _update_tick(self) -> None:
        active = bool(self.animations) or any(
            c.state in ACTIVE_STATES for c in (self.board.cards if self.board else [])
        )
        if active and not self._tick.isActive():
            self._tick.start()
        elif not active:
            self._tick.stop()

    def _on_tick_timeout(self) -> None:
        for widget in self.cards.values():
            if widget.card.state in ACTIVE_STATES:
                widget.refresh_status()
        if self.animations and not self._refreshing and self.project is not None:
            self._refreshing = True  # pending → processing, as the workers record it
            store, project_id = self.context.store, self.project.id
            self.context.tasks.submit(
                lambda _ctx: store.storyboard.list(project_id),
                name="Reading animation status",
                on_result=self._on_selections_read,
                on_error=lambda exc: self.context.errors.present(exc, quiet=True),
                on_finished=self._on_refresh_finished,
                owner=self,
            )
        self._update_tick()

    def _on_refresh_finished(self) -> None:
        self._refreshing = False

    def _on_selections_read(self, selections: list[SelectionInfo]) -> None:
        for selection in selections:
            if selection.id in self.animations:
                self._apply_selection(selection)

    # -- edits (undoable) ----------------------------------------------------------------------

    def set_duration(self, shot_id: int, seconds: float) -> None:
        duration: float | None = seconds
        self._edit_selection(
            shot_id,
            "duration",
            self.context.store.storyboard.set_duration,
            duration,
            "duration_seconds",
            check_duration,
            lambda code: f"Duration of {code}: {seconds:g} s",
            reload_after=True,  # durations move the summary and the video length
        )

    def set_motion_prompt(self, shot_id: int, prompt: str) -> None:
        self._edit_selection(
            shot_id,
            "motion prompt",
            self.context.store.storyboard.set_motion_prompt,
            prompt,
            "motion_prompt",
            clean_prompt,
            lambda code: f"Motion prompt of {code}",
        )

    def _edit_selection(
        self,
        shot_id: int,
        what: str,
        change: Callable[[int, _V], SelectionInfo],
        value: _V,
        attr: str,
        check: Callable[[_V], _V],
        undo_text: Callable[[str], str],
        *,
        reload_after: bool = False,
    ) -> bool:
        """Change one field of the shot's selection, undoably; False when refused.

        The card changes at once; the write runs on the page's WriteQueue (off the GUI
        thread, in order), and a failed write is presented and the board reloaded.
        """
        card = self.board.card_for_shot(shot_id) if self.board else None
        title = f"Could not change the {what}"
        if card is None or card.selection is None:
            return False
        try:
            value = check(value)
        except StoryboardError as exc:
            self.context.errors.present(exc, title=title)
            return False
        selection_id, old = card.selection.id, getattr(card.selection, attr)

        def write(new: _V) -> None:
            widget = self.cards.get(shot_id)  # what the card shows now, earlier edits included
            current = widget.card if widget is not None else None
            if current is not None and current.selection is not None:
                changed: dict[str, Any] = {attr: new}
                self._apply_selection(dataclasses.replace(current.selection, **changed))
            self._writes.submit(
                lambda: change(selection_id, new),
                name=f"Saving the {what}",
                on_result=self._on_selection_written if reload_after else self._apply_selection,
                title=title,
            )

        write(value)
        push_applied(
            self._undo,
            undo_text(card.code),
            lambda: write(value),
            lambda: write(old),
            self.context.errors,
        )
        return True

    def _on_selection_written(self, selection: SelectionInfo) -> None:
        self._apply_selection(selection)
        self.reload()

    # -- selection, playback, navigation -------------------------------------------------------

    def _order(self, shot_id: int) -> int:
        ids = [c.shot_id for c in self.board.cards] if self.board else []
        return ids.index(shot_id) if shot_id in ids else len(ids)

    def _on_card_clicked(self, shot_id: int, modifiers: object) -> None:
        mods = modifiers if isinstance(modifiers, Qt.KeyboardModifier) else Qt.KeyboardModifier(0)
        card = self.cards.get(shot_id)
        if card is None or card.is_gap:
            return
        if mods & Qt.KeyboardModifier.ControlModifier:
            self.selected ^= {shot_id}
        elif mods & Qt.KeyboardModifier.ShiftModifier and self._anchor is not None:
            ids = [c.shot_id for c in self.board.cards if c.image_id] if self.board else []
            lo, hi = sorted((self._order(self._anchor), self._order(shot_id)))
            order = [c.shot_id for c in self.board.cards] if self.board else []
            self.selected = {s for s in order[lo : hi + 1] if s in ids}
        else:
            self.selected = {shot_id}
        self._anchor = shot_id
        self._show_selection()

    def select_shots(self, shot_ids: list[int]) -> None:
        self.selected = {s for s in shot_ids if s in self.cards and not self.cards[s].is_gap}
        self._show_selection()

    def select_all(self) -> None:
        self.select_shots(list(self.cards))

    def _show_selection(self) -> None:
        for shot_id, widget in self.cards.items():
            widget.set_selected(shot_id in self.selected)
        self._update_summary()

    def play_selected(self) -> None:
        focused = next((s for s, w in self.cards.items() if w.hasFocus()), None)
        first = min(self.selected, key=self._order, default=None)
        target = focused if focused is not None else first
        if target is not None:
            self.play_shot(target)

    def play_shot(self, shot_id: int) -> None:
        """Play the shot's clip inline (stale clips too: the badge says what they show)."""
        card = self.board.card_for_shot(shot_id) if self.board else None
        if card is None or card.clip_path is None:
            self.context.errors.inform("This shot has no clip yet; animate it first.")
            return
        title = f"{card.code} — {card.description or card.prompt}"
        if card.state == CardState.STALE:
            title += " (stale clip)"
        poster = self._pictures.get(str(card.picture)) if card.picture else None
        self.player.play(card.clip_path, title, poster)

    def open_in_iterator(self, shot_id: int) -> None:
        """Show the iterator on this shot (a gap's link)."""
        self.iterator_requested.emit(shot_id)
        self.navigate_requested.emit("iterator")
        window = self.window()
        page_of = getattr(window, "page", None)
        if not callable(page_of):
            return
        try:
            page = page_of("iterator")
        except KeyError:
            return
        for name in ITERATOR_HOOKS:
            hook = getattr(page, name, None)
            if callable(hook):
                hook(shot_id)
                return

    def open_video_dialog(self) -> None:
        if self.project is None:
            return
        from storyboard_app.ui.interchange.export_dialog import export_controller
        from storyboard_app.ui.storyboard.video_dialog import open_video_dialog

        controller = export_controller(self)
        if controller is not None:
            controller.open_video()  # its file chooser, and the dialog_opened signal
        else:
            open_video_dialog(self.context, self.project.id, self)

    def _on_card_move_requested(self, shot_id: int, step: int, extend: bool) -> None:
        """Arrow keys on a card move the focus (and the selection) along the timeline."""
        ids = list(self.cards)
        if shot_id not in ids:
            return
        index = max(0, min(len(ids) - 1, ids.index(shot_id) + step))
        widget = self.cards[ids[index]]
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        self.scroll_area.ensureWidgetVisible(widget)
        if widget.is_gap:
            return
        if extend:
            self.selected.add(ids[index])
        else:
            self.selected = {ids[index]}
        self._anchor = ids[index]
        self._show_selection()

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(1100, 700)


def create_page(context: AppContext) -> StagePage:
    """The factory `storyboard_app.app` registers for the "storyboard" stage."""
    return StoryboardPage(context)
