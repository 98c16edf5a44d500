"""Damaged and hostile Convex exports: rejected or skipped with a reason, database unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits
from storyboard_app.store.models import SceneShot, ShotImage, VideoProject
from storyboard_app.store.open_store import Store
from tests.interchange.builders import T0, ExportData, png_bytes, v2_project
from tests.interchange.conftest import dump


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    """A database that already holds an imported project, so 'unchanged' means something."""
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, title="Existing")
    import_convex_export(store, store.paths.media, data.write(tmp_path / "seed.zip"))
    return store


def _rejected(store: Store, path: Path, match: str, **kw: object) -> None:
    before = dump(store)
    with pytest.raises(ArchiveError, match=match):
        import_convex_export(store, store.paths.media, path, **kw)  # type: ignore[arg-type]
    assert dump(store) == before


def test_not_a_zip(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_text("hello")
    _rejected(seeded, path, "not a readable zip file")


def test_missing_file_and_folder(seeded: Store, tmp_path: Path) -> None:
    _rejected(seeded, tmp_path / "nope.zip", "There is no file")
    _rejected(seeded, tmp_path, "is a folder")


def test_truncated_zip(seeded: Store, export_zip: Path, tmp_path: Path) -> None:
    data = export_zip.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) * 2 // 3])
    _rejected(seeded, cut, "not a readable zip file")


def test_damaged_member_rolls_everything_back(seeded: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=2, shots=2, rounds=2, with_files=False)
    path = data.write(tmp_path / "x.zip")
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("shotImages/documents.jsonl")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):  # scramble deflate data mid-member
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    # Projects, scenes and shots are written before the damaged table is reached.
    _rejected(seeded, path, "is damaged")


def test_zip_slip_paths_are_refused(seeded: Store, tmp_path: Path) -> None:
    for name in ("../../evil.txt", "/etc/passwd", "_storage/..\\..\\x", "C:/x"):
        path = tmp_path / "slip.zip"
        data = ExportData()
        v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
        data.write(path)
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr(name, b"x")
        _rejected(seeded, path, "zip-slip|backslash|absolute")


def test_decompression_bomb_is_refused_before_reading(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("videoProjects/documents.jsonl", b"\n" * (8 * 1024 * 1024))
    _rejected(seeded, path, "decompression bomb")


def test_total_size_limit(seeded: Store, export_zip: Path) -> None:
    _rejected(seeded, export_zip, "decompression bomb", limits=ZipLimits(max_total_bytes=1000))


def test_a_zip_that_is_not_a_convex_export(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.jpg", png_bytes())
    _rejected(seeded, path, "not a Convex snapshot export")


def _import(store: Store, data: ExportData, path: Path, **kw: object):  # type: ignore[no-untyped-def]
    return import_convex_export(store, store.paths.media, data.write(path), **kw)  # type: ignore[arg-type]


def test_bad_documents_are_skipped_with_reasons(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    project = v2_project(data, scenes=1, shots=2, rounds=1, with_files=False)
    shots = data.tables["sceneShots"]
    images = data.tables["shotImages"]
    data.tables["projectScenes"].append(dict(data.tables["projectScenes"][0]))  # duplicate _id
    shots[1]["sceneId"] = "k" * 32  # dangling reference
    images[0]["variantNumber"] = 2.5  # wrong type
    images[1]["isFavorite"] = "yes"  # wrong type
    del images[2]["iterationNumber"]  # missing required field
    images[3]["variantNumber"] = 9.0  # out of range
    data.add(
        "projectScenes",
        {"projectId": project["_id"], "sceneNumber": 2.0, "title": "T" * 500, "createdAt": T0},
    )  # huge title
    report = _import(store, data, tmp_path / "bad.zip")
    reasons = {(i.table, i.source_id): i.reason for i in report.skipped}
    assert "appears twice" in reasons["project_scenes", data.tables["projectScenes"][0]["_id"]]
    assert "not in the export" in reasons["scene_shots", shots[1]["_id"]]
    assert "variantNumber is 2.5" in reasons["shot_images", images[0]["_id"]]
    assert "isFavorite" in reasons["shot_images", images[1]["_id"]]
    assert "required field iterationNumber" in reasons["shot_images", images[2]["_id"]]
    assert "0 to 5" in reasons["shot_images", images[3]["_id"]]
    # The second shot's six images go with it: their shot was skipped.
    assert report.tables["shot_images"].skipped == 4 + 6
    assert report.tables["shot_images"].inserted == 2
    with store.sessions() as s:
        long_title = s.scalar(select(VideoProject.id).limit(1))
        assert long_title is not None
        from storyboard_app.store.models import ProjectScene

        scene = s.scalar(select(ProjectScene).where(ProjectScene.title.like("TTT%")))
        assert scene is not None and len(scene.title) == 200 and len(scene.extra["title"]) == 500
        assert s.scalar(select(func.count()).select_from(SceneShot)) == 1


def test_broken_lines_and_oversized_documents_are_skipped(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
    data.tables["shotImages"][0]["iterationPrompt"] = "x" * 5000
    path = data.write(tmp_path / "lines.zip")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("sceneShots/documents.jsonl.bak", b"")  # a stray file is ignored
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(tmp_path / "l2.zip", "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "projectScenes/documents.jsonl":
                content = b"{not json\n[1, 2]\n" + content
            dst.writestr(info, content)
    report = import_convex_export(
        store, store.paths.media, tmp_path / "l2.zip", limits=ZipLimits(max_line_bytes=4000)
    )
    reasons = [i.reason for i in report.skipped]
    assert "the line is not valid JSON" in reasons
    assert "the line is not a JSON object" in reasons
    assert any("larger than 4,000 bytes" in r for r in reasons)
    assert report.tables["shot_images"].inserted == 5


def test_damaged_and_fake_stored_files_are_skipped(store: Store, tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1)
    data.files[0]["declared_sha256"] = b"\x00" * 32  # checksum does not match
    data.files[1]["data"] = b"this is not a png"  # Pillow refuses it
    report = _import(store, data, tmp_path / "files.zip")
    assert report.files_stored == 4 and report.files_skipped == 2
    reasons = " ".join(i.reason for i in report.skipped)
    assert "checksum" in reasons and "not a complete image" in reasons
    with store.sessions() as s:
        images = s.scalars(select(ShotImage).order_by(ShotImage.variant_number)).all()
        assert len(images) == 6  # the rows are kept, with their URL
        assert sum(1 for i in images if i.image_storage_id is None) == 2


def test_a_damaged_tagged_number_in_metadata_skips_only_its_image(
    store: Store, tmp_path: Path
) -> None:
    """A `$integer` that is not base64, nested in an image's metadata, used to stop the whole
    import with an uncaught error; it is one bad document like any other."""
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
    images = data.tables["shotImages"]
    images[0]["metadata"] = {"seed": {"$integer": "not base64!"}}
    images[1]["metadata"] = {"steps": {"$float": "AAAAAAAA8D8="}}  # 1.0, tagged
    report = _import(store, data, tmp_path / "tagged.zip")
    reasons = {i.source_id: i.reason for i in report.skipped}
    assert reasons == {images[0]["_id"]: "its field metadata is not valid base64"}
    assert report.tables["shot_images"].inserted == 5
    with store.sessions() as s:
        kept = s.scalar(select(ShotImage).where(ShotImage.source_id == images[1]["_id"]))
        assert kept is not None and kept.generation_params == {"steps": 1}
