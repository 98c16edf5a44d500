"""One Convex document → the column values of one row, its references, and its `extra`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from storyboard_app.domain.enums import ImageStatus, WorkflowVersion
from storyboard_app.interchange.convex.reading import LineProblem
from storyboard_app.interchange.convex.schema import (
    PROJECT_SCENES,
    SCENE_SHOTS,
    SHOT_IMAGES,
    STORYBOARD_SELECTIONS,
    VIDEO_PROJECTS,
    FieldSpec,
    TableSpec,
    converter,
)
from storyboard_app.interchange.convex.values import (
    MAX_MS,
    ValueProblem,
    as_datetime,
    decode_special,
)
from storyboard_app.interchange.sql_bulk import RowCodec

_SOURCE_ID = re.compile(r"^[0-9A-Za-z_\-]{1,64}$")
WAITING_MESSAGE = (
    "This variant was still waiting when it was exported from the web app; retry it here."
)

# Columns the importer derives after the whole export is read, so a re-import compares the
# Convex value kept in `extra` rather than the derived column.
SOFT_COLUMNS: dict[str, frozenset[str]] = {
    VIDEO_PROJECTS.name: frozenset({"redesign_status"}),
    PROJECT_SCENES.name: frozenset({"scene_number"}),
    SCENE_SHOTS.name: frozenset({"shot_number", "selected_image_id"}),
    SHOT_IMAGES.name: frozenset({"parent_image_id"}),
}
NUMBER_KEYS = {PROJECT_SCENES.name: "convex_scene_number", SCENE_SHOTS.name: "convex_shot_number"}


@dataclass(slots=True)
class PendingRow:
    """A converted document waiting for its references to be resolved and to be written."""

    source_id: str
    line: int
    values: dict[str, Any]
    refs: dict[str, str] = field(default_factory=dict)  # column → Convex id
    deferred: dict[str, str | None] = field(default_factory=dict)
    soft: set[str] = field(default_factory=set)  # columns not compared on re-import
    missing_files: int = 0
    # The row already serialised for INSERT (see `prepare`), its foreign keys still unset.
    prepared: tuple[Any, ...] | None = None


class Rejected(Exception):
    """The document is skipped; `str()` is the reason."""


NOT_AN_OBJECT = "the line is not a JSON object"
# A document that is not imported: (its _id when it has a usable one, line number, why).
Skip = tuple[str | None, int, str]


def convert_documents(
    spec: TableSpec,
    documents: Iterable[tuple[int, Any]],
    storage: dict[str, str],
    codec: RowCodec | None,
) -> Iterator[PendingRow | Skip]:
    """Each (line, JSON value) → a PendingRow, or a Skip saying why not.

    With a `codec` the rows come prepared for INSERT (the table held no rows before).
    """
    for line_no, doc in documents:
        if type(doc) is not dict:
            yield (None, line_no, doc.reason if isinstance(doc, LineProblem) else NOT_AN_OBJECT)
            continue
        try:
            if codec is None:
                yield to_row(spec, doc, line_no, storage)
            else:
                yield prepare(spec, doc, line_no, storage, codec)
        except (Rejected, RecursionError) as why:
            raw_id = doc.get("_id")
            reason = str(why) if isinstance(why, Rejected) else "its values are nested too deeply"
            yield (raw_id if isinstance(raw_id, str) else None, line_no, reason)


def source_id_of(doc: dict[str, Any]) -> str:
    raw = doc.get("_id")
    if not isinstance(raw, str) or not _SOURCE_ID.match(raw):
        shown = repr(raw)[:40]
        raise Rejected(f"its _id {shown} is missing or not a Convex id")
    return raw


def to_row(
    spec: TableSpec,
    doc: dict[str, Any],
    line: int,
    storage: dict[str, str],
) -> PendingRow:
    """Convert a document; raise Rejected with the reason when it cannot be imported."""
    source_id = source_id_of(doc)
    plan = _plan(spec)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    refs: dict[str, str] = {}
    deferred: dict[str, str | None] = {}
    missing_files = _fill(spec, plan, doc, storage, values, extra, refs, deferred)
    for column, key in plan.required:
        if column not in values and column not in refs:
            raise Rejected(f"the required field {key} is missing")
    _timestamps(values, extra, doc.get("_creationTime"))
    for column, default in plan.defaults:
        if column not in values:
            values[column] = default() if callable(default) else default
    row = PendingRow(source_id, line, values, refs, deferred, set(plan.soft), missing_files)
    _table_rules(spec, plan, row, values, extra)
    values["source_id"] = source_id
    values["extra"] = extra
    return row


def _fill(
    spec: TableSpec,
    plan: _Plan,
    doc: dict[str, Any],
    storage: dict[str, str],
    values: dict[str, Any],
    extra: dict[str, Any],
    refs: dict[str, str],
    deferred: dict[str, str | None],
) -> int:
    """Convert the document's fields into the four dicts; the number of stored files it uses
    that the export does not hold."""
    missing_files = 0
    by_key = plan.by_key
    shared = plan.shared
    into: tuple[dict[str, Any], ...] = (values, refs, deferred)
    last_time: tuple[Any, Any] = (None, None)  # createdAt and updatedAt are often equal
    for key, raw in doc.items():
        entry = by_key.get(key)
        if entry is None:
            if key == "_id" or key == "_creationTime":
                continue
            fspec = spec.field_for(key) if spec.patterns else None
            if fspec is None:
                extra[key] = raw  # unknown
                continue
            entry = _planned(fspec)
        column, step, function, as_is, target, fspec = entry
        if shared and column in shared and (column in values or column in refs):
            extra[key] = raw  # a second key for a column already filled
            continue
        if type(raw) is as_is:  # the usual value of its kind: stored as it is, without a call
            into[target][column] = raw
            continue
        if raw is None:
            continue  # optional fields are missing keys in Convex; treat null the same
        try:
            if step is _CONVERT:
                into[target][column] = function(raw)
            elif step is _TIME:
                if raw != last_time[0] or type(raw) is not float:
                    last_time = (raw, function(raw))
                values[column] = last_time[1]
            elif step is _SHORT:
                text = function(raw)
                assert fspec.max_len is not None
                if len(text) <= fspec.max_len:
                    values[column] = text
                else:
                    extra[key] = text  # the whole text is kept; the column gets what fits
                    if fspec.required:
                        values[column] = text[: fspec.max_len - 1] + "…"
            elif step is _STORAGE:
                storage_id = function(raw)
                extra[key] = storage_id  # the Convex storage id, kept as history
                local = storage.get(storage_id)
                if local is None:
                    missing_files += 1
                else:
                    values[column] = local
            else:  # an optional enum
                try:
                    values[column] = function(raw)
                except ValueProblem:
                    extra[key] = raw  # an unknown state is kept, not guessed
        except ValueProblem as problem:
            raise Rejected(f"its field {key} {problem}") from None
    return missing_files


# How `_fill` handles a field's value that is not stored as it is, by kind.
_CONVERT, _TIME, _SHORT, _STORAGE, _OPTIONAL_ENUM = (
    "convert",
    "time",
    "short",
    "storage",
    "optional enum",
)
# The JSON type whose values a kind stores unchanged (its converter would return them as they
# are): the common case, checked before any call.
_AS_IS: dict[str, type] = {"text": str, "ref": str, "bool": bool, "object": dict}


class _Converted:
    """The "type stored as it is" of kinds whose every value is converted: no value has it."""


_VALUES, _REFS, _DEFERRED = 0, 1, 2  # the dict a field fills: see `into` in `_fill`
# column, step, converter, the type stored as it is, the dict it fills, the field
_Planned = tuple[str, str, Callable[[Any], Any], type, int, FieldSpec]


def _planned(fspec: FieldSpec) -> _Planned:
    kind = fspec.kind
    if kind == "time":
        step = _TIME
    elif kind == "short":
        step = _SHORT
    elif kind == "storage":
        step = _STORAGE
    elif kind == "enum" and not fspec.required:
        step = _OPTIONAL_ENUM
    else:
        step = _CONVERT
    target = _VALUES
    if kind == "ref":
        target = _DEFERRED if fspec.deferred else _REFS
    as_is = _AS_IS.get(kind, _Converted)
    return fspec.column, step, converter(fspec), as_is, target, fspec


@dataclass(frozen=True, slots=True)
class _Plan:
    """What `to_row` needs of a table, looked up once."""

    by_key: dict[str, _Planned]
    shared: frozenset[str]
    required: tuple[tuple[str, str], ...]  # (column, key)
    defaults: tuple[tuple[str, Any], ...]
    soft: frozenset[str]
    nullable: frozenset[str]


def _plan(spec: TableSpec) -> _Plan:
    plan = _PLANS.get(spec.name)
    if plan is None:
        plan = _PLANS[spec.name] = _Plan(
            by_key={f.key: _planned(f) for f in spec.fields},
            shared=spec.shared_columns,
            required=tuple((f.column, f.key) for f in spec.required_fields),
            defaults=tuple(spec.defaults.items()),
            soft=SOFT_COLUMNS.get(spec.name, frozenset()),
            nullable=spec.nullable_set,
        )
    return plan


_PLANS: dict[str, _Plan] = {}


# The values a prepared row keeps besides its references: what the importer itself reads.
KEPT_COLUMNS = ("iteration_number", "variant_number")


def prepare(
    spec: TableSpec, doc: dict[str, Any], line: int, storage: dict[str, str], codec: RowCodec
) -> PendingRow:
    """`to_row`, with the row serialised for INSERT at once (`prepared`).

    For a table that held no rows when the import began, where every row is new: the work
    can then be done in another process, and what crosses over is small and cheap to load.
    """
    row = to_row(spec, doc, line, storage)
    values = row.values
    for column in reference_columns(spec):
        values.setdefault(column, None)  # set by the importer; None makes every column given
    row.prepared = codec.row_for_insert(values)
    row.values = {column: values[column] for column in KEPT_COLUMNS if column in values}
    return row


def reference_columns(spec: TableSpec) -> tuple[str, ...]:
    """The foreign-key columns the importer fills in: every reference, deferred or not."""
    columns = _REFERENCE_COLUMNS.get(spec.name)
    if columns is None:
        columns = _REFERENCE_COLUMNS[spec.name] = tuple(
            f.column for f in spec.fields if f.kind == "ref"
        )
    return columns


_REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {}


def _timestamps(values: dict[str, Any], extra: dict[str, Any], creation: Any) -> None:
    created = values.get("created_at")
    if creation is not None:
        kind = type(creation)
        if created is not None and (kind is float or kind is int) and 0 <= creation <= MAX_MS:
            extra["_creationTime"] = creation  # valid; createdAt wins for the column
        else:
            try:
                creation_time = as_datetime(creation)
            except ValueProblem as problem:
                raise Rejected(f"its _creationTime {problem}") from None
            if created is None:
                created = creation_time
            else:
                extra["_creationTime"] = creation  # both kept: createdAt wins for the column
    if created is None:
        raise Rejected("it has neither _creationTime nor createdAt")
    values["created_at"] = created
    if "updated_at" not in values:
        values["updated_at"] = created


def _table_rules(
    spec: TableSpec,
    plan: _Plan,
    row: PendingRow,
    values: dict[str, Any],
    extra: dict[str, Any],
) -> None:
    name = spec.name
    if name == VIDEO_PROJECTS.name:
        if "workflow_version" not in values:
            # Decided after the import from the project's rows (legacy scenes → v1).
            values["workflow_version"] = WorkflowVersion.V1_LEGACY
            row.soft.add("workflow_version")
        values.setdefault("redesign_status", None)
        for column in ("status", "user_id", "thumbnail_url", "final_video_url"):
            values.setdefault(column, None)
        values.setdefault("prompt_planner_data", None)
    elif name in NUMBER_KEYS:
        column = "scene_number" if name == PROJECT_SCENES.name else "shot_number"
        number = values[column]
        extra[NUMBER_KEYS[name]] = number
        values[column] = max(1, number)  # placeholder; renumbered 1..n after the import
        if name == SCENE_SHOTS.name:
            values["selected_image_id"] = None
    elif name == SHOT_IMAGES.name:
        _image_rules(values, extra)
    elif name == STORYBOARD_SELECTIONS.name:
        _selection_rules(values, extra)
    # Nullable columns the document did not set, so every row of a table has the same keys.
    for column in plan.nullable.difference(values):
        values[column] = None


def _image_rules(values: dict[str, Any], extra: dict[str, Any]) -> None:
    iteration, variant = values["iteration_number"], values["variant_number"]
    if iteration < 0:
        raise Rejected(f"its iterationNumber is {iteration}; rounds start at 0")
    if not 0 <= variant <= 5:
        raise Rejected(f"its variantNumber is {variant}; variants are numbered 0 to 5")
    values["parent_image_id"] = None
    if values.get("metadata") is not None:
        # JavaScript numbers are floats: a seed of 1234.0 is the integer seed 1234.
        try:
            values["metadata"] = whole_numbers(values["metadata"])
        except ValueProblem as problem:  # a tagged number that does not decode
            raise Rejected(f"its field metadata {problem}") from None
    status = values.get("status")
    if status is None:
        has_picture = bool(values.get("image_url") or values.get("image_storage_id"))
        status = ImageStatus.COMPLETE if has_picture else ImageStatus.FAILED
        if not has_picture:
            values["error"] = values.get("error") or "The export has no status or image for it."
    if status.is_active and not values.get("replicate_image_id"):
        # Resuming it here would start a new, billed prediction; let the user decide.
        extra.setdefault("status", status.value)
        status = ImageStatus.FAILED
        values["error"] = values.get("error") or WAITING_MESSAGE
    values["status"] = status


def whole_numbers(value: Any) -> Any:
    """Integral floats → int, recursively (tagged `$integer`/`$float` values decoded)."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() and -_EXACT < value < _EXACT else value
    if kind is dict:
        if len(value) == 1:
            decoded = decode_special(value)
            if decoded is not value:
                return whole_numbers(decoded)
        out: dict[str, Any] = {}
        for key, item in value.items():
            item_kind = type(item)
            if item_kind is float:  # the common case, without a call
                out[key] = int(item) if item.is_integer() and -_EXACT < item < _EXACT else item
            elif item_kind is dict or item_kind is list:
                out[key] = whole_numbers(item)
            else:
                out[key] = item
        return out
    if kind is list:
        return [whole_numbers(item) for item in value]
    return value


_EXACT = 2**53  # floats beyond it are not counts or seeds: kept as they are


def _selection_rules(values: dict[str, Any], extra: dict[str, Any]) -> None:
    status = values.get("animation_status")
    if status is not None and status.is_active and not values.get("replicate_video_id"):
        extra.setdefault("animationStatus", status.value)
        values["animation_status"] = ImageStatus.FAILED
        values["error"] = WAITING_MESSAGE.replace("variant", "clip")
    values.setdefault("error", None)
    duration = values.get("duration_seconds")
    if duration is not None and duration <= 0:
        extra["duration"] = duration
        values["duration_seconds"] = None
