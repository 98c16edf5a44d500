"""Legacy v1 → v2 migration: mapping, backup, idempotence, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from storyboard_app.domain.enums import ImageStatus, RedesignStatus, WorkflowVersion
from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.legacy_migration import migrate_all, migrate_project
from storyboard_app.store.models import (
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoClip,
    VideoProject,
)
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.interchange.builders import ExportData, legacy_project
from tests.interchange.conftest import dump


@pytest.fixture
def legacy_id(store: Store, tmp_path: Path) -> int:
    data = ExportData()
    legacy_project(data, scenes=3)
    report = import_convex_export(store, store.paths.media, data.write(tmp_path / "v1.zip"))
    return report.project_ids[0]


def test_each_legacy_scene_becomes_a_scene_a_shot_and_a_final_image(
    store: Store, legacy_id: int
) -> None:
    report = migrate_project(store, legacy_id)
    assert report.outcome == "migrated"
    assert (report.scenes, report.shots, report.images, report.selections) == (3, 3, 3, 2)
    assert report.backup is not None and Path(report.backup).is_file()
    with store.sessions() as s:
        project = s.get(VideoProject, legacy_id)
        assert project is not None
        assert project.workflow_version == WorkflowVersion.V2_REDESIGN
        # Scene 2 has no clip, so not every shot is animated yet.
        assert project.redesign_status == RedesignStatus.STORYBOARD_FINAL
        legacy = s.scalars(select(LegacyScene).order_by(LegacyScene.scene_number)).all()
        for old in legacy:
            assert old.archived_at is not None  # kept, marked archived
            scene = s.get(ProjectScene, old.migrated_scene_id)
            assert scene is not None and scene.title == old.title
            assert scene.scene_number == old.scene_number
            shot = s.scalar(select(SceneShot).where(SceneShot.scene_id == scene.id))
            assert shot is not None and shot.shot_number == 1
            assert shot.initial_prompt == old.prompt
            image = s.get(ShotImage, shot.selected_image_id)
            assert image is not None
            assert (image.iteration_number, image.variant_number) == (0, 0)
            assert image.status == ImageStatus.COMPLETE
            assert image.image_storage_id == old.image_storage_id
            assert image.image_url == old.image_url
            selection = s.scalar(
                select(StoryboardSelection).where(StoryboardSelection.shot_id == shot.id)
            )
            clip = s.scalar(select(VideoClip).where(VideoClip.scene_id == old.id))
            if clip is None:
                assert selection is None
            else:
                assert selection is not None and clip.archived_at is not None
                assert selection.animated_video_url == clip.video_url
                assert selection.animation_status == ImageStatus.COMPLETE
                assert selection.animated_image_id == image.id == selection.selected_image_id
                assert selection.duration_seconds == clip.duration_seconds


def test_a_second_run_changes_nothing(store: Store, legacy_id: int) -> None:
    migrate_project(store, legacy_id)
    before = dump(store)
    again = migrate_project(store, legacy_id)
    assert again.outcome == "already_migrated"
    assert migrate_all(store) == []
    assert dump(store) == before


def test_a_clip_without_an_image_is_reported(store: Store, legacy_id: int) -> None:
    with store.sessions.begin() as s:
        scene = s.scalar(select(LegacyScene).where(LegacyScene.scene_number == 1))
        assert scene is not None
        scene.image_url = None
        scene.image_storage_id = None
    report = migrate_project(store, legacy_id)
    assert report.images == 2 and report.selections == 1
    assert any("no image" in item.reason for item in report.skipped)


def test_migrate_all_cli_json(data_paths, legacy_id: int, store: Store, capsys) -> None:  # type: ignore[no-untyped-def]
    store.close()
    migrated = cli(capsys, None, "migrate", "--all", "--json")
    assert migrated.code == 0, migrated.err
    out = migrated.json()
    assert [p["project_id"] for p in out["projects"]] == [legacy_id]
    assert out["projects"][0]["counts"]["scene_shots"] == 3
    again = cli(capsys, None, "migrate", str(legacy_id), "--json")
    assert again.code == 0 and again.json()["outcome"] == "already_migrated"
    missing = cli(capsys, None, "migrate", "999")
    assert missing.code == 1 and "no project with id 999" in missing.err
