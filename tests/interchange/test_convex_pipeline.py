"""Converting in other processes: the same rows, skips and failures as converting in one."""

from __future__ import annotations

import gc
import io
import multiprocessing
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storyboard_app.domain.errors import StoryboardError
from storyboard_app.interchange.convex import ImportCancelled, import_convex_export
from storyboard_app.interchange.convex.pipeline import (
    _start_method,
    pause_cyclic_gc,
    worth_a_process,
)
from storyboard_app.interchange.reports import ImportReport
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store, open_store
from tests.interchange.builders import T0, ExportData, legacy_project, v2_project
from tests.interchange.conftest import dump


@pytest.fixture
def other_store(tmp_path: Path, template_db: Path) -> Iterator[Store]:
    """A second data folder, to import the same export the other way."""
    paths = DataPaths(tmp_path / "other")
    paths.ensure()
    shutil.copyfile(template_db, paths.database)
    store = open_store(paths)
    yield store
    store.close()


def _rich(tmp_path: Path) -> Path:
    data = ExportData()
    v2_project(data)
    legacy_project(data)
    return data.write(tmp_path / "rich.zip")


def _old_encoding(tmp_path: Path) -> Path:
    data = ExportData()
    v2_project(data, scenes=2, shots=2, rounds=3, with_files=False)
    legacy_project(data, internal_ids=True)
    return data.write(tmp_path / "old.zip", "old")


def _bad_documents(tmp_path: Path) -> Path:
    data = ExportData()
    project = v2_project(data, scenes=1, shots=2, rounds=2, with_files=False)
    images = data.tables["shotImages"]
    data.tables["projectScenes"].append(dict(data.tables["projectScenes"][0]))  # duplicate _id
    data.tables["sceneShots"][1]["sceneId"] = "k" * 32  # dangling reference
    images[0]["variantNumber"] = 2.5
    images[1]["isFavorite"] = "yes"
    del images[2]["iterationNumber"]
    images[3]["status"] = "processing"
    del images[3]["replicateImageId"]
    images[4]["parentImageId"] = "p" * 32  # a parent that is not in the export
    images[5]["colorGrade"] = {"lut": "warm"}  # unknown field, kept in extra
    data.add(
        "projectScenes",
        {"projectId": project["_id"], "sceneNumber": 2.0, "title": "T" * 500, "createdAt": T0},
    )
    path = data.write(tmp_path / "bad.zip")
    # Broken lines as well: not JSON, not an object.
    out = tmp_path / "bad-lines.zip"
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "shotImages/documents.jsonl":
                content = b"{not json\n[1, 2]\n" + content
            dst.writestr(info, content)
    return out


EXPORTS: dict[str, Callable[[Path], Path]] = {
    "rich": _rich,
    "old encoding": _old_encoding,
    "bad documents": _bad_documents,
}


def _same_reports(piped: ImportReport, alone: ImportReport) -> None:
    assert piped.tables == alone.tables
    assert piped.skipped == alone.skipped and piped.skipped_total == alone.skipped_total
    assert piped.files_stored == alone.files_stored
    assert piped.project_ids == alone.project_ids
    assert piped.converter_processes == 2 and alone.converter_processes == 0


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_converting_processes_import_exactly_the_same(
    store: Store, other_store: Store, tmp_path: Path, name: str
) -> None:
    path = EXPORTS[name](tmp_path)
    alone = import_convex_export(store, store.paths.media, path, pipeline=False)
    piped = import_convex_export(other_store, other_store.paths.media, path, pipeline=True)
    _same_reports(piped, alone)
    assert alone.inserted > 0
    # Every row of every table, ids and links included.
    assert dump(other_store) == dump(store)


def test_tables_that_already_hold_rows_are_converted_here(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    path = _rich(tmp_path)
    for s in (store, other_store):  # a project made in the app: video_projects is not empty
        s.projects.create("Made here", "")
    alone = import_convex_export(store, store.paths.media, path, pipeline=False)
    piped = import_convex_export(other_store, other_store.paths.media, path, pipeline=True)
    _same_reports(piped, alone)
    # The same apart from the project made here (made at two different moments).
    piped_rows, alone_rows = dump(other_store), dump(store)
    assert piped_rows.pop("video_projects")[1:] == alone_rows.pop("video_projects")[1:]
    assert piped_rows == alone_rows
    again = import_convex_export(other_store, other_store.paths.media, path, pipeline=True)
    assert again.inserted == 0 and again.updated == 0
    assert again.converter_processes == 0  # every table holds rows now


def test_converters_started_from_a_worker_thread(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    """The GUI imports on a worker thread: the converters are fresh processes, not forks."""
    path = _rich(tmp_path)
    alone = import_convex_export(store, store.paths.media, path, pipeline=False)
    outcome: list[Any] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            import_convex_export(other_store, other_store.paths.media, path, pipeline=True)
        )
    )
    worker.start()
    worker.join(timeout=120)
    assert outcome, "the import did not finish"
    _same_reports(outcome[0], alone)
    assert dump(other_store) == dump(store)


def _many_images(tmp_path: Path, name: str = "many.zip") -> Path:
    """About 2,400 images (two batches and more), each a little over a kilobyte."""
    data = ExportData()
    v2_project(data, scenes=4, shots=5, rounds=20, with_files=False)
    for doc in data.tables["shotImages"]:
        doc["iterationPrompt"] = "a lighthouse on a cliff at dusk, " * 30
    return data.write(tmp_path / name)


def _no_converters_left() -> bool:
    return not multiprocessing.active_children()


def test_a_damaged_member_fails_in_the_converter_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    store.projects.create("Made here", "")  # the rest of the tables are fresh: converted there
    before = dump(store)
    path = _many_images(tmp_path)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("shotImages/documents.jsonl")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 2000, start + 2100):  # scramble deflate data mid-member
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ArchiveError, match="is damaged"):
        import_convex_export(store, store.paths.media, path, pipeline=True)
    assert dump(store) == before
    assert _no_converters_left()


def test_cancel_stops_the_converters_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    before = dump(store)
    checks = iter(range(1000))
    with pytest.raises(ImportCancelled, match="unchanged"):
        import_convex_export(
            store,
            store.paths.media,
            _many_images(tmp_path),
            cancel=lambda: next(checks) >= 4,
            pipeline=True,
        )
    assert dump(store) == before
    assert _no_converters_left()


def test_a_converter_that_dies_is_reported_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    """As when the system kills a process that ran out of memory."""
    before = dump(store)

    def kill_the_converters() -> bool:
        for child in multiprocessing.active_children():
            child.kill()
        return False

    with pytest.raises(StoryboardError, match="stopped unexpectedly"):
        import_convex_export(
            store,
            store.paths.media,
            _many_images(tmp_path),
            cancel=kill_the_converters,
            pipeline=True,
        )
    assert dump(store) == before
    assert _no_converters_left()


def test_bad_lines_and_limits_are_the_converters_too(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=1, rounds=1, with_files=False)
    data.tables["shotImages"][0]["iterationPrompt"] = "x" * 5000
    path = data.write(tmp_path / "long.zip")
    limits = ZipLimits(max_line_bytes=4000)
    alone = import_convex_export(store, store.paths.media, path, limits=limits, pipeline=False)
    piped = import_convex_export(
        other_store, other_store.paths.media, path, limits=limits, pipeline=True
    )
    _same_reports(piped, alone)
    assert any("larger than 4,000 bytes" in item.reason for item in piped.skipped)
    assert dump(other_store) == dump(store)


def _indexes(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        return [
            (row[0], row[1])
            for row in connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
            )
        ]


def _large(tmp_path: Path) -> Path:
    """Over 4 MiB of shotImages JSONL: its plain indexes are dropped and built again."""
    data = ExportData()
    v2_project(data, scenes=2, shots=5, rounds=10, with_files=False)
    for doc in data.tables["shotImages"]:
        doc["iterationPrompt"] = "a lighthouse on a cliff at dusk, " * 230
    path = data.write(tmp_path / "large.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("shotImages/documents.jsonl").file_size > 4 * 1024 * 1024
    return path


def test_a_large_first_import_leaves_every_index_as_it_was(store: Store, tmp_path: Path) -> None:
    indexes = _indexes(store)
    assert any(name == "ix_shot_images_by_parent" for name, _ in indexes)
    path = _large(tmp_path)
    checks = iter(range(1000))
    with pytest.raises(ImportCancelled):  # cancelled inside the shot_images table
        import_convex_export(store, store.paths.media, path, cancel=lambda: next(checks) >= 4)
    assert _indexes(store) == indexes
    report = import_convex_export(store, store.paths.media, path)
    assert report.tables["shot_images"].inserted == 600
    assert _indexes(store) == indexes
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert not connection.execute(text("PRAGMA foreign_key_check")).all()
        # The rebuilt index is used and complete: every image with a parent is found by it.
        parents = connection.execute(
            text(
                "SELECT count(*) FROM shot_images INDEXED BY ix_shot_images_by_parent "
                "WHERE parent_image_id IS NOT NULL"
            )
        ).scalar()
        assert parents == 2 * 5 * 9 * 6


def test_cyclic_garbage_collection_is_back_after_an_import(store: Store, tmp_path: Path) -> None:
    assert gc.isenabled()
    import_convex_export(store, store.paths.media, _rich(tmp_path))
    assert gc.isenabled()
    with pytest.raises(ArchiveError):
        import_convex_export(store, store.paths.media, tmp_path / "missing.zip")
    assert gc.isenabled()


def test_large_documents_cut_batches_by_size_and_import_the_same(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    data = ExportData()
    v2_project(data, scenes=1, shots=2, rounds=6, with_files=False)
    for doc in data.tables["shotImages"]:  # 72 × 150 KB: batches end by size, not count
        doc["iterationPrompt"] = "a lighthouse on a cliff at dusk, " * 4500
    path = data.write(tmp_path / "big-docs.zip")
    alone = import_convex_export(store, store.paths.media, path, pipeline=False)
    piped = import_convex_export(other_store, other_store.paths.media, path, pipeline=True)
    _same_reports(piped, alone)
    assert dump(other_store) == dump(store)
    with zipfile.ZipFile(path) as archive:
        infos = [archive.getinfo(f"{name}/documents.jsonl") for name in ("shotImages",)]
        assert infos[0].file_size > 8 * 1024 * 1024
        # Left to itself, the importer does not start processes for documents this large.
        assert not worth_a_process(archive, infos)


def test_many_small_documents_are_worth_converting_elsewhere(tmp_path: Path) -> None:
    data = ExportData()
    v2_project(data, scenes=4, shots=5, rounds=20, with_files=False)
    for doc in data.tables["shotImages"]:
        doc["iterationPrompt"] = "a lighthouse on a cliff at dusk, " * 120
    with zipfile.ZipFile(data.write(tmp_path / "many.zip")) as archive:
        info = archive.getinfo("shotImages/documents.jsonl")
        assert info.file_size > 8 * 1024 * 1024
        assert worth_a_process(archive, [info])


def test_a_qt_pool_thread_starts_fresh_processes(qapp: Any) -> None:
    """Qt's pool threads are invisible to `threading`: forking from one is never chosen."""
    from PySide6.QtCore import QRunnable, QThreadPool

    seen: list[str] = []

    class Probe(QRunnable):
        def run(self) -> None:
            seen.append(_start_method())

    pool = QThreadPool()
    pool.start(Probe())
    assert pool.waitForDone(10_000)
    assert seen == ["spawn"]
    assert _start_method() in ("fork", "spawn")  # here: whatever this test process allows


def test_overlapping_imports_share_one_pause_of_the_collector() -> None:
    assert gc.isenabled()
    with pause_cyclic_gc():
        with pause_cyclic_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the other import still runs
    assert gc.isenabled()


def test_deep_nesting_and_huge_numbers_skip_only_their_document(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    data = ExportData()
    v2_project(data, scenes=2, shots=1, rounds=1, with_files=False)
    images = data.tables["shotImages"]
    deep: Any = 1.0
    for _ in range(100):
        deep = {"x": deep}
    images[0]["notes"] = deep  # 100 levels: refused before decoding
    shallow: Any = 1.0
    for _ in range(30):
        shallow = [shallow]
    images[1]["notes"] = shallow  # 30 levels: kept in extra
    data.tables["projectScenes"][1]["sceneNumber"] = 1e300  # no 64-bit column holds it
    path = data.write(tmp_path / "odd.zip")
    alone = import_convex_export(store, store.paths.media, path, pipeline=False)
    piped = import_convex_export(other_store, other_store.paths.media, path, pipeline=True)
    _same_reports(piped, alone)
    assert dump(other_store) == dump(store)
    reasons = [item.reason for item in alone.skipped]
    assert "the document is nested deeper than 64 levels" in reasons
    assert any("sceneNumber" in r and "too large" in r for r in reasons)
    assert alone.tables["shot_images"].inserted == 12 - 1 - 6  # the deep one; scene 2's six
