"""The read-only page of a legacy (v1) project: its scenes, images and clips, and migration.

A v1 project (the original web app's project → scenes → video clips) opens here. Nothing
can be edited; the page offers one action, "Migrate to the new workflow", which asks first,
runs `migrate_project` in a worker (a database backup first, legacy rows kept and
archived), shows the report, then opens the migrated project on the Scenes page.
The page wires: its state is `LegacyPageState` (state.py), its rows are read by
`load_legacy_page` (loading.py) and its panels are built in widgets.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
)

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.interchange.import_actions import refresh_dashboard
from storyboard_app.ui.interchange.job_dialogs import (
    ReportDialog,
    migration_prompt,
    migration_report_content,
)
from storyboard_app.ui.legacy.loading import (
    LegacyPageData,
    clip_label,
    counts_text,
    load_legacy_page,
    scene_label,
)
from storyboard_app.ui.legacy.state import LegacyPageState
from storyboard_app.ui.legacy.widgets import (
    EXPLANATION,
    ICON_SIZE,
    IMAGE_SIZE,
    LegacyBanner,
    LegacySceneDetails,
    LegacySceneList,
)
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache
from storyboard_app.ui.shared.worker import Task
from storyboard_app.ui.stage_page import StagePage

if TYPE_CHECKING:
    from storyboard_app.interchange.reports import MigrationReport
    from storyboard_app.store.dto import LegacySceneInfo, ProjectInfo

ID_ROLE = Qt.ItemDataRole.UserRole + 1
MISSING_IMAGE = (
    "The image file is missing or damaged. Run `storyboard-app media verify` to list the "
    "files to restore from a backup."
)
MIGRATED = (
    "This project was migrated to the new workflow; these are its archived legacy scenes and "
    "clips, kept as they were."
)


class LegacyPage(StagePage):
    """A legacy project's scenes, images and clips, read-only, and its migration (GUI thread).

    view_loaded(): the project's rows are on screen.
    scene_shown(int): the details of this legacy scene are shown.
    clip_loaded(str): the player holds this clip file ("" when the scene has none).
    migration_finished(object): the `MigrationReport` of a finished migration.
    """

    view_loaded = Signal()
    scene_shown = Signal(int)
    clip_loaded = Signal(str)
    migration_finished = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.state = LegacyPageState()
        self.prompt: QMessageBox | None = None
        self.report_dialog: ReportDialog | None = None
        self.last_report: MigrationReport | None = None
        self._migration: Task[MigrationReport] | None = None
        self.thumbnails = ThumbnailCache(context.paths.media, context.tasks, parent=self)
        self.thumbnails.image_ready.connect(self._on_thumbnails_image_ready)
        self.images = ThumbnailCache(
            context.paths.media, context.tasks, full=True, max_edge=1280, parent=self
        )
        self.images.image_ready.connect(self._on_images_image_ready)
        self.images.image_missing.connect(self._on_images_image_missing)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        banner = LegacyBanner(self)
        layout.addWidget(banner)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        scenes = LegacySceneList(splitter)
        details = LegacySceneDetails(splitter)
        splitter.addWidget(scenes)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 900])
        layout.addWidget(splitter, 1)

        self.badge, self.title_label = banner.badge, banner.title_label
        self.counts_label, self.migrate_button = banner.counts_label, banner.migrate_button
        self.explanation, self.busy = banner.explanation, banner.busy
        self.scenes_caption, self.scene_list = scenes.caption, scenes.scene_list
        self.empty_label, self.list_stack = scenes.empty_label, scenes.stack
        self.scene_heading, self.image_label = details.heading, details.image_label
        self.description_label, self.prompt_label = details.description_label, details.prompt_label
        self.image_source_label, self.player = details.image_source_label, details.player
        self.clips_caption, self.clip_list = details.clips_caption, details.clip_list
        self.clip_details = details.clip_details

        self.migrate_button.clicked.connect(self.migrate_interactively)
        self.scene_list.currentItemChanged.connect(self._on_scene_list_current_changed)
        self.player.playback_failed.connect(self._on_player_playback_failed)
        self.clip_list.currentItemChanged.connect(self._on_clip_list_current_changed)
        self.clip_list.itemActivated.connect(self._on_clip_list_item_activated)

    @property
    def data(self) -> LegacyPageData | None:
        """The loaded rows (None before the first load lands)."""
        return self.state.data

    # -- StagePage -------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        previous = self.project.id if self.project is not None else None
        super().open_project(project)
        if project is None:
            self._clear()
            return
        if project.id != previous:
            self._clear()
        self.title_label.setText(project.title)
        self.reload()

    def leave(self) -> None:
        self.player.stop()

    def shutdown(self) -> None:
        self.player.stop()

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the project's legacy rows in the background; the newest reload wins."""
        if self.project is None:
            return
        generation, project_id, context = self.state.start_load(), self.project.id, self.context
        context.tasks.submit(
            lambda ctx: load_legacy_page(context, project_id, ctx),
            name="Loading the legacy project",
            on_result=lambda data: self._on_page_loaded(generation, data),
            on_error=context.errors.present,
            owner=self,
        )

    def _clear(self) -> None:
        self.state.clear()
        self.scene_list.clear()
        self.clip_list.clear()
        self.player.clear()
        self.player.still.setText("This scene has no video clip.")
        self.scene_heading.clear()
        self.image_label.clear()
        self.description_label.clear()
        self.prompt_label.clear()
        self.image_source_label.clear()
        self.clip_details.clear()
        self.counts_label.clear()
        self.migrate_button.setEnabled(False)

    def _on_page_loaded(self, generation: int, data: LegacyPageData) -> None:
        if not self.state.accept(generation, data):
            return
        view = data.view
        self.title_label.setText(view.title)
        self.counts_label.setText(counts_text(view))
        self.explanation.setText(MIGRATED if view.migrated else EXPLANATION)
        self.badge.setText("ARCHIVED · READ-ONLY" if view.migrated else "LEGACY · READ-ONLY")
        self.migrate_button.setText(
            "Open in the new workflow" if view.migrated else "Migrate to the new workflow…"
        )
        self.migrate_button.setEnabled(not self.state.migrating and not self.read_only)
        target = self.state.scene_to_show()
        self.scene_list.blockSignals(True)
        self.scene_list.clear()
        for scene in view.scenes:
            item = QListWidgetItem(scene_label(scene))
            item.setData(ID_ROLE, scene.id)
            item.setToolTip(scene.description or scene.prompt)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setSizeHint(QSize(0, ICON_SIZE.height() + 10))
            pixmap = self.thumbnails.request(scene.image_storage_id)
            item.setIcon(QIcon(pixmap) if pixmap is not None else self._placeholder_icon())
            self.scene_list.addItem(item)
        self.scene_list.blockSignals(False)
        self.scenes_caption.setText(f"Scenes ({len(view.scenes)})")
        self.list_stack.setCurrentWidget(self.scene_list if view.scenes else self.empty_label)
        if target is not None:
            self.select_scene(target)
        else:
            self._show_scene(None)
        self.view_loaded.emit()

    def _placeholder_icon(self) -> QIcon:
        pixmap = QPixmap(ICON_SIZE)
        pixmap.fill(Qt.GlobalColor.darkGray)
        return QIcon(pixmap)

    # -- what the page shows ---------------------------------------------------------------

    def scene_ids(self) -> list[int]:
        """The legacy scenes listed, in order."""
        return [int(self.scene_list.item(r).data(ID_ROLE)) for r in range(self.scene_list.count())]

    def current_scene(self) -> LegacySceneInfo | None:
        return self.state.current_scene()

    def clip_ids(self) -> list[int]:
        """The clips listed for the current scene, in order."""
        return [int(self.clip_list.item(r).data(ID_ROLE)) for r in range(self.clip_list.count())]

    def select_scene(self, scene_id: int) -> bool:
        for row in range(self.scene_list.count()):
            item = self.scene_list.item(row)
            if item.data(ID_ROLE) == scene_id:
                if self.scene_list.currentItem() is item:
                    self._show_scene(scene_id)
                else:
                    self.scene_list.setCurrentItem(item)
                return True
        return False

    def select_clip(self, clip_id: int) -> bool:
        for row in range(self.clip_list.count()):
            item = self.clip_list.item(row)
            if item.data(ID_ROLE) == clip_id:
                if self.clip_list.currentItem() is item:
                    self._load_clip(clip_id)
                else:
                    self.clip_list.setCurrentItem(item)
                return True
        return False

    def play_current_clip(self) -> None:
        if self.player.source_path() is not None:
            self.player.play()

    def _show_scene(self, scene_id: int | None) -> None:
        scene = self.state.show_scene(scene_id)
        self.clip_list.blockSignals(True)
        self.clip_list.clear()
        self.clip_list.blockSignals(False)
        if scene is None:
            self.scene_heading.setText("")
            self.image_label.clear()
            self.description_label.clear()
            self.prompt_label.clear()
            self.image_source_label.clear()
            self._load_clip(None)
            return
        self.scene_heading.setText(scene_label(scene))
        self.description_label.setText(scene.description or "No description.")
        self.prompt_label.setText(scene.prompt or "No prompt.")
        self._show_image(scene)
        clips = self.state.clips()
        self.clips_caption.setText(f"Video clips ({len(clips)})")
        self.clip_list.blockSignals(True)
        for clip in clips:
            path = self.state.clip_path(clip.id)
            item = QListWidgetItem(clip_label(clip, path))
            item.setData(ID_ROLE, clip.id)
            item.setToolTip(str(path) if path is not None else (clip.video_url or ""))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.clip_list.addItem(item)
        self.clip_list.blockSignals(False)
        first = self.state.first_clip()
        if first is not None:
            self.select_clip(first.id)
        else:
            self._load_clip(None)
        self.scene_shown.emit(scene.id)

    def _show_image(self, scene: LegacySceneInfo) -> None:
        if scene.image_storage_id:
            pixmap = self.images.request(scene.image_storage_id)
            if pixmap is not None:
                self._set_image(pixmap)
            elif scene.image_storage_id in self.images.missing:  # known: no load is queued
                self.image_label.setPixmap(QPixmap())
                self.image_label.setText(MISSING_IMAGE)
            else:
                self.image_label.setPixmap(QPixmap())
                self.image_label.setText("Loading the image…")
            self.image_source_label.setText("The image is stored on this computer.")
        else:
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText("No image file was imported for this scene.")
            self.image_source_label.setText(
                f"Only its web address is kept: {scene.image_url}"
                if scene.image_url
                else "This scene has no image."
            )

    def _set_image(self, pixmap: QPixmap) -> None:
        self.image_label.setPixmap(
            pixmap.scaled(
                IMAGE_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _load_clip(self, clip_id: int | None) -> None:
        clip = self.state.clip(clip_id)
        self.state.clip_id = clip.id if clip is not None else None
        path = self.state.clip_path(clip.id) if clip is not None else None
        if clip is None or path is None:
            self.player.clear()
            if clip is None:
                self.player.still.setText("This scene has no video clip.")
                self.clip_details.clear()
            else:
                where = f": {clip.video_url}" if clip.video_url else "."
                message = "This clip's file was not in the export; only its web address is kept"
                self.player.still.setText(message + where.replace(": ", ":\n", 1))
                self.clip_details.setText(message + where)
            self.clip_loaded.emit("")
            return
        # No poster: the scene's image is shown right above, and a black "Press Play"
        # surface says plainly that this is the clip.
        self.player.load(path, clip_label(clip, path))
        self.player.still.setText("Press Play to watch the clip")
        self.clip_details.setText(
            "The clip is stored on this computer."
            + (f"\nOriginal address: {clip.video_url}" if clip.video_url else "")
        )
        self.clip_loaded.emit(str(path))

    # -- slots -----------------------------------------------------------------------------

    def _on_scene_list_current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self._show_scene(int(current.data(ID_ROLE)) if current is not None else None)

    def _on_clip_list_current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self._load_clip(int(current.data(ID_ROLE)) if current is not None else None)

    def _on_clip_list_item_activated(self, item: QListWidgetItem) -> None:
        self.select_clip(int(item.data(ID_ROLE)))
        self.play_current_clip()

    def _on_thumbnails_image_ready(self, storage_id: str) -> None:
        scene_ids = set(self.state.scenes_showing(storage_id))
        pixmap = self.thumbnails.get(storage_id)
        if pixmap is None or not scene_ids:
            return
        for row in range(self.scene_list.count()):
            item = self.scene_list.item(row)
            if int(item.data(ID_ROLE)) in scene_ids:
                item.setIcon(QIcon(pixmap))

    def _on_images_image_ready(self, storage_id: str) -> None:
        scene = self.current_scene()
        if scene is None or scene.image_storage_id != storage_id:
            return
        pixmap = self.images.get(storage_id)
        if pixmap is None:
            return
        self._set_image(pixmap)

    def _on_images_image_missing(self, storage_id: str) -> None:
        scene = self.current_scene()
        if scene is not None and scene.image_storage_id == storage_id:
            self.image_label.setText(MISSING_IMAGE)

    def _on_player_playback_failed(self, message: str) -> None:
        if self.player.source_path() is None:
            return  # an abandoned load, interrupted by choosing another scene
        self.context.errors.inform(message, 10_000)

    # -- migration -------------------------------------------------------------------------

    def apply_read_only(self) -> None:
        self.migrate_button.setEnabled(False)
        self.migrate_button.setToolTip(self.read_only_reason)

    def migrate_interactively(self) -> QMessageBox | None:
        """Ask first (what happens, backup, rows kept), then migrate; None when not possible."""
        if self.project is None or self.state.migrating or self.read_only:
            return None
        if self.state.already_migrated:
            self.navigate_requested.emit("scenes")
            return None
        box, migrate = migration_prompt(self.project.title, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.migrate() if button is migrate else None)
        self.prompt = box
        box.open()
        return box

    def migrate(self) -> Task[MigrationReport] | None:
        """Migrate the open project in a worker; the report and the Scenes page follow."""
        if self.project is None or self.state.migrating:
            return None
        from storyboard_app.interchange.legacy_migration import migrate_project

        context, project_id = self.context, self.project.id
        self.state.migration_started()
        self.migrate_button.setEnabled(False)
        self.busy.show()
        self.explanation.setText("Backing up the database and migrating…")
        self._migration = context.tasks.submit(
            lambda _ctx: migrate_project(context.store, project_id),
            name="Migrating a legacy project",
            on_result=self._on_migration_result,
            on_error=self._on_migration_error,
            on_finished=self._on_migration_finished,
            owner=self,
        )
        return self._migration

    def _on_migration_result(self, report: MigrationReport) -> None:
        self.last_report = report
        self.state.migration_succeeded()
        window = self.window()
        dialog = ReportDialog(migration_report_content(report), window)
        dialog.setObjectName("migrationReportDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_dialog = dialog
        self.context.errors.inform(report.describe(), 10_000)
        refresh_dashboard(window)
        self.migration_finished.emit(report)
        self.project_data_changed.emit(report.project_id)  # the window re-reads it: now v2
        self.navigate_requested.emit("scenes")
        dialog.open()

    def _on_migration_error(self, exc: BaseException) -> None:
        self.context.errors.present(exc, title="Could not migrate the project")
        self.explanation.setText(
            "The migration did not happen; the project is unchanged. " + EXPLANATION
        )

    def _on_migration_finished(self) -> None:
        self._migration = None
        self.busy.hide()
        self.migrate_button.setEnabled(self.project is not None and not self.read_only)
        if self.state.migration_ended():
            self.reload()  # the rows are archived now


def create_page(context: AppContext) -> StagePage:
    """The factory `storyboard_app.app` registers for the "legacy" page key."""
    return LegacyPage(context)
