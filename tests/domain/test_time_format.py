"""The one time formatter: ISO stamps in and out, ages, elapsed times, relative dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from storyboard_app.domain.time_format import (
    as_utc,
    clock_time,
    elapsed_clock,
    elapsed_words,
    iso_z,
    minute_stamp,
    parse_iso,
    relative_time,
    seconds_since,
    utc_now_iso,
)

NOW = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)


def test_stamps_are_read_with_or_without_zone_and_junk_is_none() -> None:
    assert parse_iso("2026-12-06T11:59:30Z") == NOW - timedelta(seconds=30)
    assert parse_iso("2026-12-06T11:59:30+00:00") == NOW - timedelta(seconds=30)
    assert parse_iso("2026-12-06T11:59:30") == NOW - timedelta(seconds=30)  # naive: UTC
    assert parse_iso("2026-12-06T13:59:30+02:00") == NOW - timedelta(seconds=30)
    for junk in (None, "", "yesterday", 12, {"at": "now"}):
        assert parse_iso(junk) is None
    stamp = utc_now_iso()
    parsed = parse_iso(stamp)
    assert stamp.endswith("+00:00") and parsed is not None
    assert abs(seconds_since(parsed)) < 60
    assert iso_z(NOW) == "2026-12-06T12:00:00Z" and iso_z(None) is None
    assert as_utc(datetime(2026, 1, 1)).tzinfo is UTC


def test_elapsed_times_in_both_of_the_views_forms() -> None:
    assert seconds_since(NOW - timedelta(minutes=2), NOW) == 120
    assert seconds_since(datetime(2026, 12, 6, 11, 59), NOW) == 60  # naive: UTC
    assert [elapsed_clock(s) for s in (-3, 7, 65.9, 750)] == ["0:00", "0:07", "1:05", "12:30"]
    assert [elapsed_words(s) for s in (-1, 12, 59.9, 185)] == ["0 s", "12 s", "59 s", "3 min 05 s"]


def test_relative_time_and_clock_texts() -> None:
    def ago(**delta: float) -> str:
        return relative_time(NOW - timedelta(**delta), NOW)

    assert ago(seconds=59) == "just now"
    assert ago(minutes=5) == "5 min ago"
    assert ago(hours=3) == "3 h ago"
    assert ago(hours=30) == "yesterday"
    local = (NOW - timedelta(days=9)).astimezone()
    assert ago(days=9) == local.strftime("%d %b %Y")
    assert relative_time(datetime(2026, 12, 6, 11, 55), NOW) == "5 min ago"  # naive: UTC
    plus_two = datetime(2026, 12, 6, 14, 2, 9, tzinfo=timezone(timedelta(hours=2)))
    assert clock_time(plus_two) == "14:02:09"
    assert minute_stamp(plus_two) == "2026-12-06 14:02"
