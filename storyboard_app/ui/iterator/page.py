"""The shot iterator page: navigator, the 2×3 grid of a round, rounds strip, refine bar, and the
details / lineage / compare panels — layout and wiring only.

What is shown and in flight lives in `state.IteratorState`; reads and writes run in workers
through `loading.IteratorLoader`; generation goes through the window's one job controller
(`ui/shared/generation_jobs.py`); the creator's choices are `actions.IteratorActions`; the
side panels and the preview are `panels.SidePanels`. Results update only what changed (one
cell per finished variant).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QUndoStack

from storyboard_app.store.dto import ImageInfo, ProjectInfo, RoundSummary, SceneInfo, ShotInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.iterator.actions import NO_PROMPT, IteratorActions
from storyboard_app.ui.iterator.data import RoundView, ShotView, by_variant, image_label
from storyboard_app.ui.iterator.drafts import RefineDrafts
from storyboard_app.ui.iterator.history import IteratorHistory
from storyboard_app.ui.iterator.keys import KEY_HINT
from storyboard_app.ui.iterator.layout import NO_SHOTS, IteratorLayout
from storyboard_app.ui.iterator.loading import IteratorLoader
from storyboard_app.ui.iterator.panels import DETAILS_TAB, LINEAGE_TAB, SidePanels
from storyboard_app.ui.iterator.state import IteratorState, planned_round, round_caption
from storyboard_app.ui.shared.generation_jobs import GenerationJobs, JobKind, generation_jobs
from storyboard_app.ui.shared.thumbnail_cache import PREVIEW_BYTES, ThumbnailCache
from storyboard_app.ui.stage_page import StagePage

__all__ = ["KEY_HINT", "NO_PROMPT", "NO_SHOTS", "IteratorPage", "create_page"]

TICK_MS = 1000
PROVIDER_NAMES = {"replicate": "Replicate", "offline": "Offline drafts"}


class IteratorPage(IteratorLayout):
    """The shot iterator (GUI thread).

    scenes_loaded(): the navigator shows fresh shots.
    shot_loaded(int): the grid shows this shot (its latest or requested round).
    round_shown(int): the grid shows this iteration number of the current shot.
    cell_updated(object): one cell now shows this ImageInfo (live updates).
    round_settled(int): no variant of this iteration is pending or processing any more.
    final_changed(int): this image id became the shot's final pick.
    lineage_loaded(): the lineage tree shows fresh data.
    compare_shown(): the compare panel shows a new pair.
    availability_changed(bool, str): whether generation is possible, and why not.
    """

    scenes_loaded = Signal()
    shot_loaded = Signal(int)
    round_shown = Signal(int)
    cell_updated = Signal(object)
    round_settled = Signal(int)
    final_changed = Signal(int)
    lineage_loaded = Signal()
    compare_shown = Signal()
    availability_changed = Signal(bool, str)

    def __init__(self, context: AppContext, jobs: GenerationJobs | None = None) -> None:
        super().__init__(context)  # makes and places the widgets
        self.state = IteratorState()
        self.loader = IteratorLoader(context, self.state, self)
        self.loader.scenes_loaded.connect(self._on_loader_scenes_loaded)
        self.loader.shot_view_loaded.connect(self._on_loader_shot_view_loaded)
        self.loader.round_loaded.connect(self._apply_round)
        self.loader.rounds_counted.connect(self._on_loader_rounds_counted)
        self.loader.round_polled.connect(self._on_loader_round_polled)
        self.loader.image_saved.connect(self._on_image_changed)
        self.loader.final_selected.connect(self._on_loader_final_selected)
        self.user_actions = IteratorActions(self)
        self.drafts = RefineDrafts(self.refine_bar, self.window, self.loader.read_image)
        self.panels = SidePanels(self)
        self.panels.lineage_loaded.connect(self.lineage_loaded)
        self.panels.compare_shown.connect(self.compare_shown)

        media = context.paths.media
        self.thumbnails = ThumbnailCache(media, context.tasks, parent=self)
        self.full_images = ThumbnailCache(
            media, context.tasks, max_bytes=PREVIEW_BYTES, full=True, parent=self
        )
        self.thumbnails.image_ready.connect(self._on_thumbnail_ready)
        self.thumbnails.image_missing.connect(self._on_thumbnail_missing)
        self.full_images.image_ready.connect(self._on_full_image_ready)

        self.jobs = jobs if jobs is not None else generation_jobs(context)
        self.jobs.engine_changed.connect(self._on_jobs_engine_changed)
        self.jobs.round_planned.connect(self._on_jobs_round_planned)
        self.jobs.variant_changed.connect(self._on_image_changed)
        self.jobs.round_planning_failed.connect(self._on_jobs_round_planning_failed)

        self._connect_widgets()
        self.history = IteratorHistory(self)  # reject, show rejected, retry failed, prompts
        self._set_has_shot(False)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._window_connected = False

    # -- what tests and other pages read -------------------------------------------------------

    def undo_stack(self) -> QUndoStack:
        return self.history.undo

    @property
    def scenes(self) -> list[SceneInfo]:
        return self.state.scenes

    @property
    def shot(self) -> ShotInfo | None:
        return self.state.shot

    @property
    def round(self) -> RoundView | None:
        return self.state.round

    @property
    def rounds(self) -> list[RoundSummary]:
        return self.state.rounds

    @property
    def latest_iteration(self) -> int | None:
        return self.state.latest_iteration

    @property
    def shot_images(self) -> list[ImageInfo] | None:
        return self.state.shot_images

    # -- layout ----------------------------------------------------------------------------

    def _connect_widgets(self) -> None:
        self.navigator.shot_chosen.connect(self.open_shot)
        self.round_strip.round_chosen.connect(self.show_round)
        self.grid.current_changed.connect(self._on_grid_current_changed)
        self.grid.star_requested.connect(self.user_actions.toggle_star)
        self.grid.refine_requested.connect(self.user_actions.choose_parent)
        self.grid.final_requested.connect(self.user_actions.make_final)
        self.grid.retry_requested.connect(self.user_actions.retry)
        self.grid.preview_requested.connect(self.panels.preview)
        self.grid.compare_requested.connect(self.panels.compare_with_parent)
        self.grid.cancel_round_requested.connect(self.user_actions.cancel_round)
        self.refine_bar.generate_requested.connect(self.user_actions.generate_six)
        self.refine_bar.refine_requested.connect(self.user_actions.refine)
        self.refine_bar.cancel_requested.connect(self.user_actions.cancel_round)
        self.details.reuse_requested.connect(self.user_actions.reuse_settings)
        self.details.copied.connect(lambda what: self.context.errors.inform(f"Copied the {what}."))
        self.lineage.show_round_requested.connect(self.show_image_round)
        self.lineage.branch_requested.connect(self.user_actions.choose_parent)
        self.lineage.compare_requested.connect(self.panels.compare_with_parent)
        self.lineage.current_changed.connect(self.details.show_image)
        self.tabs.currentChanged.connect(lambda _index: self.panels.refresh())
        for act, slot in (
            (self.next_shot_action, lambda: self.step_shot(1)),
            (self.previous_shot_action, lambda: self.step_shot(-1)),
            (self.next_round_action, lambda: self.step_round(1)),
            (self.previous_round_action, lambda: self.step_round(-1)),
            (self.generate_action, self.user_actions.generate_six),
            (self.lineage_action, lambda: self.tabs.setCurrentIndex(LINEAGE_TAB)),
            (self.details_action, lambda: self.tabs.setCurrentIndex(DETAILS_TAB)),
            (self.focus_grid_action, lambda: self.grid.focus_variant(self.grid.current_variant)),
        ):
            act.triggered.connect(lambda _checked=False, slot=slot: slot())

    # -- StagePage -----------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        super().open_project(project)
        if project is None:
            self._tick.stop()
            return
        if self.state.open_project(project.id):
            self.refine_bar.set_parent(None)
            self.navigator.set_scenes([], None)
        self.jobs.refresh_engine()
        self._connect_window()
        self.reload_scenes(open_after=True)
        self._tick.start()

    def leave(self) -> None:
        self._tick.stop()
        self.drafts.stash()

    def shutdown(self) -> None:
        self._tick.stop()
        self.drafts.stash()
        self.jobs.shutdown()
        self.panels.close()

    def _connect_window(self) -> None:
        signal = getattr(self.window(), "settings_changed", None)
        if signal is not None and not self._window_connected:
            signal.connect(self._on_window_settings_changed)
            self._window_connected = True

    def _on_window_settings_changed(self, _settings: object) -> None:
        self.jobs.refresh_engine()

    # -- what the page does (tests and menus call these) ---------------------------------------

    def reload_scenes(self, *, open_after: bool = False) -> None:
        """Refresh the navigator (states and covers) in a worker."""
        if self.project is not None:
            self.loader.reload_scenes(self.project.id, open_after=open_after)

    def open_shot(self, shot_id: int, iteration: int | None = None) -> None:
        """Show the shot's grid (latest round unless `iteration`), loaded in a worker."""
        self.loader.open_shot(shot_id, iteration)

    def step_shot(self, step: int) -> None:
        target = self.state.shot_after(step)
        if target is not None:
            self.open_shot(target)

    def show_round(self, iteration: int) -> None:
        """Show another round of the current shot (two quick queries in a worker)."""
        if self.state.shot is not None:
            self.loader.show_round(self.state.shot.id, iteration)

    def step_round(self, step: int) -> None:
        target = self.state.round_after(step)
        if target is not None:
            self.round_strip.select_round(target)
            self.show_round(target)

    def show_image_round(self, image: ImageInfo) -> None:
        """Jump to the round of `image` and focus its cell."""
        self.state.pending_focus = image.variant_number
        shot = self.state.shot
        if shot is not None and image.shot_id == shot.id:
            self.round_strip.select_round(image.iteration_number)
            self.show_round(image.iteration_number)
        else:
            self.open_shot(image.shot_id, image.iteration_number)

    def refresh_rounds(self) -> None:
        """Re-read the rounds strip's counts, coalescing bursts of updates."""
        self.loader.refresh_rounds()

    def generate_six(self) -> None:
        self.user_actions.generate_six()

    def cancel_round(self) -> None:
        self.user_actions.cancel_round()

    def choose_parent(self, image: ImageInfo) -> None:
        self.user_actions.choose_parent(image)

    def preview(self, image: ImageInfo) -> None:
        self.panels.preview(image)

    def compare_with_parent(self, image: ImageInfo) -> None:
        self.panels.compare_with_parent(image)

    def update_running(self) -> None:
        running = bool(self.grid.active_images()) or self.jobs.is_busy(JobKind.VARIANT)
        self.refine_bar.set_running(running)

    # -- loads arrive ----------------------------------------------------------------------------

    def _set_has_shot(self, has_shot: bool) -> None:
        self.refine_bar.set_has_shot(has_shot)
        self.grid.setEnabled(has_shot)

    def _on_loader_scenes_loaded(self, scenes: list[SceneInfo], open_after: bool) -> None:
        if self.project is None or self.project.id != self.state.project_id:
            return
        current = self.state.shot.id if self.state.shot else None
        wanted = self.state.scenes_loaded(scenes, open_after)
        self.navigator.set_scenes(scenes, current)
        covers = self.navigator.covers().values()
        self.thumbnails.request_many(covers)
        for storage_id in covers:
            pixmap = self.thumbnails.get(storage_id)
            if storage_id and pixmap is not None:
                self.navigator.set_cover(storage_id, pixmap)
        has_shots = bool(self.state.shot_ids)
        self.empty_label.setVisible(not has_shots)
        self.grid.setVisible(has_shots)
        self.round_strip.setVisible(has_shots)
        self.scenes_loaded.emit()
        if not has_shots:
            self.title_label.setText("<h2>Shot iterator</h2>")
            self._set_has_shot(False)
        elif wanted is not None:
            self.open_shot(wanted)
        else:
            self._update_title()
            self._update_generate_state()

    def _on_loader_shot_view_loaded(self, view: ShotView, changed: bool) -> None:
        images = view.round.images if view.round else ()
        self.drafts.switch_to(view.shot.id, images, self.thumbnails.get)
        self.navigator.select_shot(view.shot.id)
        self._set_has_shot(True)
        self._update_title()
        self._update_generate_state()
        current = view.round.iteration if view.round else None
        self.round_strip.set_rounds(self.state.rounds, current, self.state.latest_iteration)
        self._request_round_parents()
        self._apply_round(view.round)
        if changed:
            if self.isVisible():
                self.grid.focus_variant(0)
            self.panels.refresh()
        self.shot_loaded.emit(view.shot.id)

    def _on_grid_current_changed(self, image: ImageInfo | None) -> None:
        self.state.focused_variant = self.grid.current_variant
        self.details.show_image(image)

    def _on_loader_rounds_counted(self) -> None:
        current = self.state.round.iteration if self.state.round else None
        self.round_strip.set_rounds(self.state.rounds, current, self.state.latest_iteration)
        self._request_round_parents()
        self._update_title()

    def _on_loader_round_polled(self, images: list[ImageInfo]) -> None:
        for info in images:
            self._on_image_changed(info)

    def _on_loader_final_selected(self, info: ImageInfo) -> None:
        shown, previous = self.state.final_selected(info)
        if shown:
            for cell in self.grid.cells:
                if cell.image is not None and cell.image.id in (previous, info.id):
                    cell.show_image(
                        cell.image,
                        self.thumbnails.get(cell.image.image_storage_id),
                        is_final=cell.image.id == info.id,
                    )
            self._update_title()
            if self.tabs.currentIndex() == LINEAGE_TAB:
                self.panels.load_lineage()
        self.context.errors.inform(f"{image_label(info)} is now the shot's final image.")
        self.final_changed.emit(info.id)
        self.reload_scenes()
        self.project_data_changed.emit(info.project_id)

    def _update_title(self) -> None:
        if self.state.shot is None:
            return
        title, tip = self.state.shot_title()
        self.title_label.setText(title)
        self.title_label.setToolTip(tip)

    def _apply_round(self, view: RoundView | None) -> None:
        self.state.round = view
        if view is None:
            for cell in self.grid.cells:
                cell.show_image(None, None)
                cell.image_box.set_message("No images yet.\nPress Generate six (Ctrl+G).")
            self.round_label.setText("No rounds yet: generate six variants from the shot's prompt.")
        else:
            self.round_strip.select_round(view.iteration)
            self.thumbnails.request_many(i.image_storage_id for i in view.images)
            for cell, image in zip(self.grid.cells, by_variant(view.images), strict=True):
                storage = image.image_storage_id if image else None
                cell.show_image(
                    image,
                    self.thumbnails.get(storage),
                    is_final=self.state.is_final(image),
                    missing=bool(storage and storage in self.thumbnails.missing),
                )
            self.round_label.setText(round_caption(view))
            self.round_label.setToolTip(self.round_label.text())
        chosen = self.refine_bar.parent_image
        self.grid.mark_parent_choice(chosen.id if chosen else None)
        if self.state.pending_focus is not None:
            self.grid.focus_variant(self.state.pending_focus)
            self.state.pending_focus = None
        self.update_running()
        image = self.grid.current_image()
        if image is not None and self.tabs.currentIndex() == DETAILS_TAB:
            self.details.show_image(image)
        if view is not None:
            if view.iteration not in self.round_strip.round_numbers():
                self.refresh_rounds()  # the strip's window moves with the shown round
            self.round_shown.emit(view.iteration)
            if not any(i.status.is_active for i in view.images):
                self.round_settled.emit(view.iteration)

    def _request_round_parents(self) -> None:
        ids = self.state.parent_storage_ids
        self.thumbnails.request_many(ids)
        for storage_id in ids:
            pixmap = self.thumbnails.get(storage_id)
            if pixmap is not None:
                self.round_strip.set_parent_pixmap(storage_id, pixmap)

    # -- generation ------------------------------------------------------------------------------

    def _update_generate_state(self) -> None:
        """Generate six needs the shot's initial prompt: disable it, saying so, when blank."""
        blank = self.state.prompt_missing
        self.refine_bar.set_no_prompt_reason(NO_PROMPT if blank else "")
        self.generate_action.setEnabled(self.jobs.can_generate and not blank)

    def _on_jobs_engine_changed(self, can: bool, why: str, provider: str) -> None:
        self.refine_bar.set_availability(can, why)
        self._update_generate_state()
        name = PROVIDER_NAMES.get(provider, provider)
        self.provider_label.setText(f"Provider: {name or 'none'}")
        self.provider_label.setToolTip(
            "New rounds are drawn by this provider; every image says which provider made it."
        )
        if can:
            self.banner.hide()
        else:
            self.banner.setText(
                f"Offline review: every round and image stays browsable, but new rounds cannot "
                f"start. {why}"
            )
            self.banner.show()
        self.availability_changed.emit(can, why)

    def _on_jobs_round_planned(self, images: list[ImageInfo]) -> None:
        if not images:
            return
        shown = self.state.round_is_new(images)
        if shown:
            self._apply_round(planned_round(images, self.refine_bar.parent_image))
            self.grid.focus_variant(0)
            self.refresh_rounds()
        self.state.shot_images = None
        if shown:
            self.panels.refresh()  # lineage and compare follow every new round
        self.reload_scenes()
        self.project_data_changed.emit(images[0].project_id)

    def _on_jobs_round_planning_failed(self, _exc: object) -> None:
        self.update_running()

    # -- live updates ----------------------------------------------------------------------------

    def _on_image_changed(self, info: ImageInfo) -> None:
        """One variant changed (finished, failed, starred, reset): update only its cell."""
        update = self.state.image_changed(info)
        if not update.in_shot:
            if not info.status.is_active:
                self.reload_scenes()  # another shot's round finished: its state and cover
            return
        cell = self.grid.cell_for(info.id)
        if cell is not None and update.in_round:
            storage = info.image_storage_id
            if storage:
                self.thumbnails.request(storage)
            cell.show_image(
                info,
                self.thumbnails.get(storage),
                is_final=self.state.is_final(info),
                missing=bool(storage and storage in self.thumbnails.missing),
            )
            if self.grid.current_image() is not None and self.grid.current_image() == info:
                self.details.show_image(info)
            self.cell_updated.emit(info)
            if update.round_settled and self.state.round is not None:
                self.round_settled.emit(self.state.round.iteration)
                self.reload_scenes()
                self.panels.refresh()
        self.panels.image_changed(info)
        self.update_running()
        self.refresh_rounds()

    def _on_tick_timeout(self) -> None:
        self.grid.refresh_statuses()
        if self.isVisible():
            self.loader.poll_round()

    # -- pictures --------------------------------------------------------------------------------

    def _on_thumbnail_ready(self, storage_id: str) -> None:
        pixmap = self.thumbnails.get(storage_id)
        if pixmap is None:
            return
        self.grid.set_pixmap(storage_id, pixmap)
        self.round_strip.set_parent_pixmap(storage_id, pixmap)
        self.navigator.set_cover(storage_id, pixmap)
        self.refine_bar.set_parent_pixmap(storage_id, pixmap)
        self.panels.thumbnail_ready(storage_id, pixmap)

    def _on_thumbnail_missing(self, storage_id: str) -> None:
        for cell in self.grid.cells:
            if cell.image is not None and cell.image.image_storage_id == storage_id:
                cell.show_image(cell.image, None, is_final=cell.is_final, missing=True)

    def _on_full_image_ready(self, storage_id: str) -> None:
        pixmap = self.full_images.get(storage_id)
        if pixmap is not None:
            self.panels.full_image_ready(storage_id, pixmap)


def create_page(context: AppContext) -> StagePage:
    """The factory `storyboard_app.app` registers for the "iterator" stage."""
    return IteratorPage(context)
