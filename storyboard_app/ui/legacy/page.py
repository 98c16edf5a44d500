"""The read-only page of a legacy (v1) project: its scenes, images and clips, and migration.

A v1 project (the original web app's project → scenes → video clips) opens here. Nothing
can be edited; the page offers one action, "Migrate to the new workflow", which asks first,
runs `migrate_project` in a worker (a database backup first, legacy rows kept and
archived), shows the report, then opens the migrated project on the Scenes page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.interchange.import_actions import refresh_dashboard
from storyboard_app.ui.interchange.job_dialogs import (
    ReportDialog,
    migration_prompt,
    migration_report_content,
)
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache
from storyboard_app.ui.shared.worker import Task, TaskContext
from storyboard_app.ui.stage_page import StagePage
from storyboard_app.ui.storyboard.player import ClipPlayer

if TYPE_CHECKING:
    from storyboard_app.interchange.reports import MigrationReport
    from storyboard_app.store.dto import LegacyClipInfo, LegacySceneInfo, ProjectInfo
    from storyboard_app.store.services.legacy import LegacyProjectView

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ICON_SIZE = QSize(128, 72)
IMAGE_SIZE = QSize(448, 252)
EXPLANATION = (
    "This project was made with the original app's workflow (scenes and video clips). It is "
    "read-only here. Migrate it to plan shots, iterate on images and animate them: each "
    "scene becomes a scene with one shot, its image the shot's final pick and its clip the "
    "shot's storyboard clip. The database is backed up first and the old rows are kept."
)
MISSING_IMAGE = (
    "The image file is missing or damaged. Run `storyboard-app media verify` to list the "
    "files to restore from a backup."
)
MIGRATED = (
    "This project was migrated to the new workflow; these are its archived legacy scenes and "
    "clips, kept as they were."
)


@dataclass(frozen=True)
class LegacyPageData:
    """A legacy project's rows and where its clips are on disk (read in a worker)."""

    view: LegacyProjectView
    clip_paths: dict[int, Path | None]


def load_legacy_page(context: AppContext, project_id: int, _ctx: TaskContext) -> LegacyPageData:
    """Pool thread: the project's scenes and clips, and the local file of each clip."""
    view = context.store.legacy.view(project_id)
    media = MediaLayout(context.paths.media)
    paths: dict[int, Path | None] = {}
    for clip in view.clips:
        try:
            paths[clip.id] = media.existing_path(clip.video_storage_id)
        except ValueError:  # a malformed key is shown as "not stored locally"
            paths[clip.id] = None
    return LegacyPageData(view, paths)


def _scene_label(scene: LegacySceneInfo) -> str:
    title = scene.title or "Untitled"
    return f"Scene {scene.scene_number} · {title}" + ("  (archived)" if scene.archived else "")


def _clip_label(clip: LegacyClipInfo, path: Path | None) -> str:
    parts = [clip.prompt.strip() or "Clip"]
    if clip.duration_seconds:
        parts.append(f"{clip.duration_seconds:g} s")
    if clip.status:
        parts.append(clip.status)
    if path is None:
        parts.append("not stored locally")
    return " · ".join(parts)


def _text_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


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
        self.data: LegacyPageData | None = None
        self.prompt: QMessageBox | None = None
        self.report_dialog: ReportDialog | None = None
        self.last_report: MigrationReport | None = None
        self._migration: Task[MigrationReport] | None = None
        self._migrated = False
        self._generation = 0
        self._scene_id: int | None = None
        self.thumbnails = ThumbnailCache(context.paths.media, context.tasks, parent=self)
        self.thumbnails.image_ready.connect(self._on_thumbnails_image_ready)
        self.images = ThumbnailCache(
            context.paths.media, context.tasks, full=True, max_edge=1280, parent=self
        )
        self.images.image_ready.connect(self._on_images_image_ready)
        self.images.image_missing.connect(self._on_images_image_missing)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self._build_banner())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._build_scene_list())
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 900])
        layout.addWidget(splitter, 1)

    # -- building --------------------------------------------------------------------------

    def _build_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("legacyBanner")
        banner.setStyleSheet(
            "#legacyBanner { background: #fbf3e4; border: 1px solid #e2c58f; border-radius: 6px; }"
            "#legacyBanner QLabel { color: #3d2f14; }"
        )
        self.badge = QLabel("LEGACY · READ-ONLY", banner)
        self.badge.setObjectName("legacyBadge")
        self.badge.setStyleSheet(
            "background: #b07a1e; color: white; border-radius: 4px; padding: 3px 8px;"
            "font-weight: bold;"
        )
        self.title_label = QLabel(banner)
        self.title_label.setObjectName("legacyTitle")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.counts_label = QLabel(banner)
        self.counts_label.setObjectName("legacyCounts")
        self.migrate_button = QPushButton("Migrate to the new workflow…", banner)
        self.migrate_button.setObjectName("migrateButton")
        self.migrate_button.setToolTip(
            "Scenes become scenes with one shot each; a backup is made first"
        )
        self.migrate_button.setStyleSheet(
            "QPushButton { background: #2f6fdb; color: white; font-weight: bold;"
            " padding: 8px 16px; border-radius: 5px; }"
            "QPushButton:disabled { background: #9bb3da; }"
        )
        self.migrate_button.setEnabled(False)
        self.migrate_button.clicked.connect(self.migrate_interactively)
        self.explanation = QLabel(EXPLANATION, banner)
        self.explanation.setObjectName("legacyExplanation")
        self.explanation.setWordWrap(True)
        self.busy = QProgressBar(banner)
        self.busy.setObjectName("migrationProgress")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addSpacing(8)
        top.addWidget(self.title_label)
        top.addSpacing(8)
        top.addWidget(self.counts_label)
        top.addStretch(1)
        top.addWidget(self.migrate_button)
        box = QVBoxLayout(banner)
        box.setContentsMargins(12, 10, 12, 10)
        box.addLayout(top)
        box.addWidget(self.explanation)
        box.addWidget(self.busy)
        return banner

    def _build_scene_list(self) -> QWidget:
        panel = QWidget(self)
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 8, 0, 0)
        self.scenes_caption = _caption("Scenes", panel)
        box.addWidget(self.scenes_caption)
        self.scene_list = QListWidget(panel)
        self.scene_list.setObjectName("legacySceneList")
        self.scene_list.setIconSize(ICON_SIZE)
        self.scene_list.setSpacing(2)
        self.scene_list.setWordWrap(True)
        self.scene_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scene_list.currentItemChanged.connect(self._on_scene_list_current_changed)
        self.empty_label = QLabel("This legacy project has no scenes.", panel)
        self.empty_label.setObjectName("legacyEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget(panel)
        self.list_stack.addWidget(self.scene_list)
        self.list_stack.addWidget(self.empty_label)
        box.addWidget(self.list_stack, 1)
        return panel

    def _build_details(self) -> QWidget:
        panel = QWidget(self)
        grid = QGridLayout(panel)
        grid.setContentsMargins(12, 8, 0, 0)
        grid.setHorizontalSpacing(16)
        self.scene_heading = QLabel(panel)
        self.scene_heading.setObjectName("legacySceneHeading")
        font = QFont(self.scene_heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.scene_heading.setFont(font)
        grid.addWidget(self.scene_heading, 0, 0, 1, 2)
        self.image_label = QLabel(panel)
        self.image_label.setObjectName("legacyImage")
        self.image_label.setFixedSize(IMAGE_SIZE)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setWordWrap(True)
        self.image_label.setStyleSheet("background: #1d1d1f; color: #c8c8c8; padding: 8px;")
        grid.addWidget(self.image_label, 1, 0)
        text = QWidget(panel)
        text_box = QVBoxLayout(text)
        text_box.setContentsMargins(0, 0, 0, 0)
        text_box.addWidget(_caption("Description", text))
        self.description_label = _text_label(text, "legacyDescription")
        text_box.addWidget(self.description_label)
        text_box.addSpacing(6)
        text_box.addWidget(_caption("Prompt", text))
        self.prompt_label = _text_label(text, "legacyPrompt")
        text_box.addWidget(self.prompt_label)
        text_box.addSpacing(6)
        self.image_source_label = _text_label(text, "legacyImageSource")
        self.image_source_label.setStyleSheet("color: palette(mid);")
        text_box.addWidget(self.image_source_label)
        text_box.addStretch(1)
        grid.addWidget(text, 1, 1)

        self.player = ClipPlayer(panel)
        self.player.setFixedWidth(IMAGE_SIZE.width())
        self.player.still.setText("This scene has no video clip.")
        self.player.still.setWordWrap(True)
        self.player.playback_failed.connect(self._on_player_playback_failed)
        grid.addWidget(self.player, 2, 0)
        clips = QWidget(panel)
        clips_box = QVBoxLayout(clips)
        clips_box.setContentsMargins(0, 8, 0, 0)
        self.clips_caption = _caption("Video clips", clips)
        clips_box.addWidget(self.clips_caption)
        self.clip_list = QListWidget(clips)
        self.clip_list.setObjectName("legacyClipList")
        self.clip_list.setWordWrap(True)
        self.clip_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clip_list.setToolTip("Double-click a clip to play it")
        self.clip_list.currentItemChanged.connect(self._on_clip_list_current_changed)
        self.clip_list.itemActivated.connect(self._on_clip_list_item_activated)
        self.clip_list.setMaximumHeight(120)
        clips_box.addWidget(self.clip_list)
        self.clip_details = _text_label(clips, "legacyClipDetails")
        clips_box.addWidget(self.clip_details)
        clips_box.addStretch(1)
        grid.addWidget(clips, 2, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(1, 1)
        return panel

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
        self._generation += 1
        generation, project_id, context = self._generation, self.project.id, self.context
        context.tasks.submit(
            lambda ctx: load_legacy_page(context, project_id, ctx),
            name="Loading the legacy project",
            on_result=lambda data: self._on_page_loaded(generation, data),
            on_error=context.errors.present,
            owner=self,
        )

    def _clear(self) -> None:
        self.data = None
        self._scene_id = None
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
        if generation != self._generation:
            return
        self.data = data
        view = data.view
        self.title_label.setText(view.title)
        clips = len(view.clips)
        self.counts_label.setText(
            f"{len(view.scenes)} scene{'s' if len(view.scenes) != 1 else ''}, "
            f"{clips} video clip{'s' if clips != 1 else ''}"
        )
        self.explanation.setText(MIGRATED if view.migrated else EXPLANATION)
        self.badge.setText("ARCHIVED · READ-ONLY" if view.migrated else "LEGACY · READ-ONLY")
        self.migrate_button.setText(
            "Open in the new workflow" if view.migrated else "Migrate to the new workflow…"
        )
        self.migrate_button.setEnabled(self._migration is None)
        keep = self._scene_id
        self.scene_list.blockSignals(True)
        self.scene_list.clear()
        for scene in view.scenes:
            item = QListWidgetItem(_scene_label(scene))
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
        ids = [s.id for s in view.scenes]
        target = keep if keep in ids else (ids[0] if ids else None)
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
        if self.data is None or self._scene_id is None:
            return None
        return next((s for s in self.data.view.scenes if s.id == self._scene_id), None)

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
        self._scene_id = scene_id
        scene = self.current_scene()
        self.clip_list.blockSignals(True)
        self.clip_list.clear()
        self.clip_list.blockSignals(False)
        if scene is None or self.data is None:
            self.scene_heading.setText("")
            self.image_label.clear()
            self.description_label.clear()
            self.prompt_label.clear()
            self.image_source_label.clear()
            self._load_clip(None)
            return
        self.scene_heading.setText(_scene_label(scene))
        self.description_label.setText(scene.description or "No description.")
        self.prompt_label.setText(scene.prompt or "No prompt.")
        self._show_image(scene)
        clips = self.data.view.clips_of(scene.id)
        self.clips_caption.setText(f"Video clips ({len(clips)})")
        self.clip_list.blockSignals(True)
        for clip in clips:
            path = self.data.clip_paths.get(clip.id)
            item = QListWidgetItem(_clip_label(clip, path))
            item.setData(ID_ROLE, clip.id)
            item.setToolTip(str(path) if path is not None else (clip.video_url or ""))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.clip_list.addItem(item)
        self.clip_list.blockSignals(False)
        if clips:
            first = next((c for c in clips if self.data.clip_paths.get(c.id)), clips[0])
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
        data = self.data
        clip = None
        if data is not None and clip_id is not None:
            clip = next((c for c in data.view.clips if c.id == clip_id), None)
        path = data.clip_paths.get(clip.id) if data is not None and clip is not None else None
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
        self.player.load(path, _clip_label(clip, path))
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
        if self.data is None:
            return
        pixmap = self.thumbnails.get(storage_id)
        if pixmap is None:
            return
        by_id = {s.id: s for s in self.data.view.scenes}
        for row in range(self.scene_list.count()):
            item = self.scene_list.item(row)
            scene = by_id.get(int(item.data(ID_ROLE)))
            if scene is not None and scene.image_storage_id == storage_id:
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

    def migrate_interactively(self) -> QMessageBox | None:
        """Ask first (what happens, backup, rows kept), then migrate; None when not possible."""
        if self.project is None or self._migration is not None:
            return None
        if self.data is not None and self.data.view.migrated:
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
        if self.project is None or self._migration is not None:
            return None
        from storyboard_app.interchange.legacy_migration import migrate_project

        context, project_id = self.context, self.project.id
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
        self._migrated = True
        window = self.window()
        dialog = ReportDialog(migration_report_content(report), window)
        dialog.setObjectName("migrationReportDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_dialog = dialog
        self.context.errors.inform(report.summary(), 10_000)
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
        self.migrate_button.setEnabled(self.project is not None)
        if self._migrated:
            self._migrated = False
            self.reload()  # the rows are archived now


def create_page(context: AppContext) -> StagePage:
    """The factory `storyboard_app.app` registers for the "legacy" page key."""
    return LegacyPage(context)
