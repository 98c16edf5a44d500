"""Which stored files the rows mention (`media gc` keeps them) and which are never collected."""

from __future__ import annotations

from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.media_references import protected_storage_ids, referenced_storage_ids
from storyboard_app.store.open_store import Store
from tests.media.media_helpers import png_bytes


def _round(store: Store, media: MediaStore, shot_id: int, parent: int | None = None) -> list[int]:
    ids = []
    for row in store.images.create_round(shot_id, prompt="a harbour", parent_image_id=parent):
        storage = media.put_bytes(png_bytes((row.variant_number * 40, 90, 140 + (parent or 0))))
        store.images.complete(
            row.id, storage_id=storage, seed=row.variant_number, model="m", provider="offline"
        )
        ids.append(row.id)
    return ids


def test_every_row_mention_counts_and_finals_keep_their_ancestors(
    store: Store, data_paths: DataPaths
) -> None:
    media = MediaStore(data_paths.media)
    project = store.projects.create("Harbour", "")
    scene = store.scenes.add_scene(project.id, "Dawn", "")
    shot = store.scenes.add_shot(scene.id, "a harbour at dawn")
    first = _round(store, media, shot.id)
    second = _round(store, media, shot.id, parent=first[2])
    store.images.select_final(second[4])
    storage = {i: store.images.get(i).image_storage_id for i in first + second}

    referenced = referenced_storage_ids(store.sessions)
    assert set(storage.values()) <= set(referenced)
    assert referenced[storage[first[0]]] == [f"shot_images.image_storage_id#{first[0]}"]

    # The final pick and its parent are protected; their siblings are not, until starred.
    assert protected_storage_ids(store.sessions) == {storage[second[4]], storage[first[2]]}
    store.images.star(first[0])
    assert storage[first[0]] in protected_storage_ids(store.sessions)
