"""File → Import → Screenplay: a Fountain or Final Draft script through the planner's preview.

`ScreenplayImporter` (GUI thread) asks for the file, reads and parses it in a worker
(`read_script_draft`: no database), then shows the planner's own `DraftPreviewDialog` with the
scenes and shots, a choice of where they go (a new project, or after the scenes of the open
project) and the new project's title. Nothing is written until the user accepts; the write
is one transaction in a worker, then the project opens on its scenes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QComboBox, QFormLayout, QLineEdit, QWidget

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.ui.planner.accept import add_proposed_elements
from storyboard_app.ui.planner.draft_preview import DraftPreviewDialog
from storyboard_app.ui.shared.file_chooser import FileChooser, FileMode, FileRequest
from storyboard_app.ui.shared.folders import remember_folder, start_folder

if TYPE_CHECKING:
    from storyboard_app.interchange.screenplay import ScriptDraft, ScriptImportReport
    from storyboard_app.ui.interchange.import_actions import ImportController
    from storyboard_app.ui.main_window import MainWindow

SCRIPT_FILTER = (
    "Screenplays (*.fountain *.fdx *.spmd *.txt);;Fountain (*.fountain *.spmd *.txt);;"
    "Final Draft (*.fdx);;All files (*)"
)
NEW_PROJECT = -1


class ScreenplayImporter(QObject):
    """Reads a screenplay, previews it, and writes the accepted draft (GUI thread).

    preview_shown(object): the `DraftPreviewDialog` is open (nothing written yet).
    imported(object): the accepted draft was written (a `ScriptImportReport`).
    failed(str): the file could not be read or the draft not written (the message shown).
    """

    preview_shown = Signal(object)
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, window: MainWindow, chooser: FileChooser) -> None:
        super().__init__(window)
        self.setObjectName("screenplayImporter")
        self.window = window
        self.chooser = chooser
        self.preview: DraftPreviewDialog | None = None

    def start(self, path: Path | None = None) -> None:
        """Ask for the script (unless `path` is given), then read it in a worker."""
        context = self.window.context
        if path is None:
            path = self.chooser(
                FileRequest(
                    "Import a screenplay", start_folder(context.paths), SCRIPT_FILTER, FileMode.OPEN
                )
            )
            if path is None:
                return
            remember_folder(context.paths, Path(path).expanduser())
        path = Path(path).expanduser()
        context.errors.inform(f"Reading {path.name}…")

        def read(_ctx: object) -> ScriptDraft:
            from storyboard_app.interchange.screenplay import read_script_draft

            return read_script_draft(path)

        context.tasks.submit(
            read,
            name="Reading the screenplay",
            on_result=self._show_preview,
            on_error=lambda exc: self._fail(exc, "The screenplay was not imported"),
            owner=self,
        )

    def _fail(self, exc: BaseException, title: str) -> None:
        self.window.context.errors.present(exc, title=title)
        self.failed.emit(str(exc))

    def _show_preview(self, draft: ScriptDraft) -> None:
        dialog = DraftPreviewDialog(
            draft.outline.scenes,
            0,
            f"reading the {draft.format_name} screenplay {draft.source}",
            self.window,
            notes=draft.outline.notes,
            elements=draft.outline.elements,
        )
        dialog.setObjectName("screenplayPreviewDialog")
        dialog.setWindowTitle(f"Import a screenplay — {draft.source}")
        dialog.resize(980, 640)
        target, title = _target_row(dialog, draft, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._write(draft, dialog, int(target.currentData()), title.text())
        )
        dialog.destroyed.connect(self._on_preview_destroyed)
        self.preview = dialog
        dialog.open()
        self.preview_shown.emit(dialog)

    def _on_preview_destroyed(self, *_args: object) -> None:
        self.preview = None

    def _write(
        self, draft: ScriptDraft, dialog: DraftPreviewDialog, target: int, title: str
    ) -> None:
        context = self.window.context
        scenes = dialog.drafts()
        elements = dialog.proposals.chosen_elements()
        project_id = None if target == NEW_PROJECT else target
        title = " ".join(title.split()) or draft.title

        def write(_ctx: object) -> tuple[ScriptImportReport, list[str]]:
            from storyboard_app.interchange.screenplay import write_script

            report = write_script(
                context.store,
                scenes,
                title=title,
                source=draft.source,
                project_id=project_id,
                notes=draft.outline.notes,
            )
            return report, add_proposed_elements(context.store, report.project_id, elements)

        context.tasks.submit(
            write,
            name="Importing the screenplay",
            on_result=self._on_written,
            on_error=lambda exc: self._fail(exc, "The screenplay was not saved"),
        )

    def _on_written(self, result: tuple[ScriptImportReport, list[str]]) -> None:
        from storyboard_app.ui.interchange.import_actions import refresh_dashboard

        report, problems = result
        self.window.context.errors.inform(report.summary(), 10_000)
        if problems:  # the scenes are saved; say what of the proposed cast was not
            self.window.context.errors.present(
                InvalidInputError("\n".join(problems)), title="The screenplay was saved, but"
            )
        refresh_dashboard(self.window)
        self.window.open_project(report.project_id, "scenes")
        self.imported.emit(report)


def _target_row(
    dialog: DraftPreviewDialog, draft: ScriptDraft, window: MainWindow
) -> tuple[QComboBox, QLineEdit]:
    """Where the scenes go and the new project's title, above the tree."""
    box = QWidget(dialog)
    form = QFormLayout(box)
    form.setContentsMargins(0, 0, 0, 0)
    target = QComboBox(box)
    target.setObjectName("importTarget")
    target.addItem("A new project", NEW_PROJECT)
    project = window.project
    read_only = window.context.store_ready and bool(window.context.store.read_only)
    if (
        project is not None
        and project.workflow_version == WorkflowVersion.V2_REDESIGN
        and not read_only
    ):
        target.addItem(f"After the scenes of “{project.title}”", project.id)
    title = QLineEdit(draft.title, box)
    title.setObjectName("projectTitle")
    title.setMaxLength(200)
    target.currentIndexChanged.connect(
        lambda _i: title.setEnabled(target.currentData() == NEW_PROJECT)
    )
    form.addRow("Import into:", target)
    form.addRow("Project title:", title)
    layout = dialog.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(1, box)  # under the intro, above the notes and the tree
    return target, title


def install_screenplay_action(controller: ImportController) -> ScreenplayImporter:
    """Add File → Import → Screenplay… (Ctrl+Shift+I) to the controller's menu."""
    window = controller.window
    importer = ScreenplayImporter(window, lambda request: controller.chooser(request))
    action = QAction("&Screenplay (Fountain, Final Draft)…", window)
    action.setObjectName("import_screenplay")
    action.setShortcut(QKeySequence("Ctrl+Shift+I"))
    action.setStatusTip(
        "Import a screenplay's scenes and shots (.fountain or .fdx); you see them first"
    )
    action.triggered.connect(lambda _checked=False: importer.start())
    controller.actions["screenplay"] = action
    controller.menu.addAction(action)
    window.addAction(action)
    window.actions_by_name[action.objectName()] = action
    return importer
