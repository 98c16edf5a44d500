"""`media verify` and `media gc`: check the stored files, collect unreferenced ones."""

from __future__ import annotations

import argparse
from typing import Any

from storyboard_app.commands.context import CommandContext


def register(sub: Any) -> None:
    media = sub.add_parser("media", help="check and clean the media store")
    msub = media.add_subparsers(dest="media_command", metavar="ACTION")

    p = msub.add_parser("verify", help="check that every referenced file is present and intact")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=media_verify)

    p = msub.add_parser(
        "gc",
        help="delete stored files no row refers to (never favourites, finals or ancestors)",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=media_gc)


def media_verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.media.store import MediaStore
    from storyboard_app.store.media_references import referenced_storage_ids

    references = referenced_storage_ids(ctx.store.sessions)
    report = MediaStore(ctx.paths.media).verify(references)
    if args.json:
        ctx.print_json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "missing": [
                    {"storage_id": sid, "referenced_by": references.get(sid, [])}
                    for sid in report.missing
                ],
                "corrupt": [
                    {"storage_id": sid, "reason": reason, "referenced_by": references.get(sid, [])}
                    for sid, reason in report.corrupt
                ],
            }
        )
    else:
        for sid in report.missing:
            print(f"MISSING  {sid}  (used by {', '.join(references.get(sid, []))})")
        for sid, reason in report.corrupt:
            print(f"DAMAGED  {sid}  {reason}")
        print(
            f"Checked {report.checked} files: {len(report.missing)} missing, "
            f"{len(report.corrupt)} damaged."
        )
    if not report.ok:
        import sys

        print(
            "storyboard-app: some media files are missing or damaged; retry those variants or "
            "restore the data folder from a backup.",
            file=sys.stderr,
        )
        return 1
    return 0


def media_gc(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.media.store import MediaStore
    from storyboard_app.store.media_references import protected_storage_ids, referenced_storage_ids

    referenced = referenced_storage_ids(ctx.store.sessions)
    protected = protected_storage_ids(ctx.store.sessions)
    report = MediaStore(ctx.paths.media).gc(referenced, protected, dry_run=args.dry_run)
    if args.json:
        ctx.print_json(
            {
                "dry_run": report.dry_run,
                "removed": list(report.removed),
                "removed_bytes": report.removed_bytes,
                "kept": report.kept,
                "temporary_files": list(report.temporary_files),
            }
        )
    else:
        verb = "Would delete" if report.dry_run else "Deleted"
        for sid in report.removed:
            print(f"{verb} {sid}")
        print(
            f"{verb} {len(report.removed)} unreferenced files "
            f"({report.removed_bytes / 1e6:,.1f} MB); kept {report.kept}."
        )
    return 0
