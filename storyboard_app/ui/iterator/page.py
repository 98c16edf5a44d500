"""The shot iterator page: navigator, the 2×3 grid of a round, rounds strip, refine bar, and the
details / lineage / compare panels. Every read and write runs in a worker; results update only
what changed (one cell per finished variant).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo, ProjectInfo, RoundSummary, SceneInfo, ShotInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.iterator.compare import CompareView
from storyboard_app.ui.iterator.data import (
    RoundView,
    ShotView,
    build_lineage,
    by_variant,
    find_shot,
    image_label,
    load_round,
    load_round_window,
    load_shot_view,
    ordered_shot_ids,
)
from storyboard_app.ui.iterator.details import DetailsPanel
from storyboard_app.ui.iterator.grid import VariantGrid
from storyboard_app.ui.iterator.jobs import EngineFactory, IteratorJobs, default_engine
from storyboard_app.ui.iterator.lineage import LineageView
from storyboard_app.ui.iterator.navigator import ShotNavigator
from storyboard_app.ui.iterator.preview import PreviewDialog
from storyboard_app.ui.iterator.refine_bar import RefineBar
from storyboard_app.ui.iterator.rounds_strip import RoundStrip
from storyboard_app.ui.shared.thumbnail_cache import PREVIEW_BYTES, ThumbnailCache
from storyboard_app.ui.shared.worker import TaskContext
from storyboard_app.ui.stage_page import StagePage

T = TypeVar("T")

KEY_HINT = (
    "Keys: 1–6 pick · arrows move · Space preview · F star · R refine (retry if failed) · "
    "Enter make final · C compare · Esc cancel round · Ctrl+↑/↓ shot · Ctrl+←/→ round · "
    "Ctrl+G generate"
)
NO_SHOTS = (
    "<h3>No shots yet</h3><p>Add scenes and shots in Scenes (Ctrl+2), then come back to "
    "draw six variants of each.</p>"
)
TICK_MS = 1000
NO_PROMPT = "This shot has no prompt yet — write one in Scenes"
DETAILS_TAB, LINEAGE_TAB, COMPARE_TAB = 0, 1, 2


class IteratorPage(StagePage):
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

    def __init__(self, context: AppContext, engine_factory: EngineFactory = default_engine) -> None:
        super().__init__(context)
        self.scenes: list[SceneInfo] = []
        self.shot: ShotInfo | None = None
        self.rounds: list[RoundSummary] = []  # a window around the shown round
        self.latest_iteration: int | None = None
        self.round: RoundView | None = None
        self.shot_images: list[ImageInfo] | None = None  # all images, for lineage and compare
        self._project_id: int | None = None
        self._last_shot: dict[int, int] = {}
        self._serial = 0
        self._poll_in_flight = False
        self._rounds_in_flight = False
        self._rounds_dirty = False
        self._scenes_in_flight = False
        self._scenes_dirty = False
        self._images_serial = 0
        self._pending_focus: int | None = None
        self._preview: PreviewDialog | None = None

        media = context.paths.media
        self.thumbnails = ThumbnailCache(media, context.tasks, parent=self)
        self.full_images = ThumbnailCache(
            media, context.tasks, max_bytes=PREVIEW_BYTES, full=True, parent=self
        )
        self.thumbnails.image_ready.connect(self._on_thumbnail_ready)
        self.thumbnails.image_missing.connect(self._on_thumbnail_missing)
        self.full_images.image_ready.connect(self._on_full_image_ready)

        self.jobs = IteratorJobs(context, engine_factory, parent=self)
        self.jobs.engine_changed.connect(self._on_jobs_engine_changed)
        self.jobs.round_planned.connect(self._on_jobs_round_planned)
        self.jobs.variant_updated.connect(self._on_image_changed)
        self.jobs.planning_failed.connect(lambda _exc: self._update_running())

        self._build()
        self._build_actions()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter)

        self.navigator = ShotNavigator(splitter)
        self.navigator.setMinimumWidth(200)
        self.navigator.shot_chosen.connect(self.open_shot)
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
        self.round_strip.round_chosen.connect(self.show_round)
        column.addWidget(self.round_strip)
        self.round_label = QLabel("", center)
        self.round_label.setObjectName("roundLabel")
        column.addWidget(self.round_label)
        self.grid = VariantGrid(center)
        self.grid.current_changed.connect(self._on_grid_current_changed)
        self.grid.star_requested.connect(self.toggle_star)
        self.grid.refine_requested.connect(self.choose_parent)
        self.grid.final_requested.connect(self.make_final)
        self.grid.retry_requested.connect(self.retry)
        self.grid.preview_requested.connect(self.preview)
        self.grid.compare_requested.connect(self.compare_with_parent)
        self.grid.cancel_round_requested.connect(self.cancel_round)
        column.addWidget(self.grid, 1)
        self.empty_label = QLabel(NO_SHOTS, center)
        self.empty_label.setObjectName("iteratorEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        column.addWidget(self.empty_label, 1)
        self.refine_bar = RefineBar(center)
        self.refine_bar.generate_requested.connect(self.generate_six)
        self.refine_bar.refine_requested.connect(self.refine)
        self.refine_bar.cancel_requested.connect(self.cancel_round)
        column.addWidget(self.refine_bar)
        self.hint_label = QLabel(KEY_HINT, center)
        self.hint_label.setObjectName("keyHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("QLabel { color: palette(mid); font-size: 11px; }")
        column.addWidget(self.hint_label)
        splitter.addWidget(center)

        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName("iteratorTabs")
        self.details = DetailsPanel(self.tabs)
        self.details.reuse_requested.connect(self.reuse_settings)
        self.details.copied.connect(lambda what: self.context.errors.inform(f"Copied the {what}."))
        self.lineage = LineageView(self.tabs)
        self.lineage.show_round_requested.connect(self.show_image_round)
        self.lineage.branch_requested.connect(self.choose_parent)
        self.lineage.compare_requested.connect(self.compare_with_parent)
        self.lineage.current_changed.connect(self.details.show_image)
        self.compare = CompareView(self.tabs)
        self.compare.other_changed.connect(self._on_compare_other_changed)
        self.tabs.addTab(self.details, "Details")
        self.tabs.addTab(self.lineage, "Lineage")
        self.tabs.addTab(self.compare, "Compare")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tabs.setMinimumWidth(320)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 6)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([240, 760, 380])
        self._set_has_shot(False)

    def _build_actions(self) -> None:
        def action(name: str, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _checked=False: slot())
            self.addAction(act)
            return act

        self.next_shot_action = action(
            "nextShot", "Next shot", ["Ctrl+Down", "Alt+Down"], lambda: self.step_shot(1)
        )
        self.previous_shot_action = action(
            "previousShot", "Previous shot", ["Ctrl+Up", "Alt+Up"], lambda: self.step_shot(-1)
        )
        self.next_round_action = action(
            "nextRound", "Next round", ["Ctrl+Right"], lambda: self.step_round(1)
        )
        self.previous_round_action = action(
            "previousRound", "Previous round", ["Ctrl+Left"], lambda: self.step_round(-1)
        )
        self.generate_action = action("generateSix", "Generate six", ["Ctrl+G"], self.generate_six)
        self.lineage_action = action(
            "showLineage", "Show lineage", ["Ctrl+L"], lambda: self.tabs.setCurrentIndex(1)
        )
        self.details_action = action(
            "showDetails", "Show details", ["Ctrl+I"], lambda: self.tabs.setCurrentIndex(0)
        )
        self.focus_grid_action = action(
            "focusGrid",
            "Focus the grid",
            ["Ctrl+Shift+G"],
            lambda: self.grid.focus_variant(self.grid.current_variant),
        )

    # -- StagePage -------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        super().open_project(project)
        if project is None:
            self._tick.stop()
            return
        if project.id != self._project_id:
            self._project_id = project.id
            self.scenes = []
            self.shot = None
            self.round = None
            self.rounds = []
            self.latest_iteration = None
            self.shot_images = None
            self.refine_bar.set_parent(None)
            self.navigator.set_scenes([], None)
        self.jobs.refresh_engine()
        self._connect_window()
        self.reload_scenes(open_after=True)
        self._tick.start()

    def leave(self) -> None:
        self._tick.stop()

    def shutdown(self) -> None:
        self._tick.stop()
        self.jobs.shutdown()
        if self._preview is not None:
            self._preview.close()

    def _connect_window(self) -> None:
        window = self.window()
        signal = getattr(window, "settings_changed", None)
        if signal is not None and not getattr(self, "_window_connected", False):
            signal.connect(lambda _settings: self.jobs.refresh_engine())
            self._window_connected = True

    # -- helpers ---------------------------------------------------------------------------

    def _run(
        self,
        fn: Callable[[], T],
        on_result: Callable[[T], object],
        name: str,
        *,
        quiet: bool = False,
        on_finished: Callable[[], object] | None = None,
    ) -> None:
        """Run a service call in a worker; its failure goes through the one error path."""

        def call(_ctx: TaskContext) -> T:
            return fn()

        self.context.tasks.submit(
            call,
            name=name,
            on_result=on_result,
            on_error=lambda exc: self.context.errors.present(exc, quiet=quiet),
            on_finished=on_finished,
            owner=self,
        )

    def _set_has_shot(self, has_shot: bool) -> None:
        self.refine_bar.set_has_shot(has_shot)
        self.grid.setEnabled(has_shot)

    # -- scenes and shots ------------------------------------------------------------------

    def reload_scenes(self, *, open_after: bool = False) -> None:
        """Refresh the navigator (states and covers) in a worker."""
        if self.project is None:
            return
        if self._scenes_in_flight and not open_after:
            self._scenes_dirty = True
            return
        self._scenes_in_flight = True
        project_id = self.project.id
        store = self.context.store

        def done() -> None:
            self._scenes_in_flight = False
            if self._scenes_dirty:
                self._scenes_dirty = False
                self.reload_scenes()

        self._run(
            lambda: store.scenes.list(project_id),
            lambda scenes: self._on_scenes_loaded(project_id, scenes, open_after),
            "Loading shots",
            on_finished=done,
        )

    def _on_scenes_loaded(self, project_id: int, scenes: list[SceneInfo], open_after: bool) -> None:
        if self.project is None or self.project.id != project_id:
            return
        self.scenes = scenes
        current = self.shot.id if self.shot else None
        self.navigator.set_scenes(scenes, current)
        self.thumbnails.request_many(self.navigator.covers().values())
        for storage_id in self.navigator.covers().values():
            pixmap = self.thumbnails.get(storage_id)
            if storage_id and pixmap is not None:
                self.navigator.set_cover(storage_id, pixmap)
        ids = ordered_shot_ids(scenes)
        self.empty_label.setVisible(not ids)
        self.grid.setVisible(bool(ids))
        self.round_strip.setVisible(bool(ids))
        self.scenes_loaded.emit()
        if not ids:
            self.shot = None
            self.title_label.setText("<h2>Shot iterator</h2>")
            self._set_has_shot(False)
            return
        if open_after or (current is not None and current not in ids):
            wanted = current if current in ids else self._last_shot.get(project_id)
            if wanted not in ids:
                wanted = self._first_open_shot(scenes)
            self.open_shot(wanted)
        elif self.shot is not None:
            fresh = find_shot(scenes, self.shot.id)
            if fresh is not None:
                self.shot = fresh
                self._update_title()
                self._update_generate_state()

    @staticmethod
    def _first_open_shot(scenes: list[SceneInfo]) -> int:
        for scene in scenes:
            for shot in scene.shots:
                if shot.selected_image_id is None:
                    return shot.id
        return ordered_shot_ids(scenes)[0]

    def open_shot(self, shot_id: int, iteration: int | None = None) -> None:
        """Show the shot's grid (latest round unless `iteration`), loaded in a worker."""
        self._serial += 1
        serial = self._serial
        store = self.context.store
        self._run(
            lambda: load_shot_view(store, shot_id, iteration),
            lambda view: self._on_shot_view_loaded(serial, view),
            "Opening a shot",
        )

    def _on_shot_view_loaded(self, serial: int, view: ShotView) -> None:
        if serial != self._serial:
            return  # the user moved on meanwhile
        changed = self.shot is None or self.shot.id != view.shot.id
        fresh = find_shot(self.scenes, view.shot.id)
        self.shot = fresh or view.shot
        if self._project_id is not None:
            self._last_shot[self._project_id] = view.shot.id
        self.rounds = list(view.rounds)
        self.latest_iteration = view.latest_iteration
        if changed:
            self.shot_images = None
            if (
                self.refine_bar.parent_image is not None
                and self.refine_bar.parent_image.shot_id != view.shot.id
            ):
                self.refine_bar.set_parent(None)
        self.navigator.select_shot(view.shot.id)
        self._set_has_shot(True)
        self._update_title()
        self._update_generate_state()
        current = view.round.iteration if view.round else None
        self.round_strip.set_rounds(self.rounds, current, self.latest_iteration)
        self._request_round_parents()
        self._apply_round(view.round)
        if changed:
            if self.isVisible():
                self.grid.focus_variant(0)
            self._refresh_side_panels()
        self.shot_loaded.emit(view.shot.id)

    def step_shot(self, step: int) -> None:
        ids = ordered_shot_ids(self.scenes)
        if not ids:
            return
        if self.shot is None or self.shot.id not in ids:
            self.open_shot(ids[0])
            return
        index = ids.index(self.shot.id) + step
        if 0 <= index < len(ids):
            self.open_shot(ids[index])

    def _update_title(self) -> None:
        shot = self.shot
        if shot is None:
            return
        scene = next((s for s in self.scenes if s.id == shot.scene_id), None)
        where = f"Scene {scene.scene_number} · " if scene else ""
        state = (
            "final chosen"
            if shot.selected_image_id
            else ("iterating" if self.latest_iteration is not None else "no images yet")
        )
        description = shot.description.strip() or shot.initial_prompt.strip()
        self.title_label.setText(
            f"<b style='font-size:15px'>{where}Shot {shot.shot_number}</b> — "
            f"{_escape(description[:140])} <span style='color:#8a8f98'>({state})</span>"
        )
        self.title_label.setToolTip(f"Initial prompt: {shot.initial_prompt}")

    # -- rounds ----------------------------------------------------------------------------

    def show_round(self, iteration: int) -> None:
        """Show another round of the current shot (two quick queries in a worker)."""
        if self.shot is None:
            return
        self._serial += 1
        serial = self._serial
        shot_id = self.shot.id
        store = self.context.store
        self._run(
            lambda: load_round(store, shot_id, iteration),
            lambda view: self._on_round_loaded(serial, view),
            "Opening a round",
        )

    def _on_round_loaded(self, serial: int, view: RoundView) -> None:
        if serial != self._serial or self.shot is None or view.shot_id != self.shot.id:
            return
        self._apply_round(view)

    def step_round(self, step: int) -> None:
        latest = self.latest_iteration
        if latest is None:
            return
        target = (self.round.iteration if self.round else latest) + step
        if 0 <= target <= latest:
            self.round_strip.select_round(target)
            self.show_round(target)

    def show_image_round(self, image: ImageInfo) -> None:
        """Jump to the round of `image` and focus its cell."""
        self._pending_focus = image.variant_number
        if self.shot is not None and image.shot_id == self.shot.id:
            self.round_strip.select_round(image.iteration_number)
            self.show_round(image.iteration_number)
        else:
            self.open_shot(image.shot_id, image.iteration_number)

    def _apply_round(self, view: RoundView | None) -> None:
        self.round = view
        final_id = self.shot.selected_image_id if self.shot else None
        if view is None:
            for cell in self.grid.cells:
                cell.show_image(None, None)
                cell.image_box.set_message("No images yet.\nPress Generate six (Ctrl+G).")
            self.round_label.setText("No rounds yet: generate six variants from the shot's prompt.")
        else:
            self.round_strip.select_round(view.iteration)
            slots = by_variant(view.images)
            self.thumbnails.request_many(i.image_storage_id for i in view.images)
            for cell, image in zip(self.grid.cells, slots, strict=True):
                storage = image.image_storage_id if image else None
                cell.show_image(
                    image,
                    self.thumbnails.get(storage),
                    is_final=image is not None and image.id == final_id,
                    missing=bool(storage and storage in self.thumbnails.missing),
                )
            parent = view.parent
            origin = (
                f"refined from {image_label(parent)}" if parent is not None else "from the prompt"
            )
            prompt = view.images[0].iteration_prompt if view.images else ""
            self.round_label.setText(
                f"<b>Round {view.iteration}</b> · {origin} · “{_escape(prompt[:160])}”"
            )
        chosen = self.refine_bar.parent_image
        self.grid.mark_parent_choice(chosen.id if chosen else None)
        if self._pending_focus is not None:
            self.grid.focus_variant(self._pending_focus)
            self._pending_focus = None
        self._update_running()
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
        ids = [r.parent_storage_id for r in self.rounds if r.parent_storage_id]
        self.thumbnails.request_many(ids)
        for storage_id in ids:
            pixmap = self.thumbnails.get(storage_id)
            if pixmap is not None:
                self.round_strip.set_parent_pixmap(storage_id, pixmap)

    def refresh_rounds(self) -> None:
        """Re-read the rounds strip's counts (one query), coalescing bursts of updates."""
        if self.shot is None:
            return
        if self._rounds_in_flight:
            self._rounds_dirty = True
            return
        self._rounds_in_flight = True
        shot_id = self.shot.id
        store = self.context.store

        def done() -> None:
            self._rounds_in_flight = False
            if self._rounds_dirty:
                self._rounds_dirty = False
                self.refresh_rounds()

        center = self.round.iteration if self.round is not None else None
        self._run(
            lambda: load_round_window(store, shot_id, center),
            lambda window: self._on_rounds_refreshed(shot_id, window),
            "Counting rounds",
            quiet=True,
            on_finished=done,
        )

    def _on_rounds_refreshed(
        self, shot_id: int, window: tuple[int | None, tuple[RoundSummary, ...]]
    ) -> None:
        if self.shot is None or self.shot.id != shot_id:
            return
        self.latest_iteration, rounds = window
        self.rounds = list(rounds)
        current = self.round.iteration if self.round else None
        self.round_strip.set_rounds(self.rounds, current, self.latest_iteration)
        self._request_round_parents()
        self._update_title()

    # -- generation ------------------------------------------------------------------------

    def generate_six(self) -> None:
        """A new round of six from the shot's initial prompt."""
        if self.shot is None:
            return
        if not self.shot.initial_prompt.strip():
            self.context.errors.inform(NO_PROMPT, 10_000)
            return
        if not self._check_available():
            return
        self.jobs.start_round(self.shot.id)
        self._update_running()

    def refine(self, prompt: str, strength: float) -> None:
        """The next round from the chosen parent, with this prompt and strength."""
        parent = self.refine_bar.parent_image
        if self.shot is None or parent is None:
            return
        if not self._check_available():
            return
        self.jobs.start_round(
            parent.shot_id, prompt=prompt, parent_image_id=parent.id, strength=strength
        )
        self._update_running()

    def retry(self, image: ImageInfo) -> None:
        if image.status != ImageStatus.FAILED:
            return
        if not self._check_available():
            return
        self.jobs.retry(image.id)

    def cancel_round(self) -> None:
        """Stop every variant of the shown round that is still pending or processing."""
        active = self.grid.active_images()
        if active:
            self.jobs.cancel(active)
            self.context.errors.inform(f"Cancelling {len(active)} variant(s)…")

    def _check_available(self) -> bool:
        if self.jobs.can_generate and self.jobs.engine is not None:
            return True
        self.context.errors.inform(f"Generation is unavailable: {self.jobs.why}", 10_000)
        return False

    def _update_generate_state(self) -> None:
        """Generate six needs the shot's initial prompt: disable it, saying so, when blank."""
        blank = self.shot is not None and not self.shot.initial_prompt.strip()
        self.refine_bar.set_no_prompt_reason(NO_PROMPT if blank else "")
        self.generate_action.setEnabled(self.jobs.can_generate and not blank)

    def _on_jobs_engine_changed(self, can: bool, why: str, provider: str) -> None:
        self.refine_bar.set_availability(can, why)
        self._update_generate_state()
        name = {"replicate": "Replicate", "offline": "Offline drafts"}.get(provider, provider)
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
        if self.shot is not None and images[0].shot_id == self.shot.id:
            self._serial += 1  # a round load still in flight must not replace the new round
            view = RoundView(
                images[0].shot_id,
                images[0].iteration_number,
                tuple(images),
                self.refine_bar.parent_image
                if images[0].parent_image_id is not None
                and self.refine_bar.parent_image is not None
                and self.refine_bar.parent_image.id == images[0].parent_image_id
                else None,
            )
            self._apply_round(view)
            self.grid.focus_variant(0)
            self.refresh_rounds()
        self.shot_images = None
        self.reload_scenes()
        self.project_data_changed.emit(images[0].project_id)

    def _update_running(self) -> None:
        running = bool(self.grid.active_images()) or self.jobs.is_busy()
        self.refine_bar.set_running(running)

    # -- live updates ----------------------------------------------------------------------

    def _on_image_changed(self, info: ImageInfo) -> None:
        """One variant changed (finished, failed, starred, reset): update only its cell."""
        if self.shot is None or info.shot_id != self.shot.id:
            if not info.status.is_active:
                self.reload_scenes()  # another shot's round finished: its state and cover
            return
        cell = self.grid.cell_for(info.id)
        if cell is not None and self.round is not None:
            storage = info.image_storage_id
            if storage:
                self.thumbnails.request(storage)
            cell.show_image(
                info,
                self.thumbnails.get(storage),
                is_final=info.id == self.shot.selected_image_id,
                missing=bool(storage and storage in self.thumbnails.missing),
            )
            self.round = replace(
                self.round,
                images=tuple(info if i.id == info.id else i for i in self.round.images),
            )
            if self.grid.current_image() is not None and self.grid.current_image() == info:
                self.details.show_image(info)
            self.cell_updated.emit(info)
            if not any(i.status.is_active for i in self.round.images):
                self.round_settled.emit(self.round.iteration)
                self.reload_scenes()
        if self.shot_images is not None:
            self.shot_images = [info if i.id == info.id else i for i in self.shot_images]
        if self.details.image is not None and self.details.image.id == info.id:
            self.details.show_image(info)
        self._update_running()
        self.refresh_rounds()

    def _on_tick_timeout(self) -> None:
        self.grid.refresh_statuses()
        if self.round is None or self._poll_in_flight or not self.isVisible():
            return
        active = [i for i in self.round.images if i.status.is_active]
        if not active:
            return
        self._poll_in_flight = True
        shot_id, iteration = self.round.shot_id, self.round.iteration
        store = self.context.store

        def done() -> None:
            self._poll_in_flight = False

        self._run(
            lambda: store.images.round(shot_id, iteration),
            self._on_round_polled,
            "Checking variant status",
            quiet=True,
            on_finished=done,
        )

    def _on_round_polled(self, images: list[ImageInfo]) -> None:
        if self.round is None:
            return
        known = {i.id: i for i in self.round.images}
        for info in images:
            old = known.get(info.id)
            if old is not None and (old.status, old.replicate_image_id) != (
                info.status,
                info.replicate_image_id,
            ):
                self._on_image_changed(info)

    # -- the creator's choices -------------------------------------------------------------

    def toggle_star(self, image: ImageInfo) -> None:
        store = self.context.store
        on = not image.is_favorite
        self._run(lambda: store.images.star(image.id, on), self._on_image_changed, "Starring")

    def make_final(self, image: ImageInfo) -> None:
        if self.shot is not None and self.shot.selected_image_id == image.id:
            self.context.errors.inform(f"{image_label(image)} is already the final pick.")
            return
        if image.status != ImageStatus.COMPLETE:
            self.context.errors.inform("Only a finished variant can be the final pick.")
            return
        store = self.context.store
        self._run(lambda: store.images.select_final(image.id), self._on_final_selected, "Final")

    def _on_final_selected(self, info: ImageInfo) -> None:
        if self.shot is not None and self.shot.id == info.shot_id:
            previous = self.shot.selected_image_id
            self.shot = replace(self.shot, selected_image_id=info.id)
            for cell in self.grid.cells:
                if cell.image is not None and cell.image.id in (previous, info.id):
                    cell.show_image(
                        cell.image,
                        self.thumbnails.get(cell.image.image_storage_id),
                        is_final=cell.image.id == info.id,
                    )
            self._update_title()
            if self.tabs.currentIndex() == LINEAGE_TAB:
                self._load_lineage()
        self.context.errors.inform(f"{image_label(info)} is now the shot's final image.")
        self.final_changed.emit(info.id)
        self.reload_scenes()
        self.project_data_changed.emit(info.project_id)

    def choose_parent(self, image: ImageInfo) -> None:
        """Make `image` (of any round) the parent of the next round and focus the prompt."""
        if image.status != ImageStatus.COMPLETE or not image.image_storage_id:
            self.context.errors.inform("Only a finished variant can be refined from.")
            return
        pixmap = self.thumbnails.request(image.image_storage_id)
        self.refine_bar.set_parent(image, pixmap)
        self.grid.mark_parent_choice(image.id)
        self.refine_bar.prompt_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.refine_bar.prompt_edit.moveCursor(QTextCursor.MoveOperation.End)

    def reuse_settings(self, image: ImageInfo) -> None:
        """Take `image`'s prompt and strength; its parent too when no parent is chosen."""
        if self.refine_bar.parent_image is None and image.parent_image_id is not None:
            store = self.context.store
            parent_id = image.parent_image_id

            def chosen(parent: ImageInfo) -> None:
                self.choose_parent(parent)
                self.refine_bar.reuse(image)

            self._run(lambda: store.images.get(parent_id), chosen, "Reading the parent")
            return
        self.refine_bar.reuse(image)
        self.refine_bar.prompt_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- preview ---------------------------------------------------------------------------

    def preview(self, image: ImageInfo) -> None:
        """The large preview: the thumbnail at once, the full image when decoded."""
        if self._preview is None:
            self._preview = PreviewDialog(self)
            self._preview.step_requested.connect(self._on_preview_step_requested)
        full = self.full_images.request(image.image_storage_id)
        pixmap = full or self.thumbnails.get(image.image_storage_id)
        self._preview.show_image(image, pixmap, full=full is not None)
        if not self._preview.isVisible():
            self._preview.open()

    def _on_preview_step_requested(self, step: int) -> None:
        if self._preview is None or self._preview.image is None:
            return
        variant = self._preview.image.variant_number + step
        if 0 <= variant < len(self.grid.cells):
            self.grid.focus_variant(variant)
            image = self.grid.cells[variant].image
            if image is not None:
                self.preview(image)

    # -- side panels -----------------------------------------------------------------------

    def _on_grid_current_changed(self, image: ImageInfo | None) -> None:
        self.details.show_image(image)

    def _on_tabs_current_changed(self, index: int) -> None:
        self._refresh_side_panels()

    def _refresh_side_panels(self) -> None:
        index = self.tabs.currentIndex()
        if index == LINEAGE_TAB:
            self._load_lineage()
        elif index == COMPARE_TAB and self.compare.left is not None:
            self.compare_with_parent(self.compare.left)

    def _with_shot_images(self, then: Callable[[list[ImageInfo]], object]) -> None:
        """All images of the current shot (loaded once per shot in a worker)."""
        if self.shot is None:
            return
        if self.shot_images is not None:
            then(self.shot_images)
            return
        self._images_serial += 1
        serial = self._images_serial
        shot_id = self.shot.id
        store = self.context.store

        def loaded(images: list[ImageInfo]) -> None:
            if serial != self._images_serial or self.shot is None or self.shot.id != shot_id:
                return
            self.shot_images = images
            then(images)

        self._run(lambda: store.images.for_shot(shot_id), loaded, "Loading the shot's images")

    def _load_lineage(self) -> None:
        def show(images: list[ImageInfo]) -> None:
            if self.shot is None:
                return
            tree = build_lineage(images, self.shot.selected_image_id)
            cached: dict[str, QPixmap] = {}
            for image in images:
                storage = image.image_storage_id
                pixmap = self.thumbnails.get(storage) if storage else None
                if storage and pixmap is not None:
                    cached[storage] = pixmap
            self.lineage.set_tree(tree, cached)
            current = self.grid.current_image()
            if current is not None:
                self.lineage.select_image(current.id)
            self.lineage_loaded.emit()

        self.shot_images = None  # the tree always shows fresh data
        self._with_shot_images(show)

    def compare_with_parent(self, image: ImageInfo) -> None:
        """Show `image` beside its parent in the Compare tab."""
        self.tabs.setCurrentIndex(COMPARE_TAB)

        def show(images: list[ImageInfo]) -> None:
            by_id = {i.id: i for i in images}
            left = by_id.get(image.id, image)
            parent = by_id.get(left.parent_image_id) if left.parent_image_id else None
            self._show_compare(left, parent, images)

        self._with_shot_images(show)

    def _on_compare_other_changed(self, image_id: int) -> None:
        left = self.compare.left
        if left is None or self.shot_images is None:
            return
        other = next((i for i in self.shot_images if i.id == image_id), None)
        self._show_compare(left, other, self.shot_images)

    def _show_compare(
        self, left: ImageInfo, right: ImageInfo | None, candidates: list[ImageInfo]
    ) -> None:
        self.compare.show_pair(left, right, candidates)
        for storage_id in self.compare.storage_ids():
            pixmap = self.full_images.request(storage_id) or self.thumbnails.request(storage_id)
            if pixmap is not None:
                self.compare.set_pixmap(storage_id, pixmap)
        self.compare_shown.emit()

    # -- thumbnails ------------------------------------------------------------------------

    def _on_thumbnail_ready(self, storage_id: str) -> None:
        pixmap = self.thumbnails.get(storage_id)
        if pixmap is None:
            return
        self.grid.set_pixmap(storage_id, pixmap)
        self.round_strip.set_parent_pixmap(storage_id, pixmap)
        self.navigator.set_cover(storage_id, pixmap)
        self.refine_bar.set_parent_pixmap(storage_id, pixmap)
        self.lineage.set_pixmap(storage_id, pixmap)
        if self.full_images.get(storage_id) is None:
            self.compare.set_pixmap(storage_id, pixmap)

    def _on_thumbnail_missing(self, storage_id: str) -> None:
        for cell in self.grid.cells:
            if cell.image is not None and cell.image.image_storage_id == storage_id:
                cell.show_image(cell.image, None, is_final=cell.is_final, missing=True)

    def _on_full_image_ready(self, storage_id: str) -> None:
        pixmap = self.full_images.get(storage_id)
        if pixmap is None:
            return
        self.compare.set_pixmap(storage_id, pixmap)
        if self._preview is not None:
            self._preview.set_full_pixmap(storage_id, pixmap)


def _escape(text: str) -> str:
    return html.escape(text)


def create_page(context: AppContext) -> StagePage:
    """The factory `storyboard_app.app` registers for the "iterator" stage."""
    return IteratorPage(context)
