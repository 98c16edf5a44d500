"""Scene and shot numbers stay contiguous through any sequence of add, move, delete (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.numbering import inserted, moved
from storyboard_app.store.open_store import Store

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add_scene"), st.integers(0, 8)),
        st.tuples(st.just("add_shot"), st.integers(0, 8), st.integers(0, 8)),
        st.tuples(st.just("move_scene"), st.integers(0, 8), st.integers(-1, 9)),
        st.tuples(st.just("move_shot"), st.integers(0, 8), st.integers(0, 8), st.integers(-1, 9)),
        st.tuples(st.just("delete_scene"), st.integers(0, 8)),
        st.tuples(st.just("delete_shot"), st.integers(0, 8)),
        st.tuples(st.just("dup_scene"), st.integers(0, 8)),
        st.tuples(st.just("dup_shot"), st.integers(0, 8)),
    ),
    max_size=25,
)


def _assert_contiguous(store: Store, project_id: int) -> None:
    scenes = store.scenes.list(project_id)
    assert [s.scene_number for s in scenes] == list(range(1, len(scenes) + 1))
    for scene in scenes:
        assert [sh.shot_number for sh in scene.shots] == list(range(1, len(scene.shots) + 1))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_any_sequence_keeps_numbers_contiguous(store: Store, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    project = store.projects.create("Numbering")
    for op in ops:
        scenes = store.scenes.list(project.id)
        shots = [sh for sc in scenes for sh in sc.shots]
        kind = op[0]
        try:
            if kind == "add_scene":
                store.scenes.add_scene(
                    project.id, f"S{op[1]}", position=(op[1] % (len(scenes) + 1)) + 1
                )
            elif kind == "add_shot" and scenes:
                scene = scenes[op[1] % len(scenes)]
                store.scenes.add_shot(scene.id, "p", position=(op[2] % (len(scene.shots) + 1)) + 1)
            elif kind == "move_scene" and scenes:
                store.scenes.move_scene(scenes[op[1] % len(scenes)].id, op[2])
            elif kind == "move_shot" and shots:
                target = scenes[op[2] % len(scenes)]
                store.scenes.move_shot(shots[op[1] % len(shots)].id, op[3], target.id)
            elif kind == "delete_scene" and scenes:
                store.scenes.delete_scene(scenes[op[1] % len(scenes)].id)
            elif kind == "delete_shot" and shots:
                store.scenes.delete_shot(shots[op[1] % len(shots)].id)
            elif kind == "dup_scene" and scenes:
                store.scenes.duplicate_scene(scenes[op[1] % len(scenes)].id)
            elif kind == "dup_shot" and shots:
                store.scenes.duplicate_shot(shots[op[1] % len(shots)].id)
        except InvalidInputError:
            pass  # an out-of-range position is refused; numbers must still be intact
        _assert_contiguous(store, project.id)
    store.projects.delete(project.id)


def test_move_to_out_of_range_position_is_refused_and_changes_nothing(store: Store) -> None:
    project = store.projects.create("P")
    a = store.scenes.add_scene(project.id, "A")
    store.scenes.add_scene(project.id, "B")
    for bad in (0, 3, -1):
        try:
            store.scenes.move_scene(a.id, bad)
        except InvalidInputError as exc:
            assert "from 1 to 2" in str(exc)
        else:  # pragma: no cover - the assertion below reports it
            raise AssertionError(f"position {bad} was accepted")
    assert [s.title for s in store.scenes.list(project.id)] == ["A", "B"]


def test_pure_helpers() -> None:
    assert moved(["a", "b", "c"], "c", 1) == ["c", "a", "b"]
    assert inserted(["a", "b"], "x", 2) == ["a", "x", "b"]
    assert inserted(["a"], "x", None) == ["a", "x"]
