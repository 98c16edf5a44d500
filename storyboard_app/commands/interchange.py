"""`import convex`, `import bundle`, `import storyboarder` and `migrate` (../shared/CLI.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import InvalidInputError


def register(sub: Any) -> None:
    """Add this area's commands to the parser."""
    imp = sub.add_parser(
        "import",
        help="import the original web app's data, a project bundle, a screenplay or a "
        "Storyboarder project",
    )
    isub = imp.add_subparsers(dest="import_command", metavar="SOURCE")

    p = isub.add_parser(
        "convex",
        help="import a Convex snapshot export zip of the original web app",
        description="Import the zip written by `npx convex export --path backup.zip` "
        "(add --include-file-storage there to bring the images). Importing the same zip "
        "again updates rows instead of duplicating them.",
    )
    p.add_argument("zip", type=Path, metavar="ZIP")
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=import_convex)

    p = isub.add_parser(
        "bundle",
        help="import a project bundle made with `export --bundle` (a new copy of the project)",
    )
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=import_bundle)

    p = isub.add_parser(
        "script",
        help="import a screenplay (.fountain or .fdx) as scenes and shots",
        description="Scene headings become scenes (with the script's scene numbers), action "
        "paragraphs become shots, and the dialogue and notes that follow go to the shot. "
        "Into a new project titled from the title page (or the file name), or after the "
        "scenes of --project. Nothing is written if the file cannot be read.",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="a Fountain or Final Draft file")
    p.add_argument(
        "--project", type=row_id, metavar="P", help="add the scenes to this project instead"
    )
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=import_script)

    p = isub.add_parser(
        "storyboarder",
        help="import a Storyboarder project (a .storyboarder file or a project folder)",
        description="A new project: one scene per Storyboarder scene, one shot per board in "
        "order, the board's picture as the shot's final pick, its duration, dialogue, action "
        "and notes. A board whose picture is missing becomes a shot marked image missing.",
    )
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=import_storyboarder)

    p = sub.add_parser(
        "migrate",
        help="migrate legacy (v1) projects to the new workflow",
        description="Each legacy scene becomes a scene with one shot whose first image is the "
        "scene's image; its clip becomes the shot's storyboard clip. The database is backed "
        "up first; legacy rows are kept, marked archived. Running it again changes nothing.",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("project", type=row_id, nargs="?", metavar="PROJECT")
    target.add_argument("--all", action="store_true", help="every legacy project")
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=migrate)


def _printer(args: argparse.Namespace) -> Any:
    if args.json:
        return None

    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{100 * done // max(total, 1):3d}%", end="", file=sys.stderr, flush=True)

    return show


def _printed_as_json(args: argparse.Namespace, ctx: CommandContext, report: Any) -> bool:
    """An import's report: the JSON document with --json (True), else its summary line after
    the progress line (False: the caller prints its details)."""
    if args.json:
        ctx.print_json(report.to_json())
        return True
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress line
    print(report.summary())
    return False


def import_convex(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.interchange.convex import import_convex_export

    report = import_convex_export(ctx.store, ctx.paths.media, args.zip, progress=_printer(args))
    if _printed_as_json(args, ctx, report):
        return 0
    for name, counts in report.tables.items():
        if counts.read:
            print(
                f"  {name}: {counts.inserted} added, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.skipped} skipped"
            )
    for table, n in report.ignored_tables.items():
        print(f"  {table}: {n} documents not imported (not a table of this app)")
    for item in report.skipped[:50]:
        where = f" line {item.line}" if item.line else ""
        print(f"  skipped {item.table}{where} {item.source_id or ''}: {item.reason}")
    if report.skipped_total > 50:
        print(f"  … and {report.skipped_total - 50} more (use --json for the full list)")
    return 0


def import_bundle(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.interchange.bundle import import_bundle as run_import

    report = run_import(ctx.store, ctx.paths.media, args.path, progress=_printer(args))
    if args.json:
        ctx.print_json(report.to_json())
    else:
        print(f"Imported as project {report.project_id}. {report.summary()}")
    return 0


def import_script(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.interchange.screenplay import read_script_draft, write_script

    draft = read_script_draft(args.path)  # all checks before the database is opened
    report = write_script(
        ctx.store,
        draft.outline.scenes,
        title=draft.title,
        source=draft.source,
        project_id=args.project,
        notes=draft.outline.notes,
    )
    for note in report.notes:  # a limit is never silent: on stderr whatever the output format
        print(f"storyboard-app: note: {note}", file=sys.stderr)
    if args.json:
        ctx.print_json(report.to_json())
    else:
        print(report.summary(with_id=True))
    return 0


def import_storyboarder(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.interchange.storyboarder import import_storyboarder as run_import

    report = run_import(ctx.store, ctx.paths.media, args.path, progress=_printer(args))
    if _printed_as_json(args, ctx, report):
        return 0
    for line in report.missing_images:
        print(f"  image missing: {line}")
    for note in report.notes:
        print(f"  note: {note}")
    return 0


def migrate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.interchange.legacy_migration import migrate_all, migrate_project

    if args.all:
        reports = migrate_all(ctx.store)
    elif args.project is not None:
        reports = [migrate_project(ctx.store, args.project)]
    else:  # argparse's group makes this unreachable; kept for a clear message
        raise InvalidInputError("Give a project number or --all.")
    if args.json:
        document: Any = (
            {"projects": [r.to_json() for r in reports]} if args.all else reports[0].to_json()
        )
        ctx.print_json(document)
        return 0
    if not reports:
        print("No legacy projects to migrate.")
    for report in reports:
        print(report.summary())
        for item in report.skipped:
            print(f"  not mapped: {item.reason}")
    if reports and reports[0].backup:
        print(f"The database was backed up to {reports[0].backup}")
    return 0
