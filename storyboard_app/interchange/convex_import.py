"""Importing a Convex snapshot export of the original web app, in one transaction.

The JSONL files are streamed in batches (memory grows with the number of documents, about
200 bytes each for the id maps, never with their size). Every reference is resolved through
`source_id`, so a second import of the same zip updates rows instead of duplicating them.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from storyboard_app.domain.enums import WorkflowVersion
from storyboard_app.domain.errors import StoryboardError
from storyboard_app.domain.workflow import workflow_stage
from storyboard_app.interchange import convex_schema as schema
from storyboard_app.interchange.convex_rows import (
    NUMBER_KEYS,
    PendingRow,
    Rejected,
    to_row,
)
from storyboard_app.interchange.convex_schema import TableSpec
from storyboard_app.interchange.convex_storage import (
    STORAGE_DIR,
    StorageResult,
    import_storage_files,
    read_storage_index,
)
from storyboard_app.interchange.reports import ImportReport, SkipList, SkippedItem, TableCounts
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits, iter_lines, open_archive
from storyboard_app.interchange.sql_bulk import bulk_update, table_of
from storyboard_app.media.store import MediaStore
from storyboard_app.store.models import (
    LegacyScene,
    ProjectScene,
    SceneShot,
    VideoProject,
)
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.stage import project_facts

HINT = (
    "Make a new export with `npx convex export --path backup.zip` "
    "(add --include-file-storage to bring the images)."
)
WHAT = "Convex export"
BATCH = 2000

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
) -> ImportReport:
    """Import the zip `npx convex export` wrote; all rows in one transaction.

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
        with store.sessions.begin() as session:
            importer = _Importer(session, archive, limits, label, storage, skips, tracker)
            for spec in schema.TABLES:
                info = layout.tables.get(spec.name)
                if info is not None:
                    importer.import_table(spec, info)
                if spec is schema.SHOT_IMAGES:
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
        self.project_ids: set[int] = set()
        self.touched_projects: set[int] = set()
        self.inferred_version: set[int] = set()
        self._counters: dict[str, _Counter] = {}
        self.missing_files: dict[str, int] = {}

    @property
    def counts(self) -> dict[str, TableCounts]:
        return {name: c.frozen() for name, c in self._counters.items()}

    def _skip(self, spec: TableSpec, source_id: str | None, line: int | None, why: str) -> None:
        self._counters[spec.name].skipped += 1
        self.skips.add(SkippedItem(spec.table, source_id, why, line))

    # -- streaming a table ---------------------------------------------------------------

    def import_table(self, spec: TableSpec, info: zipfile.ZipInfo) -> None:
        counter = self._counters.setdefault(spec.name, _Counter())
        batch: list[PendingRow] = []
        for line_no, line in iter_lines(
            self.archive, info, self.limits, label=self.label, hint=HINT, on_bytes=self.tracker.add
        ):
            counter.read += 1
            if line is None:
                self._skip(
                    spec,
                    None,
                    line_no,
                    f"the document is larger than {self.limits.max_line_bytes:,} bytes "
                    "(Convex allows 1 MiB)",
                )
                continue
            try:
                doc = json.loads(line)
            except ValueError:
                self._skip(spec, None, line_no, "the line is not valid JSON")
                continue
            if not isinstance(doc, dict):
                self._skip(spec, None, line_no, "the line is not a JSON object")
                continue
            try:
                row = to_row(spec, doc, line_no, self.storage.ids)
            except Rejected as why:
                raw_id = doc.get("_id")
                self._skip(spec, raw_id if isinstance(raw_id, str) else None, line_no, str(why))
                continue
            if row.missing_files:
                self.missing_files[spec.name] = self.missing_files.get(spec.name, 0) + 1
            batch.append(row)
            if len(batch) >= BATCH:
                self._flush(spec, batch)
                batch = []
        if batch:
            self._flush(spec, batch)
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
        found = {ref: known[ref] for ref in refs if ref in known}
        missing = [ref for ref in set(refs) if ref not in found]
        if missing:
            model = schema.BY_NAME[table].model
            columns = [model.__table__.c[c] for c in _CONTEXT[table]]
            source = model.__table__.c.source_id
            for start in range(0, len(missing), 900):
                chunk = missing[start : start + 900]
                for row in self.s.execute(select(source, *columns).where(source.in_(chunk))):
                    found[row[0]] = tuple(row[1:])
        return found

    def _flush(self, spec: TableSpec, batch: list[PendingRow]) -> None:
        self.tracker.check_cancel()
        wanted: dict[str, set[str]] = {}
        for row in batch:
            for column, ref in row.refs.items():
                fspec = spec.field_for(_key_of(spec, column))
                assert fspec is not None and fspec.ref_table is not None
                wanted.setdefault(fspec.ref_table, set()).add(ref)
        found = {table: self._lookup(table, refs) for table, refs in wanted.items()}
        placed: list[PendingRow] = []
        seen = self.index[spec.name]
        batch_ids: set[str] = set()
        for row in batch:
            if row.source_id in seen or row.source_id in batch_ids:
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
        table = table_of(spec.model)
        counter = self._counters[spec.name]
        existing = {
            r.source_id: r._mapping
            for r in self.s.execute(
                select(table).where(table.c.source_id.in_([row.source_id for row in rows]))
            )
        }
        inserts: list[dict[str, Any]] = []
        new_rows: list[PendingRow] = []
        updates: list[dict[str, Any]] = []
        for row in rows:
            values = _to_columns(spec, row.values)
            old = existing.get(row.source_id)
            if old is None:
                inserts.append(values)
                new_rows.append(row)
                continue
            row_id = int(old["id"])
            self._remember(spec, row, values, row_id, existed=True)
            changes = {
                col: value
                for col, value in values.items()
                if col not in row.soft
                and old[col] != value
                # A re-export without files never forgets a picture that is already here.
                and not (value is None and col.endswith("_storage_id"))
            }
            if changes:
                changes["updated_at"] = values["updated_at"]
                changes["id"] = row_id
                updates.append(changes)
                counter.updated += 1
                self._touch(spec, values, row_id)
            else:
                counter.unchanged += 1
        if inserts:
            # A plain executemany, then one query for the new ids: RETURNING with a
            # guaranteed order would make SQLite insert row by row.
            self.s.execute(insert(table), inserts)
            new_ids = dict(
                self.s.execute(
                    select(table.c.source_id, table.c.id).where(
                        table.c.source_id.in_([row.source_id for row in new_rows])
                    )
                ).all()
            )
            for row, values in zip(new_rows, inserts, strict=True):
                new_id = int(new_ids[row.source_id])
                self._remember(spec, row, values, new_id, existed=False)
                self._touch(spec, values, new_id)
            counter.inserted += len(inserts)
        bulk_update(self.s, table, updates)

    def _remember(
        self,
        spec: TableSpec,
        row: PendingRow,
        values: dict[str, Any],
        row_id: int,
        *,
        existed: bool,
    ) -> None:
        context = _CONTEXT[spec.name]
        self.index[spec.name][row.source_id] = (row_id, *(values[c] for c in context[1:]))
        project_id = row_id if spec is schema.VIDEO_PROJECTS else int(values["project_id"])
        if spec is schema.VIDEO_PROJECTS:
            self.project_ids.add(row_id)
            if "workflow_version" in row.soft and not existed:
                self.inferred_version.add(row_id)
        for fspec in spec.fields:
            if not fspec.deferred:
                continue
            ref = row.deferred.get(fspec.column)
            # A row seen before may need its old link cleared, so it is always revisited.
            if ref is not None or existed:
                self.deferred.append(
                    _Deferred(
                        spec.name, row_id, project_id, fspec.column, ref, row.source_id, row.line
                    )
                )

    def _touch(self, spec: TableSpec, values: dict[str, Any], row_id: int) -> None:
        if spec is schema.VIDEO_PROJECTS:
            self.touched_projects.add(row_id)
        else:
            self.touched_projects.add(int(values["project_id"]))

    # -- links resolved after every image is known ------------------------------------------

    def resolve_deferred(self) -> None:
        """Set shots' final picks and images' parents, now that every image has an id."""
        pending, self.deferred = self.deferred, []
        for start in range(0, len(pending), 900):
            chunk = pending[start : start + 900]
            refs = [d.ref for d in chunk if d.ref is not None]
            images = self._lookup("shotImages", refs)
            by_table: dict[str, list[tuple[_Deferred, int | None]]] = {}
            for d in chunk:
                target: int | None = None
                if d.ref is not None:
                    image = images.get(d.ref)
                    why = _deferred_problem(d, image)
                    if why is None and image is not None:
                        target = image[0]
                    elif why is not None:
                        spec = schema.BY_NAME[d.table]
                        self.skips.add(SkippedItem(spec.table, d.source_id, why, d.line))
                by_table.setdefault(d.table, []).append((d, target))
            for table_name, items in by_table.items():
                self._apply_links(table_name, items)

    def _apply_links(self, table_name: str, items: list[tuple[_Deferred, int | None]]) -> None:
        table = table_of(schema.BY_NAME[table_name].model)
        ids = [d.row_id for d, _ in items]
        current = {
            r.id: r._mapping for r in self.s.execute(select(table).where(table.c.id.in_(ids)))
        }
        updates: list[dict[str, Any]] = []
        for d, target in items:
            old = current[d.row_id]
            if old[d.column] != target:
                # The row keeps its own updated_at: a link is part of the imported state.
                updates.append({"id": d.row_id, d.column: target, "updated_at": old["updated_at"]})
                self.touched_projects.add(d.project_id)
        bulk_update(self.s, table, updates)

    # -- after every table -----------------------------------------------------------------

    def finish_projects(self) -> None:
        """Decide inferred workflow versions, renumber scenes and shots 1..n, derive stages."""
        projects = table_of(VideoProject)
        for project_id in sorted(self.touched_projects):
            row = self.s.execute(select(projects).where(projects.c.id == project_id)).one()
            version = row.workflow_version
            if project_id in self.inferred_version:
                has_legacy = self.s.scalar(
                    select(LegacyScene.id).where(LegacyScene.project_id == project_id).limit(1)
                )
                has_v2 = self.s.scalar(
                    select(ProjectScene.id).where(ProjectScene.project_id == project_id).limit(1)
                )
                version = (
                    WorkflowVersion.V2_REDESIGN
                    if has_v2 and not has_legacy
                    else WorkflowVersion.V1_LEGACY
                )
            self._renumber(project_id)
            stage = row.redesign_status
            if version == WorkflowVersion.V2_REDESIGN:
                stage = workflow_stage(project_facts(self.s, project_id))
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

    def _renumber(self, project_id: int) -> None:
        scenes = self.s.execute(
            select(
                ProjectScene.id,
                ProjectScene.scene_number,
                ProjectScene.extra,
                ProjectScene.created_at,
                ProjectScene.updated_at,
            ).where(ProjectScene.project_id == project_id)
        ).all()
        _renumber_rows(
            self.s,
            table_of(ProjectScene),
            list(scenes),
            "scene_number",
            NUMBER_KEYS["projectScenes"],
        )
        shots = self.s.execute(
            select(
                SceneShot.id,
                SceneShot.shot_number,
                SceneShot.extra,
                SceneShot.created_at,
                SceneShot.updated_at,
                SceneShot.scene_id,
            ).where(SceneShot.project_id == project_id)
        ).all()
        by_scene: dict[int, list[Any]] = {}
        for shot in shots:
            by_scene.setdefault(shot.scene_id, []).append(shot)
        for rows in by_scene.values():
            _renumber_rows(
                self.s, table_of(SceneShot), rows, "shot_number", NUMBER_KEYS["sceneShots"]
            )


def _renumber_rows(s: Session, table: Table, rows: list[Any], column: str, key: str) -> None:
    """Number rows 1..n in the order of their Convex numbers (kept in `extra`)."""

    def order(row: Any) -> tuple[Any, ...]:
        original = (row.extra or {}).get(key)
        number = original if isinstance(original, int) else getattr(row, column)
        return (number, row.created_at, row.id)

    bulk_update(
        s,
        table,
        [
            {"id": row.id, column: number, "updated_at": row.updated_at}
            for number, row in enumerate(sorted(rows, key=order), start=1)
            if getattr(row, column) != number
        ],
    )


def _key_of(spec: TableSpec, column: str) -> str:
    for fspec in spec.fields:
        if fspec.column == column and fspec.kind == "ref":
            return fspec.key
    raise KeyError(column)


def _to_columns(spec: TableSpec, values: dict[str, Any]) -> dict[str, Any]:
    if spec is schema.SHOT_IMAGES and "generation_params" in values:
        values = dict(values)
        values["metadata"] = values.pop("generation_params")
    return values


def _place(
    spec: TableSpec, row: PendingRow, found: dict[str, dict[str, tuple[int, ...]]]
) -> str | None:
    """Fill the row's foreign keys from its references; the reason when it cannot be placed."""
    values = row.values

    def target(column: str) -> tuple[int, ...] | str | None:
        ref = row.refs.get(column)
        if ref is None:
            return None
        fspec = spec.field_for(_key_of(spec, column))
        assert fspec is not None and fspec.ref_table is not None
        hit = found.get(fspec.ref_table, {}).get(ref)
        if hit is None:
            return (
                f"its {fspec.key} {ref!r} refers to a {fspec.ref_table} document that is not "
                "in the export (or was skipped)"
            )
        return hit

    def consistent(column: str, expected: int, what: str) -> str | None:
        hit = target(column)
        if isinstance(hit, str):
            return hit
        if hit is not None and hit[0] != expected:
            return f"its {_key_of(spec, column)} does not match the {what} of its {_parent(spec)}"
        return None

    if spec in (schema.PROJECT_SCENES, schema.LEGACY_SCENES, schema.VIDEO_CLIPS):
        project = target("project_id")
        if isinstance(project, str):
            return project
        assert project is not None
        values["project_id"] = project[0]
        if spec is schema.VIDEO_CLIPS:
            scene = target("scene_id")
            if isinstance(scene, str):
                return scene
            if scene is not None and scene[1] != project[0]:
                return "its sceneId is a scene of another project"
            values["scene_id"] = scene[0] if scene is not None else None
        return None
    if spec is schema.SCENE_SHOTS:
        scene = target("scene_id")
        if isinstance(scene, str):
            return scene
        assert scene is not None
        values["scene_id"], values["project_id"] = scene[0], scene[1]
        return consistent("project_id", scene[1], "project")
    if spec in (schema.SHOT_IMAGES, schema.STORYBOARD_SELECTIONS):
        shot = target("shot_id")
        if isinstance(shot, str):
            return shot
        assert shot is not None
        values["shot_id"], values["project_id"], values["scene_id"] = shot[0], shot[1], shot[2]
        why = consistent("project_id", shot[1], "project") or consistent(
            "scene_id", shot[2], "scene"
        )
        if why is not None:
            return why
        if spec is schema.STORYBOARD_SELECTIONS:
            image = target("selected_image_id")
            if isinstance(image, str):
                return image
            assert image is not None
            if image[3] != shot[0]:
                return "its selectedImageId is an image of another shot"
            values["selected_image_id"] = image[0]
        return None
    return None


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
