"""No ids, table names, command-line flags, "v2" or "1 rd" in what the dashboard, planner,
scenes, legacy, Settings and the import/migration reports say to the user."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from storyboard_app.interchange.reports import (
    BundleReport,
    ImportReport,
    MigrationReport,
    SkippedItem,
    TableCounts,
)
from storyboard_app.ui.interchange.job_dialogs import (
    bundle_report_content,
    convex_report_content,
    migration_report_content,
)

PACKAGE = Path(__file__).resolve().parents[2] / "storyboard_app"
USER_FACING = [
    *sorted((PACKAGE / "ui" / "dashboard").glob("*.py")),
    *sorted((PACKAGE / "ui" / "planner").glob("*.py")),
    *sorted((PACKAGE / "ui" / "scenes").glob("*.py")),
    *sorted((PACKAGE / "ui" / "legacy").glob("*.py")),
    *sorted((PACKAGE / "ui" / "shared").glob("*.py")),
    *sorted((PACKAGE / "ui").glob("*.py")),
    PACKAGE / "generation" / "planner.py",
    PACKAGE / "generation" / "offline_provider.py",
]
JARGON = re.compile(
    r"--[a-z]{2,}|\(id |\bv[12]\b|\b\d+ rds?\b|STORYBOARD_DATA_DIR|"
    r"video_projects|project_scenes|scene_shots|shot_images|storyboard_selections|video_clips"
)


def _messages(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings (what it can show)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and " " in node.value  # words, not keys or object names
    ]


def test_no_jargon_in_the_strings_of_the_pages() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}: {text!r}"
        for path in USER_FACING
        for text in _messages(path)
        if JARGON.search(text)
    ]
    assert not found, "\n".join(found)


def test_reports_speak_in_creator_words() -> None:
    imported = ImportReport(
        source="/home/me/exports/snapshot-2024.zip",
        tables={"video_projects": TableCounts(read=2, inserted=2), "shot_images": TableCounts(9)},
        files_stored=9,
        files_skipped=0,
        project_ids=(17, 18),
        skipped=(SkippedItem("shot_images", "j57abc", "no such shot", 12),),
        skipped_total=1,
    )
    migrated = MigrationReport(
        17, "Harbour", "migrated", 3, 3, 3, 1, redesign_status="storyboard_final"
    )
    bundle = BundleReport(18, "Harbour", "/tmp/h.zip", 1, {"shot_images": 6}, 6, 2_000_000)
    contents = [
        convex_report_content(imported),
        migration_report_content(migrated),
        bundle_report_content(bundle),
    ]
    for content in contents:
        shown = [content.summary, *content.notes, *content.skipped]
        shown += [" ".join(row) for row in content.rows]
        bad = [t for t in shown if JARGON.search(t) or re.search(r"\b1[78]\b|j57abc|_", t)]
        assert not bad, bad
    assert contents[0].rows[0][0] == "Projects" and contents[0].rows[1][0] == "Images"
    assert "Storyboard" in contents[1].summary
