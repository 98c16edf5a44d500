"""Re-imports where the web app moved rows: swapped numbers apply, impossible moves are skipped."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.reports import ImportReport
from storyboard_app.store.models import ProjectScene, SceneShot, ShotImage, StoryboardSelection
from storyboard_app.store.open_store import Store
from tests.interchange.builders import ExportData, v2_project
from tests.interchange.conftest import dump


def _first_import(store: Store, tmp_path: Path, **kw: int) -> ExportData:
    data = ExportData()
    v2_project(data, with_files=False, **kw)
    import_convex_export(store, store.paths.media, data.write(tmp_path / "first.zip"))
    return data


def _again(store: Store, data: ExportData, path: Path) -> ImportReport:
    return import_convex_export(store, store.paths.media, data.write(path))


def _numbers(store: Store) -> dict[str, tuple[int, int, int]]:
    with store.sessions() as s:
        return {
            str(i.source_id): (i.shot_id, i.iteration_number, i.variant_number)
            for i in s.scalars(select(ShotImage))
        }


def test_two_images_that_swap_variants_are_swapped(store: Store, tmp_path: Path) -> None:
    data = _first_import(store, tmp_path, scenes=1, shots=1, rounds=1)
    a, b = data.tables["shotImages"][0], data.tables["shotImages"][1]
    a["variantNumber"], b["variantNumber"] = b["variantNumber"], a["variantNumber"]
    before = _numbers(store)
    report = _again(store, data, tmp_path / "swap.zip")
    assert report.skipped_total == 0, report.skipped
    assert report.tables["shot_images"].updated == 2
    after = _numbers(store)
    assert after[a["_id"]] == before[b["_id"]] and after[b["_id"]] == before[a["_id"]]
    # A third import of the same zip finds everything in place.
    again = _again(store, data, tmp_path / "swap2.zip")
    assert again.updated == 0 and again.skipped_total == 0


def test_a_rotation_of_three_variants_and_a_move_into_a_freed_place(
    store: Store, tmp_path: Path
) -> None:
    data = _first_import(store, tmp_path, scenes=1, shots=1, rounds=2)
    images = data.tables["shotImages"]
    round0 = sorted(
        (d for d in images if d["iterationNumber"] == 0.0), key=lambda d: d["variantNumber"]
    )
    for doc, variant in zip(round0[:3], [1.0, 2.0, 0.0], strict=True):
        doc["variantNumber"] = variant
    # The last image of round 1 moves to round 2, and another one takes its old place.
    round1 = sorted(
        (d for d in images if d["iterationNumber"] == 1.0), key=lambda d: d["variantNumber"]
    )
    round1[5]["iterationNumber"] = 2.0
    round1[4]["variantNumber"] = 5.0
    report = _again(store, data, tmp_path / "rotate.zip")
    assert report.skipped_total == 0, report.skipped
    after = _numbers(store)
    assert [after[d["_id"]][2] for d in round0[:3]] == [1, 2, 0]
    assert after[round1[5]["_id"]][1:] == (2, 5)
    assert after[round1[4]["_id"]][1:] == (1, 5)
    assert all(n[1] < 1000 for n in after.values())  # no temporary numbers left behind


def test_a_move_onto_an_image_made_here_is_skipped_with_the_reason(
    store: Store, tmp_path: Path
) -> None:
    data = _first_import(store, tmp_path, scenes=1, shots=1, rounds=1)
    with store.sessions.begin() as s:
        shot = s.scalars(select(SceneShot)).one()
        locals_ = [
            ShotImage(
                project_id=shot.project_id,
                scene_id=shot.scene_id,
                shot_id=shot.id,
                iteration_number=3,
                variant_number=variant,
                status=ImageStatus.COMPLETE,
            )
            for variant in (0, 1)
        ]
        s.add_all(locals_)
    moved, renamed = data.tables["shotImages"][0], data.tables["shotImages"][1]
    moved["iterationNumber"] = 3.0  # onto the image made in this app
    moved["iterationPrompt"] = "changed too"
    renamed["iterationPrompt"] = "renamed on the web"
    new = dict(data.tables["shotImages"][2])
    new["_id"] = data.new_id()
    new["iterationNumber"], new["variantNumber"] = 3.0, 1.0  # onto the other one
    data.tables["shotImages"].append(new)
    before = _numbers(store)
    report = _again(store, data, tmp_path / "onto.zip")
    reasons = {item.source_id: item.reason for item in report.skipped}
    assert "iteration 3 variant 0" in reasons[moved["_id"]]
    assert "left as it was" in reasons[moved["_id"]]
    assert "not imported" in reasons[new["_id"]]
    assert report.tables["shot_images"].skipped == 2
    assert report.tables["shot_images"].updated == 1  # the rename still applies
    after = _numbers(store)
    assert after[moved["_id"]] == before[moved["_id"]] and new["_id"] not in after
    with store.sessions() as s:
        kept = s.scalar(select(ShotImage).where(ShotImage.source_id == moved["_id"]))
        assert kept is not None and kept.iteration_prompt != "changed too"
        assert all(s.get(ShotImage, local.id) is not None for local in locals_)


def test_a_skipped_move_keeps_its_place_from_the_next_one(store: Store, tmp_path: Path) -> None:
    """A → a place held here, B → A's place: B must wait for A, so both are skipped."""
    data = _first_import(store, tmp_path, scenes=1, shots=1, rounds=1)
    with store.sessions.begin() as s:
        shot = s.scalars(select(SceneShot)).one()
        s.add(
            ShotImage(
                project_id=shot.project_id,
                scene_id=shot.scene_id,
                shot_id=shot.id,
                iteration_number=4,
                variant_number=4,
            )
        )
    a, b = data.tables["shotImages"][0], data.tables["shotImages"][1]
    a_place = (a["iterationNumber"], a["variantNumber"])
    a["iterationNumber"], a["variantNumber"] = 4.0, 4.0
    b["iterationNumber"], b["variantNumber"] = a_place
    before = dump(store)
    report = _again(store, data, tmp_path / "chain.zip")
    assert {item.source_id for item in report.skipped} == {a["_id"], b["_id"]}
    assert dump(store) == before


def test_two_scenes_that_swap_numbers_are_swapped(store: Store, tmp_path: Path) -> None:
    data = _first_import(store, tmp_path, scenes=2, shots=1, rounds=1)
    one, two = data.tables["projectScenes"]
    one["sceneNumber"], two["sceneNumber"] = two["sceneNumber"], one["sceneNumber"]
    shots = data.tables["sceneShots"]
    report = _again(store, data, tmp_path / "scenes.zip")
    assert report.skipped_total == 0, report.skipped
    with store.sessions() as s:
        scenes = s.scalars(select(ProjectScene).order_by(ProjectScene.scene_number)).all()
        assert [sc.source_id for sc in scenes] == [two["_id"], one["_id"]]
        assert [sc.scene_number for sc in scenes] == [1, 2]
        assert len(s.scalars(select(SceneShot)).all()) == len(shots)


def test_selections_that_swap_shots_are_skipped_not_an_error(store: Store, tmp_path: Path) -> None:
    data = _first_import(store, tmp_path, scenes=1, shots=2, rounds=1)
    first, second = data.tables["storyboardSelections"]
    for key in ("shotId", "sceneId", "selectedImageId"):
        first[key], second[key] = second[key], first[key]
    before = dump(store)
    report = _again(store, data, tmp_path / "selections.zip")
    reasons = {item.source_id: item.reason for item in report.skipped}
    assert "already has another storyboard selection" in reasons[first["_id"]]
    assert report.tables["storyboard_selections"].skipped == 2
    assert dump(store) == before


def test_a_new_selection_for_a_shot_that_has_one_made_here_is_skipped(
    store: Store, tmp_path: Path
) -> None:
    data = _first_import(store, tmp_path, scenes=1, shots=1, rounds=1)
    with store.sessions.begin() as s:
        s.execute(StoryboardSelection.__table__.delete())
    with store.sessions.begin() as s:
        shot = s.scalars(select(SceneShot)).one()
        image = s.scalars(select(ShotImage).limit(1)).one()
        s.add(
            StoryboardSelection(
                project_id=shot.project_id,
                scene_id=shot.scene_id,
                shot_id=shot.id,
                selected_image_id=image.id,
            )
        )
    selection = data.tables["storyboardSelections"][0]
    selection["_id"] = data.new_id()  # the web app made a new one
    report = _again(store, data, tmp_path / "new_selection.zip")
    reasons = {item.source_id: item.reason for item in report.skipped}
    assert "storyboard selection" in reasons[selection["_id"]]
    with store.sessions() as s:
        assert len(s.scalars(select(StoryboardSelection)).all()) == 1
