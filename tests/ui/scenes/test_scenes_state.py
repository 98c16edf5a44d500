"""The scenes editor's state without widgets: stale reads, reloads after writes, placement."""

from __future__ import annotations

from storyboard_app.store.dto import SceneInfo, ShotInfo
from storyboard_app.ui.scenes.state import (
    ScenesEditorState,
    form_is_dirty,
    form_title,
    images_lost,
    new_scene_position,
    new_shot_place,
)


def _shot(shot_id: int, scene_id: int, number: int, images: int = 0) -> ShotInfo:
    return ShotInfo(shot_id, 1, scene_id, number, "desc", "prompt", None, image_count=images)


def _scenes() -> list[SceneInfo]:
    return [
        SceneInfo(10, 1, 1, "Dawn", "", (_shot(100, 10, 1, 6), _shot(101, 10, 2, 12))),
        SceneInfo(11, 1, 2, "Storm", "wind", (_shot(110, 11, 1),)),
    ]


def test_a_read_overtaken_by_a_write_is_dropped_and_the_tree_reloads_once_drained() -> None:
    state = ScenesEditorState()
    assert state.idle
    generation = state.read_queued()
    assert not state.idle
    state.write_queued(structural=False)  # typed an edit while the read ran
    assert not state.read_landed(generation)  # stale: the edit is not in it
    state.write_landed()
    drained = state.drained()
    assert drained.reload and drained.changed
    generation = state.read_queued()
    assert state.read_landed(generation)
    then = state.drained()
    assert not then.reload and not then.changed  # announced once
    assert state.idle


def test_a_structural_write_reloads_and_a_failed_queue_drops_the_history() -> None:
    state = ScenesEditorState()
    state.write_queued(structural=True)
    assert not state.idle
    assert not state.queue_failed()  # nothing failed: keep the undo history
    state.write_errored()
    assert state.queue_failed()  # the caller clears its undo stack
    assert not state.queue_failed()  # once
    assert state.drained().reload
    state.read_failed()
    assert not state.stale


def test_new_rows_go_after_the_selection() -> None:
    scenes = _scenes()
    dawn, storm = scenes
    assert new_scene_position(dawn, scenes) == 2
    assert new_scene_position(storm.shots[0], scenes) == 3
    assert new_scene_position(None, scenes) is None  # at the end
    assert new_shot_place(dawn.shots[0], scenes) == (10, 2)
    assert new_shot_place(dawn, scenes) == (10, 3)
    assert new_shot_place(None, scenes) == (11, 2)
    assert new_shot_place(None, []) is None
    assert images_lost(dawn) == 18 and images_lost(storm.shots[0]) == 0


def test_form_title_and_dirtiness() -> None:
    scenes = _scenes()
    dawn, storm = scenes
    assert form_title(dawn, scenes) == "<b>Scene 1</b>"
    assert form_title(storm.shots[0], scenes) == "<b>Scene 2, shot 1</b>"
    assert form_title(None, scenes).startswith("Select a scene")
    assert not form_is_dirty(storm, "Storm", "wind", "ignored for scenes")
    assert form_is_dirty(storm, "Storm!", "wind", "")
    assert not form_is_dirty(storm.shots[0], "ignored for shots", "desc", "prompt")
    assert form_is_dirty(storm.shots[0], "", "desc", "a new prompt")
    assert not form_is_dirty(None, "a", "b", "c")
