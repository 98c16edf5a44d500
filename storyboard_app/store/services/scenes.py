"""Scenes and shots: add, edit, delete, move to any position, duplicate; numbers stay 1..n."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain import shot_language
from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import (
    MAX_DESCRIPTION_CHARS,
    clean_prompt,
    clean_text,
    clean_title,
)
from storyboard_app.domain.numbering import check_position, inserted, moved
from storyboard_app.domain.outline import DraftScene
from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.store.models import ProjectScene, SceneShot, ShotImage, VideoProject
from storyboard_app.store.services.common import get_or_raise, lock_project, take_write_lock
from storyboard_app.store.services.shot_fields import shot_fields
from storyboard_app.store.services.shot_pictures import shot_pictures
from storyboard_app.store.services.stage import project_changed

# Renumbering passes through numbers no scene or shot has, so no UPDATE ever meets the
# unique (parent, number) constraint, whatever order the rows are flushed in.
TEMPORARY_NUMBER = 1_000_000_000


def _renumber(s: Session, rows: Sequence[ProjectScene] | Sequence[SceneShot], column: str) -> None:
    changing = [
        (row, number) for number, row in enumerate(rows, start=1) if getattr(row, column) != number
    ]
    if not changing:
        return
    for row, number in changing:
        setattr(row, column, TEMPORARY_NUMBER + number)
    s.flush()
    for row, number in changing:
        setattr(row, column, number)
    s.flush()


def _renumber_scenes(s: Session, scenes: Sequence[ProjectScene]) -> None:
    _renumber(s, scenes, "scene_number")


def _renumber_shots(s: Session, shots: Sequence[SceneShot]) -> None:
    _renumber(s, shots, "shot_number")


def _ordered_scenes(s: Session, project_id: int) -> list[ProjectScene]:
    return list(
        s.scalars(
            select(ProjectScene)
            .where(ProjectScene.project_id == project_id)
            .order_by(ProjectScene.scene_number, ProjectScene.id)
            .execution_options(populate_existing=True)
        )
    )


def _ordered_shots(s: Session, scene_id: int) -> list[SceneShot]:
    return list(
        s.scalars(
            select(SceneShot)
            .where(SceneShot.scene_id == scene_id)
            .order_by(SceneShot.shot_number, SceneShot.id)
            .execution_options(populate_existing=True)
        )
    )


def _editable_project(s: Session, project_id: int, *, renumbering: bool = False) -> VideoProject:
    """The v2 project, locked (PostgreSQL row lock) when its numbers are about to change."""
    if renumbering:
        lock_project(s, project_id)
    project = get_or_raise(s, VideoProject, project_id)
    if project.workflow_version != WorkflowVersion.V2_REDESIGN:
        raise InvalidInputError(
            f"Project {project_id} uses the legacy workflow and is read-only. "
            "Migrate it to the new workflow first."
        )
    return project


def scene_infos(s: Session, project_id: int) -> list[SceneInfo]:
    """Scenes with their shots and per-shot image counts and covers, in at most seven queries."""
    scenes = _ordered_scenes(s, project_id)
    shots = s.scalars(
        select(SceneShot)
        .where(SceneShot.project_id == project_id)
        .order_by(SceneShot.shot_number, SceneShot.id)
    ).all()
    counts, covers, finals, starred = shot_pictures(s, project_id)
    by_scene: dict[int, list[ShotInfo]] = {}
    for shot in shots:
        n, rounds, _ = counts.get(shot.id, (0, 0, None))
        by_scene.setdefault(shot.scene_id, []).append(
            ShotInfo(
                id=shot.id,
                project_id=shot.project_id,
                scene_id=shot.scene_id,
                shot_number=shot.shot_number,
                description=shot.description,
                initial_prompt=shot.initial_prompt,
                selected_image_id=shot.selected_image_id,
                image_count=n,
                round_count=rounds,
                cover_storage_id=finals.get(shot.id) or covers.get(shot.id),
                starred_storage_id=starred.get(shot.id),
                final_storage_id=finals.get(shot.id),
                fields=shot_fields(shot),
            )
        )
    return [
        SceneInfo(
            id=scene.id,
            project_id=scene.project_id,
            scene_number=scene.scene_number,
            title=scene.title,
            description=scene.description,
            shots=tuple(by_scene.get(scene.id, [])),
        )
        for scene in scenes
    ]


def _shot_info(shot: SceneShot) -> ShotInfo:
    return ShotInfo(
        id=shot.id,
        project_id=shot.project_id,
        scene_id=shot.scene_id,
        shot_number=shot.shot_number,
        description=shot.description,
        initial_prompt=shot.initial_prompt,
        selected_image_id=shot.selected_image_id,
        fields=shot_fields(shot),
    )


def _scene_info(scene: ProjectScene, shots: Sequence[SceneShot] = ()) -> SceneInfo:
    return SceneInfo(
        id=scene.id,
        project_id=scene.project_id,
        scene_number=scene.scene_number,
        title=scene.title,
        description=scene.description,
        shots=tuple(_shot_info(shot) for shot in shots),
    )


class SceneService:
    """Scenes and shots of v2 projects; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- reading ---------------------------------------------------------------------------

    def list(self, project_id: int) -> list[SceneInfo]:
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            return scene_infos(s, project_id)

    def get_scene(self, scene_id: int) -> SceneInfo:
        with self._sessions.begin() as s:
            scene = get_or_raise(s, ProjectScene, scene_id)
            return _scene_info(scene, _ordered_shots(s, scene_id))

    def get_shot(self, shot_id: int) -> ShotInfo:
        with self._sessions.begin() as s:
            return _shot_info(get_or_raise(s, SceneShot, shot_id))

    # -- scenes ----------------------------------------------------------------------------

    def add_scene(
        self,
        project_id: int,
        title: str,
        description: str = "",
        position: int | None = None,
    ) -> SceneInfo:
        title = clean_title(title, "The scene title")
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The scene description")
        with self._sessions.begin() as s:
            take_write_lock(s)
            _editable_project(s, project_id, renumbering=True)
            scenes = _ordered_scenes(s, project_id)
            scene = ProjectScene(
                project_id=project_id,
                scene_number=TEMPORARY_NUMBER * 2,
                title=title,
                description=description,
            )
            s.add(scene)
            _renumber_scenes(s, inserted(scenes, scene, position))
            s.flush()
            project_changed(s, project_id)
            return _scene_info(scene)

    def edit_scene(
        self, scene_id: int, *, title: str | None = None, description: str | None = None
    ) -> SceneInfo:
        with self._sessions.begin() as s:
            scene = get_or_raise(s, ProjectScene, scene_id)
            _editable_project(s, scene.project_id)
            if title is not None:
                scene.title = clean_title(title, "The scene title")
            if description is not None:
                scene.description = clean_text(
                    description, MAX_DESCRIPTION_CHARS, "The scene description"
                )
            project_changed(s, scene.project_id)
            return _scene_info(scene, _ordered_shots(s, scene_id))

    def delete_scene(self, scene_id: int) -> None:
        with self._sessions.begin() as s:
            take_write_lock(s)
            scene = get_or_raise(s, ProjectScene, scene_id)
            project_id = scene.project_id
            _editable_project(s, project_id, renumbering=True)
            for shot in _ordered_shots(s, scene_id):
                shot.selected_image_id = None
            s.flush()
            s.delete(scene)
            s.flush()
            _renumber_scenes(s, _ordered_scenes(s, project_id))
            project_changed(s, project_id)

    def move_scene(self, scene_id: int, position: int) -> SceneInfo:
        with self._sessions.begin() as s:
            take_write_lock(s)
            scene = get_or_raise(s, ProjectScene, scene_id)
            _editable_project(s, scene.project_id, renumbering=True)
            _renumber_scenes(s, moved(_ordered_scenes(s, scene.project_id), scene, position))
            project_changed(s, scene.project_id)
            return _scene_info(scene)

    def duplicate_scene(self, scene_id: int) -> SceneInfo:
        """Copy a scene and its shots (text only, no images) right after the original."""
        with self._sessions.begin() as s:
            take_write_lock(s)
            scene = get_or_raise(s, ProjectScene, scene_id)
            _editable_project(s, scene.project_id, renumbering=True)
            scenes = _ordered_scenes(s, scene.project_id)
            copy = ProjectScene(
                project_id=scene.project_id,
                scene_number=TEMPORARY_NUMBER * 2,
                title=clean_title(f"{scene.title} (copy)"[:200], "The scene title"),
                description=scene.description,
            )
            s.add(copy)
            s.flush()
            copied_shots = []
            for shot in _ordered_shots(s, scene_id):
                new_shot = SceneShot(
                    project_id=scene.project_id,
                    scene_id=copy.id,
                    shot_number=shot.shot_number,
                    description=shot.description,
                    initial_prompt=shot.initial_prompt,
                )
                s.add(new_shot)
                copied_shots.append(new_shot)
            _renumber_scenes(s, inserted(scenes, copy, scene.scene_number + 1))
            s.flush()
            project_changed(s, scene.project_id)
            return _scene_info(copy, copied_shots)

    def apply_draft(
        self, project_id: int, drafts: Sequence[DraftScene], *, replace: bool = False
    ) -> builtins.list[SceneInfo]:
        """Write drafted scenes and shots in one transaction (see `apply_draft`)."""
        return apply_draft(self._sessions, project_id, drafts, replace=replace)

    # -- shots -----------------------------------------------------------------------------

    def add_shot(
        self,
        scene_id: int,
        initial_prompt: str,
        description: str = "",
        position: int | None = None,
    ) -> ShotInfo:
        prompt = clean_prompt(initial_prompt)
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The shot description")
        with self._sessions.begin() as s:
            take_write_lock(s)
            scene = get_or_raise(s, ProjectScene, scene_id)
            _editable_project(s, scene.project_id, renumbering=True)
            shots = _ordered_shots(s, scene_id)
            shot = SceneShot(
                project_id=scene.project_id,
                scene_id=scene_id,
                shot_number=TEMPORARY_NUMBER * 2,
                description=description,
                initial_prompt=prompt,
            )
            s.add(shot)
            _renumber_shots(s, inserted(shots, shot, position))
            s.flush()
            project_changed(s, scene.project_id)
            return _shot_info(shot)

    def edit_shot(
        self,
        shot_id: int,
        *,
        description: str | None = None,
        initial_prompt: str | None = None,
    ) -> ShotInfo:
        with self._sessions.begin() as s:
            shot = get_or_raise(s, SceneShot, shot_id)
            _editable_project(s, shot.project_id)
            if description is not None:
                shot.description = clean_text(
                    description, MAX_DESCRIPTION_CHARS, "The shot description"
                )
            if initial_prompt is not None:
                shot.initial_prompt = clean_prompt(initial_prompt)
            project_changed(s, shot.project_id)
            return _shot_info(shot)

    def delete_shot(self, shot_id: int) -> None:
        with self._sessions.begin() as s:
            take_write_lock(s)
            shot = get_or_raise(s, SceneShot, shot_id)
            scene_id, project_id = shot.scene_id, shot.project_id
            _editable_project(s, project_id, renumbering=True)
            shot.selected_image_id = None
            s.flush()
            s.delete(shot)
            s.flush()
            _renumber_shots(s, _ordered_shots(s, scene_id))
            project_changed(s, project_id)

    def move_shot(self, shot_id: int, position: int, scene_id: int | None = None) -> ShotInfo:
        """Move a shot to `position` in its scene, or in another scene of the same project."""
        with self._sessions.begin() as s:
            take_write_lock(s)
            shot = get_or_raise(s, SceneShot, shot_id)
            _editable_project(s, shot.project_id, renumbering=True)
            source_scene = shot.scene_id
            target_scene = source_scene if scene_id is None else scene_id
            if target_scene == source_scene:
                _renumber_shots(s, moved(_ordered_shots(s, source_scene), shot, position))
            else:
                target = get_or_raise(s, ProjectScene, target_scene)
                if target.project_id != shot.project_id:
                    raise InvalidInputError(
                        f"Scene {target_scene} belongs to another project; "
                        "a shot can only move between scenes of its own project."
                    )
                target_shots = _ordered_shots(s, target_scene)
                check_position(position, len(target_shots) + 1)
                shot.shot_number = TEMPORARY_NUMBER * 2  # its old number may be taken there
                shot.scene_id = target_scene
                # The shot's images and selection follow it to the new scene.
                for image in s.scalars(select(ShotImage).where(ShotImage.shot_id == shot.id)):
                    image.scene_id = target_scene
                if shot.selection is not None:
                    shot.selection.scene_id = target_scene
                s.flush()
                _renumber_shots(s, [x for x in _ordered_shots(s, source_scene) if x is not shot])
                _renumber_shots(s, inserted(target_shots, shot, position))
            s.flush()
            project_changed(s, shot.project_id)
            return _shot_info(shot)

    def duplicate_shot(self, shot_id: int) -> ShotInfo:
        """Copy a shot's text right after it (images stay with the original)."""
        with self._sessions.begin() as s:
            take_write_lock(s)
            shot = get_or_raise(s, SceneShot, shot_id)
            _editable_project(s, shot.project_id, renumbering=True)
            shots = _ordered_shots(s, shot.scene_id)
            copy = SceneShot(
                project_id=shot.project_id,
                scene_id=shot.scene_id,
                shot_number=TEMPORARY_NUMBER * 2,
                description=shot.description,
                initial_prompt=shot.initial_prompt,
            )
            s.add(copy)
            _renumber_shots(s, inserted(shots, copy, shot.shot_number + 1))
            s.flush()
            project_changed(s, shot.project_id)
            return _shot_info(copy)


def apply_draft(
    sessions: sessionmaker[Session],
    project_id: int,
    drafts: Sequence[DraftScene],
    *,
    replace: bool = False,
) -> list[SceneInfo]:
    """Write drafted scenes and shots in one transaction (appended, or replacing the old ones)."""
    with sessions.begin() as s:
        return write_draft(s, project_id, drafts, replace=replace)


def write_draft(
    s: Session, project_id: int, drafts: Sequence[DraftScene], *, replace: bool = False
) -> list[SceneInfo]:
    """`apply_draft` inside the caller's transaction (an import creating its project too)."""
    take_write_lock(s)
    _editable_project(s, project_id, renumbering=True)
    existing = _ordered_scenes(s, project_id)
    if replace and existing:
        has_images = s.scalar(
            select(ShotImage.id).where(ShotImage.project_id == project_id).limit(1)
        )
        if has_images:
            raise InvalidInputError(
                "The project's shots already have images; replacing the scenes would "
                "delete them. Add the draft instead, or delete the scenes yourself."
            )
        for scene in existing:
            s.delete(scene)
        s.flush()
        existing = []

    def text(value: str, what: str) -> str:
        return clean_text(value, MAX_DESCRIPTION_CHARS, what)

    for number, draft in enumerate(drafts, start=len(existing) + 1):
        scene = ProjectScene(
            project_id=project_id,
            scene_number=number,
            title=clean_title(draft.title, "The scene title"),
            description=text(draft.description, "The scene description"),
            extra={"script_scene_number": draft.number} if draft.number else {},
        )
        scene.shots = [  # one flush for the whole draft: inserts go in batches
            SceneShot(
                project_id=project_id,
                shot_number=shot_number,
                description=text(shot.description, "The shot description"),
                initial_prompt=clean_prompt(shot.initial_prompt),
                dialogue=text(shot.dialogue, "The shot's dialogue"),
                action=text(shot.action, "The shot's action"),
                notes=text(shot.notes, "The shot's notes"),
                shot_type=shot_language.shot_type(shot.shot_type),
            )
            for shot_number, shot in enumerate(draft.shots, start=1)
        ]
        s.add(scene)
    s.flush()
    project_changed(s, project_id)
    return scene_infos(s, project_id)
