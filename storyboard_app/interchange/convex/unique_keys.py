"""The unique keys besides `source_id`: an image's (shot, iteration, variant), one selection per
shot. Claimed as rows are read; a key taken in the database waits until the rows of the export
that move have moved (images), or is skipped with the reason (selections)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from storyboard_app.interchange.convex import schema
from storyboard_app.interchange.convex.references import CONTEXT, References
from storyboard_app.interchange.convex.rows import PendingRow
from storyboard_app.interchange.convex.schema import TableSpec
from storyboard_app.interchange.convex.state import ImportState
from storyboard_app.interchange.convex.writing import Tables

# The unique key of the tables that have one besides source_id.
UNIQUE: dict[str, tuple[str, ...]] = {
    "shotImages": ("shot_id", "iteration_number", "variant_number"),
    "storyboardSelections": ("shot_id",),
}
# A row on its way to new numbers waits on iteration TEMP_ITERATION + id: no real round is
# that high, so the unique (shot, iteration, variant) key never clashes in between.
TEMP_ITERATION = 1_000_000_000
LEFT_AS_IT_WAS = "; the row was left as it was"
SELECTION_TAKEN = (
    "its shot already has another storyboard selection here (one per shot; made in this app "
    "or from another export)"
)
Insert = tuple[PendingRow, dict[str, Any]]  # a row and its values
Update = tuple[PendingRow, dict[str, Any], tuple[Any, ...], dict[str, Any]]  # + old, changes
ImageKey = tuple[int, int, int]


@dataclass
class Held:
    """An image whose (shot, iteration, variant) is taken in the database at the moment it is
    read; placed after the whole table, when the rows of the export that move are moved."""

    row: PendingRow
    values: dict[str, Any]
    key: ImageKey
    row_id: int | None = None  # an existing row (an update); None for a new row
    old_key: ImageKey | None = None
    old_context: tuple[int, ...] = ()
    changes: dict[str, Any] = field(default_factory=dict)


class UniqueKeys:
    """The keys this import claimed, and the images waiting for theirs."""

    def __init__(self, tables: Tables, state: ImportState, references: References) -> None:
        self.tables = tables
        self.state = state
        self.references = references
        self.image_keys: set[ImageKey] = set()
        self.selection_shots: set[int] = set()
        self.held: list[Held] = []
        self.held_ids: set[str] = set()

    def claim(self, spec: TableSpec, row: PendingRow) -> str | None:
        """Claim the row's key within the export; why not, when another row has it."""
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

    def sort_out(
        self,
        spec: TableSpec,
        inserts: list[Insert],
        updates: list[Update],
        position: dict[str, int],
    ) -> tuple[list[Insert], list[Update]]:
        """Rows whose unique key is taken in the database right now: images wait for the end
        of the table (the taker may move away), selections are skipped with the reason."""
        if spec.name not in UNIQUE:
            return inserts, updates
        key_columns = UNIQUE[spec.name]

        def key_of(values: dict[str, Any]) -> tuple[int, ...]:
            return tuple(int(values[c]) for c in key_columns)

        def old_key_of(old: tuple[Any, ...]) -> tuple[int, ...]:
            return tuple(int(old[position[c]]) for c in key_columns)

        moving = [u for u in updates if key_of(u[1]) != old_key_of(u[2])]
        if not inserts and not moving:
            return inserts, updates
        shots = {int(v["shot_id"]) for _, v in inserts} | {int(u[1]["shot_id"]) for u in moving}
        taken = self.taken(spec, shots)
        kept_inserts: list[Insert] = []
        for row, values in inserts:
            key = key_of(values)
            if key not in taken:
                kept_inserts.append((row, values))
            elif spec is schema.SHOT_IMAGES:
                self.held.append(Held(row, values, (key[0], key[1], key[2])))
                self.held_ids.add(row.source_id)
            else:
                self.state.skip(spec, row.source_id, row.line, SELECTION_TAKEN)
        kept_updates: list[Update] = []
        for update_ in updates:
            row, values, old, changes = update_
            key, old_key = key_of(values), old_key_of(old)
            if key == old_key or taken.get(key, old[0]) == old[0]:
                kept_updates.append(update_)
            elif spec is schema.SHOT_IMAGES:
                context = tuple(int(old[position[c]]) for c in CONTEXT[spec.name][1:])
                self.held.append(
                    Held(
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
                self.state.skip(spec, row.source_id, row.line, SELECTION_TAKEN + LEFT_AS_IT_WAS)
        return kept_inserts, kept_updates

    def taken(self, spec: TableSpec, shots: Iterable[int]) -> dict[tuple[int, ...], int]:
        """Unique key → id of the row holding it now, for the rows of these shots."""
        key_columns = UNIQUE[spec.name]
        rows = self.tables.writer(spec.name).select_raw(
            ("id", *key_columns), "shot_id", list(shots)
        )
        return {tuple(int(v) for v in r[1:]): int(r[0]) for r in rows}

    def place_held(self, insert: Callable[[TableSpec, list[Insert]], None]) -> None:
        """Give each waiting image its numbers once every row the export moves has moved;
        new ones are written by `insert`.

        A key still taken by a row this export does not move (made in this app, from another
        export, or skipped) cannot be given: that image is skipped with the reason, and so is
        any image that would need the old numbers of a skipped one.
        """
        held, self.held = self.held, []
        self.held_ids.clear()
        if not held:
            return
        spec = schema.SHOT_IMAGES
        writer = self.tables.writer(spec.name)
        counter = self.state.counter(spec.name)
        moving = {h.row_id for h in held if h.row_id is not None}
        taken = {
            key: row_id
            for key, row_id in self.taken(spec, {h.key[0] for h in held}).items()
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
            self.references.remember(spec, h.row, h.values, h.row_id, existed=True)
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
            self.state.touch(int(h.values["project_id"]))
        writer.update_values(changed)
        insert(spec, [(h.row, h.values) for h in placed if h.row_id is None])
        for i in sorted(failed):
            h = held[i]
            where = f"iteration {h.key[1]} variant {h.key[2]}"
            if h.row_id is None:
                why = (
                    f"its shot already has an image at {where} here that this export does not "
                    "replace (made in this app, or from another export); it was not imported"
                )
            else:
                self.references.index[spec.name][h.row.source_id] = h.old_context
                why = (
                    f"it moved to {where} of its shot, which another image here still holds "
                    "(made in this app, from another export, or skipped)" + LEFT_AS_IT_WAS
                )
            self.state.skip(spec, h.row.source_id, h.row.line, why)
