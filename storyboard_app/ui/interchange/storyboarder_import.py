"""File → Import → Storyboarder project: the job (pool thread) and its report in words.

The job reads and checks the whole Storyboarder project before anything is stored; Cancel
is honoured while board pictures are stored, before any row is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from storyboard_app.ui.context import AppContext
from storyboard_app.ui.interchange.job_dialogs import JobControl, ReportContent

if TYPE_CHECKING:
    from storyboard_app.interchange.storyboarder import StoryboarderImportReport

MAX_NOTES = 20  # shots without a picture listed by name; `import storyboarder --json` has all
NAME_FILTER = (
    "Storyboarder project (*.storyboarder *.fountain *.fdx storyboard.settings);;"
    "Storyboarder file (*.storyboarder);;All files (*)"
)
"""A scene's .storyboarder file, or the script of a multi-scene project (as Storyboarder
opens one)."""


def run_storyboarder_import(
    path: Path,
) -> Callable[[AppContext, JobControl], StoryboarderImportReport]:
    """The job importing a Storyboarder project (pool thread)."""

    def run(context: AppContext, control: JobControl) -> StoryboarderImportReport:
        from storyboard_app.interchange.storyboarder import import_storyboarder

        def progress(done: int, total: int) -> None:
            control.check_cancelled()  # only before rows are written: nothing is imported
            control.progress(done, total)

        control.check_cancelled()
        return import_storyboarder(context.store, context.paths.media, path, progress)

    return run


def storyboarder_report_content(report: StoryboarderImportReport) -> ReportContent:
    """Scenes, shots and final picks made, and the boards whose picture is missing."""
    rows = (
        ("Scenes", f"{report.scenes:,}"),
        ("Shots (one per board)", f"{report.boards:,}"),
        ("Final picks (board pictures)", f"{report.images:,}"),
        ("Shots marked “image missing”", f"{len(report.missing_images):,}"),
    )
    # Not skipped: each board is a shot; these are shots without their picture.
    notes = [f"No final pick, image missing — {x}." for x in report.missing_images[:MAX_NOTES]]
    if len(report.missing_images) > MAX_NOTES:
        notes.append(f"… and {len(report.missing_images) - MAX_NOTES:,} more with no picture.")
    notes += report.notes
    if report.blank_boards:
        notes.append(
            f"{len(report.blank_boards):,} blank board(s) became shots without a final pick: "
            + "; ".join(report.blank_boards[:10])
        )
    return ReportContent(
        title="Storyboarder project imported",
        summary=report.describe(),
        columns=("What", "Count"),
        rows=rows,
        notes=tuple(notes),
        project_ids=(report.project_id,),
    )
