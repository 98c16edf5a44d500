"""Fixtures of the Storyboarder tests: the committed fixture projects, copied per test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.store.open_store import Store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "storyboarder"


@pytest.fixture
def single(tmp_path: Path) -> Path:
    """A copy of `single/Bridge-Chase/` (boards that have and lack each field); its file."""
    root = shutil.copytree(FIXTURES / "single" / "Bridge-Chase", tmp_path / "Bridge-Chase")
    return Path(root) / "Bridge-Chase.storyboarder"


@pytest.fixture
def multi(tmp_path: Path) -> Path:
    """A copy of `multi/Harbour/` (a script and three scene folders); its folder."""
    return Path(shutil.copytree(FIXTURES / "multi" / "Harbour", tmp_path / "Harbour"))


@dataclass(frozen=True)
class Shot:
    """One imported shot as the tests compare it."""

    scene: str
    description: str
    dialogue: str
    action: str
    notes: str
    seconds: float | None
    image: bytes | None
    provider: str | None
    extra: dict[str, Any]


def shots_of(store: Store, project_id: int) -> list[Shot]:
    """The project's shots in order, with the final image's bytes and the shot's length."""
    from sqlalchemy import select

    from storyboard_app.store.models import SceneShot

    durations = {s.shot_id: s.duration_seconds for s in store.storyboard.list(project_id)}
    with store.sessions.begin() as s:
        extras = {row[0]: row[1] for row in s.execute(select(SceneShot.id, SceneShot.extra)).all()}
    out = []
    for scene in store.scenes.list(project_id):
        for shot in scene.shots:
            image = provider = None
            if shot.selected_image_id is not None:
                info = store.images.get(shot.selected_image_id)
                assert info.iteration_number == 0 and info.image_storage_id
                image = store.paths.media.joinpath(
                    info.image_storage_id[:2], info.image_storage_id
                ).read_bytes()
                provider = info.generation_params.get("provider")
            out.append(
                Shot(
                    scene.title,
                    shot.description,
                    shot.fields.dialogue,
                    shot.fields.action,
                    shot.fields.notes,
                    durations.get(shot.id),
                    image,
                    provider,
                    extras[shot.id].get("storyboarder", {}),
                )
            )
    return out
