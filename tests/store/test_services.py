"""Services: projects, scenes, shots, images, selections, cascades and the workflow stage."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storyboard_app.domain.enums import ImageStatus, RedesignStatus
from storyboard_app.domain.errors import InvalidInputError, NotFoundError
from storyboard_app.domain.limits import MAX_PROMPT_CHARS
from storyboard_app.domain.workflow import ProjectFacts, workflow_stage
from storyboard_app.store.models import SceneShot, ShotImage, StoryboardSelection, VideoProject
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.stage import project_facts

SHA = "ab" * 32


def _complete_round(store: Store, shot_id: int, parent: int | None = None) -> list[int]:
    rows = store.images.create_round(shot_id, prompt="a harbour at dawn", parent_image_id=parent)
    for i, row in enumerate(rows):
        store.images.record_prediction(row.id, f"pred-{row.id}")
        store.images.complete(row.id, storage_id=f"{i:02x}" * 32, image_url="https://x/y.png")
    return [r.id for r in rows]


def _count(store: Store, model: type) -> int:
    with store.sessions.begin() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_stage_follows_the_data_forwards_and_back(store: Store) -> None:
    p = store.projects.create("Film")
    assert store.projects.get(p.id).redesign_status == RedesignStatus.PROMPT_PLANNING
    scene = store.scenes.add_scene(p.id, "Opening")
    shot = store.scenes.add_shot(scene.id, "skyline")
    assert store.projects.get(p.id).redesign_status == RedesignStatus.SCENES_SETUP
    ids = _complete_round(store, shot.id)
    assert store.projects.get(p.id).redesign_status == RedesignStatus.SHOT_ITERATION
    store.images.select_final(ids[2])
    assert store.projects.get(p.id).redesign_status == RedesignStatus.STORYBOARD_FINAL
    (sel,) = store.storyboard.build(p.id)
    store.storyboard.start_animation(sel.id)
    store.storyboard.complete_animation(sel.id, storage_id=SHA, video_url="u", image_id=ids[2])
    assert store.projects.get(p.id).redesign_status == RedesignStatus.ANIMATION_COMPLETE
    # A new shot without a final image moves the stage back.
    store.scenes.add_shot(scene.id, "a second shot")
    assert store.projects.get(p.id).redesign_status == RedesignStatus.SHOT_ITERATION


def test_project_facts_of_many_projects_count_each_apart(store: Store) -> None:
    """One grouped count for many projects (the importer's finishing step uses it too)."""
    film = store.projects.create("Film")
    scene = store.scenes.add_scene(film.id, "Opening")
    first = store.scenes.add_shot(scene.id, "skyline")
    store.scenes.add_shot(scene.id, "street")
    ids = _complete_round(store, first.id)
    store.images.select_final(ids[0])
    (sel,) = store.storyboard.build(film.id)
    store.storyboard.start_animation(sel.id)
    store.storyboard.complete_animation(sel.id, storage_id=SHA, video_url="u", image_id=ids[0])
    other = store.projects.create("Other")
    store.scenes.add_scene(other.id, "One")
    store.scenes.add_scene(other.id, "Two")
    empty = store.projects.create("Empty")
    with store.sessions.begin() as s:
        facts = project_facts(s, [film.id, other.id, empty.id, 9999])
    assert facts == {
        film.id: ProjectFacts(
            scenes=1,
            shots=2,
            shots_with_images=1,
            shots_with_final=1,
            shots_animated=1,
            selections=1,
        ),
        other.id: ProjectFacts(2, 0, 0, 0, 0),
        empty.id: ProjectFacts(0, 0, 0, 0, 0),
        9999: ProjectFacts(0, 0, 0, 0, 0),
    }
    with store.sessions.begin() as s:  # each alone: the same
        assert all(project_facts(s, [p])[p] == facts[p] for p in facts)


def test_stage_function_table() -> None:
    f = ProjectFacts
    assert workflow_stage(f(0, 0, 0, 0, 0)) == RedesignStatus.PROMPT_PLANNING
    assert workflow_stage(f(2, 0, 0, 0, 0)) == RedesignStatus.SCENES_SETUP
    assert workflow_stage(f(2, 3, 0, 0, 0)) == RedesignStatus.SCENES_SETUP
    assert workflow_stage(f(2, 3, 1, 0, 0)) == RedesignStatus.SHOT_ITERATION
    assert workflow_stage(f(2, 3, 3, 2, 0)) == RedesignStatus.SHOT_ITERATION
    assert workflow_stage(f(2, 3, 3, 3, 2)) == RedesignStatus.STORYBOARD_FINAL
    assert workflow_stage(f(2, 3, 3, 3, 3)) == RedesignStatus.ANIMATION_COMPLETE


def test_round_of_six_and_unique_variants(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "prompt")
    first = _complete_round(store, shot.id)
    second = store.images.create_round(shot.id, prompt="refined", parent_image_id=first[0])
    assert [r.variant_number for r in second] == list(range(6))
    assert {r.iteration_number for r in second} == {1}
    assert all(r.parent_image_id == first[0] and r.status == ImageStatus.PENDING for r in second)
    with store.sessions.begin() as s, pytest.raises(Exception, match="UNIQUE"):
        s.add(
            ShotImage(
                project_id=p.id,
                scene_id=shot.scene_id,
                shot_id=shot.id,
                iteration_number=1,
                variant_number=0,
            )
        )
        s.flush()


def test_refining_needs_a_completed_parent_of_the_same_shot(store: Store) -> None:
    p = store.projects.create("Film")
    scene = store.scenes.add_scene(p.id, "S")
    a = store.scenes.add_shot(scene.id, "a")
    b = store.scenes.add_shot(scene.id, "b")
    ids = _complete_round(store, a.id)
    with pytest.raises(InvalidInputError, match="another shot"):
        store.images.create_round(b.id, prompt="x", parent_image_id=ids[0])
    pending = store.images.create_round(a.id, prompt="x", parent_image_id=ids[0])
    with pytest.raises(InvalidInputError, match="no finished picture"):
        store.images.create_round(a.id, prompt="x", parent_image_id=pending[0].id)
    with pytest.raises(InvalidInputError, match="only a completed image"):
        store.images.select_final(pending[0].id)


def test_empty_and_enormous_prompts_are_refused(store: Store) -> None:
    p = store.projects.create("Film")
    scene = store.scenes.add_scene(p.id, "S")
    shot = store.scenes.add_shot(scene.id, "ok")
    with pytest.raises(InvalidInputError, match="empty"):
        store.images.create_round(shot.id, prompt="   ")
    with pytest.raises(InvalidInputError, match="limit"):
        store.scenes.add_shot(scene.id, "x" * 100_000)
    assert MAX_PROMPT_CHARS < 100_000
    assert len(store.scenes.get_scene(scene.id).shots) == 1


def test_unknown_ids_get_clear_errors(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no project with id 42"):
        store.projects.get(42)
    with pytest.raises(NotFoundError, match="no scene with id 7"):
        store.scenes.add_shot(7, "x")
    with pytest.raises(NotFoundError, match="no image with id 9"):
        store.images.star(9)


def test_shot_cannot_move_to_a_scene_of_another_project(store: Store) -> None:
    p1, p2 = store.projects.create("One"), store.projects.create("Two")
    s1 = store.scenes.add_scene(p1.id, "S1")
    s2 = store.scenes.add_scene(p2.id, "S2")
    shot = store.scenes.add_shot(s1.id, "x")
    with pytest.raises(InvalidInputError, match="another project"):
        store.scenes.move_shot(shot.id, 1, s2.id)
    assert store.scenes.get_shot(shot.id).scene_id == s1.id


def test_moving_a_shot_across_scenes_carries_its_images(store: Store) -> None:
    p = store.projects.create("Film")
    s1 = store.scenes.add_scene(p.id, "S1")
    s2 = store.scenes.add_scene(p.id, "S2")
    a = store.scenes.add_shot(s1.id, "a")
    store.scenes.add_shot(s1.id, "b")
    store.scenes.add_shot(s2.id, "c")
    ids = _complete_round(store, a.id)
    store.scenes.move_shot(a.id, 1, s2.id)
    scenes = store.scenes.list(p.id)
    assert [sh.initial_prompt for sh in scenes[0].shots] == ["b"]
    assert [sh.initial_prompt for sh in scenes[1].shots] == ["a", "c"]
    assert store.images.get(ids[0]).scene_id == s2.id


def test_deletes_cascade_scene_shots_images_selections(store: Store) -> None:
    p = store.projects.create("Film")
    scene = store.scenes.add_scene(p.id, "S")
    shot = store.scenes.add_shot(scene.id, "x")
    ids = _complete_round(store, shot.id)
    store.images.select_final(ids[0])
    store.storyboard.build(p.id)
    assert _count(store, StoryboardSelection) == 1
    store.scenes.delete_scene(scene.id)
    assert _count(store, SceneShot) == 0
    assert _count(store, ShotImage) == 0
    assert _count(store, StoryboardSelection) == 0
    assert store.projects.get(p.id).redesign_status == RedesignStatus.PROMPT_PLANNING


def test_project_delete_removes_everything(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "x")
    store.images.select_final(_complete_round(store, shot.id)[1])
    store.storyboard.build(p.id)
    store.projects.delete(p.id)
    assert _count(store, VideoProject) == 0
    assert _count(store, ShotImage) == 0


def test_one_selection_per_shot_and_stale_clip_when_final_changes(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "x")
    ids = _complete_round(store, shot.id)
    store.images.select_final(ids[0])
    (sel,) = store.storyboard.build(p.id)
    store.storyboard.start_animation(sel.id)
    store.storyboard.complete_animation(sel.id, storage_id=SHA, video_url="u", image_id=ids[0])
    store.images.select_final(ids[3])
    again = store.storyboard.build(p.id)
    assert len(again) == 1 and again[0].id == sel.id
    assert again[0].selected_image_id == ids[3]
    assert again[0].stale_reason and "final pick changed" in again[0].stale_reason
    assert not any(ch.isdigit() for ch in again[0].stale_reason)  # creator words, no ids
    assert again[0].video_storage_id == SHA  # the clip is kept, only marked stale
    store.images.select_final(ids[0])  # back to the animated image: current again
    assert store.storyboard.get(sel.id).stale_reason is None


def test_a_clip_into_the_next_shot_goes_stale_when_that_shots_final_changes(
    store: Store,
) -> None:
    p = store.projects.create("Film")
    scene = store.scenes.add_scene(p.id, "S").id
    first, second = (store.scenes.add_shot(scene, prompt) for prompt in ("a", "b"))
    ones, twos = _complete_round(store, first.id), _complete_round(store, second.id)
    store.images.select_final(ones[0])
    store.images.select_final(twos[0])
    selections = {sel.shot_id: sel for sel in store.storyboard.build(p.id)}
    sel = selections[first.id]
    store.storyboard.start_animation(sel.id, end_shot_id=second.id, end_image_id=twos[0])
    store.storyboard.complete_animation(sel.id, storage_id=SHA, video_url="u", image_id=ones[0])
    assert store.storyboard.get(sel.id).stale_reason is None
    store.images.select_final(twos[2])  # the next shot's final changes
    reason = store.storyboard.get(sel.id).stale_reason
    assert reason is not None and "next shot" in reason
    store.images.select_final(twos[0])  # and back: the clip matches again
    assert store.storyboard.get(sel.id).stale_reason is None


def test_retry_keeps_the_old_attempt_in_history(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "x")
    row = store.images.create_round(shot.id, prompt="x")[0]
    store.images.record_prediction(row.id, "pred-1")
    store.images.fail(row.id, "The content filter rejected this image.")
    again = store.images.reset_for_retry(row.id)
    assert again.status == ImageStatus.PENDING and again.replicate_image_id is None
    (attempt,) = again.generation_params["attempts"]
    assert attempt["prediction_id"] == "pred-1"
    assert attempt["error"] == "The content filter rejected this image."
    assert attempt["error_kind"] == "failed" and "error_kind" not in again.generation_params


def test_lineage_is_the_ancestor_chain(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "x")
    r0 = _complete_round(store, shot.id)
    r1 = _complete_round(store, shot.id, parent=r0[4])
    r2 = _complete_round(store, shot.id, parent=r1[1])
    assert [i.id for i in store.images.lineage(r2[5])] == [r2[5], r1[1], r0[4]]


def test_duplicate_project_copies_rows_with_new_ids(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "x")
    r0 = _complete_round(store, shot.id)
    r1 = _complete_round(store, shot.id, parent=r0[2])
    store.images.select_final(r1[0])
    copy = store.projects.duplicate(p.id)
    assert copy.id != p.id and copy.title == "Film (copy)"
    scenes = store.scenes.list(copy.id)
    copied_shot = scenes[0].shots[0]
    images = store.images.for_shot(copied_shot.id)
    assert len(images) == 12
    final = store.images.get(copied_shot.selected_image_id or -1)
    assert final.iteration_number == 1 and final.variant_number == 0
    parent = store.images.get(final.parent_image_id or -1)
    assert parent.shot_id == copied_shot.id and parent.variant_number == 2


def test_dashboard_list_counts_and_thumbnail(store: Store) -> None:
    p = store.projects.create("Film")
    scene = store.scenes.add_scene(p.id, "S")
    shot = store.scenes.add_shot(scene.id, "x")
    store.scenes.add_shot(scene.id, "y")
    ids = _complete_round(store, shot.id)
    store.images.select_final(ids[3])
    (summary,) = store.projects.list()
    assert (summary.scene_count, summary.shot_count) == (1, 2)
    assert summary.thumbnail_storage_id == store.images.get(ids[3]).image_storage_id


def test_legacy_projects_are_read_only(store: Store) -> None:
    from storyboard_app.domain.enums import WorkflowVersion

    with store.sessions.begin() as s:
        project = VideoProject(title="Old", workflow_version=WorkflowVersion.V1_LEGACY)
        s.add(project)
        s.flush()
        pid = project.id
    with pytest.raises(InvalidInputError, match="legacy workflow"):
        store.scenes.add_scene(pid, "new")


def test_shot_cover_is_the_latest_finished_image_while_a_round_runs(store: Store) -> None:
    p = store.projects.create("Film")
    shot = store.scenes.add_shot(store.scenes.add_scene(p.id, "S").id, "x")
    first = _complete_round(store, shot.id)
    store.images.create_round(shot.id, prompt="next", parent_image_id=first[0])  # pending
    (info,) = store.scenes.list(p.id)[0].shots
    assert (info.image_count, info.round_count) == (12, 2)
    assert info.cover_storage_id == store.images.get(first[5]).image_storage_id
    store.images.select_final(first[1])
    (info,) = store.scenes.list(p.id)[0].shots
    assert info.cover_storage_id == store.images.get(first[1]).image_storage_id


def test_trashed_projects_are_hidden_restorable_and_purged(store: Store) -> None:
    keep = store.projects.create("Keep")
    gone = store.projects.create("Gone")
    store.scenes.add_scene(gone.id, "S")
    store.projects.trash(gone.id)
    assert [p.id for p in store.projects.list()] == [keep.id]
    store.projects.restore(gone.id)
    assert {p.id for p in store.projects.list()} == {keep.id, gone.id}
    store.projects.trash(gone.id)
    assert store.projects.purge_trashed() == 1
    with pytest.raises(NotFoundError):
        store.projects.get(gone.id)
    assert store.projects.get(keep.id).title == "Keep"
