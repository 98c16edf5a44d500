"""The whole project as one JSON-ready document (`project show --json`, bundles)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.time_format import iso_z
from storyboard_app.store.models import (
    Element,
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoClip,
    VideoProject,
)
from storyboard_app.store.services.common import get_or_raise

PathOf = Callable[[str | None], str | None]


def _image(image: ShotImage, path_of: PathOf) -> dict[str, Any]:
    return {
        "id": image.id,
        "iteration_number": image.iteration_number,
        "variant_number": image.variant_number,
        "status": image.status.value,
        "is_favorite": image.is_favorite,
        "parent_image_id": image.parent_image_id,
        "iteration_prompt": image.iteration_prompt,
        "image_url": image.image_url,
        "image_storage_id": image.image_storage_id,
        "replicate_image_id": image.replicate_image_id,
        "file_path": path_of(image.image_storage_id),
        "generation_params": image.generation_params or {},
        "error": image.error,
        "reference_changed": image.reference_changed,
        "is_rejected": bool(image.is_rejected),
        "cost_usd": image.cost_usd,
    }


def _selection(selection: StoryboardSelection | None, path_of: PathOf) -> dict[str, Any] | None:
    if selection is None:
        return None
    return {
        "id": selection.id,
        "selected_image_id": selection.selected_image_id,
        "animation_status": (
            selection.animation_status.value if selection.animation_status else None
        ),
        "animated_video_url": selection.animated_video_url,
        "replicate_video_id": selection.replicate_video_id,
        "video_path": path_of(selection.video_storage_id),
        "video_storage_id": selection.video_storage_id,
        "animated_image_id": selection.animated_image_id,
        "stale_reason": selection.stale_reason,
        "motion_prompt": selection.motion_prompt,
        "duration_seconds": selection.duration_seconds,
        "cost_usd": selection.cost_usd,
    }


def _legacy(s: Session, project_id: int, path_of: PathOf) -> dict[str, Any]:
    scenes = s.scalars(
        select(LegacyScene)
        .where(LegacyScene.project_id == project_id)
        .order_by(LegacyScene.scene_number, LegacyScene.id)
    ).all()
    clips = s.scalars(
        select(VideoClip).where(VideoClip.project_id == project_id).order_by(VideoClip.id)
    ).all()
    return {
        "scenes": [
            {
                "id": scene.id,
                "scene_number": scene.scene_number,
                "title": scene.title,
                "description": scene.description,
                "prompt": scene.prompt,
                "image_url": scene.image_url,
                "image_storage_id": scene.image_storage_id,
                "file_path": path_of(scene.image_storage_id),
                "status": scene.status,
                "archived": scene.archived_at is not None,
            }
            for scene in scenes
        ],
        "video_clips": [
            {
                "id": clip.id,
                "scene_id": clip.scene_id,
                "prompt": clip.prompt,
                "video_url": clip.video_url,
                "video_storage_id": clip.video_storage_id,
                "video_path": path_of(clip.video_storage_id),
                "status": clip.status,
                "duration_seconds": clip.duration_seconds,
                "archived": clip.archived_at is not None,
            }
            for clip in clips
        ],
    }


def _elements(s: Session, project_id: int, path_of: PathOf) -> list[dict[str, Any]]:
    rows = s.scalars(
        select(Element)
        .where(Element.project_id == project_id)
        .order_by(Element.kind, Element.name_key)
        .options(selectinload(Element.images))
    ).all()
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "name": e.name,
            "description": e.description or "",
            "images": [
                {"sha256": i.storage_id, "file_path": path_of(i.storage_id)} for i in e.images
            ],
        }
        for e in rows
    ]


def project_tree(s: Session, project_id: int, path_of: PathOf) -> dict[str, Any]:
    """Build the document in a constant number of queries."""
    project = get_or_raise(s, VideoProject, project_id)
    scenes = s.scalars(
        select(ProjectScene)
        .where(ProjectScene.project_id == project_id)
        .order_by(ProjectScene.scene_number, ProjectScene.id)
    ).all()
    shots = s.scalars(
        select(SceneShot)
        .where(SceneShot.project_id == project_id)
        .order_by(SceneShot.shot_number, SceneShot.id)
    ).all()
    images = s.scalars(
        select(ShotImage)
        .where(ShotImage.project_id == project_id)
        .order_by(ShotImage.iteration_number, ShotImage.variant_number)
    ).all()
    selections = {
        sel.shot_id: sel
        for sel in s.scalars(
            select(StoryboardSelection).where(StoryboardSelection.project_id == project_id)
        )
    }
    images_by_shot: dict[int, list[dict[str, Any]]] = {}
    for image in images:
        images_by_shot.setdefault(image.shot_id, []).append(_image(image, path_of))
    shots_by_scene: dict[int, list[dict[str, Any]]] = {}
    for shot in shots:
        shots_by_scene.setdefault(shot.scene_id, []).append(
            {
                "id": shot.id,
                "shot_number": shot.shot_number,
                "description": shot.description,
                "initial_prompt": shot.initial_prompt,
                "selected_image_id": shot.selected_image_id,
                "shot_type": shot.shot_type,
                "angle": shot.angle,
                "move": shot.move,
                "dialogue": shot.dialogue or "",
                "action": shot.action or "",
                "notes": shot.notes or "",
                "images": images_by_shot.get(shot.id, []),
                "selection": _selection(selections.get(shot.id), path_of),
            }
        )
    is_legacy = project.workflow_version == WorkflowVersion.V1_LEGACY
    has_legacy_rows = is_legacy or s.scalar(
        select(LegacyScene.id).where(LegacyScene.project_id == project_id).limit(1)
    )
    return {
        "id": project.id,
        "title": project.title,
        "description": project.description,
        "workflow_version": project.workflow_version.value,
        "redesign_status": project.redesign_status.value if project.redesign_status else None,
        "prompt_planner_data": project.prompt_planner_data,
        "created_at": iso_z(project.created_at),
        "updated_at": iso_z(project.updated_at),
        "aspect_ratio": project.aspect_ratio,
        "style": project.style or "",
        "fps": project.fps,
        "elements": _elements(s, project_id, path_of),
        "scenes": [
            {
                "id": scene.id,
                "scene_number": scene.scene_number,
                "title": scene.title,
                "description": scene.description,
                "shots": shots_by_scene.get(scene.id, []),
            }
            for scene in scenes
        ],
        "legacy": _legacy(s, project_id, path_of) if has_legacy_rows else None,
    }


def load_project_tree(
    sessions: sessionmaker[Session], project_id: int, path_of: PathOf
) -> dict[str, Any]:
    with sessions.begin() as s:
        return project_tree(s, project_id, path_of)
