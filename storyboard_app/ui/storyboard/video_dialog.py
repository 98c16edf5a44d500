"""The final-video dialog: options, assembly in a worker with progress and cancel, then playback.

The plan is `exports.video.segments_for_project`; the work is `exports.run.run_export`, the
entry the command line and File → Export call too (clips normalised once and cached, stills
for shots without a current clip, slates for shots without a final image, optional
crossfades and burn-in) at the project's aspect ratio and frame rate, run as one
`TaskRunner` task.
Cancelling kills ffmpeg and leaves no file under the chosen name. The finished video plays
in the app's player inside the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.exports.names import slug
from storyboard_app.exports.run import ExportRequest, run_export
from storyboard_app.exports.video import SegmentPlan, segments_for_project
from storyboard_app.media.video import AssemblyResult, VideoFormat
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.file_chooser import FileChooser, FileRequest, platform_chooser
from storyboard_app.ui.shared.folders import (
    open_folder_button,
    remember_folder,
    start_folder,
    user_folder,
    videos_folder,
)
from storyboard_app.ui.shared.labels import status_label
from storyboard_app.ui.shared.worker import Task, TaskContext
from storyboard_app.ui.storyboard.player import ClipPlayer

# The frame's long side; the project's aspect ratio gives the other side.
SIZES: tuple[tuple[str, int], ...] = (("HD", 1280), ("Full HD", 1920), ("Small", 854))
MAX_CROSSFADE = 2.0


def default_video_path(title: str, folder: Path | None = None) -> Path:
    """`<folder>/<title>.mp4`; the folder is the last one used, else Videos (else home)."""
    base = folder or user_folder(QStandardPaths.StandardLocation.MoviesLocation)
    return base / f"{slug(title, fallback='storyboard')}.mp4"


class VideoDialog(QDialog):
    """Assemble the open project's final video (GUI thread; the work runs on the pool).

    plan_loaded(object): the `SegmentPlan` (what will be used for each shot) was read.
    video_assembled(object): the `AssemblyResult` of a finished video.
    assembly_failed(str): the message the user was shown.
    assembly_cancelled(): the user stopped it; no file was written.
    """

    plan_loaded = Signal(object)
    video_assembled = Signal(object)
    assembly_failed = Signal(str)
    assembly_cancelled = Signal()

    def __init__(
        self,
        context: AppContext,
        project_id: int,
        title: str = "",
        chooser: FileChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("videoDialog")
        self.setWindowTitle("Final video")
        self.resize(760, 620)
        self.context = context
        self.project_id = project_id
        self.chooser = chooser or platform_chooser
        self.task: Task[AssemblyResult] | None = None
        self.assembly: AssemblyResult | None = None
        self.plan: SegmentPlan | None = None

        self.start = start_folder(context.paths, videos_folder)  # last used, else Videos
        self.path_edit = QLineEdit(str(default_video_path(title, self.start)), self)
        self.path_edit.setObjectName("videoPath")
        self.browse_button = QPushButton("Browse…", self)
        self.crossfade = QDoubleSpinBox(self)
        self.crossfade.setObjectName("crossfadeSpin")
        self.crossfade.setRange(0.0, MAX_CROSSFADE)
        self.crossfade.setSingleStep(0.25)
        self.crossfade.setDecimals(2)
        self.crossfade.setSuffix(" s")
        self.crossfade.setSpecialValueText("None (straight cuts)")
        self.crossfade.setToolTip("A crossfade between shots re-encodes the whole video")
        self.size_combo = QComboBox(self)
        self.size_combo.setObjectName("sizeCombo")
        for label, long_side in SIZES:
            self.size_combo.addItem(f"{label} ({long_side} on the long side)")
        self.size_combo.setToolTip("The video takes the project's aspect ratio and frame rate")
        self.burn_in = QCheckBox("&Burn in shot numbers and timecode", self)
        self.burn_in.setObjectName("burnInCheck")
        self.burn_in.setToolTip(
            "Draws each shot's scene and shot number (bottom left) and a timecode from "
            "01:00:00:00 (bottom right) on the video, for reviewing the animatic"
        )
        self.plan_label = QLabel("Reading the storyboard…", self)
        self.plan_label.setObjectName("planLabel")
        self.plan_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("videoProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.stage_label = status_label("", "stageLabel", self)
        self.player = ClipPlayer(self)
        self.player.hide()
        self.assemble_button = QPushButton("Assemble", self)
        self.assemble_button.setObjectName("assembleButton")
        self.assemble_button.setDefault(True)
        self.cancel_button = QPushButton("Close", self)
        self.cancel_button.setObjectName("cancelButton")

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Save as", path_row)
        form.addRow("Crossfade", self.crossfade)
        form.addRow("Size", self.size_combo)
        form.addRow("", self.burn_in)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_folder_button = open_folder_button(self, self.target_path)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.assemble_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.player, 1)
        layout.addStretch(0)  # holds the rows at the top while the player is hidden
        layout.addLayout(buttons)

        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.assemble_button.clicked.connect(self.assemble)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self._load_plan()

    # -- the plan ------------------------------------------------------------------------------

    def _load_plan(self) -> None:
        store, paths = self.context.store, self.context.paths
        project_id, seconds = self.project_id, self.context.settings.default_duration_seconds
        self.context.tasks.submit(
            lambda _ctx: segments_for_project(store, paths.media, project_id, seconds),
            name="Reading the storyboard for the video",
            on_result=self._on_plan_loaded,
            on_error=self._on_plan_failed,
            owner=self,
        )

    def _on_plan_loaded(self, plan: SegmentPlan) -> None:
        self.plan = plan
        clips = sum(1 for s in plan.segments if s.kind == "clip")
        stills = sum(1 for s in plan.segments if s.kind == "still")
        slates = sum(1 for s in plan.segments if s.kind == "slate")
        for index, (label, long_side) in enumerate(SIZES):
            fmt = plan.video_format(long_side)
            self.size_combo.setItemText(index, f"{fmt.width} × {fmt.height} ({label})")
        self.size_combo.setToolTip(
            f"The project's {plan.aspect_ratio} frame at {plan.fps} fps; pictures of another "
            "shape are letterboxed, never stretched"
        )
        if not clips + stills:
            self.plan_label.setText(
                "No shot has a final image yet, so there is nothing to assemble. Pick final "
                "images in the Iterator first."
            )
            self.assemble_button.setEnabled(False)
        else:
            summary = (
                f"{len(plan.segments)} shot(s): {clips} clip(s), {stills} still(s) shown "
                "for their duration (an animatic)"
            )
            if slates:
                summary += f", {slates} slate(s) where a shot has no final image yet"
            lines = [f"{summary}.", f"The project's {plan.aspect_ratio} frame at {plan.fps} fps."]
            lines += [f"• {note}" for note in plan.notes]
            self.plan_label.setText("\n".join(lines))
        self.plan_loaded.emit(plan)

    def _on_plan_failed(self, exc: BaseException) -> None:
        report = self.context.errors.present(exc, title="Could not read the storyboard")
        self.plan_label.setText(report.message)

    # -- assembling ----------------------------------------------------------------------------

    def target_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".mp4":
            path = path.with_name(path.name + ".mp4")
        return path

    def long_side(self) -> int:
        """The chosen frame's long side in pixels."""
        return SIZES[max(0, self.size_combo.currentIndex())][1]

    def video_format(self) -> VideoFormat | None:
        """The frame the video will have (None until the storyboard has been read)."""
        return None if self.plan is None else self.plan.video_format(self.long_side())

    def assemble(self) -> None:
        """Start the assembly in a worker (a second click while it runs does nothing)."""
        if self.task is not None:
            return
        target = self.target_path()
        if target is None:
            self.stage_label.setText("Choose where to save the video first.")
            return
        self.path_edit.setText(str(target))
        store, paths = self.context.store, self.context.paths
        project_id, seconds = self.project_id, self.context.settings.default_duration_seconds
        crossfade = round(self.crossfade.value(), 2)

        request = ExportRequest(
            project_id,
            video=target,
            default_seconds=seconds,
            crossfade=crossfade,
            video_long_side=self.long_side(),
            burn_in=self.burn_in.isChecked(),
        )

        def work(ctx: TaskContext) -> AssemblyResult:
            result = run_export(
                store,
                paths.media,
                paths.cache,
                request,
                progress=lambda fraction, message: ctx.report_progress((fraction, message)),
                cancel=lambda: ctx.cancelled,
            )
            assert result.video is not None
            return result.video.assembly

        self.assembly = None
        self.player.stop()
        self.progress.setValue(0)
        self.stage_label.setText("Starting…")
        self._set_running(True)
        self.task = self.context.tasks.submit(
            work,
            name="Assembling the final video",
            on_progress=self._on_assembly_progress,
            on_result=self._on_assembly_result,
            on_error=self._on_assembly_error,
            on_cancelled=self._on_assembly_cancelled,
            on_finished=self._on_assembly_finished,
            owner=self,
        )

    def cancel(self) -> None:
        """Stop a running assembly (ffmpeg is killed; no file is left under the name)."""
        if self.task is not None:
            self.task.cancel()
            self.stage_label.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _set_running(self, running: bool) -> None:
        for widget in (
            self.assemble_button,
            self.path_edit,
            self.browse_button,
            self.crossfade,
            self.size_combo,
            self.burn_in,
        ):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel" if running else "Close")

    def _on_assembly_progress(self, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            fraction, message = value
            self.progress.setValue(round(1000 * max(0.0, min(1.0, float(fraction)))))
            self.stage_label.setText(str(message))

    def _on_assembly_result(self, result: AssemblyResult) -> None:
        self.assembly = result
        self.progress.setValue(1000)
        fmt = result.format
        self.stage_label.setText(
            f"Saved {result.path} — {result.duration:.1f} s, {result.segments} shot(s), "
            f"{fmt.width}×{fmt.height} at {fmt.fps} fps."
        )
        self.context.errors.inform(f"Final video saved: {result.path}", 10_000)
        remember_folder(self.context.paths, result.path)
        self.open_folder_button.show()
        self.player.show()
        self.player.play(result.path, f"Final video — {result.path.name}")
        self.video_assembled.emit(result)

    def _on_assembly_error(self, exc: BaseException) -> None:
        report = self.context.errors.present(exc, title="Could not make the video")
        self.progress.setValue(0)
        self.stage_label.setText(report.message)
        self.assembly_failed.emit(report.message)

    def _on_assembly_cancelled(self) -> None:
        self.progress.setValue(0)
        self.stage_label.setText("Cancelled; no video was written.")
        self.assembly_cancelled.emit()

    def _on_assembly_finished(self) -> None:
        self.task = None
        self._set_running(False)

    # -- buttons -------------------------------------------------------------------------------

    def _on_browse_clicked(self) -> None:
        current = self.target_path() or default_video_path("storyboard")
        chosen = self.chooser(FileRequest("Save the final video", current, "MP4 video (*.mp4)"))
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.cancel()
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override: closing stops the work
        self.cancel()
        self.player.stop()
        super().closeEvent(event)

    def reject(self) -> None:  # Qt override (Escape): stop the work, then close
        self.cancel()
        self.player.stop()
        super().reject()


def open_video_dialog(
    context: AppContext,
    project_id: int,
    parent: QWidget | None = None,
    chooser: FileChooser | None = None,
) -> VideoDialog:
    """Show the final-video dialog for a project (non-blocking).

    The project's title (for the default file name) is read in a worker; the suggested path
    is replaced when it arrives unless the user already changed it.
    """
    dialog = VideoDialog(context, project_id, "", chooser, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    placeholder = dialog.path_edit.text()
    projects = context.store.projects

    def titled(title: str) -> None:
        if dialog.path_edit.text() == placeholder:
            dialog.path_edit.setText(str(default_video_path(title, dialog.start)))

    context.tasks.submit(
        lambda _ctx: projects.get(project_id).title,
        name="Reading the project",
        on_result=titled,
        on_error=context.errors.present,
        owner=dialog,
    )
    dialog.open()
    return dialog
