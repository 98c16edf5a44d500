"""One document → one row: the conversion loop's rules, field by field."""

from __future__ import annotations

from typing import Any

import pytest

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.interchange.convex import schema
from storyboard_app.interchange.convex.rows import Rejected, to_row
from tests.interchange.builders import T0

SCENE: dict[str, Any] = {
    "_id": "s" * 32,
    "_creationTime": T0,
    "projectId": "p" * 32,
    "sceneNumber": 3.0,
    "title": "Opening",
    "createdAt": T0,
    "updatedAt": T0 + 5000.0,
}


def test_null_is_a_missing_field_whatever_its_kind() -> None:
    """Convex leaves optional fields out; a null is read the same, never stored as it is."""
    row = to_row(schema.PROJECT_SCENES, SCENE | {"updatedAt": None, "description": None}, 1, {})
    assert row.values["updated_at"] == row.values["created_at"]
    assert row.values["description"] == ""  # the table's default, as when the key is missing
    for key in ("title", "sceneNumber", "projectId"):
        with pytest.raises(Rejected, match=f"required field {key} is missing"):
            to_row(schema.PROJECT_SCENES, SCENE | {key: None}, 1, {})


def test_each_kind_takes_its_usual_value_and_refuses_another() -> None:
    image = {
        "_id": "i" * 32,
        "shotId": "h" * 32,
        "iterationNumber": 2.0,
        "variantNumber": 4.0,
        "status": "complete",
        "isFavorite": True,
        "metadata": {"seed": 1234.0, "guidance": 3.5},
        "parentImageId": "q" * 32,
        "createdAt": T0,
    }
    row = to_row(schema.SHOT_IMAGES, image, 1, {})
    assert row.values["iteration_number"] == 2 and type(row.values["iteration_number"]) is int
    assert row.values["status"] is ImageStatus.COMPLETE
    assert row.values["is_favorite"] is True
    assert row.values["metadata"] == {"seed": 1234, "guidance": 3.5}
    assert row.refs == {"shot_id": "h" * 32} and row.deferred == {"parent_image_id": "q" * 32}
    for key, wrong in (
        ("isFavorite", "yes"),
        ("metadata", [1.0]),
        ("shotId", 7.0),
        ("iterationNumber", 2.5),
        ("imageUrl", 3.0),
    ):
        with pytest.raises(Rejected, match=f"its field {key} is"):
            to_row(schema.SHOT_IMAGES, image | {key: wrong}, 1, {})
    unknown_state = to_row(schema.SHOT_IMAGES, image | {"status": "queued"}, 1, {})
    assert unknown_state.values["extra"]["status"] == "queued"  # kept, not guessed


def test_keys_two_fields_share_fill_the_column_once() -> None:
    doc = {"_id": "a" * 32, "projectId": "p" * 32, "duration": 4.0, "durationSeconds": 5.0}
    row = to_row(schema.VIDEO_CLIPS, doc | {"createdAt": 1.0}, 1, {})
    assert row.values["duration_seconds"] == 4.0
    assert row.values["extra"]["durationSeconds"] == 5.0


def test_unknown_keys_are_kept_however_many() -> None:
    many = SCENE | {f"note{i}": float(i) for i in range(5000)}
    row = to_row(schema.PROJECT_SCENES, many, 1, {})
    assert row.values["extra"]["note4999"] == 4999.0
    assert row.values["title"] == "Opening"
