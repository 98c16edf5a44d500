"""Composition root of the desktop app: wires the store, engine and windows together.

Optional pages: a module `storyboard_app/ui/<room>/page.py` (iterator, storyboard, legacy)
that defines `create_page(context: AppContext) -> StagePage` replaces the
matching placeholder; nothing else needs editing.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

    from PySide6.QtWidgets import QWidget

    from storyboard_app.paths import DataPaths
    from storyboard_app.settings import Settings
    from storyboard_app.store.open_store import Store
    from storyboard_app.ui.context import AppContext
    from storyboard_app.ui.main_window import MainWindow
    from storyboard_app.ui.shared.worker import Task, TaskContext
    from storyboard_app.ui.stage_page import StagePage

log = logging.getLogger(__name__)

MIN_POOL_THREADS = 16  # background tasks mostly wait (network, ffmpeg), so more than cores

# (page key, title, module that may define create_page, what the placeholder says)
OPTIONAL_PAGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "iterator",
        "Iterator",
        "storyboard_app.ui.iterator.page",
        "The shot iterator (six variants per round, refine, pick the final image) "
        "is not part of this build yet.",
    ),
    (
        "storyboard",
        "Storyboard",
        "storyboard_app.ui.storyboard.page",
        "The storyboard timeline (final picks, animation, assembly) is not part of this build yet.",
    ),
    (
        "legacy",
        "Legacy project",
        "storyboard_app.ui.legacy.page",
        "This project uses the old workflow (scenes and video clips). Its read-only view "
        "and migration are not part of this build yet; the command line can migrate it: "
        "storyboard-app migrate PROJECT.",
    ),
)


def _page_factory(module_name: str) -> Callable[[AppContext], StagePage] | None:
    """A factory importing `module_name` on first use (start-up stays light), or None."""
    if importlib.util.find_spec(module_name) is None:
        return None

    def factory(context: AppContext) -> StagePage:
        module = importlib.import_module(module_name)
        create: Callable[[AppContext], StagePage] = module.create_page
        return create(context)

    return factory


def register_pages(window: MainWindow) -> None:
    """Register the dashboard, planner and scenes pages, and the optional stage pages."""
    from storyboard_app.ui.stage_page import PlaceholderPage

    def dashboard(context: AppContext) -> StagePage:
        from storyboard_app.ui.dashboard.page import DashboardPage

        return DashboardPage(context)

    def planner(context: AppContext) -> StagePage:
        from storyboard_app.ui.planner.page import PlannerPage

        return PlannerPage(context)

    def scenes(context: AppContext) -> StagePage:
        from storyboard_app.ui.scenes.page import ScenesEditorPage

        return ScenesEditorPage(context)

    window.add_stage_page("dashboard", "Projects", dashboard)
    window.add_stage_page("planner", "Planner", planner)
    window.add_stage_page("scenes", "Scenes", scenes)
    for key, title, module_name, explanation in OPTIONAL_PAGES:
        try:
            factory = _page_factory(module_name)
        except (ImportError, ValueError):  # a broken optional page must not stop the app
            log.exception("page module %s cannot be found", module_name)
            factory = None
        if factory is None:

            def placeholder(context: AppContext, t: str = title, e: str = explanation) -> StagePage:
                return PlaceholderPage(context, t, e)

            factory = placeholder
        window.add_stage_page(key, title, factory)


def install_menus(window: MainWindow) -> None:
    """Menus built on heavier modules; `run_gui` installs them right after the first paint."""
    try:  # File → Export (final video, PDF, OTIO, CSV, images, bundle)
        from storyboard_app.ui.interchange.export_dialog import install_export_menu

        install_export_menu(window)
    except Exception:  # a broken optional menu must not stop the app
        log.exception("the export menu failed to install")
    try:  # Project → Elements, Project look
        from storyboard_app.ui.elements.menu import install_creative_menu

        install_creative_menu(window)
    except Exception:  # a broken optional menu must not stop the app
        log.exception("the project menu failed to install")
    try:  # File → Import (Convex export of the original web app, project bundle)
        from storyboard_app.ui.interchange.import_actions import install_import_menu

        install_import_menu(window)
    except Exception:  # a broken optional menu must not stop the app
        log.exception("the import menu failed to install")


def build_main_window(
    paths: DataPaths,
    store: Store | Future[Store],
    settings: Settings | None = None,
    *,
    menus: bool = True,
) -> MainWindow:
    """The main window over a store (or one still opening), every page registered, not shown.

    `menus=False` leaves the optional menus to `install_menus` (start-up does that after the
    first paint).
    """
    from PySide6.QtCore import QThreadPool

    from storyboard_app.settings import Settings
    from storyboard_app.ui.context import AppContext
    from storyboard_app.ui.main_actions import apply_shortcuts
    from storyboard_app.ui.main_window import MainWindow
    from storyboard_app.ui.shared.errors import ErrorPresenter
    from storyboard_app.ui.shared.worker import TaskRunner

    pool = QThreadPool.globalInstance()
    # Tasks mostly wait on the network, downloads or ffmpeg, not on the CPU: a pool sized
    # by cores (2 here) would let two long polls starve every other load.
    pool.setMaxThreadCount(max(pool.maxThreadCount(), MIN_POOL_THREADS))
    context = AppContext(
        paths=paths,
        store=store,
        settings=settings if settings is not None else Settings.load(paths),
        tasks=TaskRunner(pool),
        errors=ErrorPresenter(),
    )
    window = MainWindow(context)
    register_pages(window)
    if menus:
        apply_shortcuts(window)
        install_menus(window)
    return window


def start_recovery(context: AppContext) -> Task[object] | None:
    """Resume generations a crash left running, by prediction id, in a worker (if built in)."""
    if importlib.util.find_spec("storyboard_app.generation.engine") is None:
        return None
    store, paths = context.store, context.paths

    def resume(ctx: TaskContext) -> object:
        from storyboard_app.generation.cancel import CancelToken
        from storyboard_app.generation.engine import GenerationEngine

        cancel = CancelToken()
        ctx.on_cancel(cancel.detach)  # closing stops the polling; the rows wait for next start
        return GenerationEngine.for_paths(store, paths).resume(cancel)

    return context.tasks.submit(
        resume,
        name="Resuming interrupted generations",
        on_error=lambda exc: context.errors.present(exc, title="Resuming generations", quiet=True),
    )


def _install_excepthook(window: MainWindow) -> None:
    """Uncaught exceptions in slots reach the one error path instead of vanishing."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        try:
            window.context.errors.present(exc.with_traceback(tb))
        except Exception:
            previous(kind, exc, tb)

    sys.excepthook = hook


STARTUP_PROBE_ENV = "STORYBOARD_STARTUP_PROBE"


def install_startup_probe(window: QWidget, on_painted: Callable[[], None]) -> None:
    """Call `on_painted` once, right after `window` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, on_painted)  # after this paint has finished
            return False

    probe = _FirstPaint(window)
    window.installEventFilter(probe)


def _startup_probe(window: MainWindow) -> None:
    """For benchmarks/startup.py: report the first paint and the project list, then quit."""
    from PySide6.QtWidgets import QApplication

    def listed() -> None:
        print("listed", flush=True)
        QApplication.quit()

    def painted() -> None:
        print("painted", flush=True)
        dashboard = window.page("dashboard")  # built now, shown right after
        dashboard.projects_loaded.connect(listed)  # type: ignore[attr-defined]

    install_startup_probe(window, painted)


def run_gui(data_dir: str | None) -> int:
    """Open the main window on the data folder and run the Qt event loop.

    The window paints first; the database opens (and migrates) in a worker meanwhile, so
    start-up costs little more than a bare window. A store that cannot open (newer
    database, corrupt file, read-only folder) is explained in a message box, then the app
    quits.
    """
    from concurrent.futures import Future

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from storyboard_app import APP_NAME
    from storyboard_app.paths import DataPaths
    from storyboard_app.settings import Settings
    from storyboard_app.ui.application import create_application, set_application_icon

    app = create_application(sys.argv[:1])
    paths = DataPaths.resolve(data_dir)
    future: Future[Store] = Future()
    window = build_main_window(paths, future, Settings.load(paths), menus=False)
    context = window.context
    _install_excepthook(window)
    if os.environ.get(STARTUP_PROBE_ENV):
        _startup_probe(window)
    window.restore_geometry()
    window.statusBar().showMessage("Opening the database…")
    window.show()  # the frame paints first; the dashboard fills in right after
    exit_code = 0

    def open_in_worker(_ctx: TaskContext) -> Store:
        from storyboard_app.store.open_store import open_store

        try:
            store = open_store(paths)
        except BaseException as exc:
            future.set_exception(exc)
            raise
        future.set_result(store)
        return store

    def on_store_opened(_store: Store) -> None:
        from storyboard_app.ui.shared.read_only import apply_read_only

        window.statusBar().clearMessage()
        apply_read_only(window)
        window.restore_last_project()
        window.refresh_provider()
        start_recovery(context)

    def on_store_failed(exc: BaseException) -> None:
        nonlocal exit_code
        exit_code = 1
        from storyboard_app.domain.errors import StoryboardError

        if os.environ.get(STARTUP_PROBE_ENV):  # unattended: no box to click away
            print(f"failed: {exc}", flush=True)
        elif isinstance(exc, StoryboardError):
            QMessageBox.critical(window, APP_NAME, f"{exc}\n\nThe app cannot open {paths.root}.")
        else:
            from storyboard_app.ui.shared.errors import classify

            log.error("the database could not be opened", exc_info=exc)
            QMessageBox.critical(window, APP_NAME, classify(exc).message)
        window.close()
        QApplication.exit(1)

    def after_first_paint() -> None:
        from storyboard_app.logs import setup_logging
        from storyboard_app.ui.main_actions import apply_shortcuts

        apply_shortcuts(window)
        window.show_dashboard()
        setup_logging(paths)
        set_application_icon(app)
        install_menus(window)
        context.tasks.submit(
            open_in_worker,
            name="Opening the database",
            on_result=on_store_opened,
            on_error=on_store_failed,
        )

    install_startup_probe(window, lambda: QTimer.singleShot(0, after_first_paint))
    code = app.exec()
    context.tasks.cancel_all()
    context.tasks.wait(10_000)
    if future.done() and future.exception() is None:
        future.result().close()
    return exit_code or int(code)
