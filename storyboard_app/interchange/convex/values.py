"""Decoding Convex export values (both encodings) into Python column values."""

from __future__ import annotations

import base64
import math
import re
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_INT_STRING = re.compile(r"^-?\d{1,19}$")
# Timestamps outside 1970…2200 are not creation times of a web app's rows.
MAX_MS = 7_258_118_400_000


class ValueProblem(ValueError):
    """A field's value cannot become the column's type; `str()` says why."""


def snake_case(name: str) -> str:
    """`videoClips` → `video_clips`, `sceneNumber` → `scene_number`."""
    return _CAMEL.sub("_", name).lower()


def decode_special(value: Any) -> Any:
    """Turn the tagged objects of Convex's JSON (`$integer`, `$float`) into numbers.

    `$bytes` stays as it is: it is already JSON and nothing here stores raw bytes.
    """
    if isinstance(value, dict) and len(value) == 1:
        if "$integer" in value and isinstance(value["$integer"], str):
            raw = _b64(value["$integer"], 8)
            return int(struct.unpack("<q", raw)[0])
        if "$float" in value and isinstance(value["$float"], str):
            raw = _b64(value["$float"], 8)
            return float(struct.unpack("<d", raw)[0])
    return value


def _b64(text: str, size: int) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise ValueProblem("is not valid base64") from exc
    if len(raw) != size:
        raise ValueProblem(f"holds {len(raw)} bytes, expected {size}")
    return raw


def as_int(value: Any, *, old_encoding: bool = False) -> int:
    """`v.number()` (3.0) or an int64 (3, "3" in old exports, {"$integer"}) → int.

    A whole number outside the 64-bit range a database column holds is refused.
    """
    kind = type(value)
    if kind is float and value.is_integer() and -INT64 <= value < INT64:  # v.number() is 3.0
        return int(value)
    if kind is int and -INT64 <= value < INT64:
        return int(value)
    value = decode_special(value)
    if isinstance(value, bool):
        raise ValueProblem(f"is a boolean ({value}), expected a number")
    number: int
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ValueProblem(f"is {value!r}, expected a whole number")
        number = int(value)
    elif isinstance(value, str) and _INT_STRING.match(value.strip()):
        # Old exports write int64 as a string; accept it from either encoding.
        number = int(value)
    else:
        raise ValueProblem(f"is {_describe(value)}, expected a number")
    if not -INT64 <= number < INT64:
        raise ValueProblem(f"is {number:.4g}, too large for a whole number here")
    return number


INT64 = 2**63


def as_float(value: Any) -> float:
    value = decode_special(value)
    if isinstance(value, bool):
        raise ValueProblem(f"is a boolean ({value}), expected a number")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError as exc:
            raise ValueProblem(f"is {_describe(value)}, expected a number") from exc
    else:
        raise ValueProblem(f"is {_describe(value)}, expected a number")
    if not math.isfinite(number):
        raise ValueProblem(f"is {number}, expected a finite number")
    return number


def as_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueProblem(f"is {_describe(value)}, expected text")


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueProblem(f"is {_describe(value)}, expected true or false")


def as_object(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise ValueProblem(f"is {_describe(value)}, expected an object")


def as_datetime(value: Any) -> datetime:
    """Milliseconds since the epoch (float, int, int64 string) or ISO-8601 text → aware UTC."""
    kind = type(value)
    if (kind is float or kind is int) and 0 <= value <= MAX_MS:  # the common case first
        return _EPOCH + timedelta(microseconds=round(value * 1000))
    if isinstance(value, str) and not _INT_STRING.match(value.strip()):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueProblem(f"is {_describe(value)}, expected a time") from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    ms = as_float(value)
    if not 0 <= ms <= MAX_MS:
        raise ValueProblem(f"is {ms!r}, which is not a time in milliseconds since 1970")
    return ms_to_datetime(ms)


def ms_to_datetime(ms: float) -> datetime:
    """Exact to the microsecond: 1700000000000.25 → …:20.000250+00:00."""
    return _EPOCH + timedelta(microseconds=round(ms * 1000))


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
