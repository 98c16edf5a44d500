"""Importing a Convex export: every mapping rule, both encodings, idempotent re-import."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storyboard_app.domain.enums import ImageStatus, RedesignStatus, WorkflowVersion
from storyboard_app.interchange.convex import ImportCancelled, import_convex_export
from storyboard_app.interchange.convex.rows import WAITING_MESSAGE
from storyboard_app.media.store_paths import MediaLayout
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
from tests.interchange.builders import T0, ExportData, legacy_project, v2_project
from tests.interchange.conftest import dump


def _project(store: Store, source_id: str) -> VideoProject:
    with store.sessions() as s:
        project = s.scalar(select(VideoProject).where(VideoProject.source_id == source_id))
        assert project is not None
        return project


@pytest.mark.parametrize("encoding", ["uniform", "old"])
def test_both_encodings_import_the_same_rows(
    store: Store, tmp_path: Path, export_data: ExportData, encoding: str
) -> None:
    path = export_data.write(tmp_path / f"{encoding}.zip", encoding=encoding)  # type: ignore[arg-type]
    report = import_convex_export(store, store.paths.media, path)
    counts = {name: c.inserted for name, c in report.tables.items()}
    assert counts == {
        "video_projects": 2,
        "project_scenes": 2,
        "scene_shots": 4,
        "shot_images": 48,
        "storyboard_selections": 4,
        "scenes": 3,
        "video_clips": 2,
    }
    assert report.skipped_total == 0
    assert report.files_stored == 51
    assert set(report.encoding.values()) == {encoding}
    with store.sessions() as s:
        image = s.scalar(select(ShotImage).where(ShotImage.variant_number == 3).limit(1))
        assert image is not None
        # v.number() floats became ints; metadata's integral floats too (the seed).
        assert image.generation_params == {"model": "flux", "seed": 1003, "cfg_scale": 3.5}
        assert isinstance(image.iteration_number, int)


def test_mapping_rules(store: Store, export_zip: Path, export_data: ExportData) -> None:
    report = import_convex_export(store, store.paths.media, export_zip)
    project_doc = export_data.tables["videoProjects"][0]
    media = MediaLayout(store.paths.media)
    with store.sessions() as s:
        project = s.scalar(select(VideoProject).where(VideoProject.source_id == project_doc["_id"]))
        assert project is not None and project.id in report.project_ids
        # Times: createdAt wins for the column, `_creationTime` is kept in extra.
        assert project.created_at == datetime(2023, 11, 14, 22, 13, 20, 250, tzinfo=UTC)
        assert project.extra["_creationTime"] == project_doc["_creationTime"]
        # Unknown fields are kept, not dropped.
        assert project.extra["colorGrade"] == {"lut": "warm", "strength": 0.5}
        assert project.user_id == "user_123" and project.status == "draft"
        assert project.workflow_version == WorkflowVersion.V2_REDESIGN
        # The stage is derived from the data: every shot has a final pick and a clip.
        assert project.redesign_status == RedesignStatus.ANIMATION_COMPLETE

        shot_doc = export_data.tables["sceneShots"][0]
        shot = s.scalar(select(SceneShot).where(SceneShot.source_id == shot_doc["_id"]))
        assert shot is not None
        scene = s.get(ProjectScene, shot.scene_id)
        assert scene is not None and scene.project_id == project.id
        assert scene.source_id == shot_doc["sceneId"]
        final = s.get(ShotImage, shot.selected_image_id)
        assert final is not None and final.source_id == shot_doc["selectedImageId"]
        assert final.shot_id == shot.id and final.iteration_number == 1
        # Lineage: round 1 descends from the favourite of round 0.
        parent = s.get(ShotImage, final.parent_image_id)
        assert parent is not None and parent.iteration_number == 0 and parent.is_favorite
        # Files from _storage are in the media store; the URL is kept as history.
        image_doc = export_data.find("shotImages", _id=final.source_id)
        assert final.image_url == image_doc["imageUrl"]
        assert final.extra["imageStorageId"] == image_doc["imageStorageId"]
        assert media.existing_path(final.image_storage_id) is not None
        selection = s.scalar(
            select(StoryboardSelection).where(StoryboardSelection.shot_id == shot.id)
        )
        assert selection is not None and selection.selected_image_id == final.id
        assert selection.animation_status == ImageStatus.COMPLETE

        legacy = s.scalar(select(VideoProject).where(VideoProject.title == "Old trailer"))
        assert legacy is not None
        # No workflowVersion and legacy scenes → a v1 project.
        assert legacy.workflow_version == WorkflowVersion.V1_LEGACY
        assert legacy.final_video_url == "https://example.com/final.mp4"
        scene1 = s.scalar(select(LegacyScene).where(LegacyScene.title == "Legacy scene 1"))
        assert scene1 is not None and scene1.project_id == legacy.id
        assert scene1.replicate_image_id == "legacypred1"  # replicate*Id is recognised
        assert scene1.extra["voiceover"] == "narration 1"
        assert media.existing_path(scene1.image_storage_id) is not None
        clip = s.scalar(select(VideoClip).where(VideoClip.scene_id == scene1.id))
        assert clip is not None
        assert clip.replicate_video_id == "legacyvid1" and clip.duration_seconds == 5.0


def test_internal_id_uuids_resolve_to_stored_files(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    legacy_project(data, internal_ids=True)
    report = import_convex_export(store, store.paths.media, data.write(tmp_path / "old.zip", "old"))
    assert report.files_stored == 3
    with store.sessions() as s:
        scenes = s.scalars(select(LegacyScene)).all()
        assert len(scenes) == 3
        for scene in scenes:
            assert scene.extra["imageStorageId"].count("-") == 4  # the UUID is kept
            assert MediaLayout(store.paths.media).existing_path(scene.image_storage_id)


def test_second_import_of_the_same_zip_changes_nothing(store: Store, export_zip: Path) -> None:
    import_convex_export(store, store.paths.media, export_zip)
    before = dump(store)
    again = import_convex_export(store, store.paths.media, export_zip)
    assert again.inserted == 0 and again.updated == 0
    assert sum(c.unchanged for c in again.tables.values()) == 65
    assert dump(store) == before


def test_reimport_applies_changes_without_duplicates(
    store: Store, tmp_path: Path, export_data: ExportData
) -> None:
    import_convex_export(store, store.paths.media, export_data.write(tmp_path / "a.zip"))
    scene_doc = export_data.tables["projectScenes"][0]
    scene_doc["title"] = "Renamed on the web"
    shot_doc = export_data.tables["sceneShots"][0]
    image_doc = export_data.find(
        "shotImages", shotId=shot_doc["_id"], variantNumber=4.0, iterationNumber=0.0
    )
    shot_doc["selectedImageId"] = image_doc["_id"]
    report = import_convex_export(store, store.paths.media, export_data.write(tmp_path / "b.zip"))
    assert report.inserted == 0
    assert report.tables["project_scenes"].updated == 1
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ProjectScene)) == 2
        scene = s.scalar(select(ProjectScene).where(ProjectScene.source_id == scene_doc["_id"]))
        assert scene is not None and scene.title == "Renamed on the web"
        shot = s.scalar(select(SceneShot).where(SceneShot.source_id == shot_doc["_id"]))
        assert shot is not None
        final = s.get(ShotImage, shot.selected_image_id)
        assert final is not None and final.source_id == image_doc["_id"]


def test_an_export_without_files_keeps_urls_and_convex_ids(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1)
    data.files.clear()  # exported without --include-file-storage
    for doc in data.tables["shotImages"]:
        doc["imageStorageId"] = "kg" + data.new_id()[2:]
    report = import_convex_export(store, store.paths.media, data.write(tmp_path / "e.zip"))
    assert report.files_stored == 0
    assert any("--include-file-storage" in item.reason for item in report.skipped)
    with store.sessions() as s:
        images = s.scalars(select(ShotImage)).all()
        assert len(images) == 6
        assert all(i.image_storage_id is None and i.image_url for i in images)
        assert all(i.extra["imageStorageId"].startswith("kg") for i in images)


def test_numbers_are_renumbered_contiguously_and_the_original_kept(
    store: Store, tmp_path: Path
) -> None:
    data = ExportData()
    v2_project(data, scenes=3, shots=1, rounds=1, with_files=False)
    for doc, number in zip(data.tables["projectScenes"], [0.0, 4.0, 2.0], strict=True):
        doc["sceneNumber"] = number  # zero-based and with gaps, as a web app may leave them
    import_convex_export(store, store.paths.media, data.write(tmp_path / "n.zip"))
    with store.sessions() as s:
        scenes = s.scalars(select(ProjectScene).order_by(ProjectScene.scene_number)).all()
        assert [sc.scene_number for sc in scenes] == [1, 2, 3]
        assert [sc.extra["convex_scene_number"] for sc in scenes] == [0, 2, 4]
        assert [sc.title for sc in scenes] == ["Scene 1", "Scene 3", "Scene 2"]


def test_unfinished_variants_without_a_prediction_are_not_resumed(
    store: Store, tmp_path: Path
) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
    waiting = data.tables["shotImages"][0]
    waiting["status"] = "processing"
    del waiting["replicateImageId"]
    running = data.tables["shotImages"][1]
    running["status"] = "processing"
    import_convex_export(store, store.paths.media, data.write(tmp_path / "p.zip"))
    with store.sessions() as s:
        first = s.scalar(select(ShotImage).where(ShotImage.source_id == waiting["_id"]))
        second = s.scalar(select(ShotImage).where(ShotImage.source_id == running["_id"]))
        assert first is not None and second is not None
        assert first.status == ImageStatus.FAILED and first.error == WAITING_MESSAGE
        assert first.extra["status"] == "processing"
        assert second.status == ImageStatus.PROCESSING  # resumable by its prediction id


def test_progress_reaches_the_total(store: Store, export_zip: Path) -> None:
    calls: list[tuple[int, int]] = []
    import_convex_export(
        store, store.paths.media, export_zip, progress=lambda d, t: calls.append((d, t))
    )
    assert calls and calls[-1][0] == calls[-1][1] > 0
    assert all(d <= t for d, t in calls)


def test_cancel_leaves_the_database_unchanged(store: Store, export_zip: Path) -> None:
    before = dump(store)
    checks = iter(range(1000))
    with pytest.raises(ImportCancelled, match="unchanged"):
        import_convex_export(store, store.paths.media, export_zip, cancel=lambda: next(checks) >= 3)
    assert dump(store) == before


def test_other_tables_are_reported_not_imported(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
    data.add("users", {"name": "ann", "createdAt": T0})
    data.add("users", {"name": "bob", "createdAt": T0})
    report = import_convex_export(store, store.paths.media, data.write(tmp_path / "u.zip"))
    assert report.ignored_tables == {"users": 2}
    assert report.skipped_total == 0
