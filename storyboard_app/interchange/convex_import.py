"""Importing a Convex snapshot export of the original web app, in one transaction.

The JSONL files are streamed in batches (memory grows with the number of documents, about
200 bytes each for the id maps, never with their size). Every reference is resolved through
`source_id`, so a second import of the same zip updates rows instead of duplicating them.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Table, and_, distinct, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from storyboard_app.domain.enums import ImageStatus, WorkflowVersion
from storyboard_app.domain.errors import StoryboardError
from storyboard_app.domain.workflow import ProjectFacts, workflow_stage
from storyboard_app.interchange import convex_schema as schema
from storyboard_app.interchange.convex_pipeline import (
    ConverterProcess,
    Skip,
    convert_documents,
    pause_cyclic_gc,
    worth_a_process,
)
from storyboard_app.interchange.convex_rows import (
    NUMBER_KEYS,
    PendingRow,
    reference_columns,
)
from storyboard_app.interchange.convex_schema import TableSpec
from storyboard_app.interchange.convex_storage import (
    STORAGE_DIR,
    StorageResult,
    import_storage_files,
    read_storage_index,
)
from storyboard_app.interchange.jsonl_stream import iter_documents
from storyboard_app.interchange.reports import ImportReport, SkipList, SkippedItem, TableCounts
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits, iter_lines, open_archive
from storyboard_app.interchange.sql_bulk import CHUNK, Patch, RawWriter, bulk_update, table_of
from storyboard_app.media.store import MediaStore
from storyboard_app.store.models import (
    LegacyScene,
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoProject,
)
from storyboard_app.store.open_store import Store

HINT = (
    "Make a new export with `npx convex export --path backup.zip` "
    "(add --include-file-storage to bring the images)."
)
WHAT = "Convex export"
BATCH = 2000
FLUSH_BYTES = 16 * 1024 * 1024  # of JSON read: a batch of large documents ends sooner
IMPORT_CACHE_KIB = 64 * 1024
INDEX_REBUILD_BYTES = 4 * 1024 * 1024  # of JSONL: below it, rebuilding costs more

# The columns kept in memory per imported row, to resolve references to it.
_CONTEXT: dict[str, tuple[str, ...]] = {
    "videoProjects": ("id",),
    "projectScenes": ("id", "project_id"),
    "sceneShots": ("id", "project_id", "scene_id"),
    "shotImages": ("id", "project_id", "scene_id", "shot_id"),
    "storyboardSelections": ("id", "shot_id"),
    "scenes": ("id", "project_id"),
    "videoClips": ("id", "project_id"),
}


# The unique key of the tables that have one besides source_id.
_UNIQUE: dict[str, tuple[str, ...]] = {
    "shotImages": ("shot_id", "iteration_number", "variant_number"),
    "storyboardSelections": ("shot_id",),
}
# References resolved once their target table is read: table → columns.
_DEFERRED: dict[str, tuple[str, ...]] = {
    spec.name: tuple(f.column for f in spec.fields if f.deferred)
    for spec in schema.TABLES
    if any(f.deferred for f in spec.fields)
}
_LEFT_AS_IT_WAS = "; the row was left as it was"
_SELECTION_TAKEN = (
    "its shot already has another storyboard selection here (one per shot; made in this app "
    "or from another export)"
)


@contextmanager
def _roomy_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache for this import: its indexes are written in random order.

    Memory stays bounded (IMPORT_CACHE_KIB); the connection's own setting comes back after.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # After a failure the original error matters, not the cache size of a pooled link.
        with suppress(DBAPIError):
            connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def _hold_write_lock(session: Session) -> None:
    """Take the database's write lock now, with a write that changes nothing.

    Until the commit no other connection can then add rows, so whether a table holds any
    and which ids are free stay true for the whole import.
    """
    projects = table_of(VideoProject)
    session.execute(update(projects).where(projects.c.id == -1).values(id=projects.c.id))


class ImportCancelled(StoryboardError):
    """The user cancelled the import; the database is unchanged."""


@dataclass
class _Layout:
    tables: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    schemas: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    storage_index: zipfile.ZipInfo | None = None
    storage_files: list[zipfile.ZipInfo] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        infos = [*self.tables.values(), *self.storage_files]
        if self.storage_index is not None:
            infos.append(self.storage_index)
        return sum(i.file_size for i in infos)


def _layout(archive: zipfile.ZipFile, label: str) -> _Layout:
    layout = _Layout()
    for info in archive.infolist():
        if info.is_dir():
            continue
        parts = PurePosixPath(info.filename).parts
        if parts[0] == "_components" or len(parts) != 2:
            continue  # tables of installed components, and anything else, are not ours
        folder, name = parts
        if folder == STORAGE_DIR:
            if name == "documents.jsonl":
                layout.storage_index = info
            else:
                layout.storage_files.append(info)
        elif folder == "_tables":
            continue
        elif name == "documents.jsonl":
            layout.tables[folder] = info
        elif name == "generated_schema.jsonl":
            layout.schemas[folder] = info
    if not layout.tables and layout.storage_index is None:
        raise ArchiveError(
            f"{label} is a zip file but not a Convex snapshot export (it has no "
            f"<table>/documents.jsonl). {HINT}"
        )
    return layout


def _encoding(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None) -> str:
    """ "uniform" (new exports), "old" (a shape string), or "unknown" (no schema file)."""
    if info is None:
        return "unknown"
    try:
        with archive.open(info) as fh:
            first = fh.readline(4096).strip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return "unknown"
    return "uniform" if first == b'"uniform"' else "old"


class _Tracker:
    """Progress in unpacked bytes, reported at most every 50 ms, and the cancel check."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancel = cancel
        self._last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        if self._progress is not None:
            now = time.monotonic()
            if now - self._last >= 0.05:
                self._last = now
                self._progress(min(self.done, self.total), self.total)

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ImportCancelled("The import was cancelled; the database is unchanged.")

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


def import_convex_export(
    store: Store,
    media_root: Path,
    zip_path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    *,
    limits: ZipLimits | None = None,
    pipeline: bool | None = None,
) -> ImportReport:
    """Import the zip `npx convex export` wrote; all rows in one transaction.

    `pipeline`: convert documents in other processes (None: when the export is large and
    its documents small; only into SQLite tables that hold no rows yet).

    Thread-safe (own session; never touches Qt). Files are copied into the media store
    first; they are content-addressed, so a rejected import leaves at most unreferenced
    files, which `media gc` removes. Raises ArchiveError (damaged or hostile zip) or
    ImportCancelled; documents that cannot be imported are skipped and listed in the report.
    """
    started = time.perf_counter()
    limits = limits or ZipLimits()
    zip_path = Path(zip_path)
    label = zip_path.name
    skips = SkipList()
    with open_archive(zip_path, limits, WHAT, HINT) as archive:
        layout = _layout(archive, label)
        tracker = _Tracker(layout.total_bytes, progress, cancel)
        tracker.check_cancel()
        index = read_storage_index(
            archive,
            layout.storage_index,
            limits,
            label=label,
            hint=HINT,
            skips=skips,
            on_bytes=tracker.add,
        )
        storage = import_storage_files(
            archive,
            layout.storage_files,
            index,
            MediaStore(media_root),
            label=label,
            hint=HINT,
            skips=skips,
            on_bytes=tracker.add,
            check_cancel=tracker.check_cancel,
        )
        encodings = {name: _encoding(archive, layout.schemas.get(name)) for name in layout.tables}
        store.backup("import")
        with pause_cyclic_gc(), store.sessions.begin() as session, _roomy_cache(session):
            _hold_write_lock(session)
            importer = _Importer(session, archive, limits, label, storage, skips, tracker)
            fresh = [
                (spec.name, layout.tables[spec.name])
                for spec in schema.TABLES
                if spec.name in layout.tables and not importer.has_rows(spec.name)
            ]
            if pipeline is None:
                pipeline = bool(fresh) and worth_a_process(archive, [i for _, i in fresh])
            # The converters and ids given before INSERT rely on SQLite's single writer.
            pipeline = pipeline and session.get_bind().dialect.name == "sqlite"
            with (
                ConverterProcess(
                    zip_path,
                    [(name, info.filename) for name, info in fresh],
                    limits,
                    storage.ids,
                    what=WHAT,
                    hint=HINT,
                )
                if pipeline and fresh
                else nullcontext()
            ) as converter:
                processes = converter.processes if converter is not None else 0
                for spec in schema.TABLES:
                    info = layout.tables.get(spec.name)
                    if info is not None:
                        with importer.indexes_built_after(spec, info):
                            importer.import_table(spec, info, converter)
                            if spec is schema.SHOT_IMAGES:
                                importer.resolve_deferred()
                    elif spec is schema.SHOT_IMAGES:
                        importer.resolve_deferred()
            ignored = {
                name: importer.count_lines(info)
                for name, info in sorted(layout.tables.items())
                if name not in schema.BY_NAME
            }
            importer.finish_projects()
            tracker.check_cancel()
    tracker.finish()
    return ImportReport(
        source=str(zip_path),
        tables={
            spec.table: importer.counts.get(spec.name, TableCounts()) for spec in schema.TABLES
        },
        files_stored=storage.stored,
        files_skipped=storage.skipped,
        project_ids=tuple(sorted(importer.project_ids)),
        skipped=tuple(skips.items),
        skipped_total=skips.total,
        ignored_tables=ignored,
        encoding={
            schema.BY_NAME[name].table if name in schema.BY_NAME else name: enc
            for name, enc in sorted(encodings.items())
        },
        seconds=time.perf_counter() - started,
        converter_processes=processes,
    )


@dataclass
class _Counter:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def frozen(self) -> TableCounts:
        return TableCounts(self.read, self.inserted, self.updated, self.unchanged, self.skipped)


@dataclass
class _Deferred:
    table: str
    row_id: int
    project_id: int
    column: str
    ref: str | None
    source_id: str
    line: int
    existed: bool = False


@dataclass
class _Held:
    """An image whose (shot, iteration, variant) is taken in the database at the moment it is
    read; placed after the whole table, when the rows of the export that move are moved."""

    row: PendingRow
    values: dict[str, Any]
    key: tuple[int, int, int]
    row_id: int | None = None  # an existing row (an update); None for a new row
    old_key: tuple[int, int, int] | None = None
    old_context: tuple[int, ...] = ()
    changes: dict[str, Any] = field(default_factory=dict)


# A row on its way to new numbers waits on iteration TEMP_ITERATION + id: no real round is
# that high, so the unique (shot, iteration, variant) key never clashes in between.
TEMP_ITERATION = 1_000_000_000


class _Importer:
    """The state of one import: id maps, claimed unique keys, deferred links, counts."""

    def __init__(
        self,
        session: Session,
        archive: zipfile.ZipFile,
        limits: ZipLimits,
        label: str,
        storage: StorageResult,
        skips: SkipList,
        tracker: _Tracker,
    ) -> None:
        self.s = session
        self.connection = session.connection()
        self.archive = archive
        self.limits = limits
        self.label = label
        self.storage = storage
        self.skips = skips
        self.tracker = tracker
        self.index: dict[str, dict[str, tuple[int, ...]]] = {name: {} for name in _CONTEXT}
        self.image_keys: set[tuple[int, int, int]] = set()
        self.selection_shots: set[int] = set()
        self.deferred: list[_Deferred] = []
        self.held: list[_Held] = []
        self.held_ids: set[str] = set()
        self.project_ids: set[int] = set()
        self.touched_projects: set[int] = set()
        self.inferred_version: set[int] = set()
        self._counters: dict[str, _Counter] = {}
        self._writers: dict[str, RawWriter] = {}
        self._patch: dict[str, Patch] = {}
        self._next_id: dict[str, int] = {}
        self._placeholders = 0
        # Tables that held no row when the import began: nothing there to update or collide
        # with except this import's own rows, so no lookups are needed.
        self._had_rows: dict[str, bool] = {}
        self.missing_files: dict[str, int] = {}

    @property
    def counts(self) -> dict[str, TableCounts]:
        return {name: c.frozen() for name, c in self._counters.items()}

    def _skip(self, spec: TableSpec, source_id: str | None, line: int | None, why: str) -> None:
        self._counters[spec.name].skipped += 1
        self.skips.add(SkippedItem(spec.table, source_id, why, line))

    def writer(self, name: str) -> RawWriter:
        writer = self._writers.get(name)
        if writer is None:
            spec = schema.BY_NAME[name]
            writer = RawWriter(self.connection, table_of(spec.model))
            self._writers[name] = writer
            columns = [*reference_columns(spec)]
            if name in _NUMBER_COLUMN:  # numbers are placeholders until `finish_projects`
                columns.append(_NUMBER_COLUMN[name])
            self._patch[name] = writer.codec.patcher(columns)
            self._had_rows[name] = writer.has_rows()
        return writer

    @contextmanager
    def indexes_built_after(self, spec: TableSpec, info: zipfile.ZipInfo) -> Iterator[None]:
        """Many rows into a table that held none: its plain indexes are dropped and built
        again after, which is faster than keeping them up to date row by row.

        Inside the import's transaction, so a failed import brings them back unchanged; the
        unique indexes stay, as they are the table's constraints.
        """
        if (
            self._had_rows[spec.name]
            or info.file_size < INDEX_REBUILD_BYTES
            or self.connection.dialect.name != "sqlite"
        ):
            yield
            return
        table = table_of(spec.model).name
        indexes = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            (table,),
        ).all()
        for name, _ in indexes:
            self.connection.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            self.connection.exec_driver_sql(sql)

    # -- streaming a table ---------------------------------------------------------------

    def _fresh(self, spec: TableSpec) -> bool:
        """Whether the table's rows are all new here, prepared and given ids before INSERT: it
        held none when the import began, in SQLite (whose single writer the import holds)."""
        return not self._had_rows[spec.name] and self.connection.dialect.name == "sqlite"

    def has_rows(self, name: str) -> bool:
        """Whether the table held rows when the import began."""
        self.writer(name)
        return self._had_rows[name]

    def import_table(
        self, spec: TableSpec, info: zipfile.ZipInfo, converter: ConverterProcess | None
    ) -> None:
        counter = self._counters.setdefault(spec.name, _Counter())
        writer = self.writer(spec.name)
        items: Iterable[PendingRow | Skip]
        if converter is not None and converter.serves(spec.name):
            items = converter.rows(spec.name, self.tracker.add)
        else:
            documents = iter_documents(
                self.archive,
                info,
                self.limits,
                label=self.label,
                hint=HINT,
                on_bytes=self.tracker.add,
            )
            # Rows of a table that held none are all new: serialised for INSERT right away.
            codec = writer.codec if self._fresh(spec) else None
            items = convert_documents(spec, documents, self.storage.ids, codec)
        batch: list[PendingRow] = []
        read_at_flush = self.tracker.done
        for row in items:
            counter.read += 1
            if type(row) is tuple:
                self._skip(spec, row[0], row[1], row[2])
                continue
            assert isinstance(row, PendingRow)
            if row.missing_files:
                self.missing_files[spec.name] = self.missing_files.get(spec.name, 0) + 1
            batch.append(row)
            # Large documents: the batch ends by size too, so memory stays bounded.
            if len(batch) >= BATCH or self.tracker.done - read_at_flush >= FLUSH_BYTES:
                self._flush(spec, batch)
                batch = []
                read_at_flush = self.tracker.done
        if batch:
            self._flush(spec, batch)
        if spec is schema.SHOT_IMAGES:
            self._place_held()
        missing = self.missing_files.get(spec.name)
        if missing:
            self.skips.add(
                SkippedItem(
                    spec.table,
                    None,
                    f"{missing:,} rows use stored files that are not in the export; their URLs "
                    "were kept. Export with --include-file-storage to bring the files.",
                )
            )

    def count_lines(self, info: zipfile.ZipInfo) -> int:
        return sum(
            1
            for _ in iter_lines(
                self.archive,
                info,
                self.limits,
                label=self.label,
                hint=HINT,
                on_bytes=self.tracker.add,
            )
        )

    # -- one batch -----------------------------------------------------------------------

    def _lookup(self, table: str, refs: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """Resolve Convex ids of `table` through this import's map, then the database."""
        known = self.index[table]
        found: dict[str, tuple[int, ...]] = {}
        missing: list[str] = []
        for ref in refs:
            hit = known.get(ref)
            if hit is None:
                missing.append(ref)
            else:
                found[ref] = hit
        if missing:
            columns = ("source_id", *_CONTEXT[table])
            for row in self.writer(table).select_raw(columns, "source_id", missing):
                found[row[0]] = tuple(row[1:])
        return found

    def _flush(self, spec: TableSpec, batch: list[PendingRow]) -> None:
        self.tracker.check_cancel()
        # References this import has not written are looked up in the database, per batch.
        unknown: dict[str, set[str]] = {}
        ref_tables = _REF_TABLES[spec.name]
        index = self.index
        for row in batch:
            for column, ref in row.refs.items():
                table = ref_tables[column]
                if ref not in index[table]:
                    unknown.setdefault(table, set()).add(ref)
        found = Found(index, {table: self._lookup(table, refs) for table, refs in unknown.items()})
        placed: list[PendingRow] = []
        seen = self.index[spec.name]
        batch_ids: set[str] = set()
        for row in batch:
            sid = row.source_id
            if sid in seen or sid in batch_ids or sid in self.held_ids:
                self._skip(spec, row.source_id, row.line, "its _id appears twice in the table")
                continue
            why = _place(spec, row, found)
            if why is None:
                why = self._claim_unique(spec, row)
            if why is not None:
                self._skip(spec, row.source_id, row.line, why)
                continue
            batch_ids.add(row.source_id)
            placed.append(row)
        if placed:
            self._write(spec, placed)

    def _claim_unique(self, spec: TableSpec, row: PendingRow) -> str | None:
        values = row.values
        if spec is schema.SHOT_IMAGES:
            key = (values["shot_id"], values["iteration_number"], values["variant_number"])
            if key in self.image_keys:
                return (
                    f"another image of the same shot is already iteration {key[1]} variant {key[2]}"
                )
            self.image_keys.add(key)
        elif spec is schema.STORYBOARD_SELECTIONS:
            if values["shot_id"] in self.selection_shots:
                return "its shot already has a storyboard selection (one per shot)"
            self.selection_shots.add(values["shot_id"])
        return None

    def _write(self, spec: TableSpec, rows: list[PendingRow]) -> None:
        writer = self.writer(spec.name)
        counter = self._counters[spec.name]
        had_rows = self._had_rows[spec.name]
        columns = ("id", *writer.columns)
        position = {column: i for i, column in enumerate(columns)}
        existing: dict[str, tuple[Any, ...]] = {}
        if had_rows:
            source = position["source_id"]
            existing = {
                old[source]: old
                for old in writer.select_raw(columns, "source_id", [r.source_id for r in rows])
            }
        codec = writer.codec
        inserts: list[tuple[PendingRow, dict[str, Any]]] = []
        updates: list[tuple[PendingRow, dict[str, Any], tuple[Any, ...], dict[str, Any]]] = []
        for row in rows:
            values = row.values
            old = existing.get(row.source_id)
            if old is None:
                inserts.append((row, values))
                continue
            soft = row.soft
            changes: dict[str, Any] = {}
            for column, value in values.items():
                if column in soft:
                    continue
                raw = old[position[column]]
                if codec.same(column, raw, codec.db_value(column, value), value):
                    continue
                # A re-export without files never forgets a picture that is already here.
                if value is None and column.endswith("_storage_id"):
                    continue
                changes[column] = value
            updates.append((row, values, old, changes))
        if had_rows and spec.name in _UNIQUE:
            inserts, updates = self._unique_keys(spec, inserts, updates, position)
        changed: list[dict[str, Any]] = []
        for row, values, old, changes in updates:
            row_id = int(old[0])
            self._remember(spec, row, values, row_id, existed=True, old=old, position=position)
            if changes:
                changes["updated_at"] = values["updated_at"]
                changes["id"] = row_id
                changed.append(changes)
                counter.updated += 1
                self._touch(spec, values, row_id)
            else:
                counter.unchanged += 1
        number = _NUMBER_COLUMN.get(spec.name)
        if number is not None:  # a row moved to another parent may not keep its number there
            parent = "project_id" if number == "scene_number" else "scene_id"
            for change in changed:
                if parent in change:
                    change[number] = self._placeholder()
        writer.update_values(changed)
        self._insert(spec, inserts)

    def _placeholder(self) -> int:
        """A scene or shot number unique in this import, below the renumbering's own range."""
        self._placeholders += 1
        return _PLACEHOLDER_BASE + self._placeholders

    def _insert(self, spec: TableSpec, inserts: list[tuple[PendingRow, dict[str, Any]]]) -> None:
        if not inserts:
            return
        number = _NUMBER_COLUMN.get(spec.name)
        if number is not None:  # unique (parent, number) holds from the first row
            for _, values in inserts:
                values[number] = self._placeholder()
        if self._fresh(spec):
            self._insert_new(spec, inserts)
            return
        writer = self.writer(spec.name)
        if spec is schema.SHOT_IMAGES:
            for row, values in inserts:
                self._early_parent(row, values)
        # A plain executemany: RETURNING with a guaranteed order would insert row by row.
        new_ids = writer.insert_ids(
            [writer.codec.row_for_insert(values) for _, values in inserts],
            [row.source_id for row, _ in inserts],
            "source_id",
        )
        for (row, values), new_id in zip(inserts, new_ids, strict=True):
            self._remember(spec, row, values, new_id, existed=False)
            self._touch(spec, values, new_id)
        self._counters[spec.name].inserted += len(inserts)

    def _insert_new(
        self, spec: TableSpec, inserts: list[tuple[PendingRow, dict[str, Any]]]
    ) -> None:
        """INSERT prepared rows into a table that held none, with ids given here.

        The import holds the write lock (see `_hold_write_lock`), so the ids after the largest
        stay free; knowing them before the INSERT links an image to a parent in the same batch.
        """
        name = spec.name
        writer, patch = self.writer(name), self._patch[name]
        row_id = self._next_id.get(name) or writer.next_id()
        images = spec is schema.SHOT_IMAGES
        rows: list[tuple[Any, ...]] = []
        for row, values in inserts:
            assert row.prepared is not None
            if images:
                self._early_parent(row, values)
            self._remember(spec, row, values, row_id, existed=False)
            self._touch(spec, values, row_id)
            rows.append(patch(row.prepared, values, row_id))
            row_id += 1
        self._next_id[name] = row_id
        writer.insert(rows, with_ids=True)
        self._counters[name].inserted += len(inserts)

    def _early_parent(self, row: PendingRow, values: dict[str, Any]) -> None:
        """Link a new image to a parent this import already wrote, saving a later UPDATE."""
        ref = row.deferred.get("parent_image_id")
        if ref is None:
            return
        image = self.index["shotImages"].get(ref)
        if image is None:
            return  # not read yet: linked after the whole table
        del row.deferred["parent_image_id"]
        if image[1] == values["project_id"]:
            values["parent_image_id"] = image[0]
            return
        d = _Deferred(
            "shotImages", 0, values["project_id"], "parent_image_id", ref, row.source_id, row.line
        )
        why = _deferred_problem(d, image)
        assert why is not None
        self.skips.add(SkippedItem(schema.SHOT_IMAGES.table, row.source_id, why, row.line))

    # -- unique keys that the export moves --------------------------------------------------

    def _unique_keys(
        self,
        spec: TableSpec,
        inserts: list[tuple[PendingRow, dict[str, Any]]],
        updates: list[tuple[PendingRow, dict[str, Any], tuple[Any, ...], dict[str, Any]]],
        position: dict[str, int],
    ) -> tuple[
        list[tuple[PendingRow, dict[str, Any]]],
        list[tuple[PendingRow, dict[str, Any], tuple[Any, ...], dict[str, Any]]],
    ]:
        """Rows whose unique key is taken in the database right now: images wait for the end
        of the table (the taker may move away), selections are skipped with the reason."""
        key_columns = _UNIQUE[spec.name]

        def key_of(values: dict[str, Any]) -> tuple[int, ...]:
            return tuple(int(values[c]) for c in key_columns)

        def old_key_of(old: tuple[Any, ...]) -> tuple[int, ...]:
            return tuple(int(old[position[c]]) for c in key_columns)

        moving = [u for u in updates if key_of(u[1]) != old_key_of(u[2])]
        if not inserts and not moving:
            return inserts, updates
        shots = {int(v["shot_id"]) for _, v in inserts} | {int(u[1]["shot_id"]) for u in moving}
        taken = self._taken(spec, shots)
        kept_inserts: list[tuple[PendingRow, dict[str, Any]]] = []
        for row, values in inserts:
            key = key_of(values)
            if key not in taken:
                kept_inserts.append((row, values))
            elif spec is schema.SHOT_IMAGES:
                self.held.append(_Held(row, values, (key[0], key[1], key[2])))
                self.held_ids.add(row.source_id)
            else:
                self._skip(spec, row.source_id, row.line, _SELECTION_TAKEN)
        kept_updates = []
        for update_ in updates:
            row, values, old, changes = update_
            key, old_key = key_of(values), old_key_of(old)
            if key == old_key or taken.get(key, old[0]) == old[0]:
                kept_updates.append(update_)
            elif spec is schema.SHOT_IMAGES:
                context = tuple(int(old[position[c]]) for c in _CONTEXT[spec.name][1:])
                self.held.append(
                    _Held(
                        row,
                        values,
                        (key[0], key[1], key[2]),
                        int(old[0]),
                        (old_key[0], old_key[1], old_key[2]),
                        (int(old[0]), *context),
                        changes,
                    )
                )
                self.held_ids.add(row.source_id)
            else:
                self._skip(spec, row.source_id, row.line, _SELECTION_TAKEN + _LEFT_AS_IT_WAS)
        return kept_inserts, kept_updates

    def _taken(self, spec: TableSpec, shots: Iterable[int]) -> dict[tuple[int, ...], int]:
        """Unique key → id of the row holding it now, for the rows of these shots."""
        key_columns = _UNIQUE[spec.name]
        rows = self.writer(spec.name).select_raw(("id", *key_columns), "shot_id", list(shots))
        return {tuple(int(v) for v in r[1:]): int(r[0]) for r in rows}

    def _place_held(self) -> None:
        """Give each waiting image its numbers once every row the export moves has moved.

        A key still taken by a row this export does not move (made in this app, from another
        export, or skipped) cannot be given: that image is skipped with the reason, and so is
        any image that would need the old numbers of a skipped one.
        """
        held, self.held = self.held, []
        self.held_ids.clear()
        if not held:
            return
        spec = schema.SHOT_IMAGES
        writer = self.writer(spec.name)
        counter = self._counters[spec.name]
        moving = {h.row_id for h in held if h.row_id is not None}
        taken = {
            key: row_id
            for key, row_id in self._taken(spec, {h.key[0] for h in held}).items()
            if row_id not in moving
        }
        failed: set[int] = set()
        while True:
            blocked = set(taken) | {held[i].old_key for i in failed if held[i].old_key is not None}
            more = {i for i, h in enumerate(held) if i not in failed and h.key in blocked}
            if not more:
                break
            failed |= more
        placed = [h for i, h in enumerate(held) if i not in failed]
        # Two phases: every moving row steps aside to a temporary round, then takes its place.
        writer.update(
            ("iteration_number",),
            [(h.row_id, TEMP_ITERATION + h.row_id) for h in placed if h.row_id is not None],
        )
        changed: list[dict[str, Any]] = []
        for h in placed:
            if h.row_id is None:
                continue
            self._remember(spec, h.row, h.values, h.row_id, existed=True)
            changes = dict(h.changes)
            changes.update(
                {
                    "shot_id": h.key[0],
                    "iteration_number": h.key[1],
                    "variant_number": h.key[2],
                    "updated_at": h.values["updated_at"],
                    "id": h.row_id,
                }
            )
            changed.append(changes)
            counter.updated += 1
            self._touch(spec, h.values, h.row_id)
        writer.update_values(changed)
        self._insert(spec, [(h.row, h.values) for h in placed if h.row_id is None])
        for i in sorted(failed):
            h = held[i]
            where = f"iteration {h.key[1]} variant {h.key[2]}"
            if h.row_id is None:
                why = (
                    f"its shot already has an image at {where} here that this export does not "
                    "replace (made in this app, or from another export); it was not imported"
                )
            else:
                self.index[spec.name][h.row.source_id] = h.old_context
                why = (
                    f"it moved to {where} of its shot, which another image here still holds "
                    "(made in this app, from another export, or skipped)" + _LEFT_AS_IT_WAS
                )
            self._skip(spec, h.row.source_id, h.row.line, why)

    # -- remembering written rows -----------------------------------------------------------

    def _remember(
        self,
        spec: TableSpec,
        row: PendingRow,
        values: dict[str, Any],
        row_id: int,
        *,
        existed: bool,
        old: tuple[Any, ...] | None = None,
        position: dict[str, int] | None = None,
    ) -> None:
        """Index a written row; link its deferred references now when their targets are known,
        else later. `old` is the existing row as read, when there is one at hand."""
        name = spec.name
        if name == "shotImages":
            entry: tuple[int, ...] = (
                row_id,
                values["project_id"],
                values["scene_id"],
                values["shot_id"],
            )
        else:
            entry = (row_id, *(values[c] for c in _CONTEXT[name][1:]))
        self.index[name][row.source_id] = entry
        if spec is schema.VIDEO_PROJECTS:
            project_id = row_id
            self.project_ids.add(row_id)
            if "workflow_version" in row.soft and not existed:
                self.inferred_version.add(row_id)
        else:
            project_id = values["project_id"]
        deferred = _DEFERRED.get(name)
        if deferred is None or (not existed and not row.deferred):
            return
        for column in deferred:
            ref = row.deferred.get(column)
            # A row seen before may need its old link cleared, so it is always revisited.
            if ref is None and not existed:
                continue
            d = _Deferred(
                spec.name, row_id, project_id, column, ref, row.source_id, row.line, existed
            )
            if old is not None and position is not None:
                if ref is None:
                    self._link_now(d, None, old[position[column]])
                    continue
                image = self.index["shotImages"].get(ref)
                if image is not None:
                    self._link_now(d, image, old[position[column]])
                    continue
            self.deferred.append(d)

    def _link_now(self, d: _Deferred, image: tuple[int, ...] | None, current: Any) -> None:
        target = self._target(d, image)
        if current != target:
            self.writer(d.table).update((d.column,), [(d.row_id, target)])
            self.touched_projects.add(d.project_id)

    def _target(self, d: _Deferred, image: tuple[int, ...] | None) -> int | None:
        if d.ref is None:
            return None
        why = _deferred_problem(d, image)
        if why is None and image is not None:
            return image[0]
        if why is not None:
            self.skips.add(SkippedItem(schema.BY_NAME[d.table].table, d.source_id, why, d.line))
        return None

    def _touch(self, spec: TableSpec, values: dict[str, Any], row_id: int) -> None:
        if spec is schema.VIDEO_PROJECTS:
            self.touched_projects.add(row_id)
        else:
            self.touched_projects.add(int(values["project_id"]))

    # -- links resolved after every image is known ------------------------------------------

    def resolve_deferred(self) -> None:
        """Set shots' final picks and images' parents, now that every image has an id."""
        pending, self.deferred = self.deferred, []
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start : start + CHUNK]
            images = self._lookup("shotImages", [d.ref for d in chunk if d.ref is not None])
            by_table: dict[tuple[str, str], list[tuple[_Deferred, int | None]]] = {}
            for d in chunk:
                image = images.get(d.ref) if d.ref is not None else None
                by_table.setdefault((d.table, d.column), []).append((d, self._target(d, image)))
            for (table_name, column), items in by_table.items():
                self._apply_links(table_name, column, items)

    def _apply_links(
        self, table_name: str, column: str, items: list[tuple[_Deferred, int | None]]
    ) -> None:
        writer = self.writer(table_name)
        existed = [d.row_id for d, _ in items if d.existed]
        current: dict[int, Any] = {}
        if existed:
            current = dict(writer.select_raw(("id", column), "id", existed))
        updates: list[tuple[Any, ...]] = []
        for d, target in items:
            if current.get(d.row_id) != target:
                # The row keeps its own updated_at: a link is part of the imported state.
                updates.append((d.row_id, target))
                self.touched_projects.add(d.project_id)
        writer.update((column,), updates)

    # -- after every table -----------------------------------------------------------------

    def finish_projects(self) -> None:
        """Decide inferred workflow versions, renumber scenes and shots 1..n, derive stages."""
        ids = sorted(self.touched_projects)
        for start in range(0, len(ids), CHUNK):
            self._finish_chunk(ids[start : start + CHUNK])

    def _finish_chunk(self, ids: list[int]) -> None:
        projects = table_of(VideoProject)
        rows = self.s.execute(select(projects).where(projects.c.id.in_(ids))).all()
        scenes = self.s.execute(
            select(
                ProjectScene.id,
                ProjectScene.project_id,
                ProjectScene.scene_number,
                ProjectScene.extra,
                ProjectScene.created_at,
                ProjectScene.updated_at,
            ).where(ProjectScene.project_id.in_(ids))
        ).all()
        shots = self.s.execute(
            select(
                SceneShot.id,
                SceneShot.project_id,
                SceneShot.scene_id,
                SceneShot.shot_number,
                SceneShot.extra,
                SceneShot.created_at,
                SceneShot.updated_at,
                SceneShot.selected_image_id,
            ).where(SceneShot.project_id.in_(ids))
        ).all()
        with_legacy = set(
            self.s.scalars(
                select(LegacyScene.project_id).where(LegacyScene.project_id.in_(ids)).distinct()
            )
        )
        scenes_of: dict[int, list[Any]] = {}
        for scene in scenes:
            scenes_of.setdefault(scene.project_id, []).append(scene)
        shots_of: dict[int, list[Any]] = {}
        for shot in shots:
            shots_of.setdefault(shot.project_id, []).append(shot)
        facts = _facts(self.s, ids, scenes_of, shots_of)
        for row in rows:
            project_id = row.id
            version = row.workflow_version
            if project_id in self.inferred_version:
                has_v2 = bool(scenes_of.get(project_id))
                version = (
                    WorkflowVersion.V2_REDESIGN
                    if has_v2 and project_id not in with_legacy
                    else WorkflowVersion.V1_LEGACY
                )
            self._renumber(scenes_of.get(project_id, []), shots_of.get(project_id, []))
            stage = row.redesign_status
            if version == WorkflowVersion.V2_REDESIGN:
                stage = workflow_stage(facts[project_id])
            if version != row.workflow_version or stage != row.redesign_status:
                self.s.execute(
                    update(projects)
                    .where(projects.c.id == project_id)
                    .values(
                        workflow_version=version,
                        redesign_status=stage,
                        updated_at=row.updated_at,
                    )
                )

    def _renumber(self, scenes: list[Any], shots: list[Any]) -> None:
        _renumber_rows(
            self.s, table_of(ProjectScene), scenes, "scene_number", NUMBER_KEYS["projectScenes"]
        )
        by_scene: dict[int, list[Any]] = {}
        for shot in shots:
            by_scene.setdefault(shot.scene_id, []).append(shot)
        for rows in by_scene.values():
            _renumber_rows(
                self.s, table_of(SceneShot), rows, "shot_number", NUMBER_KEYS["sceneShots"]
            )


def _facts(
    s: Session, ids: list[int], scenes_of: dict[int, list[Any]], shots_of: dict[int, list[Any]]
) -> dict[int, ProjectFacts]:
    """`project_facts` of many projects at once (the same counts, grouped by project)."""
    with_images = dict(
        s.execute(
            select(ShotImage.project_id, func.count(distinct(ShotImage.shot_id)))
            .where(ShotImage.project_id.in_(ids))
            .group_by(ShotImage.project_id)
        ).all()
    )
    animated = dict(
        s.execute(
            select(StoryboardSelection.project_id, func.count())
            .select_from(StoryboardSelection)
            .join(
                SceneShot,
                and_(
                    SceneShot.id == StoryboardSelection.shot_id,
                    SceneShot.selected_image_id == StoryboardSelection.selected_image_id,
                ),
            )
            .where(
                StoryboardSelection.project_id.in_(ids),
                StoryboardSelection.animation_status == ImageStatus.COMPLETE,
                StoryboardSelection.stale_reason.is_(None),
            )
            .group_by(StoryboardSelection.project_id)
        ).all()
    )
    on_board = dict(
        s.execute(
            select(StoryboardSelection.project_id, func.count())
            .where(StoryboardSelection.project_id.in_(ids))
            .group_by(StoryboardSelection.project_id)
        ).all()
    )
    return {
        project_id: ProjectFacts(
            scenes=len(scenes_of.get(project_id, ())),
            shots=len(shots_of.get(project_id, ())),
            shots_with_images=int(with_images.get(project_id, 0)),
            shots_with_final=sum(
                1 for shot in shots_of.get(project_id, ()) if shot.selected_image_id is not None
            ),
            shots_animated=int(animated.get(project_id, 0)),
            selections=int(on_board.get(project_id, 0)),
        )
        for project_id in ids
    }


def _renumber_rows(s: Session, table: Table, rows: list[Any], column: str, key: str) -> None:
    """Number rows 1..n in the order of their Convex numbers (kept in `extra`)."""

    def order(row: Any) -> tuple[Any, ...]:
        original = (row.extra or {}).get(key)
        number = original if isinstance(original, int) else getattr(row, column)
        return (number, row.created_at, row.id)

    changing = [
        (row, number)
        for number, row in enumerate(sorted(rows, key=order), start=1)
        if getattr(row, column) != number
    ]
    # Through numbers no row holds: unique (parent, number) is checked row by row.
    for step in (_RENUMBER_BASE, 0):
        bulk_update(
            s,
            table,
            [
                {"id": row.id, column: number + step, "updated_at": row.updated_at}
                for row, number in changing
            ],
        )


_NOTHING: dict[str, tuple[int, ...]] = {}
_NUMBER_COLUMN = {
    schema.PROJECT_SCENES.name: "scene_number",
    schema.SCENE_SHOTS.name: "shot_number",
}
_RENUMBER_BASE = 1_000_000_000
_PLACEHOLDER_BASE = 1_500_000_000


class Found:
    """Rows of referenced tables by Convex id: this import's map, then what the batch read
    from the database."""

    __slots__ = ("_fetched", "_index")

    def __init__(
        self,
        index: dict[str, dict[str, tuple[int, ...]]],
        fetched: dict[str, dict[str, tuple[int, ...]]],
    ) -> None:
        self._index = index
        self._fetched = fetched

    def hit(self, spec: TableSpec, row: PendingRow, column: str) -> tuple[int, ...] | str | None:
        """The referenced row's context, None without a reference, or why it is missing."""
        ref = row.refs.get(column)
        if ref is None:
            return None
        table = _REF_TABLES[spec.name][column]
        hit = self._index[table].get(ref) or self._fetched.get(table, _NOTHING).get(ref)
        if hit is None:
            key = spec.references[column].key
            return (
                f"its {key} {ref!r} refers to a {table} document that is not "
                "in the export (or was skipped)"
            )
        return hit


def _place(spec: TableSpec, row: PendingRow, found: Found) -> str | None:
    """Fill the row's foreign keys from its references; the reason when it cannot be placed."""
    values = row.values
    if spec is schema.SHOT_IMAGES or spec is schema.STORYBOARD_SELECTIONS:
        shot = found.hit(spec, row, "shot_id")
        if isinstance(shot, str):
            return shot
        assert shot is not None
        values["shot_id"], values["project_id"], values["scene_id"] = shot[0], shot[1], shot[2]
        why = _consistent(spec, row, found, "project_id", shot[1], "project") or _consistent(
            spec, row, found, "scene_id", shot[2], "scene"
        )
        if why is not None:
            return why
        if spec is schema.STORYBOARD_SELECTIONS:
            image = found.hit(spec, row, "selected_image_id")
            if isinstance(image, str):
                return image
            assert image is not None
            if image[3] != shot[0]:
                return "its selectedImageId is an image of another shot"
            values["selected_image_id"] = image[0]
        return None
    if spec is schema.PROJECT_SCENES or spec is schema.LEGACY_SCENES or spec is schema.VIDEO_CLIPS:
        project = found.hit(spec, row, "project_id")
        if isinstance(project, str):
            return project
        assert project is not None
        values["project_id"] = project[0]
        if spec is schema.VIDEO_CLIPS:
            scene = found.hit(spec, row, "scene_id")
            if isinstance(scene, str):
                return scene
            if scene is not None and scene[1] != project[0]:
                return "its sceneId is a scene of another project"
            values["scene_id"] = scene[0] if scene is not None else None
        return None
    if spec is schema.SCENE_SHOTS:
        scene = found.hit(spec, row, "scene_id")
        if isinstance(scene, str):
            return scene
        assert scene is not None
        values["scene_id"], values["project_id"] = scene[0], scene[1]
        return _consistent(spec, row, found, "project_id", scene[1], "project")
    return None


def _consistent(
    spec: TableSpec, row: PendingRow, found: Found, column: str, expected: int, what: str
) -> str | None:
    """Why an optional reference disagrees with the one its parent implies, if it does."""
    if column not in row.refs:
        return None
    hit = found.hit(spec, row, column)
    if isinstance(hit, str):
        return hit
    if hit is not None and hit[0] != expected:
        key = spec.references[column].key
        return f"its {key} does not match the {what} of its {_parent(spec)}"
    return None


# Column → the Convex table it refers to, of the references resolved while reading.
_REF_TABLES: dict[str, dict[str, str]] = {
    spec.name: {column: str(fspec.ref_table) for column, fspec in spec.references.items()}
    for spec in schema.TABLES
}


def _parent(spec: TableSpec) -> str:
    return "scene" if spec is schema.SCENE_SHOTS else "shot"


def _deferred_problem(d: _Deferred, image: tuple[int, ...] | None) -> str | None:
    key = "selectedImageId" if d.column == "selected_image_id" else "parentImageId"
    if image is None:
        return (
            f"its {key} {d.ref!r} refers to a shotImages document that is not in the export "
            "(or was skipped); the link was dropped"
        )
    if d.table == "sceneShots" and image[3] != d.row_id:
        return f"its {key} is an image of another shot; the link was dropped"
    if d.table == "shotImages" and d.project_id != image[1]:
        return f"its {key} is an image of another project; the link was dropped"
    return None


__all__ = ["ImportCancelled", "ImportReport", "ZipLimits", "import_convex_export"]
