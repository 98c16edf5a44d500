"""Search over every project: words, prefixes, model, seed and the filters; the index follows
inserts, edits and deletes (triggers), also of rows written by plain SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.search import SearchQuery, fts5_match, tsquery


def _round(store: Store, shot_id: int, prompt: str, model: str, first_seed: int) -> list[int]:
    params = [
        {"model": model, "seed": first_seed + n, "input": {"prompt": prompt}} for n in range(6)
    ]
    rows = store.images.create_round(shot_id, prompt=prompt, params=params)
    for row in rows:  # end the round so the next one may start
        store.images.fail(row.id, "test")
    return [r.id for r in rows]


def _setup(store: Store) -> tuple[int, int, list[int], list[int]]:
    harbour = store.projects.create("Harbour")
    desert = store.projects.create("Desert")
    s1 = store.scenes.add_shot(store.scenes.add_scene(harbour.id, "Dawn").id, "boats")
    s2 = store.scenes.add_shot(store.scenes.add_scene(desert.id, "Noon").id, "dunes")
    boats = _round(store, s1.id, "Fishing boats leave the harbour at dawn", "acme/flux", 100)
    dragon = _round(store, s2.id, "A red dragon sleeping on golden dunes", "acme/sdxl", 200)
    return harbour.id, desert.id, boats, dragon


def ids(store: Store, **kwargs: object) -> list[int]:
    return [h.image_id for h in store.search.search(SearchQuery(**kwargs))]  # type: ignore[arg-type]


def test_words_prefixes_model_and_seed_hit_and_miss(store: Store) -> None:
    _harbour, desert, boats, dragon = _setup(store)
    assert ids(store, text="harbour dawn") == boats[::-1]  # newest first
    assert ids(store, text="HARBOUR") == boats[::-1]  # case-insensitive
    assert ids(store, text="drag") == dragon[::-1]  # the last word may be a prefix
    assert ids(store, text="dragon harbour") == []  # every word must match
    assert ids(store, text="submarine") == []
    assert ids(store, text="sdxl") == dragon[::-1]  # model words
    assert ids(store, text="203") == [dragon[3]]  # a seed
    assert ids(store, text="", seed=104) == [boats[4]]
    assert ids(store, text="", model="acme/flux") == boats[::-1]
    assert ids(store, text="", project_id=desert) == dragon[::-1]
    dragon_shot = store.images.get(dragon[0]).shot_id
    assert ids(store, text="", shot_id=dragon_shot) == dragon[::-1]
    assert ids(store, text="harbour", shot_id=dragon_shot) == []
    assert ids(store, text='boats" OR dragon') == []  # quotes and operators are plain words
    hit = store.search.search(SearchQuery(text="dragon", limit=1))[0]
    assert (hit.project_title, hit.seed, hit.model) == ("Desert", 205, "acme/sdxl")
    assert hit.shot_number == 1 and hit.iteration_number == 0 and hit.variant_number == 5


def test_filters_starred_rejected_status_dates_and_limit(store: Store) -> None:
    _harbour, _desert, boats, dragon = _setup(store)
    store.images.star(boats[1])
    store.images.reject(dragon[2])
    assert ids(store, starred=True) == [boats[1]]
    assert ids(store, rejected=True) == [dragon[2]]
    assert dragon[2] not in ids(store, rejected=False)
    assert ids(store, status=ImageStatus.COMPLETE) == []
    assert len(ids(store, status=ImageStatus.FAILED)) == 12
    now = datetime.now(UTC)
    assert len(ids(store, since=now - timedelta(hours=1))) == 12
    assert ids(store, until=now - timedelta(hours=1)) == []
    assert ids(store, text="dawn", limit=2) == boats[:-3:-1]


def test_the_index_follows_edits_deletes_and_plain_sql(store: Store) -> None:
    harbour, _desert, boats, _dragon = _setup(store)
    shot = store.scenes.list(harbour)[0].shots[0]
    with store.sessions.begin() as s:
        s.execute(
            text("UPDATE shot_images SET iteration_prompt = 'a lighthouse' WHERE id = :id"),
            {"id": boats[0]},
        )
    assert ids(store, text="lighthouse") == [boats[0]]
    assert boats[0] not in ids(store, text="fishing")
    store.scenes.delete_shot(shot.id)
    assert ids(store, text="harbour") == [] and ids(store, text="lighthouse") == []
    with store.sessions.begin() as s:  # the index is whole: FTS5's own check
        s.execute(
            text("INSERT INTO shot_images_fts(shot_images_fts, rank) VALUES('integrity-check', 0)")
        )


def test_query_texts_cannot_inject_operators() -> None:
    assert fts5_match(["a", 'b"c']) == '"a" "b""c"*'
    assert tsquery(["red", "drag"]) == "red & drag:*"


def test_a_duplicated_project_keeps_rejections_but_not_the_spend(store: Store) -> None:
    harbour, _desert, boats, _dragon = _setup(store)
    store.images.reject(boats[2])
    store.images.complete(boats[3], storage_id="a" * 64, cost_usd=0.5)
    copy = store.projects.duplicate(harbour)
    copied = store.images.for_shot(store.scenes.list(copy.id)[0].shots[0].id)
    assert [i.is_rejected for i in copied] == [False, False, True, False, False, False]
    assert {i.cost_usd for i in copied} == {None}  # paid once, by the original
    assert store.costs.project(harbour).total.usd == 0.5
    assert len(ids(store, text="fishing")) == 12  # the copy is searchable too


def test_element_names_find_the_images_made_with_them(store: Store, data_paths: object) -> None:
    from storyboard_app.generation.engine import GenerationEngine
    from storyboard_app.paths import DataPaths

    assert isinstance(data_paths, DataPaths)
    project = store.projects.create("Quay")
    store.elements.add(project.id, "Mara", "character", "a fisherwoman in a yellow coat")
    scene = store.scenes.add_scene(project.id, "Night")
    with_mara = store.scenes.add_shot(scene.id, "@mara waits at the quay")
    without = store.scenes.add_shot(scene.id, "boats at the quay")
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    made = [i.id for i in engine.run_round([r.id for r in engine.plan_round(with_mara.id)])]
    engine.run_round([r.id for r in engine.plan_round(without.id)])
    assert sorted(ids(store, text="Mara")) == sorted(made)  # the element's name, any case
    assert sorted(ids(store, text="quay")) != sorted(made)  # both shots' words still match
    assert ids(store, text="Mara", project_id=project.id + 1) == []
