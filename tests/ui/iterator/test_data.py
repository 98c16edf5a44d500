"""Loading a shot's grid in a constant number of queries, round summaries, the lineage tree."""

from __future__ import annotations

from typing import Any

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.open_store import Store
from storyboard_app.ui.iterator.data import (
    ROUND_WINDOW,
    build_lineage,
    load_round_window,
    load_shot_view,
    shot_state,
)
from tests.helpers import count_queries
from tests.ui.iterator.conftest import make_project

STORAGE = "ab" * 32


def _round(
    store: Store, shot_id: int, parent: int | None = None, fail: int | None = None
) -> list[int]:
    rows = store.images.create_round(shot_id, prompt="a prompt", parent_image_id=parent)
    for row in rows:
        if row.variant_number == fail:
            store.images.fail(row.id, "boom")
        else:
            store.images.complete(row.id, storage_id=STORAGE)
    return [row.id for row in rows]


def test_round_summaries_count_statuses_and_name_the_parent(store: Store) -> None:
    project = make_project(store)
    shot = project.shots[0]
    first = _round(store, shot, fail=5)
    store.images.star(first[1], True)
    second = _round(store, shot, parent=first[3])
    store.images.create_round(shot, prompt="running", parent_image_id=second[0])
    summaries = store.images.round_summaries(shot)
    assert [s.iteration_number for s in summaries] == [0, 1, 2]
    zero, one, two = summaries
    assert (zero.complete, zero.failed, zero.active, zero.favourites) == (5, 1, 0, 1)
    assert zero.parent_image_id is None and zero.parent_storage_id is None
    assert (one.parent_image_id, one.parent_iteration, one.parent_variant) == (first[3], 0, 3)
    assert one.parent_storage_id == STORAGE
    assert (two.active, two.complete, two.prompt) == (6, 0, "running")
    assert store.images.round_summaries(project.shots[1]) == []


def test_opening_a_shot_takes_the_same_few_queries_however_many_rounds(store: Store) -> None:
    project = make_project(store)
    small, big = project.shots[0], project.shots[1]
    parent = _round(store, small)[0]
    _round(store, small, parent=parent)
    parent = _round(store, big)[0]
    for _ in range(30):
        parent = _round(store, big, parent=parent)[2]
    with count_queries(store) as few:
        small_view = load_shot_view(store, small)
    with count_queries(store) as many:
        big_view = load_shot_view(store, big)
    assert len(few) == len(many) <= 5
    assert small_view.round is not None and small_view.round.iteration == 1
    assert big_view.round is not None and big_view.round.iteration == 30
    assert big_view.round.parent is not None and big_view.round.parent.id == parent_of(big_view)
    assert len(big_view.rounds) == min(31, ROUND_WINDOW + 1) and len(big_view.round.images) == 6
    with count_queries(store) as earlier:
        view = load_shot_view(store, big, iteration=4)
    assert len(earlier) <= 5 and view.round is not None and view.round.iteration == 4
    empty = load_shot_view(store, project.shots[2])
    assert empty.round is None and empty.rounds == ()
    assert shot_state(empty.shot) == "no images"


def parent_of(view: Any) -> int:
    return int(view.round.images[0].parent_image_id)


def test_lineage_tree_and_the_path_to_the_final_pick(store: Store) -> None:
    project = make_project(store)
    shot = project.shots[0]
    r0 = _round(store, shot)
    r1 = _round(store, shot, parent=r0[2])
    r2 = _round(store, shot, parent=r0[4])  # a branch from round 0
    r3 = _round(store, shot, parent=r1[1])
    store.images.select_final(r3[5])
    images = store.images.for_shot(shot)
    tree = build_lineage(images, r3[5])
    assert tree.roots == tuple(r0)
    assert tree.children[r0[2]] == tuple(r1)
    assert tree.children[r0[4]] == tuple(r2)
    assert tree.children[r1[1]] == tuple(r3)
    assert tree.final_path == {r3[5], r1[1], r0[2]}
    assert tree.final_id == r3[5]
    assert build_lineage(images, None).final_path == frozenset()
    assert all(i.status == ImageStatus.COMPLETE for i in images)


def test_lineage_survives_a_missing_parent(store: Store) -> None:
    project = make_project(store)
    shot = project.shots[0]
    r0 = _round(store, shot)
    r1 = _round(store, shot, parent=r0[0])
    images = [i for i in store.images.for_shot(shot) if i.id != r0[0]]  # parent deleted
    tree = build_lineage(images, r1[0])
    assert set(tree.roots) == set(r0[1:]) | set(r1)
    assert tree.final_path == {r1[0]}


def test_the_rounds_strip_gets_a_window_around_the_shown_round(store: Store) -> None:
    project = make_project(store)
    shot = project.shots[0]
    for _ in range(ROUND_WINDOW + 12):
        for row in store.images.create_round(shot, prompt="quick"):
            store.images.fail(row.id, "stopped")  # one round at a time: end it before the next
    latest = ROUND_WINDOW + 11
    view = load_shot_view(store, shot)
    assert view.latest_iteration == latest
    numbers = [r.iteration_number for r in view.rounds]
    assert numbers == list(range(latest - ROUND_WINDOW, latest + 1))
    early = load_shot_view(store, shot, iteration=3)
    assert [r.iteration_number for r in early.rounds] == list(range(0, 3 + ROUND_WINDOW + 1))
    assert early.round is not None and early.round.iteration == 3
    assert load_round_window(store, project.shots[1], None) == (None, ())
