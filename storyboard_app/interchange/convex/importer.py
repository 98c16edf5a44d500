"""Importing a Convex snapshot export of the original web app, in one transaction.

The JSONL files are streamed in batches (memory grows with the number of documents, about
200 bytes each for the id maps, never with their size). Every reference is resolved through
`source_id`, so a second import of the same zip updates rows instead of duplicating them.
The steps live beside this module: `archive` (the zip), `reading` (its JSONL), `rows`
(documents → rows), `references`, `unique_keys`, `writing` (batched SQL) and `finishing`.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from storyboard_app.interchange.convex import schema
from storyboard_app.interchange.convex.archive import (
    HINT,
    WHAT,
    StorageResult,
    encoding_of,
    import_storage_files,
    layout_of,
    read_storage_index,
)
from storyboard_app.interchange.convex.finishing import finish_projects
from storyboard_app.interchange.convex.pipeline import (
    ConverterProcess,
    pause_cyclic_gc,
    worth_a_process,
)
from storyboard_app.interchange.convex.reading import iter_documents
from storyboard_app.interchange.convex.references import References, place
from storyboard_app.interchange.convex.rows import PendingRow, Skip, convert_documents
from storyboard_app.interchange.convex.schema import TableSpec
from storyboard_app.interchange.convex.state import ImportState, Progress
from storyboard_app.interchange.convex.unique_keys import Insert, UniqueKeys, Update
from storyboard_app.interchange.convex.writing import (
    NUMBER_COLUMN,
    Tables,
    hold_write_lock,
    roomy_cache,
)
from storyboard_app.interchange.reports import ImportReport, SkipList, SkippedItem, TableCounts
from storyboard_app.interchange.safe_zip import ZipLimits, iter_lines, open_archive
from storyboard_app.media.store import MediaStore
from storyboard_app.store.open_store import Store

BATCH = 2000
FLUSH_BYTES = 16 * 1024 * 1024  # of JSON read: a batch of large documents ends sooner


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
        layout = layout_of(archive, label)
        state = ImportState(skips, Progress(layout.total_bytes, progress, cancel))
        state.progress.check_cancel()
        index = read_storage_index(
            archive,
            layout.storage_index,
            limits,
            label=label,
            hint=HINT,
            skips=skips,
            on_bytes=state.progress.add,
        )
        storage = import_storage_files(
            archive,
            layout.storage_files,
            index,
            MediaStore(media_root),
            label=label,
            hint=HINT,
            skips=skips,
            on_bytes=state.progress.add,
            check_cancel=state.progress.check_cancel,
        )
        encodings = {name: encoding_of(archive, layout.schemas.get(name)) for name in layout.tables}
        store.backup("import")
        with pause_cyclic_gc(), store.sessions.begin() as session, roomy_cache(session):
            hold_write_lock(session)
            importer = _TableImporter(session, archive, limits, label, storage, state)
            tables = importer.tables
            fresh = [
                (spec.name, layout.tables[spec.name])
                for spec in schema.TABLES
                if spec.name in layout.tables and not tables.had_rows(spec.name)
            ]
            if pipeline is None:
                pipeline = bool(fresh) and worth_a_process(archive, [i for _, i in fresh])
            # The converters and ids given before INSERT rely on SQLite's single writer.
            pipeline = pipeline and tables.sqlite
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
                        with tables.indexes_built_after(spec, info.file_size):
                            importer.import_table(spec, info, converter)
                            if spec is schema.SHOT_IMAGES:
                                importer.references.resolve_deferred()
                    elif spec is schema.SHOT_IMAGES:
                        importer.references.resolve_deferred()
            ignored = {
                name: importer.count_lines(info)
                for name, info in sorted(layout.tables.items())
                if name not in schema.BY_NAME
            }
            finish_projects(session, state)
            state.progress.check_cancel()
    state.progress.finish()
    counts = state.counts
    return ImportReport(
        source=str(zip_path),
        tables={spec.table: counts.get(spec.name, TableCounts()) for spec in schema.TABLES},
        files_stored=storage.stored,
        files_skipped=storage.skipped,
        project_ids=tuple(sorted(state.project_ids)),
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


class _TableImporter:
    """Streams each table's documents in batches: references placed, keys claimed, written."""

    def __init__(
        self,
        session: Session,
        archive: zipfile.ZipFile,
        limits: ZipLimits,
        label: str,
        storage: StorageResult,
        state: ImportState,
    ) -> None:
        self.archive = archive
        self.limits = limits
        self.label = label
        self.storage = storage
        self.state = state
        self.tables = Tables(session.connection())
        self.references = References(self.tables, state)
        self.unique_keys = UniqueKeys(self.tables, state, self.references)

    def import_table(
        self, spec: TableSpec, info: zipfile.ZipInfo, converter: ConverterProcess | None
    ) -> None:
        counter = self.state.counter(spec.name)
        progress = self.state.progress
        items: Iterable[PendingRow | Skip]
        if converter is not None and converter.serves(spec.name):
            items = converter.rows(spec.name, progress.add)
        else:
            documents = iter_documents(
                self.archive, info, self.limits, label=self.label, hint=HINT, on_bytes=progress.add
            )
            # Rows of a table that held none are all new: serialised for INSERT right away.
            codec = self.tables.writer(spec.name).codec if self.tables.fresh(spec.name) else None
            items = convert_documents(spec, documents, self.storage.ids, codec)
        batch: list[PendingRow] = []
        read_at_flush = progress.done
        missing = 0
        for row in items:
            counter.read += 1
            if type(row) is tuple:
                self.state.skip(spec, row[0], row[1], row[2])
                continue
            assert isinstance(row, PendingRow)
            if row.missing_files:
                missing += 1
            batch.append(row)
            # Large documents: the batch ends by size too, so memory stays bounded.
            if len(batch) >= BATCH or progress.done - read_at_flush >= FLUSH_BYTES:
                self._flush(spec, batch)
                batch = []
                read_at_flush = progress.done
        if batch:
            self._flush(spec, batch)
        if spec is schema.SHOT_IMAGES:
            self.unique_keys.place_held(self._insert)
        if missing:
            self.state.skips.add(
                SkippedItem(
                    spec.table,
                    None,
                    f"{missing:,} rows use stored files that are not in the export; their URLs "
                    "were kept. Export with --include-file-storage to bring the files.",
                )
            )

    def count_lines(self, info: zipfile.ZipInfo) -> int:
        lines = iter_lines(
            self.archive,
            info,
            self.limits,
            label=self.label,
            hint=HINT,
            on_bytes=self.state.progress.add,
        )
        return sum(1 for _ in lines)

    def _flush(self, spec: TableSpec, batch: list[PendingRow]) -> None:
        self.state.progress.check_cancel()
        found = self.references.found(spec, batch)
        placed: list[PendingRow] = []
        seen = self.references.index[spec.name]
        held_ids = self.unique_keys.held_ids
        batch_ids: set[str] = set()
        for row in batch:
            sid = row.source_id
            if sid in seen or sid in batch_ids or sid in held_ids:
                self.state.skip(spec, sid, row.line, "its _id appears twice in the table")
                continue
            why = place(spec, row, found) or self.unique_keys.claim(spec, row)
            if why is not None:
                self.state.skip(spec, sid, row.line, why)
                continue
            batch_ids.add(sid)
            placed.append(row)
        if placed:
            self._write(spec, placed)

    def _write(self, spec: TableSpec, rows: list[PendingRow]) -> None:
        """Rows already here by Convex id are updated where they differ; the rest inserted."""
        tables = self.tables
        counter = self.state.counter(spec.name)
        existing, position = tables.existing(spec, [r.source_id for r in rows])
        inserts: list[Insert] = []
        updates: list[Update] = []
        for row in rows:
            old = existing.get(row.source_id)
            if old is None:
                inserts.append((row, row.values))
            else:
                updates.append((row, row.values, old, tables.changes(spec, row, old, position)))
        if tables.had_rows(spec.name):
            inserts, updates = self.unique_keys.sort_out(spec, inserts, updates, position)
        changed: list[dict[str, Any]] = []
        for row, values, old, changes in updates:
            row_id = int(old[0])
            self.references.remember(
                spec, row, values, row_id, existed=True, old=old, position=position
            )
            if changes:
                changes["updated_at"] = values["updated_at"]
                changes["id"] = row_id
                changed.append(changes)
                counter.updated += 1
                self._touch(spec, values, row_id)
            else:
                counter.unchanged += 1
        number = NUMBER_COLUMN.get(spec.name)
        if number is not None:  # a row moved to another parent may not keep its number there
            parent = "project_id" if number == "scene_number" else "scene_id"
            for change in changed:
                if parent in change:
                    change[number] = self.tables.placeholder()
        tables.writer(spec.name).update_values(changed)
        self._insert(spec, inserts)

    def _insert(self, spec: TableSpec, inserts: list[Insert]) -> None:
        if not inserts:
            return
        number = NUMBER_COLUMN.get(spec.name)
        if number is not None:  # unique (parent, number) holds from the first row
            for _, values in inserts:
                values[number] = self.tables.placeholder()
        images = spec is schema.SHOT_IMAGES
        if self.tables.fresh(spec.name):
            # Ids given here, so an image links to a parent of the same batch at once.
            row_id = self.tables.reserve_ids(spec.name, len(inserts))
            prepared = []
            for row, values in inserts:
                assert row.prepared is not None
                if images:
                    self.references.early_parent(row, values)
                self.references.remember(spec, row, values, row_id, existed=False)
                self._touch(spec, values, row_id)
                prepared.append((row, values, row_id))
                row_id += 1
            self.tables.insert_prepared(spec, prepared)
        else:
            if images:
                for row, values in inserts:
                    self.references.early_parent(row, values)
            new_ids = self.tables.insert_values(spec, inserts)
            for (row, values), new_id in zip(inserts, new_ids, strict=True):
                self.references.remember(spec, row, values, new_id, existed=False)
                self._touch(spec, values, new_id)
        self.state.counter(spec.name).inserted += len(inserts)

    def _touch(self, spec: TableSpec, values: dict[str, Any], row_id: int) -> None:
        self.state.touch(row_id if spec is schema.VIDEO_PROJECTS else int(values["project_id"]))
