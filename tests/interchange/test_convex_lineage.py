"""Image lineage on import: parents that come later in the export, missing, foreign, cyclic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.convex.importer import BATCH
from storyboard_app.interchange.reports import ImportReport
from storyboard_app.store.models import ShotImage
from storyboard_app.store.open_store import Store
from tests.interchange.builders import ExportData, v2_project


def _images(data: ExportData) -> list[dict[str, Any]]:
    return data.tables["shotImages"]


def _parents(store: Store) -> dict[str, str | None]:
    """Each image's source id → its parent's source id."""
    with store.sessions() as s:
        images = {i.id: i for i in s.scalars(select(ShotImage))}
        return {
            i.source_id or "": (
                images[i.parent_image_id].source_id if i.parent_image_id is not None else None
            )
            for i in images.values()
        }


def _renamed(data: ExportData, old: str, new: str) -> None:
    """Give a document a new _id (so the export, sorted by _id, puts it elsewhere)."""
    for docs in data.tables.values():
        for doc in docs:
            for key, value in list(doc.items()):
                if value == old:
                    doc[key] = new


def _import(store: Store, data: ExportData, path: Path) -> ImportReport:
    return import_convex_export(store, store.paths.media, data.write(path))


def test_a_parent_later_in_the_export_is_linked(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=3, with_files=False)
    # Children sort first, their parents last: every link waits for a later document.
    favourites = [d for d in _images(data) if d["variantNumber"] == 2.0]
    for n, doc in enumerate(favourites):
        _renamed(data, doc["_id"], "z" * 30 + f"{n:02d}")
    children = [d for d in _images(data) if "parentImageId" in d]
    for n, doc in enumerate(children):
        _renamed(data, doc["_id"], "a" * 30 + f"{n:02d}")
    report = _import(store, data, tmp_path / "later.zip")
    assert report.skipped_total == 0 and report.tables["shot_images"].inserted == 18
    expected = {d["_id"]: d.get("parentImageId") for d in _images(data)}
    assert _parents(store) == expected
    assert sum(1 for parent in expected.values() if parent) == 12


def test_a_duplicate_of_a_waiting_image_is_skipped(store: Store, tmp_path: Path) -> None:
    """The copy comes in the next batch, while the first one still needs its parent."""
    data = ExportData()
    v2_project(data, scenes=2, shots=4, rounds=42, with_files=False)
    images = sorted(_images(data), key=lambda d: d["_id"])
    child = next(d for d in images if "parentImageId" in d)
    _renamed(data, child["parentImageId"], "z" * 32)  # its parent comes last
    fillers = [d for d in images if d is not child and d["_id"] != "z" * 32][: BATCH - 1]
    for n, doc in enumerate(fillers):  # BATCH - 1 images sort before it...
        _renamed(data, doc["_id"], f"0{n:031d}")
    waiting = "0" + "1" * 31
    _renamed(data, child["_id"], waiting)  # ...so it ends the first batch...
    data.tables["shotImages"].append(dict(child) | {"variantNumber": 5.0, "iterationNumber": 99.0})
    report = _import(store, data, tmp_path / "dup.zip")  # ...and its copy starts the next
    reasons = [i.reason for i in report.skipped if i.source_id == waiting]
    assert reasons == ["its _id appears twice in the table"]
    assert _parents(store)[waiting] == "z" * 32


def test_a_missing_or_foreign_parent_is_dropped_with_a_reason(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=2, with_files=False, title="One")
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False, title="Two")
    first = [d for d in _images(data) if "parentImageId" in d]
    other_project = _images(data)[-1]
    first[0]["parentImageId"] = "m" * 32  # not in the export
    first[1]["parentImageId"] = other_project["_id"]  # an image of another project
    report = _import(store, data, tmp_path / "foreign.zip")
    reasons = {i.source_id: i.reason for i in report.skipped}
    assert "not in the export" in reasons[first[0]["_id"]]
    assert "another project" in reasons[first[1]["_id"]]
    parents = _parents(store)
    assert parents[first[0]["_id"]] is None and parents[first[1]["_id"]] is None
    assert report.tables["shot_images"].inserted == 18  # the images stay; only links go


def test_images_that_are_each_others_parent_keep_their_links(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
    a, b, c = _images(data)[:3]
    a["parentImageId"], b["parentImageId"] = b["_id"], a["_id"]  # each waits for the other
    c["parentImageId"] = c["_id"]  # its own parent
    report = _import(store, data, tmp_path / "cycle.zip")
    assert report.tables["shot_images"].inserted == 6
    parents = _parents(store)
    assert parents[a["_id"]] == b["_id"] and parents[b["_id"]] == a["_id"]
    assert parents[c["_id"]] == c["_id"]
