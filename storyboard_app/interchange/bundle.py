"""Project bundles: one zip with a versioned manifest, every row of a project and its media.

`export_bundle` reads one consistent snapshot and writes the zip under a temporary name,
renamed when complete. `import_bundle` verifies every media file by its SHA-256 and
recreates the project with new ids in one transaction. Both are Qt-free and thread-safe.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Table, insert, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from storyboard_app import __version__
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.time_format import utc_now_iso
from storyboard_app.interchange.bundle_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    LATE_REFERENCES,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MEDIA_COLUMNS,
    MODELS,
    REFERENCES,
    dump_row,
    load_value,
    media_member,
    rows_member,
)
from storyboard_app.interchange.reports import BundleReport, SkippedItem
from storyboard_app.interchange.safe_zip import (
    ArchiveError,
    ZipLimits,
    damaged,
    iter_lines,
    open_archive,
    read_small,
)
from storyboard_app.interchange.sql_bulk import CHUNK, bulk_update, table_of
from storyboard_app.media.atomic import atomic_path
from storyboard_app.media.store import (
    MediaContentError,
    MediaError,
    MediaKind,
    MediaStore,
    damaged_file_error,
)
from storyboard_app.media.store_paths import MediaLayout, is_storage_id
from storyboard_app.store.models import Element, VideoProject
from storyboard_app.store.open_store import Store
from storyboard_app.store.services.common import get_or_raise

Progress = Callable[[int, int], None]
HINT = "Export the bundle again from the original machine."
_CHUNK = 1024 * 256


class BundleError(InvalidInputError):
    """A bundle that cannot be imported; the database is unchanged."""


# -- export ---------------------------------------------------------------------------------


def _project_rows(s: Session, table: Table, project_id: int) -> Iterator[Any]:
    if table.name == "element_images":  # kept under their element, not the project
        elements = table_of(Element)
        of_project = select(elements.c.id).where(elements.c.project_id == project_id)
        where: ColumnElement[bool] = table.c.element_id.in_(of_project)
    else:
        column = table.c.id if table.name == "video_projects" else table.c.project_id
        where = column == project_id
    yield from s.execute(select(table).where(where).order_by(table.c.id))


def export_bundle(
    store: Store,
    media_root: Path,
    project_id: int,
    target: Path,
    progress: Progress | None = None,
) -> BundleReport:
    """Write the project (every table's rows) and its media into one zip at `target`."""
    layout = MediaLayout(media_root)
    skipped: list[SkippedItem] = []
    counts: dict[str, int] = {}
    media: dict[str, str] = {}  # storage id → kind
    names = _MediaNames()
    with store.sessions.begin() as s, atomic_path(Path(target), "project bundle") as tmp:
        project = get_or_raise(s, VideoProject, project_id)
        title = project.title
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for model in MODELS:
                table = table_of(model)
                n = 0
                media_column = MEDIA_COLUMNS.get(table.name)
                with archive.open(rows_member(table.name), "w", force_zip64=True) as fh:
                    for row in _project_rows(s, table, project_id):
                        fh.write(json.dumps(dump_row(table, row), ensure_ascii=False).encode())
                        fh.write(b"\n")
                        n += 1
                        names.see(table.name, row._mapping)
                        if media_column is not None:
                            storage_id = row._mapping[media_column[0]]
                            if storage_id:
                                media.setdefault(storage_id, media_column[1])
                                names.use(storage_id, table.name, row._mapping)
                counts[table.name] = n
            total = sum(counts.values()) + len(media)
            done = sum(counts.values())
            _report(progress, done, total)
            entries: list[dict[str, Any]] = []
            media_bytes = 0
            for storage_id, kind in sorted(media.items()):
                path = layout.existing_path(storage_id)
                if path is None:
                    what = names.describe(storage_id)
                    skipped.append(
                        SkippedItem(
                            "media",
                            storage_id,
                            f"The file of the {what} is not in the media folder: the bundle "
                            "keeps its web address only.",
                        )
                    )
                else:
                    size = _write_verified(archive, path, storage_id, names.describe(storage_id))
                    entries.append({"sha256": storage_id, "kind": kind, "bytes": size})
                    media_bytes += size
                done += 1
                _report(progress, done, total)
            manifest = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "app_version": __version__,
                "created_at": utc_now_iso(),
                "project": {"id": project_id, "title": title},
                "tables": counts,
                "media": entries,
                "missing_media": [item.source_id for item in skipped],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return BundleReport(
        project_id=project_id,
        title=title,
        path=str(Path(target).expanduser().absolute()),
        format_version=FORMAT_VERSION,
        tables=counts,
        media_files=len(entries),
        media_bytes=media_bytes,
        skipped=tuple(skipped),
    )


class _MediaNames:
    """Says which shot (or legacy scene) a stored file belongs to, for error messages."""

    def __init__(self) -> None:
        self.scene_numbers: dict[int, int] = {}  # project_scenes id → scene number
        self.shots: dict[int, tuple[int, int]] = {}  # shot id → (scene id, shot number)
        self.first_use: dict[str, tuple[str, dict[str, Any]]] = {}

    def see(self, table: str, row: Any) -> None:
        if table == "project_scenes":
            self.scene_numbers[int(row["id"])] = int(row["scene_number"])
        elif table == "scene_shots":
            self.shots[int(row["id"])] = (int(row["scene_id"]), int(row["shot_number"]))

    def use(self, storage_id: str, table: str, row: Any) -> None:
        self.first_use.setdefault(storage_id, (table, dict(row)))

    def _shot(self, shot_id: Any) -> str:
        scene_id, shot_number = self.shots.get(int(shot_id), (0, 0))
        scene_number = self.scene_numbers.get(scene_id, 0)
        return f"scene {scene_number}, shot {shot_number}"

    def describe(self, storage_id: str) -> str:
        table, row = self.first_use.get(storage_id, ("", {}))
        if table == "shot_images":
            return (
                f"image (round {row.get('iteration_number')}, variant "
                f"{row.get('variant_number')}) of {self._shot(row.get('shot_id'))}"
            )
        if table == "storyboard_selections":
            return f"clip of {self._shot(row.get('shot_id'))}"
        if table == "scenes":
            return f"image of legacy scene {row.get('scene_number')}"
        if table == "video_clips":
            return "legacy clip"
        return "media file"


def _write_verified(archive: zipfile.ZipFile, path: Path, storage_id: str, what: str) -> int:
    """Copy a stored file into the archive while hashing it; refuse it when damaged.

    A bundle whose media cannot be imported again is worse than none, so a mismatch raises
    (and `atomic_path` removes the unfinished zip).
    """
    info = zipfile.ZipInfo.from_file(path, media_member(storage_id))
    info.compress_type = zipfile.ZIP_STORED
    digest = hashlib.sha256()
    size = 0
    try:
        src = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, what, exc) from exc
    with src, archive.open(info, "w") as dst:  # writing errors: atomic_path explains them
        while True:
            try:
                chunk = src.read(_CHUNK)
            except OSError as exc:
                raise _unreadable(path, what, exc) from exc
            if not chunk:
                break
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    if digest.hexdigest() != storage_id:
        error = damaged_file_error(path, what)
        raise MediaContentError(f"{error} No bundle was written.", error.reason)
    return size


def _unreadable(path: Path, what: str, exc: OSError) -> MediaError:
    return MediaError(
        f"The {what} cannot be read ({exc.strerror or exc}; {path}). No bundle was written. "
        "Check the disk and retry."
    )


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, max(total, 1))


# -- import ---------------------------------------------------------------------------------


def _manifest(archive: zipfile.ZipFile, label: str) -> dict[str, Any]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BundleError(
            f"{label} is not a Storyboard Studio project bundle (it has no {MANIFEST}). "
            "Choose a file made with `export --bundle`."
        ) from None
    raw = read_small(archive, info, MAX_MANIFEST_BYTES, label=label, hint=HINT)
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise BundleError(f"{label} is damaged: its {MANIFEST} is not valid JSON. {HINT}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BundleError(
            f"{label} is not a Storyboard Studio project bundle (its manifest names the format "
            f"{manifest.get('format') if isinstance(manifest, dict) else None!r})."
        )
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(f"{label} is damaged: its format version {version!r} is not valid.")
    if version > FORMAT_VERSION:
        raise BundleError(
            f"{label} was made by a newer Storyboard Studio (bundle format {version}, app "
            f"{manifest.get('app_version', '?')}); this version reads format {FORMAT_VERSION}. "
            "Update Storyboard Studio to import it. Nothing was changed."
        )
    return manifest


def import_bundle(
    store: Store,
    media_root: Path,
    source: Path,
    progress: Progress | None = None,
    *,
    limits: ZipLimits | None = None,
) -> BundleReport:
    """Recreate the bundle's project with new ids and verified media, in one transaction."""
    limits = limits or ZipLimits()
    source = Path(source)
    label = source.name
    with open_archive(source, limits, "project bundle", HINT) as archive:
        manifest = _manifest(archive, label)
        kinds = {
            str(m.get("sha256")): str(m.get("kind"))
            for m in manifest.get("media", [])
            if isinstance(m, dict)
        }
        media_infos = [i for i in archive.infolist() if i.filename.startswith("media/")]
        row_total = sum(
            int(n) for n in (manifest.get("tables") or {}).values() if isinstance(n, int)
        )
        total = row_total + sum(i.file_size for i in media_infos)
        done = 0
        # All or nothing: every file the manifest names is here (each hash checked below).
        present = {i.filename.removeprefix("media/") for i in media_infos}
        if missing := [sha for sha in kinds if is_storage_id(sha) and sha not in present]:
            raise BundleError(
                f"{label} is incomplete: {len(missing)} media file(s) its manifest names are "
                f"missing (media/{missing[0][:12]}…). Nothing was imported. {HINT}"
            )
        media = MediaStore(media_root)
        media_bytes = 0
        for info in media_infos:
            name = info.filename.removeprefix("media/")
            if not is_storage_id(name):
                raise BundleError(f"{label} is damaged: {info.filename} is not a media key.")
            kind: MediaKind = "video" if kinds.get(name) == "video" else "image"
            try:
                stored = media.put_stream(_chunks(archive, info), kind=kind, expected_id=name)
            except MediaContentError as exc:
                raise BundleError(
                    f"{label} is damaged: the {kind} file {name[:12]}… inside it is refused "
                    f"({exc.reason}). Nothing was imported. {HINT}"
                ) from exc
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise damaged(label, info.filename, exc, HINT) from exc
            if stored != name:
                raise BundleError(
                    f"{label} is damaged: the media file {name[:12]}… does not match its "
                    f"SHA-256 (it is {stored[:12]}…). {HINT}"
                )
            media_bytes += info.file_size
            done += info.file_size
            _report(progress, done, total)
        store.backup("import")
        with store.sessions.begin() as s:
            loader = _RowLoader(s, archive, limits, label)
            for model in MODELS:
                loader.load(table_of(model))
                done = loader.rows + media_bytes
                _report(progress, done, total)
            loader.link_late()
            project_id = loader.new_project_id()
            title = str(manifest.get("project", {}).get("title") or "")
    return BundleReport(
        project_id=project_id,
        title=title,
        path=str(source),
        format_version=int(manifest["version"]),
        tables=loader.counts,
        media_files=len(media_infos),
        media_bytes=media_bytes,
        skipped=tuple(loader.skipped),
    )


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as fh:
        while chunk := fh.read(1024 * 256):
            yield chunk


class _RowLoader:
    """Inserts the bundle's rows table by table, mapping old ids to new ones."""

    def __init__(self, s: Session, archive: zipfile.ZipFile, limits: ZipLimits, label: str) -> None:
        self.s = s
        self.archive = archive
        self.limits = limits
        self.label = label
        self.ids: dict[str, dict[int, int]] = {}
        self.late: list[tuple[str, int, str, int]] = []  # table, new id, column, old target
        self.counts: dict[str, int] = {}
        self.rows = 0
        self.skipped: list[SkippedItem] = []

    def _bad(self, what: str) -> BundleError:
        return BundleError(f"{self.label} is damaged: {what}. {HINT}")

    def _rows(self, table: Table) -> Iterator[dict[str, Any]]:
        try:
            info = self.archive.getinfo(rows_member(table.name))
        except KeyError:
            return
        for line_no, line in iter_lines(
            self.archive, info, self.limits, label=self.label, hint=HINT
        ):
            if line is None:
                raise self._bad(f"line {line_no} of {info.filename} is too long")
            try:
                doc = json.loads(line)
            except ValueError:
                doc = None
            if not isinstance(doc, dict) or not isinstance(doc.get("id"), int):
                raise self._bad(f"line {line_no} of {info.filename} is not a row")
            yield doc

    def load(self, table: Table) -> None:
        refs = REFERENCES.get(table.name, {})
        mapping = self.ids.setdefault(table.name, {})
        batch: list[tuple[int, dict[str, Any], list[tuple[str, int]]]] = []
        for doc in self._rows(table):
            values: dict[str, Any] = {}
            extra_unknown: dict[str, Any] = {}
            late: list[tuple[str, int]] = []
            for key, raw in doc.items():
                if key == "id":
                    continue
                if key not in table.c:
                    extra_unknown[key] = raw
                    continue
                column = table.c[key]
                if key in refs and raw is not None:
                    if (table.name, key) in LATE_REFERENCES:
                        late.append((key, int(raw)))
                        values[key] = None
                        continue
                    new = self.ids.get(refs[key], {}).get(int(raw))
                    if new is None:
                        raise self._bad(f"{table.name} row {doc['id']} refers to a missing row")
                    values[key] = new
                    continue
                try:
                    values[key] = load_value(column, raw)
                except (ValueError, TypeError) as exc:
                    raise self._bad(f"{table.name} row {doc['id']} has a bad {key}") from exc
            if extra_unknown:
                values["extra"] = {**(values.get("extra") or {}), **extra_unknown}
            if values.get("cost_usd") is not None:  # paid once: kept as a record, not spend
                paid = {"cost_usd_before_import": values["cost_usd"]}
                values["extra"] = {**(values.get("extra") or {}), **paid}
                values["cost_usd"] = None
            batch.append((int(doc["id"]), values, late))
            if len(batch) >= 1000:
                self._insert(table, batch)
                batch = []
        if batch:
            self._insert(table, batch)
        self.counts[table.name] = len(mapping)
        if table.name == "video_projects" and len(mapping) != 1:
            raise self._bad(f"it holds {len(mapping)} projects instead of one")

    def _insert(self, table: Table, batch: list[tuple[int, dict[str, Any], list[Any]]]) -> None:
        sources = [v["source_id"] for _, v, _ in batch if v.get("source_id")]
        taken = (
            set(self.s.scalars(select(table.c.source_id).where(table.c.source_id.in_(sources))))
            if "source_id" in table.c and sources  # elements have no Convex origin
            else set()
        )
        for _, values, _ in batch:
            if values.get("source_id") in taken:
                # The original is already here (imported from the same export): keep both.
                values["source_id"] = None
        try:
            result = self.s.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True),
                [values for _, values, _ in batch],
            )
        except (IntegrityError, StatementError) as exc:
            raise self._bad(f"rows of {table.name} do not fit ({exc.orig or exc})") from exc
        mapping = self.ids[table.name]
        for (old_id, _, late), new_id in zip(batch, result.scalars(), strict=True):
            if old_id in mapping:
                raise self._bad(f"{table.name} row {old_id} appears twice")
            mapping[old_id] = int(new_id)
            for column, target in late:
                self.late.append((table.name, int(new_id), column, target))
        self.rows += len(batch)

    def link_late(self) -> None:
        """Final picks and lineage parents, once every image has its new id."""
        by_table: dict[str, list[dict[str, Any]]] = {}
        for table_name, row_id, column, old_target in self.late:
            target_table = REFERENCES[table_name][column]
            new = self.ids.get(target_table, {}).get(old_target)
            if new is None:
                raise self._bad(f"{table_name} row refers to a missing {target_table} row")
            by_table.setdefault(table_name, []).append({"id": row_id, column: new})
        for table_name, all_updates in by_table.items():
            table = next(table_of(m) for m in MODELS if m.__tablename__ == table_name)
            for start in range(0, len(all_updates), CHUNK):
                updates = all_updates[start : start + CHUNK]
                current = dict(
                    self.s.execute(
                        select(table.c.id, table.c.updated_at).where(
                            table.c.id.in_([u["id"] for u in updates])
                        )
                    ).all()
                )
                for update in updates:
                    update["updated_at"] = current[update["id"]]  # links keep the row's time
                bulk_update(self.s, table, updates)

    def new_project_id(self) -> int:
        ids = list(self.ids.get("video_projects", {}).values())
        if len(ids) != 1:
            raise ArchiveError(f"{self.label} holds no project.")
        return ids[0]
