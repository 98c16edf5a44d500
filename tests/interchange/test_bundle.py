"""Project bundles: lossless round trip through the CLI, versioning, verified media."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from storyboard_app.domain.errors import NotFoundError, StoryboardError
from storyboard_app.interchange.bundle import BundleError, export_bundle, import_bundle
from storyboard_app.interchange.convex import import_convex_export
from storyboard_app.interchange.legacy_migration import migrate_project
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.conftest import cli
from tests.helpers import normalised_tree
from tests.interchange.builders import ExportData, legacy_project, v2_project
from tests.interchange.conftest import dump


def _show(data_dir: Path, project_id: int, capsys: pytest.CaptureFixture[str]) -> Any:
    shown = cli(capsys, DataPaths(data_dir), "project", "show", str(project_id), "--json")
    assert shown.code == 0, shown.err
    return shown.json()


@pytest.fixture
def rich_project(store: Store, tmp_path: Path) -> int:
    """An imported v2 project with lineage, favourites, finals, selections, plus migrated
    legacy rows (archived scenes and clips) in the same project."""
    data = ExportData()
    project = v2_project(data, scenes=2, shots=2, rounds=2)
    legacy = legacy_project(data, scenes=2)
    for table in ("scenes", "videoClips"):
        for doc in data.tables[table]:
            doc["projectId"] = project["_id"]
    data.tables["videoProjects"].remove(legacy)
    report = import_convex_export(store, store.paths.media, data.write(tmp_path / "rich.zip"))
    project_id = report.project_ids[0]
    migrate_project(store, project_id)
    return project_id


def test_round_trip_through_the_cli_is_lossless(
    store: Store, rich_project: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_dir = store.paths.root
    store.close()
    original = _show(source_dir, rich_project, capsys)
    bundle = tmp_path / "out" / "project.sbbundle.zip"
    bundle.parent.mkdir()  # an export never creates its folder
    exported = cli(
        capsys, DataPaths(source_dir), "export", str(rich_project), "--bundle", str(bundle)
    )
    assert exported.code == 0, exported.err
    assert bundle.is_file()
    assert not [p for p in bundle.parent.iterdir() if p != bundle]  # no temporary left over
    target_dir = tmp_path / "elsewhere"
    imported = cli(capsys, DataPaths(target_dir), "import", "bundle", str(bundle), "--json")
    assert imported.code == 0, imported.err
    report = imported.json()
    assert report["media"]["files"] == 50  # 48 variants + 2 legacy scene images
    copy = _show(target_dir, report["project_id"], capsys)
    assert copy["legacy"]["scenes"] and copy["scenes"][0]["shots"][0]["images"]
    assert normalised_tree(copy) == normalised_tree(original)


def test_every_row_is_in_the_bundle(store: Store, rich_project: int, tmp_path: Path) -> None:
    report = export_bundle(store, store.paths.media, rich_project, tmp_path / "b.zip")
    assert report.tables == {
        "video_projects": 1,
        "project_scenes": 4,  # 2 of the web app's new workflow + 2 migrated legacy scenes
        "scene_shots": 6,
        "shot_images": 50,
        "storyboard_selections": 5,  # legacy scene 2 had no clip
        "elements": 0,
        "element_images": 0,
        "scenes": 2,
        "video_clips": 1,
    }
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "storyboard-studio-bundle" and manifest["version"] == 1
        for entry in manifest["media"]:
            assert f"media/{entry['sha256']}" in archive.namelist()
        image = json.loads(archive.read("tables/shot_images.jsonl").splitlines()[0])
        assert {"metadata", "extra", "is_favorite", "parent_image_id"} <= image.keys()


def test_importing_twice_makes_two_copies(store: Store, rich_project: int, tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    export_bundle(store, store.paths.media, rich_project, path)
    first = import_bundle(store, store.paths.media, path)
    second = import_bundle(store, store.paths.media, path)
    assert len({rich_project, first.project_id, second.project_id}) == 3
    assert first.tables == second.tables


def _rewrite(path: Path, target: Path, change: dict[str, Any]) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in change:
                value = change[info.filename]
                data = value(data) if callable(value) else value
            dst.writestr(info, data)
    return target


def test_a_bundle_from_a_newer_version_is_refused(
    store: Store, rich_project: int, tmp_path: Path
) -> None:
    path = tmp_path / "b.zip"
    export_bundle(store, store.paths.media, rich_project, path)

    def newer(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["version"] = 99
        return json.dumps(manifest).encode()

    before = dump(store)
    with pytest.raises(BundleError, match=r"newer Storyboard Studio.*format 99"):
        import_bundle(
            store, store.paths.media, _rewrite(path, tmp_path / "n.zip", {"manifest.json": newer})
        )
    assert dump(store) == before


def test_tampered_media_or_rows_are_refused(
    store: Store, rich_project: int, tmp_path: Path
) -> None:
    path = tmp_path / "b.zip"
    export_bundle(store, store.paths.media, rich_project, path)
    with zipfile.ZipFile(path) as archive:
        media = next(n for n in archive.namelist() if n.startswith("media/"))
    before = dump(store)
    other = (Path(__file__).parent / "builders.py").read_bytes()
    with pytest.raises(BundleError, match="damaged"):
        import_bundle(store, store.paths.media, _rewrite(path, tmp_path / "m.zip", {media: other}))
    with pytest.raises(BundleError, match="damaged"):
        import_bundle(
            store,
            store.paths.media,
            _rewrite(path, tmp_path / "r.zip", {"tables/scene_shots.jsonl": b'{"id": 1}\n'}),
        )
    with pytest.raises(BundleError, match="not a Storyboard Studio project bundle"):
        import_bundle(
            store, store.paths.media, _rewrite(path, tmp_path / "x.zip", {"manifest.json": b"{}"})
        )
    assert dump(store) == before


def test_export_of_a_missing_project_leaves_no_file(store: Store, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(NotFoundError):
        export_bundle(store, store.paths.media, 404, tmp_path / "out" / "none.zip")
    assert list((tmp_path / "out").iterdir()) == []


def test_missing_media_is_reported_on_export(
    store: Store, rich_project: int, tmp_path: Path
) -> None:
    victim = next(
        p
        for p in store.paths.media.rglob("*")
        if p.is_file() and not p.name.endswith(".jpg") and not p.name.startswith(".")
    )
    victim.unlink()
    report = export_bundle(store, store.paths.media, rich_project, tmp_path / "b.zip")
    assert [item.source_id for item in report.skipped] == [victim.name]
    reason = report.skipped[0].reason  # what the app and the command line show
    assert reason.startswith("The file of the ") and "is not in the media folder" in reason
    assert victim.name[:12] not in reason and "(id " not in reason


def test_a_truncated_media_file_in_a_bundle_says_to_export_again(
    store: Store, rich_project: int, tmp_path: Path
) -> None:
    path = tmp_path / "b.zip"
    export_bundle(store, store.paths.media, rich_project, path)
    with zipfile.ZipFile(path) as archive:
        media = next(n for n in archive.namelist() if n.startswith("media/"))
    before = dump(store)
    damaged = _rewrite(path, tmp_path / "t.zip", {media: lambda data: data[: len(data) // 2]})
    with pytest.raises(BundleError) as caught:
        import_bundle(store, store.paths.media, damaged)
    message = str(caught.value)
    assert message.startswith("t.zip is damaged: the image file")
    assert media.removeprefix("media/")[:12] in message
    assert "SHA-256" in message and "Export the bundle again" in message
    assert "Retry" not in message  # the variant is not what needs retrying
    assert dump(store) == before


def test_export_refuses_a_damaged_stored_file_and_leaves_no_zip(
    store: Store, rich_project: int, tmp_path: Path
) -> None:
    victim = next(
        p
        for p in store.paths.media.rglob("*")
        if p.is_file() and not p.name.endswith(".jpg") and not p.name.startswith(".")
    )
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(StoryboardError, match=r"is damaged.*media verify.*No bundle was written"):
        export_bundle(store, store.paths.media, rich_project, out / "b.zip")
    assert list(out.iterdir()) == []


def test_an_imported_bundle_keeps_what_was_paid_as_a_record_not_as_new_spend(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select, update

    from storyboard_app.generation.engine import GenerationEngine
    from storyboard_app.store.models import ShotImage

    project = store.projects.create("Paid once")
    shot = store.scenes.add_shot(store.scenes.add_scene(project.id, "Dawn").id, "a quay")
    engine = GenerationEngine.for_paths(store, data_paths, provider="offline")
    engine.run_round([r.id for r in engine.plan_round(shot.id)])
    with store.sessions.begin() as s:
        s.execute(update(ShotImage).values(cost_usd=0.25))
    since = datetime.now(UTC) - timedelta(days=1)
    assert store.costs.spent_since(since) == pytest.approx(1.5)
    bundle = tmp_path / "paid.zip"
    export_bundle(store, data_paths.media, project.id, bundle)
    report = import_bundle(store, data_paths.media, bundle)
    assert store.costs.spent_since(since) == pytest.approx(1.5)  # not counted twice
    copies = store.images.for_shot(store.scenes.list(report.project_id)[0].shots[0].id)
    assert [i.cost_usd for i in copies] == [None] * 6
    with store.sessions.begin() as s:
        extras = s.scalars(
            select(ShotImage.extra).where(ShotImage.project_id == report.project_id)
        ).all()
    assert [e["cost_usd_before_import"] for e in extras] == [0.25] * 6  # the record stays


def test_a_bundle_carries_the_projects_elements_and_their_reference_files(
    store: Store, data_paths: DataPaths, tmp_path: Path
) -> None:
    from PIL import Image

    picture = tmp_path / "mara.png"
    Image.new("RGB", (48, 48), (30, 90, 160)).save(picture)
    project = store.projects.create("Cast")
    mara = store.elements.add(project.id, "Mara", "character", "oilskin coat", files=[picture])
    bundle = tmp_path / "cast.zip"
    export_bundle(store, data_paths.media, project.id, bundle)
    with zipfile.ZipFile(bundle) as zf:
        assert f"media/{mara.images[0].storage_id}" in zf.namelist()
    # the original goes, then the bundle brings the element back, reference file and all
    store.projects.delete(project.id)
    report = import_bundle(store, data_paths.media, bundle)
    (copy,) = store.elements.list(report.project_id)
    assert (copy.name, copy.kind, copy.description) == ("Mara", "character", "oilskin coat")
    assert [i.storage_id for i in copy.images] == [i.storage_id for i in mara.images]
    from storyboard_app.media.store_paths import MediaLayout

    assert MediaLayout(data_paths.media).existing_path(copy.images[0].storage_id) is not None
