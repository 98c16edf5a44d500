"""The main window: dashboard and a project's stage pages, menus, toolbar and status bar.

Pages are registered by key with `add_stage_page(key, title, factory)`; the factory gets the
`AppContext` and returns a `StagePage`; it is called the first time the page is shown.
Keys the window knows: "dashboard", "planner", "scenes", "iterator", "storyboard" (the
four stages of a v2 project, in the stage bar) and "legacy" (v1 projects open there).
Registering a key again replaces the page (that is how the iterator, storyboard and legacy
pages replace their placeholders). The window never queries on the GUI thread: opening,
restoring and refreshing a project read it in a worker (`project_opened` follows), and only
the newest request lands (`project_requests.py`). Menus and actions are built in
`main_actions.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QVBoxLayout, QWidget

from storyboard_app import APP_NAME
from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import NotFoundError
from storyboard_app.generation.provider_choice import default_provider
from storyboard_app.settings import Settings, token_source
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.main_actions import (
    add_menu_actions,
    all_shortcut_rows,
    build_actions,
    build_menus,
    build_status_bar,
    build_toolbar,
)
from storyboard_app.ui.project_requests import ProjectRequests
from storyboard_app.ui.shared.quit_guard import QuitGuard
from storyboard_app.ui.shared.read_only import apply_read_only
from storyboard_app.ui.shared.splitters import (
    fit_current_page,
    restore_splitters,
    save_splitters,
)
from storyboard_app.ui.stage_page import StagePage

if TYPE_CHECKING:  # DTO modules and the stage bar stay off the start-up path
    from storyboard_app.store.dto import ProjectInfo
    from storyboard_app.ui.main_actions import Shortcut
    from storyboard_app.ui.shared.jobs_button import JobsButton
    from storyboard_app.ui.shared.safe_undo import SafeUndo
    from storyboard_app.ui.stage_bar import StageBar


def _delete_on_close(widget: QWidget) -> None:
    from PySide6.QtCore import Qt  # its enums cost ~15 ms: not before the first paint

    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


PageFactory = Callable[[AppContext], StagePage]
STAGE_KEYS = ("planner", "scenes", "iterator", "storyboard")  # as in stage_bar.STAGES


@dataclass
class _PageEntry:
    title: str
    factory: PageFactory
    widget: StagePage | None = None


class MainWindow(QMainWindow):
    """The one top-level window (GUI thread).

    project_opened(int): a project is now the current one.
    project_open_failed(int): a project asked for could not be read (gone, or an error).
    page_changed(str): the visible page's key.
    settings_changed(object): the user saved new `Settings`.
    connection_checked(bool, str): the outcome of a Replicate connection check.
    """

    project_opened = Signal(int)
    project_open_failed = Signal(int)
    page_changed = Signal(str)
    settings_changed = Signal(object)
    connection_checked = Signal(bool, str)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(1200, 800)
        self._pages: dict[str, _PageEntry] = {}
        self._current_key = ""
        self.project: ProjectInfo | None = None
        self._opening = ProjectRequests()
        self._wanted_stage = ""  # a stage asked for while the project was still v1
        self.provider = "offline"
        self.qsettings = QSettings(str(context.paths.qt_settings_file), QSettings.Format.IniFormat)
        context.errors.set_parent_widget(self)
        context.errors.set_log_hint(str(context.paths.logs / "storyboard.log"))
        context.errors.status_message.connect(self._on_errors_status_message)
        self.undo_group = QUndoGroup(self)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.central_layout = layout
        self._stage_bar: StageBar | None = None  # built on first use (start-up time)
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.actions_by_name: dict[str, QAction] = {}
        self.pending_shortcuts: list[tuple[QAction, list[Shortcut]]] = []  # main_actions
        self.provider_label: QLabel
        self.jobs_label: JobsButton
        self.connection_label: QLabel
        self._safe_undo: SafeUndo | None = None  # Edit → Undo asks first; a toast says
        build_actions(self)
        build_menus(self)  # with Ctrl+K search and Project → Cost…
        build_toolbar(self)
        build_status_bar(self)
        self.quit_guard = QuitGuard(self)
        apply_read_only(self)  # the store is already open (tests, tools); else after it opens

    @property
    def safe_undo(self) -> SafeUndo:
        """What Edit → Undo runs (made on first use: not needed for the first paint)."""
        from storyboard_app.ui.shared.safe_undo import SafeUndo

        self._safe_undo = self._safe_undo or SafeUndo(self.undo_group, self.context, self)
        return self._safe_undo

    @property
    def stage_bar(self) -> StageBar:
        """The bar with the project's title and its four stages (created on first use)."""
        if self._stage_bar is None:
            from storyboard_app.ui.stage_bar import StageBar

            bar = StageBar(self.centralWidget())
            bar.stage_clicked.connect(self.show_page)
            bar.back_clicked.connect(self.show_dashboard)
            bar.hide()
            self.central_layout.insertWidget(0, bar)
            self._stage_bar = bar
        return self._stage_bar

    # -- pages -----------------------------------------------------------------------------

    def add_stage_page(self, key: str, title: str, factory: PageFactory) -> None:
        """Register (or replace) the page shown for `key`; built on first use."""
        old = self._pages.get(key)
        if old is not None and old.widget is not None:
            self.stack.removeWidget(old.widget)
            old.widget.deleteLater()
        self._pages[key] = _PageEntry(title, factory)
        if key == self._current_key:
            self._current_key = ""
            self.show_page(key)

    def page(self, key: str) -> StagePage:
        """The page widget for `key`, created by its factory on first call."""
        entry = self._pages.get(key)
        if entry is None:
            raise KeyError(f"no page registered for {key!r}")
        if entry.widget is None:
            widget = entry.factory(self.context)
            widget.setObjectName(f"page_{key}")
            restore_splitters(widget, self.qsettings)
            widget.project_data_changed.connect(self._on_page_project_data_changed)
            widget.navigate_requested.connect(self.show_page)
            widget.open_project_requested.connect(self.open_project)
            widget.project_removed.connect(self._on_page_project_removed)
            self.stack.addWidget(widget)
            entry.widget = widget
            stack = widget.undo_stack()
            if stack is not None:
                self.undo_group.addStack(stack)
            apply_read_only(self)
        return entry.widget

    @property
    def opening_project(self) -> bool:
        """A project is being read in a worker and will be shown when the read is back."""
        return self._opening.busy

    def page_keys(self) -> list[str]:
        return list(self._pages)

    def created_pages(self) -> list[StagePage]:
        return [e.widget for e in self._pages.values() if e.widget is not None]

    @property
    def current_page_key(self) -> str:
        return self._current_key

    def current_page(self) -> StagePage | None:
        entry = self._pages.get(self._current_key)
        return entry.widget if entry else None

    def leave_current_page(self) -> None:
        """Let the visible page save pending edits (autosave flush)."""
        page = self.current_page()
        if page is not None:
            page.leave()

    def show_page(self, key: str) -> None:
        """Show the page `key`; stage pages need an open project (else the dashboard)."""
        if key != "dashboard" and self.project is None:
            key = "dashboard"
        legacy = (
            self.project is not None and self.project.workflow_version == WorkflowVersion.V1_LEGACY
        )
        if legacy and key in STAGE_KEYS:
            self._wanted_stage = key  # shown once a re-read says the project was migrated
            key = "legacy"  # a v1 project has only its read-only page until it is migrated
        if key == self._current_key:
            return
        self.leave_current_page()
        page = self.page(key)
        self._current_key = key
        page.open_project(None if key == "dashboard" else self.project)
        self.stack.setCurrentWidget(page)
        fit_current_page(self.stack)  # a hidden wide page must not widen this one
        stack = page.undo_stack()
        self.undo_group.setActiveStack(stack)  # type: ignore[arg-type]  # None: no undo here
        self.stage_bar.setVisible(key != "dashboard" and self.project is not None)
        self.stage_bar.set_stages_visible(not legacy)
        self.stage_bar.set_current(key)
        title = self._pages[key].title
        if self.project is not None and key != "dashboard":
            self.setWindowTitle(f"{self.project.title} — {title} — {APP_NAME}")
        else:
            self.setWindowTitle(APP_NAME)
        for name in ("go_planner", "go_scenes", "go_iterator", "go_storyboard"):
            self.actions_by_name[name].setEnabled(self.project is not None and not legacy)
        self.page_changed.emit(key)

    def show_dashboard(self) -> None:
        self.show_page("dashboard")

    def open_project(self, project_id: int, page: str | None = None) -> None:
        """Read `project_id` in a worker, then make it current and show `page` (default: the
        page of its stage); `project_opened` or `project_open_failed` says how it went."""
        self._load_project(project_id, page, on_missing=self.context.errors.present)

    def _load_project(
        self,
        project_id: int,
        page: str | None,
        on_missing: Callable[[NotFoundError], object],
    ) -> None:
        self.leave_current_page()
        ticket = self._opening.start(project_id)
        context = self.context  # `store` is read on the pool thread (it may still be opening)
        self.context.tasks.submit(
            lambda _ctx: context.store.projects.get(project_id),
            name="Opening a project",
            on_result=lambda project: self._on_project_loaded(ticket, project, page),
            on_error=lambda exc: self._on_project_load_failed(ticket, exc, on_missing),
        )

    def _on_project_loaded(self, ticket: int, project: ProjectInfo, page: str | None) -> None:
        if not self._opening.finish(ticket):
            return  # the user asked for another project meanwhile
        self.project = project
        self.stage_bar.show_project(project)
        self.qsettings.setValue("last_project", project.id)
        if project.workflow_version == WorkflowVersion.V1_LEGACY:
            target = "legacy"
        else:
            from storyboard_app.ui.stage_bar import page_for_status

            target = page or page_for_status(project.redesign_status)
        self._current_key = ""  # re-open the page even if it is the visible one
        self.show_page(target)
        self.project_opened.emit(project.id)

    def _on_project_load_failed(
        self, ticket: int, exc: BaseException, on_missing: Callable[[NotFoundError], object]
    ) -> None:
        project_id = self._opening.project_id(ticket)
        if not self._opening.finish(ticket):
            return
        if isinstance(exc, NotFoundError):
            on_missing(exc)
        else:
            self.context.errors.present(exc)
        self.project_open_failed.emit(project_id)

    def close_project(self) -> None:
        self.leave_current_page()
        self._opening.drop()  # a project still being read is not shown either
        self.project = None
        self.qsettings.remove("last_project")
        self.show_dashboard()

    def _on_page_project_removed(self, project_id: int) -> None:
        self._opening.drop(project_id)  # deleted while it was being read: do not show it
        if self.project is not None and self.project.id == project_id:
            self.project = None
            self.qsettings.remove("last_project")
            self.stage_bar.hide()
            for name in ("go_planner", "go_scenes", "go_iterator", "go_storyboard"):
                self.actions_by_name[name].setEnabled(False)

    def _on_page_project_data_changed(self, project_id: int) -> None:
        if self.project is None or self.project.id != project_id:
            return
        context = self.context
        self.context.tasks.submit(
            lambda _ctx: context.store.projects.get(project_id),
            name="Reading the project",
            on_result=self._on_project_reread,
            on_error=lambda exc: self._on_project_reread_failed(project_id, exc),
        )

    def _on_project_reread(self, project: ProjectInfo) -> None:
        if self.project is None or self.project.id != project.id:
            return  # closed or switched while the read ran
        was_legacy = self.project.workflow_version == WorkflowVersion.V1_LEGACY
        self.project = project
        self.stage_bar.show_project(project)
        if (
            was_legacy
            and project.workflow_version != WorkflowVersion.V1_LEGACY
            and self._current_key == "legacy"
        ):  # just migrated: the stage the page asked for while the read ran
            from storyboard_app.ui.stage_bar import page_for_status

            key = self._wanted_stage or page_for_status(project.redesign_status)
            self._current_key = ""
            self.show_page(key)
        self._wanted_stage = ""

    def _on_project_reread_failed(self, project_id: int, exc: BaseException) -> None:
        if self.project is None or self.project.id != project_id:
            return
        if isinstance(exc, NotFoundError):
            self.close_project()
        else:
            self.context.errors.present(exc)

    # -- actions ---------------------------------------------------------------------------

    def add_page_actions(self, menu_title: str, actions: list[QAction]) -> None:
        """Put a page's actions in a menu of the menu bar (created on first use)."""
        add_menu_actions(self, menu_title, actions)

    # -- status ----------------------------------------------------------------------------

    def refresh_provider(self) -> None:
        """Work out the provider off the GUI thread (the keyring may be slow)."""
        settings = self.context.settings
        self.context.tasks.submit(
            lambda _ctx: (default_provider(settings), token_source()),
            name="Reading the token source",
            on_result=self._on_provider_known,
            on_error=lambda exc: self.context.errors.present(exc, quiet=True),
        )

    def _on_provider_known(self, value: tuple[str, str]) -> None:
        provider, source = value
        self.provider = provider
        if provider == "replicate":
            self.provider_label.setText("Provider: Replicate")
        else:
            self.provider_label.setText("Provider: offline drafts")
            self.connection_label.setText("Connection: not needed")
        self.provider_label.setToolTip(f"Token: {source}")

    def check_connection(self) -> None:
        """Test the token and endpoint in a worker; the status bar shows the outcome."""
        from storyboard_app.generation.connection import check_connection
        from storyboard_app.settings import get_token

        settings = self.context.settings
        model = settings.models["text_to_image"].model
        self.connection_label.setText("Connection: checking…")
        self.context.tasks.submit(
            lambda _ctx: check_connection(get_token(), settings.effective_base_url(), model),
            name="Checking the connection",
            on_result=lambda message: self._on_connection_result(True, message),
            on_error=self._on_connection_error,
        )

    def _on_connection_error(self, exc: BaseException) -> None:
        report = self.context.errors.present(exc, quiet=True)
        self._on_connection_result(False, report.message)

    def _on_connection_result(self, ok: bool, message: str) -> None:
        self.connection_label.setText("Connection: online" if ok else "Connection: failed")
        self.connection_label.setToolTip(message)
        if ok:
            self.statusBar().showMessage(message, 5_000)
        self.connection_checked.emit(ok, message)

    def _on_errors_status_message(self, message: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    # -- dialogs ---------------------------------------------------------------------------

    def new_project(self) -> None:
        """File → New project: the dashboard's create dialog."""
        dashboard = self.page("dashboard")
        self.show_dashboard()
        create = getattr(dashboard, "create_project_interactively", None)
        if create is not None:
            create()

    def open_settings(self) -> None:
        from storyboard_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        dialog.settings_saved.connect(self._on_settings_saved)
        dialog.connection_checked.connect(self._on_connection_result)
        _delete_on_close(dialog)
        dialog.open()

    def _on_settings_saved(self, settings: Settings) -> None:
        self.context.settings = settings
        self.refresh_provider()
        self.settings_changed.emit(settings)

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(where, action, shortcut) for every shortcut, pages and single keys included."""
        pages = [(self._pages[k].title, self.page(k)) for k in self.page_keys()]  # all built
        return all_shortcut_rows([("Window", self), *pages], self.menuBar().findChildren(QMenu))

    def show_shortcuts(self) -> None:
        from storyboard_app.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        _delete_on_close(dialog)
        dialog.open()

    def show_about(self) -> None:
        from storyboard_app.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        _delete_on_close(dialog)
        dialog.open()

    # -- state -----------------------------------------------------------------------------

    def restore_state(self) -> None:
        """Window geometry and the last project, from the data folder's window.ini."""
        self.restore_geometry()
        self.restore_last_project()

    def restore_geometry(self) -> None:
        """Size, position and toolbar state (no database needed: call before `show`)."""
        geometry = self.qsettings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.qsettings.value("window_state")
        if state is not None:
            self.restoreState(state)

    def restore_last_project(self) -> None:
        """Open the project that was open last time (read in a worker), else the dashboard."""
        last = self.qsettings.value("last_project")
        try:
            last_id = int(last) if last is not None else None
        except (TypeError, ValueError):
            last_id = None
        if last_id is None:
            self.show_dashboard()
            return
        self._load_project(last_id, None, on_missing=self._on_last_project_missing)

    def _on_last_project_missing(self, _exc: NotFoundError) -> None:
        self.qsettings.remove("last_project")
        self.show_dashboard()

    def save_state(self) -> None:
        self.qsettings.setValue("geometry", self.saveGeometry())
        self.qsettings.setValue("window_state", self.saveState())
        save_splitters(list(self.created_pages()), self.qsettings)
        self.qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self.quit_guard.holds(event):
            return  # jobs are running: the quit dialog decides
        self.leave_current_page()
        for page in self.created_pages():
            if page is not self.current_page():
                page.leave()
        for page in self.created_pages():
            page.shutdown()
        self.save_state()
        self.context.tasks.cancel_all()
        super().closeEvent(event)
