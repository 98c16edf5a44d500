"""The GUI's one generation engine: built off the GUI thread, rebuilt when the settings change.

Building an engine reads the settings file and the token (the OS keyring may be slow), so it
happens on a pool thread. The GUI thread only reads `engine`, `can_generate`, `why` and
`provider_name` (plain attributes set on the GUI thread when a build ends); workers call
`engine_in_worker()`, which builds one on the spot if none matches the current settings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from storyboard_app.generation.engine import GenerationEngine
from storyboard_app.settings import Settings
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.worker import TaskContext

EngineFactory = Callable[[AppContext], GenerationEngine]

CHECKING = "Checking the provider…"


def default_engine(context: AppContext) -> GenerationEngine:
    """Pool thread: the engine over the data folder's media, settings and token."""
    return GenerationEngine.for_paths(context.store, context.paths)


class EngineHolder(QObject):
    """Holds the engine every generation job of one window uses (GUI thread).

    engine_changed(bool, str, str): a build ended — can generate, why not, provider name.
        Emitted on the GUI thread after every `refresh()` (also when the build failed).
    """

    engine_changed = Signal(bool, str, str)

    def __init__(
        self,
        context: AppContext,
        factory: EngineFactory = default_engine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._factory = factory
        self._lock = threading.Lock()  # workers only: the GUI thread never takes it
        self._engine: GenerationEngine | None = None
        self._built_for: Settings | None = None
        self.can_generate = False
        self.why = CHECKING
        self._loading = False
        self._again = False

    @property
    def engine(self) -> GenerationEngine | None:
        """The last engine built (None before the first build ends, or after it failed)."""
        return self._engine

    @property
    def provider_name(self) -> str:
        engine = self._engine
        return engine.provider_name if engine is not None else ""

    @property
    def is_ready(self) -> bool:
        """An engine exists and its provider can run now."""
        return self._engine is not None and self.can_generate

    def refresh(self) -> None:
        """GUI thread: build the engine again in a worker (e.g. a page opened, settings saved).

        A refresh asked while one runs starts again once it ends, so the last settings win.
        """
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.context.tasks.submit(
            self._build_in_worker,
            name="Preparing the generation engine",
            on_result=self._on_engine_built,
            on_error=self._on_engine_failed,
            on_finished=self._on_build_finished,
            owner=self,
        )

    def engine_in_worker(self) -> GenerationEngine:
        """Pool thread: the current engine, built now if none matches the current settings."""
        settings = self.context.settings
        with self._lock:
            engine = self._engine
            if engine is None or self._built_for is not settings:
                engine = self._factory(self.context)
                self._engine, self._built_for = engine, settings
            return engine

    def _build_in_worker(self, _ctx: TaskContext) -> GenerationEngine:
        settings = self.context.settings
        engine = self._factory(self.context)
        with self._lock:
            self._engine, self._built_for = engine, settings
        return engine

    def _on_build_finished(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _on_engine_built(self, engine: GenerationEngine) -> None:
        self.can_generate, self.why = engine.can_generate()
        if engine.store.read_only:  # nothing new can be stored: say why, as the banner does
            self.can_generate, self.why = False, engine.store.read_only
        self.engine_changed.emit(self.can_generate, self.why, engine.provider_name)

    def _on_engine_failed(self, exc: BaseException) -> None:
        report = self.context.errors.present(exc, title="Generation", quiet=True)
        self._engine = None
        self.can_generate, self.why = False, report.message
        self.engine_changed.emit(False, self.why, "")
