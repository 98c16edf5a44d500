"""A project's shots in scene/shot order with their final pick, clip and length.

The one reading of the store that the final video and every export share, so they agree
on which shots are in, which clip is current and how long each shot lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.media.store import MediaError, verified_file
from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.store.dto import ImageInfo, ProjectInfo, SceneInfo, SelectionInfo, ShotInfo
from storyboard_app.store.open_store import Store


@dataclass(frozen=True)
class ShotEntry:
    """One shot of the storyboard as the exports see it."""

    scene: SceneInfo
    shot: ShotInfo
    image: ImageInfo | None  # the final pick
    selection: SelectionInfo | None
    image_path: Path | None  # where the final image's file is (may be missing on disk)
    clip_path: Path | None  # the selection's clip file, current or stale

    @property
    def code(self) -> str:
        """`S01_SH02`."""
        return f"S{self.scene.scene_number:02d}_SH{self.shot.shot_number:02d}"

    @property
    def label(self) -> str:
        """How messages name the shot: `scene 1, shot 2` (its numbers, never a database id)."""
        return f"scene {self.scene.scene_number}, shot {self.shot.shot_number}"

    def no_final_note(self, outcome: str) -> str:
        """`Scene 1, shot 2 has no final image yet: a blank board.` (what an export did)."""
        return f"{self.label[0].upper()}{self.label[1:]} has no final image yet: {outcome}."

    @property
    def prompt(self) -> str:
        """The prompt that drew the final image, else the shot's initial prompt."""
        if self.image is not None and self.image.iteration_prompt:
            return self.image.iteration_prompt
        return self.shot.initial_prompt

    @property
    def has_current_clip(self) -> bool:
        """A finished clip made from the current final pick."""
        sel = self.selection
        return (
            sel is not None
            and self.image is not None
            and sel.animation_status == ImageStatus.COMPLETE
            and self.clip_path is not None
            and not sel.stale_reason
            and sel.animated_image_id in (None, self.image.id)
        )

    @property
    def status(self) -> str:
        """A short word for the shot list: where this shot is."""
        if self.image is None:
            return "no final pick"
        sel = self.selection
        if sel is None:
            return "final picked"
        if sel.animation_status is None:
            return "not animated"
        if sel.animation_status.is_active:
            return "animating"
        if sel.animation_status == ImageStatus.FAILED:
            return "animation failed"
        if not self.has_current_clip:
            return "clip stale" if sel.stale_reason else "clip missing"
        return "animated"

    def verified_image_path(self) -> Path:
        """The final image's file, present and intact (SHA-256), else MediaError naming the shot."""
        if self.image is None or self.image_path is None:
            raise MediaError(f"{self.label} has no final image yet; pick one first.")
        return verified_file(self.image_path, f"final image of {self.label}")

    def verified_clip_path(self) -> Path:
        """The clip's file, present and intact (SHA-256), else MediaError naming the shot."""
        if self.clip_path is None:
            raise MediaError(f"{self.label} has no clip; animate the shot first.")
        return verified_file(self.clip_path, f"clip of {self.label}")

    def explicit_duration(self) -> float | None:
        if self.selection is not None and self.selection.duration_seconds:
            return float(self.selection.duration_seconds)
        return None


@dataclass(frozen=True)
class Timeline:
    """The project and its shots in order."""

    project: ProjectInfo
    scenes: tuple[SceneInfo, ...]
    entries: tuple[ShotEntry, ...]
    media: MediaLayout

    @property
    def picked(self) -> list[ShotEntry]:
        """The shots that have a final image, in order."""
        return [e for e in self.entries if e.image is not None]

    @property
    def gaps(self) -> list[ShotEntry]:
        return [e for e in self.entries if e.image is None]

    def check_media(self, *, clips: bool = True) -> None:
        """Check every final image (and current clip) before an export reads them.

        Raises MediaError naming the first shot whose file is missing or damaged, so no
        export is written from a broken file. Hashing is remembered per file (see
        `verified_file`); call it off the GUI thread.
        """
        for entry in self.entries:
            if entry.image is None or entry.image_path is None:
                continue
            entry.verified_image_path()
            if clips and entry.has_current_clip:
                entry.verified_clip_path()


def load_timeline(store: Store, media_root: Path, project_id: int) -> Timeline:
    """Read the project, its scenes and shots, final images and selections."""
    layout = MediaLayout(media_root)
    project = store.projects.get(project_id)
    scenes = store.scenes.list(project_id)
    selections = {s.shot_id: s for s in store.storyboard.list(project_id)}
    entries = []
    for scene in scenes:
        for shot in scene.shots:
            image = store.images.get(shot.selected_image_id) if shot.selected_image_id else None
            selection = selections.get(shot.id)
            image_path = (
                layout.path_for(image.image_storage_id)
                if image is not None and image.image_storage_id
                else None
            )
            clip_path = (
                layout.path_for(selection.video_storage_id)
                if selection is not None and selection.video_storage_id
                else None
            )
            entries.append(ShotEntry(scene, shot, image, selection, image_path, clip_path))
    return Timeline(project, tuple(scenes), tuple(entries), layout)


def clip_duration(path: Path | None) -> float | None:
    """A clip's own length, or None when there is no readable clip."""
    if path is None or not path.is_file():
        return None
    from storyboard_app.media.probe import MediaFileError, probe

    try:
        return probe(path).duration
    except MediaFileError:
        return None


def shot_duration(entry: ShotEntry, default_seconds: float) -> float:
    """The shot's length: set by the user, else its clip's (even a stale one), else default."""
    return entry.explicit_duration() or clip_duration(entry.clip_path) or default_seconds
