"""Reading a legacy project for its page (pool thread) and the texts of its rows (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storyboard_app.media.store_paths import MediaLayout

if TYPE_CHECKING:
    from storyboard_app.store.dto import LegacyClipInfo, LegacySceneInfo
    from storyboard_app.store.services.legacy import LegacyProjectView
    from storyboard_app.ui.context import AppContext
    from storyboard_app.ui.shared.worker import TaskContext


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


def scene_label(scene: LegacySceneInfo) -> str:
    """ "Scene 2 · Title" (and "(archived)" after a migration)."""
    title = scene.title or "Untitled"
    return f"Scene {scene.scene_number} · {title}" + ("  (archived)" if scene.archived else "")


def clip_label(clip: LegacyClipInfo, path: Path | None) -> str:
    """Prompt · duration · status, and whether the file is on this computer."""
    parts = [clip.prompt.strip() or "Clip"]
    if clip.duration_seconds:
        parts.append(f"{clip.duration_seconds:g} s")
    if clip.status:
        parts.append(clip.status)
    if path is None:
        parts.append("not stored locally")
    return " · ".join(parts)


def counts_text(view: LegacyProjectView) -> str:
    """ "3 scenes, 1 video clip"."""
    scenes, clips = len(view.scenes), len(view.clips)
    return (
        f"{scenes} scene{'s' if scenes != 1 else ''}, {clips} video clip{'s' if clips != 1 else ''}"
    )
