"""The legacy page's state without widgets: newest load wins, selection kept, clips, migration."""

from __future__ import annotations

from pathlib import Path

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.store.dto import LegacyClipInfo, LegacySceneInfo
from storyboard_app.store.services.legacy import LegacyProjectView
from storyboard_app.ui.legacy.loading import LegacyPageData, clip_label, counts_text, scene_label
from storyboard_app.ui.legacy.state import LegacyPageState


def _scene(scene_id: int, number: int, storage_id: str | None = None) -> LegacySceneInfo:
    return LegacySceneInfo(
        id=scene_id,
        scene_number=number,
        title=f"Scene title {number}",
        description="",
        prompt="",
        image_url=None,
        image_storage_id=storage_id,
        status=None,
        archived=False,
    )


def _clip(clip_id: int, scene_id: int) -> LegacyClipInfo:
    return LegacyClipInfo(
        id=clip_id,
        scene_id=scene_id,
        prompt=f"clip {clip_id}",
        video_url=f"https://example.invalid/{clip_id}.mp4",
        video_storage_id=None,
        status="complete",
        duration_seconds=2.5,
        archived=False,
    )


def _data(
    scenes: tuple[LegacySceneInfo, ...],
    clips: tuple[LegacyClipInfo, ...] = (),
    paths: dict[int, Path | None] | None = None,
    version: WorkflowVersion = WorkflowVersion.V1_LEGACY,
) -> LegacyPageData:
    view = LegacyProjectView(7, "Old film", "", version, scenes, clips)
    return LegacyPageData(view, paths or {})


def test_only_the_newest_load_lands_and_the_shown_scene_is_kept() -> None:
    state = LegacyPageState()
    first = state.start_load()
    second = state.start_load()
    assert not state.accept(first, _data((_scene(1, 1),)))  # overtaken by the second
    assert state.data is None
    assert state.accept(second, _data((_scene(1, 1), _scene(2, 2))))
    assert state.scene_to_show() == 1  # nothing shown yet: the first scene
    state.show_scene(2)
    assert state.accept(state.start_load(), _data((_scene(1, 1), _scene(2, 2))))
    assert state.scene_to_show() == 2  # still there: kept
    assert state.accept(state.start_load(), _data((_scene(1, 1),)))
    assert state.scene_to_show() == 1  # gone: back to the first
    assert state.accept(state.start_load(), _data(()))
    assert state.scene_to_show() is None
    state.clear()
    assert state.data is None and state.scene_id is None


def test_the_first_clip_stored_here_is_loaded_and_thumbnails_find_their_scenes(
    tmp_path: Path,
) -> None:
    state = LegacyPageState()
    scenes = (_scene(1, 1, "aa" * 32), _scene(2, 2, "aa" * 32), _scene(3, 3, "bb" * 32))
    clips = (_clip(10, 1), _clip(11, 1), _clip(12, 2))
    stored = tmp_path / "11.mp4"
    state.accept(state.start_load(), _data(scenes, clips, {10: None, 11: stored, 12: None}))
    assert state.show_scene(1) == scenes[0]
    assert [c.id for c in state.clips()] == [10, 11]
    first = state.first_clip()
    assert first is not None and first.id == 11  # the one with a local file
    state.show_scene(2)
    only = state.first_clip()
    assert only is not None and only.id == 12  # none stored: the first anyway
    assert state.show_scene(99) is None and state.clips() == () and state.first_clip() is None
    assert state.scenes_showing("aa" * 32) == [1, 2]
    assert state.clip(11) == clips[1] and state.clip(None) is None
    assert state.clip_path(11) == stored and state.clip_path(10) is None


def test_a_finished_migration_asks_for_one_reload() -> None:
    state = LegacyPageState()
    state.migration_started()
    assert state.migrating
    assert not state.migration_ended()  # failed: nothing to reload
    state.migration_started()
    state.migration_succeeded()
    assert state.migration_ended() and not state.migrating
    assert not state.migration_ended()  # only once
    state.accept(state.start_load(), _data((), version=WorkflowVersion.V2_REDESIGN))
    assert state.already_migrated


def test_row_texts() -> None:
    view = _data((_scene(1, 1), _scene(2, 2)), (_clip(10, 1),)).view
    assert counts_text(view) == "2 scenes, 1 video clip"
    assert scene_label(_scene(1, 3)) == "Scene 3 · Scene title 3"
    assert clip_label(_clip(10, 1), None) == "clip 10 · 2.5 s · complete · not stored locally"
