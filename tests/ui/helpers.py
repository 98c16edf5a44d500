"""Test data helpers: legacy projects and stored images, written like an import would."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.media.store_paths import MediaLayout
from storyboard_app.store.models import LegacyScene, VideoProject
from storyboard_app.store.open_store import Store


def add_legacy_project(store: Store, title: str, scenes: int = 2) -> int:
    """A v1 project with `scenes` scenes, as the Convex importer leaves it."""
    with store.sessions.begin() as s:
        project = VideoProject(
            title=title, description="old", workflow_version=WorkflowVersion.V1_LEGACY
        )
        s.add(project)
        s.flush()
        for number in range(1, scenes + 1):
            s.add(LegacyScene(project_id=project.id, scene_number=number, title=f"Old {number}"))
        return project.id


def store_image(store: Store, color: tuple[int, int, int] = (200, 40, 40)) -> str:
    """Write a small PNG and its thumbnail into the media folder; return its storage id."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), color).save(buffer, "PNG")
    data = buffer.getvalue()
    storage_id = hashlib.sha256(data).hexdigest()
    layout = MediaLayout(store.paths.media)
    path = layout.path_for(storage_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    Image.new("RGB", (64, 36), color).save(layout.thumbnail_path_for(storage_id), "JPEG")
    return storage_id


def complete_one_image(store: Store, shot_id: int, storage_id: str) -> int:
    """Start a round on the shot and complete its first variant with the stored file."""
    images = store.images.create_round(shot_id, prompt="a prompt")
    store.images.complete(images[0].id, storage_id=storage_id)
    return images[0].id
