"""Convex value decoding: both encodings, number coercion, times."""

from __future__ import annotations

import base64
import struct
from datetime import UTC, datetime

import pytest

from storyboard_app.interchange.convex.values import (
    ValueProblem,
    as_bool,
    as_datetime,
    as_float,
    as_int,
    decode_special,
    snake_case,
)


@pytest.mark.parametrize(
    ("camel", "snake"),
    [
        ("videoProjects", "video_projects"),
        ("storyboardSelections", "storyboard_selections"),
        ("sceneNumber", "scene_number"),
        ("scenes", "scenes"),
    ],
)
def test_camel_case_tables_and_fields_become_snake_case(camel: str, snake: str) -> None:
    assert snake_case(camel) == snake


def test_numbers_are_coerced_to_int_from_every_encoding() -> None:
    assert as_int(3.0) == 3  # v.number() in either encoding
    assert as_int(33) == 33  # int64, new "uniform" encoding
    assert as_int("33") == 33  # int64, old encoding
    packed = base64.b64encode(struct.pack("<q", -7)).decode()
    assert as_int({"$integer": packed}) == -7


@pytest.mark.parametrize("bad", [3.5, True, "three", None, [1], {"$float": "AAAAAAAA+H8="}])
def test_a_value_that_is_not_a_whole_number_is_refused(bad: object) -> None:
    with pytest.raises(ValueProblem):
        as_int(bad)


@pytest.mark.parametrize("huge", [1e300, 2.0**63, 2**63, -(2**63) - 1, "9999999999999999999"])
def test_a_whole_number_no_64_bit_column_holds_is_refused(huge: object) -> None:
    with pytest.raises(ValueProblem, match="too large"):
        as_int(huge)
    assert as_int(2**63 - 1) == 2**63 - 1 and as_int(-(2.0**63)) == -(2**63)


def test_special_floats_are_decoded() -> None:
    inf = base64.b64encode(struct.pack("<d", float("inf"))).decode()
    assert decode_special({"$float": inf}) == float("inf")
    with pytest.raises(ValueProblem, match="finite"):
        as_float({"$float": inf})
    assert decode_special({"$bytes": "AQI="}) == {"$bytes": "AQI="}


def test_creation_time_in_milliseconds_becomes_exact_utc() -> None:
    moment = as_datetime(1_700_000_000_000.25)
    assert moment == datetime(2023, 11, 14, 22, 13, 20, 250, tzinfo=UTC)
    assert as_datetime("1700000000000") == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert as_datetime("2024-01-02T03:04:05Z") == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("bad", [-1.0, 1e20, "yesterday", True])
def test_impossible_times_are_refused(bad: object) -> None:
    with pytest.raises(ValueProblem):
        as_datetime(bad)


def test_booleans_are_strict() -> None:
    assert as_bool(True) is True
    with pytest.raises(ValueProblem):
        as_bool("true")
