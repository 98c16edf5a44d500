"""The one place that reads and writes times: ISO-8601 stamps, ages, elapsed times and the
short texts the views show ("5 min ago", "0:07", "3 min 05 s", "14:02:09")."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(when: datetime) -> datetime:
    """`when` with a time zone: a naive time is taken as UTC (how the database stores it)."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def parse_iso(stamp: object) -> datetime | None:
    """An ISO-8601 stamp ("Z" accepted, naive read as UTC); None when it is not one."""
    if not isinstance(stamp, str) or not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return as_utc(when)


def utc_now_iso() -> str:
    """Now, as the ISO-8601 UTC stamp recorded in rows and files ("…+00:00")."""
    return datetime.now(UTC).isoformat()


def iso_z(moment: datetime | None) -> str | None:
    """ISO-8601 UTC with a `Z` (the original web app's form); None stays None."""
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def seconds_since(when: datetime, now: datetime | None = None) -> float:
    """Seconds from `when` to `now` (default: the current time); negative in the future."""
    return ((now or datetime.now(UTC)) - as_utc(when)).total_seconds()


def elapsed_clock(seconds: float) -> str:
    """ "0:07", "12:30": minutes and seconds, as the storyboard's running animations show."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def elapsed_words(seconds: float) -> str:
    """ "12 s", "3 min 05 s", as the iterator's running variants show."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


def relative_time(when: datetime, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', 'yesterday', or the local date."""
    seconds = seconds_since(when, now)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 2 * 86_400:
        return "yesterday"
    return as_utc(when).astimezone().strftime("%d %b %Y")


def clock_time(moment: datetime) -> str:
    """ "14:02:09" (as given: pass a local time for the user's clock)."""
    return moment.strftime("%H:%M:%S")


def minute_stamp(moment: datetime) -> str:
    """ "2026-12-06 14:02" (as given)."""
    return moment.strftime("%Y-%m-%d %H:%M")


def timecode(frames: int, fps: int, start_hours: int = 1) -> str:
    """`frames` after `start_hours`:00:00:00 as SMPTE non-drop `HH:MM:SS:FF` at `fps`."""
    total = start_hours * 3600 * fps + max(0, frames)
    hours, rest = divmod(total, 3600 * fps)
    minutes, rest = divmod(rest, 60 * fps)
    seconds, frame = divmod(rest, fps)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frame:02d}"
