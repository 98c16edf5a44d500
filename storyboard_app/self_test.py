"""`storyboard-app --self-test`: walk the whole workflow offline in a temporary data folder.

It proves an installation works end to end — Qt and its plugins, the database and its
migrations, the offline generator, the media store, ffmpeg — without a token or a network.
Each step prints one line with its timing. A failing step is named with the reason, the
steps that need it are skipped, the others still run; the exit code is 1 when any step
failed (0 when every step passed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from storyboard_app import APP_NAME, __version__

if TYPE_CHECKING:
    from storyboard_app.store.open_store import Store

STILL_SECONDS = 2.0
SHOT_PROMPT = "A lighthouse on a cliff at dusk, waves below, warm light in the lamp room"


@dataclass
class SelfTestState:
    """What the steps hand to each other: the folder, the store, the window, the ids made."""

    base_dir: Path | None = None
    root: Path | None = None
    store: Store | None = None
    app: Any = None
    window: Any = None
    project_id: int | None = None
    shot_id: int | None = None
    image_ids: list[int] = field(default_factory=list)
    final_image_id: int | None = None
    video_path: Path | None = None
    closers: list[Callable[[], object]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """One line of the self-test: a name, what it does, and the steps it needs first."""

    name: str
    run: Callable[[SelfTestState], str]
    needs: tuple[str, ...] = ()


# -- the steps -------------------------------------------------------------------------------


def step_data_folder(state: SelfTestState) -> str:
    """A fresh temporary data folder with the database migrated to the newest schema."""
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import open_store

    state.root = Path(tempfile.mkdtemp(prefix="storyboard-self-test-", dir=state.base_dir))
    paths = DataPaths(state.root)
    state.store = open_store(paths)
    return f"schema {state.store.migration.after} in {state.root}"


def _quiet_qt_messages(_kind: Any, _context: Any, message: str) -> None:
    """Qt's own chatter (the offscreen platform's notes) would garble the summary."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"qt: {message}\n")


def _ensure_qt_application() -> Any:
    """The app's own QApplication (offscreen when there is no display)."""
    from PySide6.QtCore import qInstallMessageHandler

    from storyboard_app.ui.application import create_application

    qInstallMessageHandler(_quiet_qt_messages)
    return create_application([sys.argv[0] if sys.argv else "storyboard-app"])


def _process_events(state: SelfTestState) -> None:
    if state.app is not None:
        state.app.processEvents()


def step_main_window(state: SelfTestState) -> str:
    """The real main window, built by the app's composition root and shown."""
    state.app = _ensure_qt_application()
    from storyboard_app.app import build_main_window

    assert state.store is not None
    window = build_main_window(state.store.paths, state.store)
    state.window = window
    tasks = window.context.tasks

    def stop_tasks() -> None:
        tasks.cancel_all()
        tasks.wait(10_000)

    state.closers.append(stop_tasks)
    state.closers.append(window.close)
    window.show()
    _process_events(state)
    if not window.isVisible():
        raise RuntimeError("the main window did not become visible")
    return f"Qt platform {state.app.platformName()}, window {window.width()}×{window.height()}"


def step_project(state: SelfTestState) -> str:
    """A project with one scene and one shot."""
    assert state.store is not None
    project = state.store.projects.create("Self-test", "Made by storyboard-app --self-test")
    scene = state.store.scenes.add_scene(project.id, "Opening", "The first scene")
    shot = state.store.scenes.add_shot(scene.id, SHOT_PROMPT, "Establishing shot")
    state.project_id, state.shot_id = project.id, shot.id
    return f"project {project.id}, scene {scene.id}, shot {shot.id}"


def step_open_project(state: SelfTestState) -> str:
    """The main window opens the project, as a user would from the dashboard."""
    from PySide6.QtCore import QEventLoop, QTimer

    assert state.project_id is not None
    window = state.window
    outcome: list[bool] = []
    loop = QEventLoop()

    def settled(opened: bool) -> None:
        outcome.append(opened)
        loop.quit()

    window.project_opened.connect(lambda _id: settled(True))
    window.project_open_failed.connect(lambda _id: settled(False))
    QTimer.singleShot(30_000, loop.quit)
    window.open_project(state.project_id)  # read in a worker; the window says when it is done
    if not outcome:
        loop.exec()
    if outcome != [True]:
        raise RuntimeError(f"the main window could not open project {state.project_id}")
    _process_events(state)
    return f"page '{state.window.current_page_key}'"


def _engine(state: SelfTestState) -> Any:
    from storyboard_app.generation.engine import GenerationEngine
    from storyboard_app.media.store import MediaStore
    from storyboard_app.settings import Settings

    assert state.store is not None
    media = MediaStore(state.store.paths.media)
    settings = Settings.load(state.store.paths)
    return GenerationEngine(state.store, media, settings, provider="offline")


def step_round(state: SelfTestState) -> str:
    """Iteration 0: six variants drawn by the offline provider, stored in the media store."""
    from storyboard_app.domain.enums import ImageStatus
    from storyboard_app.media.store_paths import MediaLayout

    assert state.store is not None and state.shot_id is not None
    engine = _engine(state)
    planned = engine.plan_round(state.shot_id)
    done = engine.run_round([image.id for image in planned])
    _process_events(state)
    layout = MediaLayout(state.store.paths.media)
    complete = [
        image
        for image in done
        if image.status == ImageStatus.COMPLETE and layout.existing_path(image.image_storage_id)
    ]
    if len(complete) != len(planned) or len(planned) != 6:
        failed = [f"variant {i.variant_number}: {i.error}" for i in done if i not in complete]
        raise RuntimeError(
            f"{len(complete)} of {len(planned)} variants completed ({'; '.join(failed)})"
        )
    state.image_ids = [image.id for image in complete]
    return f"{len(complete)} variants, seeds {', '.join(str(i.seed) for i in complete)}"


def step_final_pick(state: SelfTestState) -> str:
    """One variant becomes the shot's final image."""
    assert state.store is not None and state.image_ids
    chosen = state.store.images.select_final(state.image_ids[0])
    shot = state.store.scenes.get_shot(chosen.shot_id)
    if shot.selected_image_id != chosen.id:
        raise RuntimeError("the final pick was not recorded on the shot")
    state.final_image_id = chosen.id
    _process_events(state)
    return f"image {chosen.id}"


def step_storyboard(state: SelfTestState) -> str:
    """The storyboard: one selection per shot with a final pick."""
    assert state.store is not None and state.project_id is not None
    selections = state.store.storyboard.build(state.project_id)
    if [s.selected_image_id for s in selections] != [state.final_image_id]:
        raise RuntimeError(f"expected one selection of image {state.final_image_id}")
    stage = state.store.projects.get(state.project_id).redesign_status
    _process_events(state)
    return f"{len(selections)} selection, stage {stage.value if stage else '-'}"


def step_video(state: SelfTestState) -> str:
    """The final video (an animatic: the pick as a still clip), checked by probing it."""
    from storyboard_app.exports.video import segments_for_project
    from storyboard_app.media.video import assemble_video

    assert state.store is not None and state.project_id is not None and state.root is not None
    paths = state.store.paths
    plan = segments_for_project(state.store, paths.media, state.project_id, STILL_SECONDS)
    if len(plan.segments) != 1:
        raise RuntimeError(f"expected one shot on the timeline, got {len(plan.segments)}")
    target = state.root / "exports" / "self-test.mp4"
    target.parent.mkdir(parents=True, exist_ok=True)  # exports never create their folder
    assemble_video(plan.segments, target, cache_dir=paths.cache)
    state.video_path = target
    return _describe_video(target)


def _describe_video(path: Path) -> str:
    from storyboard_app.media.probe import probe

    if not path.is_file() or path.stat().st_size == 0:
        raise RuntimeError(f"no video was written to {path}")
    info = probe(path)
    if not info.has_video or not info.duration:
        raise RuntimeError(f"{path} holds no playable video stream")
    return f"{info.duration:.1f} s, {info.width}×{info.height}, {path.stat().st_size // 1024} KiB"


def step_about(state: SelfTestState) -> str:
    """Help → About of the main window names this version; its Licences have Qt's and ffmpeg's."""
    from PySide6.QtGui import QTextDocumentFragment
    from PySide6.QtWidgets import QApplication, QDialog, QLabel

    before = set(QApplication.topLevelWidgets())
    state.window.actions_by_name["about"].trigger()
    _process_events(state)
    dialogs = [
        w
        for w in QApplication.topLevelWidgets()
        if w not in before and isinstance(w, QDialog) and w.isVisible()
    ]
    if not dialogs:
        raise RuntimeError("Help → About opened no dialog")
    try:
        text = " ".join(
            QTextDocumentFragment.fromHtml(label.text()).toPlainText()
            for dialog in dialogs
            for label in dialog.findChildren(QLabel)
        )
        if __version__ not in text:
            raise RuntimeError(f"the About dialog does not show version {__version__}")
    finally:
        for dialog in dialogs:
            dialog.close()
        _process_events(state)
    from storyboard_app.ui.licenses_dialog import licenses_dir, read_licences

    names = [item.component for item in read_licences(licenses_dir())]
    for needed in ("Qt-and-PySide6", "ffmpeg", "Python"):
        if needed not in names:
            raise RuntimeError(f"Help → About → Licences has no text for {needed}")
    return f"version {__version__}, {len(names)} licences"


def step_convex_import(state: SelfTestState) -> str:
    """A small Convex export, converted in separate processes started from a worker thread,
    as the GUI's import does."""
    import threading

    from storyboard_app.interchange.convex import import_convex_export
    from storyboard_app.interchange.convex.export_writer import ConvexExportWriter, convex_id
    from storyboard_app.paths import DataPaths
    from storyboard_app.store.open_store import open_store

    assert state.root is not None
    path = state.root / "self-test-export.zip"
    t = 1_700_000_000_000.0
    project, scene, shot = convex_id(), convex_id(), convex_id()
    with ConvexExportWriter(path) as writer:
        writer.add_table("videoProjects", [{"_id": project, "title": "Imported", "createdAt": t}])
        writer.add_table(
            "projectScenes",
            [
                {
                    "_id": scene,
                    "projectId": project,
                    "sceneNumber": 1.0,
                    "title": "S",
                    "createdAt": t,
                }
            ],
        )
        writer.add_table(
            "sceneShots", [{"_id": shot, "sceneId": scene, "shotNumber": 1.0, "createdAt": t}]
        )
        writer.add_table(
            "shotImages",
            [
                {
                    "_id": convex_id(),
                    "shotId": shot,
                    "iterationNumber": 0.0,
                    "variantNumber": float(v),
                    "imageUrl": f"https://example.com/{v}.png",
                    "status": "complete",
                    "createdAt": t,
                }
                for v in range(6)
            ],
        )
    # A data folder of its own: converters serve tables that held no rows before.
    paths = DataPaths(state.root / "import-check")
    store = open_store(paths)
    state.closers.append(store.close)
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(import_convex_export(store, paths.media, path, pipeline=True))
        except BaseException as exc:  # reported by the step, on the calling thread
            outcome.append(exc)

    worker = threading.Thread(target=run, name="self-test-import")
    worker.start()
    worker.join(timeout=120)
    if not outcome:
        raise RuntimeError("the import did not finish within two minutes")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    report = outcome[0]
    if report.inserted != 9 or report.skipped_total or not report.converter_processes:
        raise RuntimeError(f"the import gave {report.summary()}")
    return (
        f"{report.inserted} rows in {report.seconds:.2f} s, {report.converter_processes} converters"
    )


STEPS: list[Step] = [
    Step("data folder", step_data_folder),
    Step("main window", step_main_window, ("data folder",)),
    Step("project", step_project, ("data folder",)),
    Step("open project", step_open_project, ("main window", "project")),
    Step("round of six", step_round, ("project",)),
    Step("final pick", step_final_pick, ("round of six",)),
    Step("storyboard", step_storyboard, ("final pick",)),
    Step("video", step_video, ("storyboard",)),
    Step("about dialog", step_about, ("main window",)),
    Step("Convex import", step_convex_import, ("data folder",)),
]


# -- running ---------------------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run_steps(steps: Sequence[Step], state: SelfTestState, out: TextIO) -> list[str]:
    """Run the steps in order, one line each; return the names of the failed steps.

    A step is skipped when a step it needs failed or was skipped.
    """
    width = max(len(step.name) for step in steps)
    failed: list[str] = []
    not_done: set[str] = set()
    for step in steps:
        missing = [need for need in step.needs if need in not_done]
        if missing:
            not_done.add(step.name)
            out.write(f"  skip  {step.name:<{width}}  {'-':>8}  needs {', '.join(missing)}\n")
            continue
        start = time.perf_counter()
        try:
            detail = step.run(state)
        except Exception as exc:  # every failure is reported as this step's, never raised
            elapsed = time.perf_counter() - start
            out.write(f"  FAIL  {step.name:<{width}}  {elapsed:6.2f} s  {_reason(exc)}\n")
            failed.append(step.name)
            not_done.add(step.name)
        else:
            elapsed = time.perf_counter() - start
            out.write(f"  ok    {step.name:<{width}}  {elapsed:6.2f} s  {detail}\n")
        out.flush()
    return failed


def _close(state: SelfTestState, keep_folder: bool) -> None:
    for close in reversed(state.closers):
        with contextlib.suppress(Exception):  # best effort; the verdict is already printed
            close()
    if state.app is not None:
        state.app.processEvents()
    if state.store is not None:
        state.store.close()
    if state.root is not None and not keep_folder:
        shutil.rmtree(state.root, ignore_errors=True)


def run_self_test(
    base_dir: Path | None = None,
    out: TextIO | None = None,
    steps: Sequence[Step] | None = None,
) -> int:
    """Run every step; print a summary; return 0 when all passed, else 1.

    `base_dir` is where the temporary data folder is made (the system's temp folder by
    default). On failure the folder is kept and named, so its log can be read.
    """
    stream = out or sys.stdout or open(os.devnull, "w")  # noqa: SIM115 (windowed: no stdout)
    state = SelfTestState(base_dir=base_dir)
    stream.write(
        f"{APP_NAME} {__version__} self-test ({sys.platform}, Python {sys.version.split()[0]})\n"
    )
    start = time.perf_counter()
    failed = run_steps(steps if steps is not None else STEPS, state, stream)
    _close(state, keep_folder=bool(failed))
    total = time.perf_counter() - start
    if not failed:
        stream.write(f"self-test passed in {total:.1f} s\n")
        stream.flush()
        return 0
    where = f"; its data folder was kept: {state.root}" if state.root else ""
    names = ", ".join(f"'{name}'" for name in failed)
    stream.write(f"self-test FAILED ({names}) after {total:.1f} s{where}\n")
    stream.flush()
    return 1
