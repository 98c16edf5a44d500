"""Elements and their references: bad input refused, staleness marked, files never collected."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.store.media_references import protected_storage_ids, referenced_storage_ids
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.elements import MAX_REFERENCE_BYTES


def picture(path: Path, colour: tuple[int, int, int] = (10, 120, 200)) -> Path:
    Image.new("RGB", (40, 30), colour).save(path, format="PNG")
    return path


@pytest.fixture
def project(store: Store) -> int:
    return store.projects.create("Harbour film").id


def element_count(store: Store, project: int) -> int:
    return len(store.elements.list(project))


@pytest.mark.parametrize("name", ["Old Man", "Mara!", "3rd", "-x", "Mara-", "", "@"])
def test_a_name_that_cannot_be_a_mention_is_refused(store: Store, project: int, name: str) -> None:
    with pytest.raises(InvalidInputError, match="letters, digits, _ and -"):
        store.elements.add(project, name, "character")
    assert element_count(store, project) == 0


def test_names_are_unique_ignoring_case(store: Store, project: int) -> None:
    store.elements.add(project, "Mara", "character")
    with pytest.raises(InvalidInputError, match="already has an element named @Mara"):
        store.elements.add(project, "MARA", "prop")
    assert element_count(store, project) == 1


def test_bad_reference_files_create_nothing(store: Store, project: int, tmp_path: Path) -> None:
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    big = tmp_path / "big.png"
    with big.open("wb") as fh:
        fh.truncate(MAX_REFERENCE_BYTES + 1)
    good = picture(tmp_path / "good.png")
    cases = [
        ([text], "not an image"),
        ([big], "at most"),
        ([tmp_path / "missing.png"], "There is no reference image"),
        ([good, good, good, good], "at most 3 reference images; 4 were given"),
    ]
    for files, message in cases:
        with pytest.raises(InvalidInputError, match=message):
            store.elements.add(project, "Mara", "character", files=files)
        assert element_count(store, project) == 0
    with pytest.raises(InvalidInputError, match="not a kind"):
        store.elements.add(project, "Mara", "creature")


def test_a_fourth_reference_is_refused_with_the_limit(
    store: Store, project: int, tmp_path: Path
) -> None:
    files = [picture(tmp_path / f"{i}.png", (i * 60, 10, 10)) for i in range(3)]
    element = store.elements.add(project, "Mara", "character", files=files)
    assert [i.position for i in element.images] == [0, 1, 2]
    with pytest.raises(InvalidInputError, match="at most 3"):
        store.elements.add_references(element.id, files=[picture(tmp_path / "4.png")])
    assert len(store.elements.get(element.id).images) == 3


def _final_made_with(store: Store, project: int, element_id: int, sha: str) -> int:
    scene = store.scenes.add_scene(project, "Dawn")
    shot = store.scenes.add_shot(scene.id, "@Mara on the quay")
    rows = store.images.create_round(
        shot.id,
        prompt="@Mara on the quay",
        params=[
            {
                "elements": [{"id": element_id, "name": "Mara"}],
                "references": [{"element_id": element_id, "name": "Mara", "sha256": sha}],
            }
        ]
        * 6,
    )
    done = store.images.complete(rows[0].id, storage_id=sha, image_url="")
    assert done.status == ImageStatus.COMPLETE
    store.images.select_final(done.id)
    return done.id


def test_replacing_a_reference_marks_images_made_with_the_old_one(
    store: Store, project: int, tmp_path: Path
) -> None:
    element = store.elements.add(project, "Mara", "character", files=[picture(tmp_path / "a.png")])
    old = element.images[0].storage_id
    final = _final_made_with(store, project, element.id, old)
    assert store.elements.finals_using(element.id) == [final]
    assert store.images.get(final).reference_changed is None
    new_png = picture(tmp_path / "b.png", (250, 250, 0))
    updated, marked = store.elements.replace_references(element.id, files=[new_png])
    assert marked == 1 and updated.images[0].storage_id != old
    image = store.images.get(final)
    assert image.reference_changed is not None and "@Mara" in image.reference_changed
    assert image.generation_params["references"][0]["sha256"] == old  # the record is kept
    # The old file stays pinned by the image's record; the new one by the element.
    referenced = referenced_storage_ids(store.sessions)
    assert old in referenced and updated.images[0].storage_id in referenced
    assert updated.images[0].storage_id in protected_storage_ids(store.sessions)


def test_deleting_an_element_keeps_the_finals_and_marks_them(
    store: Store, project: int, tmp_path: Path
) -> None:
    element = store.elements.add(project, "Mara", "character", files=[picture(tmp_path / "a.png")])
    final = _final_made_with(store, project, element.id, element.images[0].storage_id)
    assert store.elements.delete(element.id) == 1
    assert element_count(store, project) == 0
    image = store.images.get(final)
    assert image.reference_changed is not None and "deleted" in image.reference_changed
    assert image.generation_params["elements"][0]["id"] == element.id


def test_reference_from_a_generated_image(store: Store, project: int, tmp_path: Path) -> None:
    element = store.elements.add(project, "Mara", "character", files=[picture(tmp_path / "a.png")])
    final = _final_made_with(store, project, element.id, element.images[0].storage_id)
    harbor = store.elements.add(project, "Harbor", "location", from_images=[final])
    assert harbor.images[0].source_image_id == final
    other = store.projects.create("Other").id
    with pytest.raises(InvalidInputError, match="another project"):
        store.elements.add(other, "Harbor", "location", from_images=[final])


def test_project_look_and_shot_fields(store: Store, project: int) -> None:
    from storyboard_app.store.services.shot_fields import FieldChanges

    info = store.projects.set_look(project, aspect_ratio="2.39:1", style="ink", fps=25)
    assert (info.aspect_ratio, info.style, info.fps) == ("2.39:1", "ink", 25)
    with pytest.raises(InvalidInputError, match="aspect ratio"):
        store.projects.set_look(project, aspect_ratio="3:2")
    with pytest.raises(InvalidInputError, match="fps"):
        store.projects.set_look(project, fps=60)
    scene = store.scenes.add_scene(project, "Dawn")
    shot = store.scenes.add_shot(scene.id, "boats")
    fields = store.shot_fields.set(
        shot.id, FieldChanges.checked(shot_type="two-shot", angle="Dutch", move="DOLLY-IN")
    )
    assert (fields.shot_type, fields.angle, fields.move) == ("TWO-SHOT", "dutch", "dolly-in")
    assert store.scenes.get_shot(shot.id).fields == fields
    with pytest.raises(InvalidInputError, match="not a camera move"):
        FieldChanges.checked(move="swoop")
    cleared = store.shot_fields.set(shot.id, FieldChanges.checked(angle="", notes="n"))
    assert cleared.angle is None and cleared.shot_type == "TWO-SHOT" and cleared.notes == "n"


def test_a_duplicated_project_keeps_its_look_fields_and_elements(
    store: Store, project: int, tmp_path: Path
) -> None:
    from storyboard_app.store.services.shot_fields import FieldChanges

    store.projects.set_look(project, aspect_ratio="9:16", style="ink", fps=30)
    element = store.elements.add(project, "Mara", "character", files=[picture(tmp_path / "a.png")])
    scene = store.scenes.add_scene(project, "Dawn")
    shot = store.scenes.add_shot(scene.id, "@Mara")
    store.shot_fields.set(shot.id, FieldChanges.checked(shot_type="CU", notes="n"))
    copy = store.projects.duplicate(project)
    assert (copy.aspect_ratio, copy.style, copy.fps) == ("9:16", "ink", 30)
    (copied,) = store.elements.list(copy.id)
    assert copied.id != element.id and copied.name == "Mara"
    assert [i.storage_id for i in copied.images] == [i.storage_id for i in element.images]
    (copied_shot,) = store.scenes.list(copy.id)[0].shots
    assert (copied_shot.fields.shot_type, copied_shot.fields.notes) == ("CU", "n")
