"""Placing references: Convex ids → ids here (the id maps), and the links set after every image.

Every imported row is remembered by its Convex `_id` with the few ids that rows referring to it
need (its project, scene, shot). A reference to a row this import has not written is looked up
in the database by `source_id`, once per batch. A shot's final pick and an image's parent are
"deferred": set once every image has an id, or at once when the image is already known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storyboard_app.interchange.convex import schema
from storyboard_app.interchange.convex.rows import PendingRow
from storyboard_app.interchange.convex.schema import TableSpec
from storyboard_app.interchange.convex.state import ImportState
from storyboard_app.interchange.convex.writing import Tables
from storyboard_app.interchange.sql_bulk import CHUNK

# The columns kept in memory per imported row, to resolve references to it.
CONTEXT: dict[str, tuple[str, ...]] = {
    "videoProjects": ("id",),
    "projectScenes": ("id", "project_id"),
    "sceneShots": ("id", "project_id", "scene_id"),
    "shotImages": ("id", "project_id", "scene_id", "shot_id"),
    "storyboardSelections": ("id", "shot_id"),
    "scenes": ("id", "project_id"),
    "videoClips": ("id", "project_id"),
}
# References resolved once their target table is read: table → columns.
DEFERRED: dict[str, tuple[str, ...]] = {
    spec.name: tuple(f.column for f in spec.fields if f.deferred)
    for spec in schema.TABLES
    if any(f.deferred for f in spec.fields)
}
# Column → the Convex table it refers to, of the references resolved while reading.
REF_TABLES: dict[str, dict[str, str]] = {
    spec.name: {column: str(fspec.ref_table) for column, fspec in spec.references.items()}
    for spec in schema.TABLES
}
Context = tuple[int, ...]  # a row's id, then the ids of CONTEXT
_NOTHING: dict[str, Context] = {}


@dataclass
class Deferred:
    """A link to an image, set once every image of the export has an id."""

    table: str
    row_id: int
    project_id: int
    column: str
    ref: str | None
    source_id: str
    line: int
    existed: bool = False


class Found:
    """Rows of referenced tables by Convex id: this import's map, then what the batch read
    from the database."""

    __slots__ = ("_fetched", "_index")

    def __init__(
        self, index: dict[str, dict[str, Context]], fetched: dict[str, dict[str, Context]]
    ) -> None:
        self._index = index
        self._fetched = fetched

    def hit(self, spec: TableSpec, row: PendingRow, column: str) -> Context | str | None:
        """The referenced row's context, None without a reference, or why it is missing."""
        ref = row.refs.get(column)
        if ref is None:
            return None
        table = REF_TABLES[spec.name][column]
        hit = self._index[table].get(ref) or self._fetched.get(table, _NOTHING).get(ref)
        if hit is None:
            key = spec.references[column].key
            return (
                f"its {key} {ref!r} refers to a {table} document that is not "
                "in the export (or was skipped)"
            )
        return hit


def place(spec: TableSpec, row: PendingRow, found: Found) -> str | None:
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
        parent = "scene" if spec is schema.SCENE_SHOTS else "shot"
        return f"its {key} does not match the {what} of its {parent}"
    return None


def deferred_problem(d: Deferred, image: Context | None) -> str | None:
    """Why a deferred link cannot be set (it is dropped, the row kept), if it cannot."""
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


class References:
    """The id maps of one import and its links waiting for their images."""

    def __init__(self, tables: Tables, state: ImportState) -> None:
        self.tables = tables
        self.state = state
        self.index: dict[str, dict[str, Context]] = {name: {} for name in CONTEXT}
        self.deferred: list[Deferred] = []

    def lookup(self, table: str, refs: Iterable[str]) -> dict[str, Context]:
        """Resolve Convex ids of `table` through this import's map, then the database."""
        known = self.index[table]
        found: dict[str, Context] = {}
        missing: list[str] = []
        for ref in refs:
            hit = known.get(ref)
            if hit is None:
                missing.append(ref)
            else:
                found[ref] = hit
        if missing:
            columns = ("source_id", *CONTEXT[table])
            for row in self.tables.writer(table).select_raw(columns, "source_id", missing):
                found[row[0]] = tuple(row[1:])
        return found

    def found(self, spec: TableSpec, batch: Sequence[PendingRow]) -> Found:
        """What the batch's references point to; those this import has not written are
        looked up in the database, in one query per table."""
        unknown: dict[str, set[str]] = {}
        ref_tables = REF_TABLES[spec.name]
        index = self.index
        for row in batch:
            for column, ref in row.refs.items():
                table = ref_tables[column]
                if ref not in index[table]:
                    unknown.setdefault(table, set()).add(ref)
        return Found(index, {table: self.lookup(table, refs) for table, refs in unknown.items()})

    def remember(
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
            entry: Context = (
                row_id,
                values["project_id"],
                values["scene_id"],
                values["shot_id"],
            )
        else:
            entry = (row_id, *(values[c] for c in CONTEXT[name][1:]))
        self.index[name][row.source_id] = entry
        if spec is schema.VIDEO_PROJECTS:
            project_id = row_id
            self.state.project_ids.add(row_id)
            if "workflow_version" in row.soft and not existed:
                self.state.inferred_version.add(row_id)
        else:
            project_id = values["project_id"]
        columns = DEFERRED.get(name)
        if columns is None or (not existed and not row.deferred):
            return
        for column in columns:
            ref = row.deferred.get(column)
            # A row seen before may need its old link cleared, so it is always revisited.
            if ref is None and not existed:
                continue
            d = Deferred(name, row_id, project_id, column, ref, row.source_id, row.line, existed)
            if old is not None and position is not None:
                if ref is None:
                    self._link_now(d, None, old[position[column]])
                    continue
                image = self.index["shotImages"].get(ref)
                if image is not None:
                    self._link_now(d, image, old[position[column]])
                    continue
            self.deferred.append(d)

    def early_parent(self, row: PendingRow, values: dict[str, Any]) -> None:
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
        d = Deferred(
            "shotImages", 0, values["project_id"], "parent_image_id", ref, row.source_id, row.line
        )
        why = deferred_problem(d, image)
        assert why is not None
        self.state.note(schema.SHOT_IMAGES, row.source_id, row.line, why)

    def _link_now(self, d: Deferred, image: Context | None, current: Any) -> None:
        target = self._target(d, image)
        if current != target:
            self.tables.writer(d.table).update((d.column,), [(d.row_id, target)])
            self.state.touch(d.project_id)

    def _target(self, d: Deferred, image: Context | None) -> int | None:
        if d.ref is None:
            return None
        why = deferred_problem(d, image)
        if why is None and image is not None:
            return image[0]
        if why is not None:
            self.state.note(schema.BY_NAME[d.table], d.source_id, d.line, why)
        return None

    def resolve_deferred(self) -> None:
        """Set shots' final picks and images' parents, now that every image has an id."""
        pending, self.deferred = self.deferred, []
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start : start + CHUNK]
            images = self.lookup("shotImages", [d.ref for d in chunk if d.ref is not None])
            by_table: dict[tuple[str, str], list[tuple[Deferred, int | None]]] = {}
            for d in chunk:
                image = images.get(d.ref) if d.ref is not None else None
                by_table.setdefault((d.table, d.column), []).append((d, self._target(d, image)))
            for (table_name, column), items in by_table.items():
                self._apply_links(table_name, column, items)

    def _apply_links(
        self, table_name: str, column: str, items: list[tuple[Deferred, int | None]]
    ) -> None:
        writer = self.tables.writer(table_name)
        existed = [d.row_id for d, _ in items if d.existed]
        current: dict[int, Any] = {}
        if existed:
            current = {row[0]: row[1] for row in writer.select_raw(("id", column), "id", existed)}
        updates: list[tuple[Any, ...]] = []
        for d, target in items:
            if current.get(d.row_id) != target:
                # The row keeps its own updated_at: a link is part of the imported state.
                updates.append((d.row_id, target))
                self.state.touch(d.project_id)
        writer.update((column,), updates)
