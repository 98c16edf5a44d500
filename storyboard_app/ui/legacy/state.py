"""What the legacy page holds, without widgets: the loaded rows, the scene and clip shown, the
load that may land, the migration in flight (Qt-free; the page renders it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storyboard_app.ui.legacy.loading import LegacyPageData

if TYPE_CHECKING:
    from storyboard_app.store.dto import LegacyClipInfo, LegacySceneInfo


class LegacyPageState:
    """The legacy page's state: which load is newest, which scene and clip are current."""

    def __init__(self) -> None:
        self.data: LegacyPageData | None = None
        self.scene_id: int | None = None
        self.clip_id: int | None = None
        self.migrating = False
        self.migrated = False  # a migration finished; reload once it has ended
        self._generation = 0

    def clear(self) -> None:
        """Another project (or none): forget the rows and the selection."""
        self.data = None
        self.scene_id = None
        self.clip_id = None

    def start_load(self) -> int:
        """A ticket for a new load; only the newest one is accepted."""
        self._generation += 1
        return self._generation

    def accept(self, generation: int, data: LegacyPageData) -> bool:
        """Take a finished load if it is the newest one (False: a newer load is running)."""
        if generation != self._generation:
            return False
        self.data = data
        return True

    def scene_to_show(self) -> int | None:
        """After a load: the scene shown before if it is still there, else the first one."""
        if self.data is None:
            return None
        ids = [s.id for s in self.data.view.scenes]
        return self.scene_id if self.scene_id in ids else (ids[0] if ids else None)

    # -- scenes and clips ------------------------------------------------------------------

    def show_scene(self, scene_id: int | None) -> LegacySceneInfo | None:
        """Make `scene_id` current; its row, or None when it is not (or no longer) there."""
        self.scene_id = scene_id
        self.clip_id = None
        return self.current_scene()

    def current_scene(self) -> LegacySceneInfo | None:
        if self.data is None or self.scene_id is None:
            return None
        return next((s for s in self.data.view.scenes if s.id == self.scene_id), None)

    def clips(self) -> tuple[LegacyClipInfo, ...]:
        """The current scene's clips, in order."""
        if self.data is None or self.current_scene() is None:
            return ()
        return self.data.view.clips_of(self.scene_id)

    def first_clip(self) -> LegacyClipInfo | None:
        """The clip to load when a scene is shown: the first one stored here, else the first."""
        clips = self.clips()
        if not clips:
            return None
        return next((c for c in clips if self.clip_path(c.id) is not None), clips[0])

    def clip(self, clip_id: int | None) -> LegacyClipInfo | None:
        if self.data is None or clip_id is None:
            return None
        return next((c for c in self.data.view.clips if c.id == clip_id), None)

    def clip_path(self, clip_id: int) -> Path | None:
        """The clip's local file (None: not stored on this computer)."""
        return self.data.clip_paths.get(clip_id) if self.data is not None else None

    def scenes_showing(self, storage_id: str) -> list[int]:
        """The scenes whose image is `storage_id` (a thumbnail arrived for them)."""
        if self.data is None:
            return []
        return [s.id for s in self.data.view.scenes if s.image_storage_id == storage_id]

    # -- migration -------------------------------------------------------------------------

    @property
    def already_migrated(self) -> bool:
        """The loaded project is the archive of a migrated one (open it instead)."""
        return self.data is not None and self.data.view.migrated

    def migration_started(self) -> None:
        self.migrating = True

    def migration_succeeded(self) -> None:
        self.migrated = True

    def migration_ended(self) -> bool:
        """The migration task is over; True when the page should reload (rows archived)."""
        self.migrating = False
        reload, self.migrated = self.migrated, False
        return reload
