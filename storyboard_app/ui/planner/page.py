"""The prompt planner: a large brain-dump editor with debounced autosave, and scene drafting.

Autosave writes 800 ms after the last keystroke, and when the page is left or the window
closes, so a crash loses at most a second of typing. Every read and write runs in a worker,
in order (`WriteQueue`); only closing the window waits, bounded, for the last write (it must
land before the app quits, or closing mid-typing would lose the text). "Draft scenes and shots" runs
the offline outline parser (or, when available, a language model) in a worker and shows an
editable preview; only an accepted preview is written (`scenes.apply_draft`, one transaction).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.domain.draft_proposals import with_proposals
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_PLANNER_CHARS
from storyboard_app.domain.outline import (
    DraftScene,
    OutlineDraft,
    ProposedElement,
    as_outline,
    draft_outline_with_notes,
)
from storyboard_app.domain.time_format import clock_time
from storyboard_app.store.dto import ProjectInfo
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.planner.accept import accept_draft
from storyboard_app.ui.planner.draft_preview import DraftPreviewDialog
from storyboard_app.ui.planner.state import PlannerState, count_text, draft_problem
from storyboard_app.ui.shared.worker import Task
from storyboard_app.ui.shared.write_queue import WriteQueue
from storyboard_app.ui.stage_page import StagePage

log = logging.getLogger(__name__)

LLM_MODULE = "storyboard_app.generation.planner"

PLACEHOLDER = """Brain-dump the video here: the idea, the mood, the scenes, the shots.

# Opening
- Wide shot of a misty harbour at dawn, fishing boats rocking
- Close-up of a weathered hand untying a rope

# The storm
The sky turns green. Waves climb over the pier. A lone gull fights the wind.

Headings or blank lines become scenes; bullets or sentences become shots.
Then press “Draft scenes and shots”."""


class PlannerEditor(QPlainTextEdit):
    """A plain-text editor that refuses a paste that would exceed the planner's limit.

    paste_rejected(int): the length the text would have had.
    """

    paste_rejected = Signal(int)

    def __init__(self, parent: QWidget | None = None, limit: int = MAX_PLANNER_CHARS) -> None:
        super().__init__(parent)
        self.limit = limit

    def insertFromMimeData(self, source: QMimeData) -> None:  # Qt override
        incoming = len(source.text()) if source.hasText() else 0
        selected = len(self.textCursor().selectedText())
        total = len(self.toPlainText()) - selected + incoming
        if total > self.limit:
            self.paste_rejected.emit(total)
            return
        super().insertFromMimeData(source)


class PlannerPage(StagePage):
    """The planner page (GUI thread).

    saved(int): the text of that project was written to the database.
    text_loaded(int): the text of that project was read from the database (on open).
    draft_ready(object): a draft (list of DraftScene) is shown in the preview dialog.
    draft_applied(int): that many scenes were written from an accepted preview.
    """

    saved = Signal(int)
    text_loaded = Signal(int)
    draft_ready = Signal(object)
    draft_applied = Signal(int)

    AUTOSAVE_MS = 800

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.state = PlannerState()
        self._loading = False
        self._draft_task: Task[object] | None = None
        self.preview: DraftPreviewDialog | None = None
        self.writes = WriteQueue(context, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = QHBoxLayout()
        header.addWidget(QLabel("<h2>Prompt planner</h2>", self))
        header.addStretch(1)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("saveStatus")
        header.addWidget(self.status_label)
        layout.addLayout(header)

        self.editor = PlannerEditor(self)
        self.editor.setObjectName("plannerEditor")
        self.editor.setPlaceholderText(PLACEHOLDER)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.editor.setFont(QFont(font))
        self.editor.setTabChangesFocus(False)
        self.editor.document().setDocumentMargin(12)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.paste_rejected.connect(self._on_editor_paste_rejected)
        layout.addWidget(self.editor, 1)

        buttons = QHBoxLayout()
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("countLabel")
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.llm_button = QPushButton("Draft with language model", self)
        self.llm_button.setObjectName("llmButton")
        self.llm_button.clicked.connect(self.draft_with_llm)
        buttons.addWidget(self.llm_button)
        self.draft_button = QPushButton("Draft scenes and shots", self)
        self.draft_button.setObjectName("draftButton")
        self.draft_button.setDefault(True)
        self.draft_button.clicked.connect(self.draft_offline)
        buttons.addWidget(self.draft_button)
        layout.addLayout(buttons)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(self.AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save)

        self.draft_action = self._make_action(
            "Draft scenes and shots", "Ctrl+Shift+D", self.draft_offline
        )
        self.save_action = self._make_action(
            "Save planner now", QKeySequence.StandardKey.Save, self.save
        )
        self._llm_available = importlib.util.find_spec(LLM_MODULE) is not None
        if self._llm_available:
            self.llm_button.setToolTip(
                "Ask the planner language model on Replicate (needs a token; same preview)."
            )
        else:
            self.llm_button.setEnabled(False)
            self.llm_button.setToolTip(
                "Not available in this build: the language-model planner module is missing. "
                "The offline parser works without it."
            )
        self._update_count()

    # -- StagePage -------------------------------------------------------------------------

    def open_project(self, project: ProjectInfo | None) -> None:
        if self.state.keeps_unsaved_text(project.id if project else None):
            super().open_project(project)
            return  # keep the unsaved text on screen
        self.save()
        super().open_project(project)
        if self.state.open(project.id if project else None):
            # Another project (the same one: the screen has the newest text, saves are queued).
            self._show_text(project.prompt_planner_data if project else "")
            self.status_label.setText("All changes saved" if project else "")
        self.editor.setFocus()
        if project is not None:  # the DTO may be older than the database: read it behind
            project_id = project.id  # the saves already queued
            projects = self.context.store.projects
            edits = self.state.edits
            self.writes.submit(
                lambda: projects.get(project_id).prompt_planner_data,
                name="Loading the planner",
                on_result=lambda text: self._on_text_loaded(project_id, edits, text),
                title="Could not load the planner",
            )

    def _show_text(self, text: str) -> None:
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False
        self.state.shown()
        self._update_count()

    def _on_text_loaded(self, project_id: int, edits: int, text: str) -> None:
        if not self.state.read_is_current(project_id, edits):
            return  # another project, or the user typed meanwhile: keep what is on screen
        if text != self.editor.toPlainText():
            self._show_text(text)
        self.text_loaded.emit(project_id)

    def leave(self) -> None:
        self.save()

    def shutdown(self) -> None:
        """Write the last keystrokes and wait (bounded) until they are in the database."""
        self.save()
        self.writes.flush()

    # -- saving ----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """True while the editor holds text not yet in the database."""
        return self.state.dirty

    def save(self) -> bool:
        """Queue a write of the text if it changed (a worker writes it); False if nothing to do.

        `saved(project_id)` follows once the database has it.
        """
        self.autosave_timer.stop()
        project_id = self.state.start_save()
        if project_id is None:
            return False
        text = self.editor.toPlainText()
        self.status_label.setText("Saving…")
        projects = self.context.store.projects
        self.writes.submit(
            lambda: projects.set_planner_text(project_id, text),
            name="Saving the planner",
            on_result=lambda _info: self._on_saved(project_id),
            on_error=lambda exc: self._on_save_failed(project_id, exc),
        )
        return True

    def _on_saved(self, project_id: int) -> None:
        if self.state.save_landed(project_id):
            self.status_label.setText(f"Saved {clock_time(datetime.now())}")
        self.saved.emit(project_id)

    def _on_save_failed(self, project_id: int, exc: BaseException) -> None:
        failure = self.state.save_failed(project_id, str(exc))
        if failure.on_screen:
            self.status_label.setText("Not saved — see the message")
        self.context.errors.present(exc, title="The planner was not saved", quiet=failure.quiet)

    def _on_editor_text_changed(self) -> None:
        if self._loading:
            return
        self._update_count()
        if not self.state.typed():
            return
        self.status_label.setText("Editing…")
        self.autosave_timer.start()

    def _on_editor_paste_rejected(self, total: int) -> None:
        self.context.errors.present(
            InvalidInputError(
                f"That paste would make the planner {total:,} characters long; the limit is "
                f"{MAX_PLANNER_CHARS:,}. Paste a shorter part, or keep the rest in a file."
            ),
            title="Paste too large",
        )

    def apply_read_only(self) -> None:
        self.editor.setReadOnly(True)
        for widget in (self.draft_button, self.llm_button, self.draft_action, self.save_action):
            widget.setEnabled(False)
        self.draft_button.setToolTip(self.read_only_reason)

    def _update_count(self) -> None:
        self.count_label.setText(count_text(self.editor.toPlainText()))

    # -- drafting --------------------------------------------------------------------------

    def draft_offline(self) -> None:
        """Parse the text with the offline outline parser, then show the preview."""
        self._start_draft(draft_outline_with_notes, "the offline outline parser", "Drafting scenes")

    def draft_with_llm(self) -> None:
        """Ask the language model (in a worker) for the same kind of draft."""
        if not self._llm_available:
            return
        paths = self.context.paths

        def run(text: str) -> OutlineDraft:
            module = importlib.import_module(LLM_MODULE)
            drafted: OutlineDraft = module.draft_with_language_model(paths, text)
            return drafted

        self._start_draft(run, "the language model", "Drafting with the language model")

    def _start_draft(
        self, fn: Callable[[str], list[DraftScene] | OutlineDraft], source: str, name: str
    ) -> None:
        if self.project is None or self._draft_task is not None or self.read_only:
            return
        self.save()
        text = self.editor.toPlainText()
        if not text.strip():
            self.context.errors.present(
                InvalidInputError(
                    "The planner is empty: write your ideas (scenes as headings or paragraphs, "
                    "shots as bullets or sentences) and draft again."
                ),
                title="Nothing to draft",
            )
            return
        project_id = self.project.id
        self.draft_button.setEnabled(False)
        self.llm_button.setEnabled(False)
        self.status_label.setText(f"{name}…")

        def finished() -> None:
            self._draft_task = None
            self.draft_button.setEnabled(True)
            self.llm_button.setEnabled(self._llm_available)
            if self.status_label.text().endswith("…"):
                self.status_label.setText("All changes saved" if not self.state.dirty else "")

        self._draft_task = self.context.tasks.submit(
            lambda _ctx: with_proposals(as_outline(fn(text))),
            name=name,
            on_result=lambda drafts: self._on_draft_result(project_id, drafts, source),
            on_error=lambda exc: self.context.errors.present(exc, title="Drafting failed"),
            on_finished=finished,
            owner=self,
        )

    def _on_draft_result(self, project_id: int, drafts: object, source: str) -> None:
        outline = drafts if isinstance(drafts, OutlineDraft) else OutlineDraft([])
        if isinstance(drafts, OutlineDraft):
            drafts = drafts.scenes
        problem = draft_problem(drafts, source)
        if problem is not None or not isinstance(drafts, list):
            title, message = problem or ("Drafting failed", "")
            self.context.errors.present(InvalidInputError(message), title=title)
            return
        scenes = self.context.store.scenes
        self.writes.submit(
            lambda: len(scenes.list(project_id)),
            name="Counting scenes",
            on_result=lambda existing: self._show_preview(
                project_id, replace(outline, scenes=drafts), existing, source
            ),
            title="Could not read the scenes",
        )

    def _show_preview(
        self, project_id: int, outline: OutlineDraft, existing: int, source: str
    ) -> None:
        drafts = outline.scenes
        dialog = DraftPreviewDialog(
            drafts,
            existing,
            source,
            self,
            look=outline.look,
            notes=outline.notes,
            style=outline.style,
            elements=outline.elements,
            current_style=self.project.style if self.project else "",
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.apply_preview(
                project_id,
                dialog.drafts(),
                dialog.replace,
                style=dialog.proposals.chosen_style(),
                elements=dialog.proposals.chosen_elements(),
            )
        )
        dialog.destroyed.connect(self._on_preview_destroyed)
        self.preview = dialog
        dialog.open()
        self.draft_ready.emit(drafts)

    def _on_preview_destroyed(self, *_args: object) -> None:
        self.preview = None

    def apply_preview(
        self,
        project_id: int,
        drafts: list[DraftScene],
        replace: bool,
        *,
        style: str | None = None,
        elements: list[ProposedElement] | None = None,
    ) -> None:
        """Write the accepted draft (one transaction, in a worker) with the accepted style and
        elements, then go to the scenes page."""
        store = self.context.store
        self.writes.submit(
            lambda: accept_draft(store, project_id, drafts, replace, style, elements or []),
            name="Writing the draft",
            on_result=lambda result: self._on_draft_applied(project_id, drafts, *result),
            title="The draft was not saved",
        )

    def _on_draft_applied(
        self, project_id: int, drafts: list[DraftScene], scenes: list[object], notes: list[str]
    ) -> None:
        self.context.errors.inform(f"Created {len(drafts)} scene(s); {len(scenes)} in all.")
        if notes:  # the scenes are saved; say what of the proposals was not
            self.context.errors.present(
                InvalidInputError("\n".join(notes)), title="The scenes were saved, but"
            )
        self.project_data_changed.emit(project_id)
        self.draft_applied.emit(len(drafts))
        self.navigate_requested.emit("scenes")
