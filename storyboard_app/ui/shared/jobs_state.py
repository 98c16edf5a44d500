"""What the jobs panel and the status-bar jobs button say, without widgets (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class JobLike(Protocol):
    """The fields of a `GenerationJob` the panel reads."""

    title: str
    shot_id: int | None
    cancel_requested: bool

    @property
    def is_waiting(self) -> bool: ...

    def elapsed(self, now: float | None = None) -> float: ...


@dataclass(frozen=True)
class JobRow:
    """One line of the jobs panel."""

    shot: str
    kind: str
    progress: str
    can_cancel: bool


def job_kind_words(kind: str) -> str:
    """ "variant" / "animation" as the panel says it."""
    return {"variant": "Image", "animation": "Animation"}.get(kind, kind.capitalize())


def job_row(job: JobLike, kind: str, shot_names: dict[int, str], now: float) -> JobRow:
    """The panel's line for `job`: which shot, what it makes, how far it is."""
    from storyboard_app.domain.time_format import elapsed_clock  # not at start-up

    shot = shot_names.get(job.shot_id, "…") if job.shot_id is not None else "—"
    if job.cancel_requested:
        progress = "Cancelling…"
    elif job.is_waiting:
        progress = "Waiting for a free slot"
    elif job.elapsed(now) <= 0:
        progress = "Starting…"
    else:
        progress = f"Running · {elapsed_clock(job.elapsed(now))}"
    title = job.title
    return JobRow(
        shot, f"{job_kind_words(kind)} — {title}", progress, can_cancel=not job.cancel_requested
    )


def jobs_summary(running: int, waiting: int, cancelling: int, tasks: int) -> str:
    """The status-bar button's text: generation jobs first, else other background tasks."""
    if running or waiting:
        parts = [f"{running} running"] if running else []
        if waiting:
            parts.append(f"{waiting} waiting")
        if cancelling:
            parts.append(f"{cancelling} cancelling")
        return "Jobs: " + ", ".join(parts)
    if tasks:
        return f"{tasks} task{'s' if tasks != 1 else ''} in the background"
    return "No jobs running"


def shot_name(scene_number: int, shot_number: int, description: str) -> str:
    """How a shot is named in the panel: its code and a short description."""
    code = f"Shot {scene_number}.{shot_number}"
    text = description.strip()
    if len(text) > 28:
        text = text[:27].rstrip() + "…"
    return f"{code} {text}" if text else code
