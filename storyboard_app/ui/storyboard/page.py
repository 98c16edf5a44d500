"""The Storyboard stage: the final picks on a timeline grouped by scene, animation, playback —
wiring only.

What is shown and selected lives in `state.StoryboardState`; reads and "Build storyboard"
run in workers through `loading.StoryboardLoader`; duration and motion-prompt edits are
`edits.SelectionEdits`; each animation is a job of the window's one job controller
(`ui/shared/generation_jobs.py`: at most `settings.concurrency` run at once, each can be
cancelled). The page only swaps DTOs into its cards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QUndoStack
from PySide6.QtWidgets import QLabel, QWidget

from storyboard_app.generation.errors import ErrorKind
from storyboard_app.store.dto import ProjectInfo, SelectionInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.generation_jobs import (
    GenerationJob,
    GenerationJobs,
    JobKind,
    generation_jobs,
)
from storyboard_app.ui.shared.write_queue import WriteQueue
from storyboard_app.ui.stage_page import StagePage
from storyboard_app.ui.storyboard.actions import StoryboardActions
from storyboard_app.ui.storyboard.card import StoryboardCard
from storyboard_app.ui.storyboard.edits import SelectionEdits
from storyboard_app.ui.storyboard.layout import SceneColumn, StoryboardLayout
from storyboard_app.ui.storyboard.loading import StoryboardLoader
from storyboard_app.ui.storyboard.motion_mentions import MotionMentions
from storyboard_app.ui.storyboard.state import InFlightJobs, StoryboardState
from storyboard_app.ui.storyboard.timeline_controller import StoryboardTimeline
from storyboard_app.ui.storyboard.timeline_data import (
    ACTIVE_STATES,
    BoardData,
    CardData,
    CardState,
    error_kind,
)


class StoryboardPage(StoryboardLayout):
    """The storyboard timeline of the open project (GUI thread).

    board_loaded(object): a fresh `BoardData` is shown.
    storyboard_built(int): "Build storyboard" finished with this many selections.
    animation_finished(object): an animation job ended with this `SelectionInfo`.
    availability_changed(bool, str): whether the provider can animate now, and why not.
    iterator_requested(int): a gap asked to open this shot in the iterator.
    """

    board_loaded = Signal(object)
    storyboard_built = Signal(int)
    animation_finished = Signal(object)
    availability_changed = Signal(bool, str)
    iterator_requested = Signal(int)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        jobs: GenerationJobs | None = None,
    ) -> None:
        super().__init__(context, parent)  # makes and places the widgets
        self.state = StoryboardState()
        self.undo = QUndoStack(self)
        self.writes = WriteQueue(context, self, on_failed=self.reload)
        self.edits = SelectionEdits(self)
        self.user_actions = StoryboardActions(self)
        self._pictures: dict[str, QPixmap] = {}
        self._after_build: Callable[[], object] | None = None

        self.loader = StoryboardLoader(context, self.state, self)
        self.loader.board_read.connect(self._on_loader_board_read)
        self.loader.pictures_decoded.connect(self._on_loader_pictures_decoded)
        self.loader.selections_read.connect(self._on_loader_selections_read)
        self.loader.storyboard_built.connect(self._on_loader_storyboard_built)
        self.loader.build_failed.connect(self._on_loader_build_failed)

        self.jobs = jobs if jobs is not None else generation_jobs(context)
        self.jobs.engine_changed.connect(self._on_jobs_engine_changed)
        self.jobs.animation_changed.connect(self._on_jobs_animation_changed)
        self.jobs.job_ended.connect(self._on_jobs_job_ended)
        self.jobs.jobs_changed.connect(self._on_jobs_changed)

        self._connect_widgets()
        self._build_actions()
        self.timeline = StoryboardTimeline(self)
        self.mentions = MotionMentions(self)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)

    def _connect_widgets(self) -> None:
        self.player.playback_failed.connect(self._on_player_playback_failed)
        self.build_button.clicked.connect(lambda: self.build_storyboard())
        self.animate_selected_button.clicked.connect(self.animate_selected)
        self.animate_all_button.clicked.connect(self.animate_all)
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.video_button.clicked.connect(self.user_actions.open_video_dialog)

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
        self.video_action = self._make_action(
            "Final video", "Ctrl+Shift+V", self.user_actions.open_video_dialog
        )
        # File → Export → Final video holds Ctrl+Shift+V for the whole window; a second
        # action on the same keys would make both ambiguous.
        self.video_action.setShortcut(QKeySequence())

    # -- what tests and other pages read -------------------------------------------------------

    @property
    def board(self) -> BoardData | None:
        return self.state.board

    @property
    def selected(self) -> set[int]:
        return self.state.selected

    @property
    def animations(self) -> dict[int, GenerationJob]:
        """This window's unfinished animation jobs, by selection id."""
        return {job.key.row_id: job for job in self.jobs.jobs(JobKind.ANIMATION)}

    def in_flight(self) -> InFlightJobs:
        jobs = self.jobs.jobs(JobKind.ANIMATION)
        return InFlightJobs(
            frozenset(j.key.row_id for j in jobs), sum(1 for j in jobs if j.is_waiting)
        )

    # -- StagePage -----------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        changed = project is None or self.project is None or project.id != self.project.id
        super().open_project(project)
        if changed:
            self.player.clear()
            self.state.clear()
            self.undo.clear()
            self._clear_cards()
        if project is not None:
            self.reload()
            self.jobs.refresh_engine()

    def leave(self) -> None:
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()  # commits a duration or motion prompt being typed
        self.player.stop()
        self.timeline.pause()

    def shutdown(self) -> None:
        self._tick.stop()
        self.timeline.pause()
        self.player.stop()
        self.writes.flush()  # a duration or motion prompt typed just before closing
        self.jobs.shutdown()

    def undo_stack(self) -> QUndoStack | None:
        return self.undo

    def _on_player_playback_failed(self, message: str) -> None:
        self.context.errors.inform(message, 10_000)

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the storyboard again in a worker (coalesced while a load runs)."""
        if self.project is not None:
            self.loader.reload(self.project.id)

    def _on_loader_board_read(self, board: BoardData) -> None:
        if self.project is None or board.project_id != self.project.id:
            return
        if self.state.board_loaded(board):
            for card in board.cards:
                self.cards[card.shot_id].set_card(card)
        else:
            self._rebuild_cards(board)
        can, why = self.jobs.can_generate, self.jobs.why
        for shot_id, widget in self.cards.items():
            widget.set_selected(shot_id in self.state.selected)
            widget.set_availability(can, why)
        self._load_pictures(board)
        self._update_summary()
        self._update_tick()
        self.board_loaded.emit(board)

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
                widget = StoryboardCard(card, column, board.aspect_ratio)
                widget.clicked.connect(self._on_card_clicked)
                widget.animate_requested.connect(self._on_card_animate_requested)
                widget.animate_to_next_requested.connect(self.user_actions.animate_to_next)
                widget.cancel_requested.connect(self._on_card_cancel_requested)
                widget.play_requested.connect(self.play_shot)
                widget.duration_edited.connect(self.edits.set_duration)
                widget.motion_prompt_edited.connect(self.edits.set_motion_prompt)
                widget.open_iterator_requested.connect(self.user_actions.open_in_iterator)
                widget.move_requested.connect(self._on_card_move_requested)
                pixmap = self._pictures.get(str(card.picture)) if card.picture else None
                if pixmap is not None:
                    widget.set_pixmap(pixmap)
                column.row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
                self.cards[card.shot_id] = widget
            self.strip_layout.addWidget(column, 0, Qt.AlignmentFlag.AlignTop)
            column.show()  # now, so the layout counts it when sizing the timeline
        self._fit_timeline()

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
        if wanted:
            self.loader.decode(wanted)

    def _on_loader_pictures_decoded(self, images: dict[str, QImage]) -> None:
        for key, image in images.items():
            self._pictures[key] = QPixmap.fromImage(image)
        for card in self.state.cards:
            widget = self.cards.get(card.shot_id)
            pixmap = self._pictures.get(str(card.picture)) if card.picture else None
            if widget is not None and pixmap is not None:
                widget.set_pixmap(pixmap)

    def picture_of(self, card: CardData) -> QPixmap | None:
        """The card's decoded picture, when the workers have made it."""
        return self._pictures.get(str(card.picture)) if card.picture else None

    def _update_summary(self) -> None:
        state = self.state
        self.summary.setText(state.summary(self.in_flight()))
        if state.needs_build:
            self.notice.setText(
                "Some final picks are not on the storyboard yet (or changed). Press “Build "
                "storyboard” (Ctrl+B) to refresh it; existing clips are kept."
            )
            self.notice.show()
        else:
            self.notice.hide()
        if state.board is None:
            return
        can = self.jobs.can_generate
        self.animate_all_button.setEnabled(can and state.has_picks)
        self.animate_selected_button.setEnabled(can and bool(state.selected))
        self.cancel_all_button.setEnabled(bool(self.animations) or state.running_count > 0)
        self.video_button.setEnabled(state.has_picks)
        for button in (self.animate_all_button, self.animate_selected_button):
            button.setToolTip(self.jobs.why if not can else button.toolTip())

    # -- the provider --------------------------------------------------------------------------

    def _on_jobs_engine_changed(self, ok: bool, why: str, provider: str) -> None:
        for widget in self.cards.values():
            widget.set_availability(ok, why)
        label = "Replicate" if provider == "replicate" else "offline drafts"
        base = f"Animate every shot that has no current clip ({label})"
        self.animate_all_button.setToolTip(base if ok else why)
        if ok:  # the estimate reads the price table: in a worker
            from storyboard_app.generation.estimate import animation_estimate_text

            settings, name = self.context.settings, provider or "offline"
            self.context.tasks.submit(
                lambda _ctx: animation_estimate_text(settings, name),
                name="Estimating the cost",
                on_result=lambda text: self.animate_all_button.setToolTip(f"{base}\n{text}"),
                owner=self,
            )
        self._update_summary()
        self.availability_changed.emit(ok, why)

    # -- building ------------------------------------------------------------------------------

    def build_storyboard(self, then: Callable[[], object] | None = None) -> None:
        """Create or refresh one selection per final pick, in a worker."""
        if self.project is None:
            return
        self._after_build = then
        self.build_button.setEnabled(False)
        self.loader.build(self.project.id)

    def _on_loader_storyboard_built(self, selections: list[SelectionInfo]) -> None:
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

    def _on_loader_build_failed(self, _exc: object) -> None:
        self.build_button.setEnabled(True)
        self._after_build = None

    def _reload_then(self, then: Callable[[], object]) -> None:
        def once(_board: object) -> None:
            self.board_loaded.disconnect(once)
            then()

        self.board_loaded.connect(once)
        self.reload()

    # -- animation -----------------------------------------------------------------------------

    def animate_selected(self) -> None:
        self.user_actions.animate_selected()

    def animate_all(self) -> None:
        self.user_actions.animate_all()

    def animate_shots(self, shot_ids: list[int]) -> None:
        self.user_actions.animate_shots(shot_ids)

    def apply_selection(self, selection: SelectionInfo) -> None:
        """Show a selection's new state on its card (no reload)."""
        card = self.state.card_of_selection(selection)
        widget = self.cards.get(card.shot_id) if card is not None else None
        if card is not None and widget is not None:
            widget.set_card(card)

    def _on_jobs_animation_changed(self, selection: SelectionInfo) -> None:
        self.apply_selection(selection)
        self._update_summary()
        self._update_tick()
        status = selection.animation_status
        if status is not None and not status.is_active:
            self.reload()  # the clip, its frame and length, and the row as it ended

    def _on_jobs_job_ended(self, job: GenerationJob) -> None:
        selection = job.result
        if job.key.kind != JobKind.ANIMATION or not isinstance(selection, SelectionInfo):
            return
        if selection.error and error_kind(selection) != ErrorKind.CANCELLED:
            card = self.state.card_of_selection(selection)
            code = card.code if card is not None else job.title
            self.context.errors.inform(f"Animation of {code}: {selection.error}", 10_000)
        self.animation_finished.emit(selection)
        if self.project is not None:
            self.project_data_changed.emit(self.project.id)

    def _on_jobs_changed(self) -> None:
        self._update_summary()
        self._update_tick()

    def cancel_selected(self) -> None:
        self.user_actions.cancel_selected()

    def cancel_all(self) -> None:
        self.user_actions.cancel_all()

    def cancel_shots(self, shot_ids: list[int]) -> None:
        self.user_actions.cancel_shots(shot_ids)

    # -- the ticking clock ---------------------------------------------------------------------

    def _update_tick(self) -> None:
        active = bool(self.animations) or self.state.running_count > 0
        if active and not self._tick.isActive():
            self._tick.start()
        elif not active:
            self._tick.stop()

    def _on_tick_timeout(self) -> None:
        for widget in self.cards.values():
            if widget.card.state in ACTIVE_STATES:
                widget.refresh_status()
        if self.animations and self.project is not None:
            self.loader.read_status(self.project.id)
        self._update_tick()

    def _on_loader_selections_read(self, selections: list[SelectionInfo]) -> None:
        running = self.in_flight().selection_ids
        for selection in selections:
            if selection.id in running:
                self.apply_selection(selection)

    # -- edits (undoable) ----------------------------------------------------------------------

    def set_duration(self, shot_id: int, seconds: float) -> None:
        self.edits.set_duration(shot_id, seconds)

    def set_motion_prompt(self, shot_id: int, prompt: str) -> None:
        self.edits.set_motion_prompt(shot_id, prompt)

    # -- selection, playback, navigation -------------------------------------------------------

    def _on_card_animate_requested(self, shot_id: int) -> None:
        self.animate_shots([shot_id])

    def _on_card_cancel_requested(self, shot_id: int) -> None:
        self.cancel_shots([shot_id])

    def _on_card_clicked(self, shot_id: int, modifiers: object) -> None:
        mods = modifiers if isinstance(modifiers, Qt.KeyboardModifier) else Qt.KeyboardModifier(0)
        card = self.cards.get(shot_id)
        if card is None or card.is_gap:
            return
        self.state.click(
            shot_id,
            toggle=bool(mods & Qt.KeyboardModifier.ControlModifier),
            extend=bool(mods & Qt.KeyboardModifier.ShiftModifier),
        )
        self._show_selection()

    def select_shots(self, shot_ids: list[int]) -> None:
        self.state.select(shot_ids)
        self._show_selection()

    def select_all(self) -> None:
        self.select_shots(list(self.cards))

    def _show_selection(self) -> None:
        for shot_id, widget in self.cards.items():
            widget.set_selected(shot_id in self.state.selected)
        self.timeline.show_selection()
        self._update_summary()

    def play_selected(self) -> None:
        focused = next((s for s, w in self.cards.items() if w.hasFocus()), None)
        first = min(self.state.selected, key=self.state.order, default=None)
        target = focused if focused is not None else first
        if target is not None:
            self.play_shot(target)

    def play_shot(self, shot_id: int) -> None:
        """Play the shot's clip inline (stale clips too: the badge says what they show)."""
        card = self.state.card(shot_id)
        if card is None or card.clip_path is None:
            self.context.errors.inform("This shot has no clip yet; animate it first.")
            return
        title = f"{card.code} — {card.description or card.prompt}"
        if card.state == CardState.STALE:
            title += " (stale clip)"
        poster = self._pictures.get(str(card.picture)) if card.picture else None
        self.player.play(card.clip_path, title, poster)

    def _on_card_move_requested(self, shot_id: int, step: int, extend: bool) -> None:
        """Arrow keys on a card move the focus (and the selection) along the timeline."""
        target = self.state.step(shot_id, step)
        widget = self.cards.get(target) if target is not None else None
        if target is None or widget is None:
            return
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        self.scroll_area.ensureWidgetVisible(widget)
        if not widget.is_gap:
            self.state.moved_to(target, extend=extend)
            self._show_selection()


def create_page(context: AppContext) -> StagePage:
    """The factory `storyboard_app.app` registers for the "storyboard" stage."""
    return StoryboardPage(context)
