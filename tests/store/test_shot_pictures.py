"""Which pictures stand for a shot (the scenes board and the navigator), and migration 0005's
partial index that finds the latest starred image without reading every image."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from storyboard_app.store.open_store import Store


def _round(store: Store, shot_id: int, storage: str) -> list[int]:
    images = store.images.create_round(shot_id, prompt="boats")
    for n, image in enumerate(images):
        store.images.complete(image.id, storage_id=f"{storage}{n}".ljust(64, "0"))
    return [image.id for image in images]


def test_the_board_shows_the_final_else_the_latest_starred_image(store: Store) -> None:
    project = store.projects.create("Covers")
    scene = store.scenes.add_scene(project.id, "Dawn")
    picked, starred, plain = (store.scenes.add_shot(scene.id, p).id for p in "abc")
    first = _round(store, picked, "a")
    store.images.star(first[1])
    store.images.select_final(first[4])
    older = _round(store, starred, "b")
    newer = _round(store, starred, "c")
    store.images.star(older[0])
    store.images.star(newer[2])
    store.images.star(newer[3], on=False)  # never starred: changes nothing
    _round(store, plain, "d")
    shots = {shot.id: shot for shot in store.scenes.list(project.id)[0].shots}
    assert shots[picked].board_cover == store.images.get(first[4]).image_storage_id
    assert shots[starred].board_cover == store.images.get(newer[2]).image_storage_id
    assert shots[plain].board_cover is None
    assert shots[plain].cover_storage_id is not None  # the navigator still shows the latest


def test_the_latest_starred_image_is_found_through_the_partial_index(store: Store) -> None:
    project = store.projects.create("Plan")
    scene = store.scenes.add_scene(project.id, "Dawn")
    shot = store.scenes.add_shot(scene.id, "boats").id
    store.images.star(_round(store, shot, "e")[0])
    with closing(sqlite3.connect(store.paths.database)) as c:
        indexes = {row[1] for row in c.execute("PRAGMA index_list('shot_images')")}
        assert "ix_shot_images_starred" in indexes
        plan = " ".join(
            str(row[3])
            for row in c.execute(
                "EXPLAIN QUERY PLAN SELECT max(id) FROM shot_images "
                "WHERE shot_id IN (1, 2) AND is_favorite = 1 GROUP BY shot_id"
            )
        )
    assert "ix_shot_images_starred" in plan
