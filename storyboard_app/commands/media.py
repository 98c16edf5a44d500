"""`media verify`, `media gc` and `media trash`: check, collect into the trash, restore."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError


def register(sub: Any) -> None:
    media = sub.add_parser("media", help="check and clean the media store")
    msub = media.add_subparsers(dest="media_command", metavar="ACTION")

    p = msub.add_parser("verify", help="check that every referenced file is present and intact")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=media_verify)

    p = msub.add_parser(
        "gc",
        help="move stored files no row refers to into the trash (kept 30 days)",
        description="Files no row refers to (never favourites, finals or their ancestors) are "
        "moved to the trash folder beside the media folder, kept 30 days and restorable with "
        "`media trash restore`. Refused when the database holds no projects but the media "
        "folder holds files, or when the database is not the one the media folder belongs to.",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be moved")
    p.add_argument(
        "--claim",
        action="store_true",
        help="first record this database as the media folder's own (only when you are sure)",
    )
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=media_gc)

    trash = msub.add_parser("trash", help="list, restore or purge the files `media gc` collected")
    tsub = trash.add_subparsers(dest="trash_command", metavar="ACTION")
    p = tsub.add_parser("list", help="the files in the trash, newest first, with their expiry")
    p.add_argument("--json", action="store_true", help="print only the list as JSON")
    p.set_defaults(handler=trash_list)
    p = tsub.add_parser("restore", help="move files from the trash back into the media folder")
    p.add_argument(
        "storage_ids", nargs="*", metavar="SHA256", help="the files to restore (see `list`)"
    )
    p.add_argument("--all", action="store_true", help="restore every file in the trash")
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=trash_restore)
    p = tsub.add_parser(
        "purge", help="delete files trashed more than 30 days ago (every file with --all)"
    )
    p.add_argument("--all", action="store_true", help="delete every file in the trash now")
    p.add_argument("--yes", action="store_true", help="confirm --all")
    p.add_argument("--json", action="store_true", help="print only the report as JSON")
    p.set_defaults(handler=trash_purge)


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
        print(
            "storyboard-app: some media files are missing or damaged; retry those variants or "
            "restore the data folder from a backup.",
            file=sys.stderr,
        )
        return 1
    return 0


def _trash(ctx: CommandContext) -> Any:
    from storyboard_app.media.trash import MediaTrash

    return MediaTrash(ctx.paths.trash, ctx.paths.media)


def media_gc(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.media.store import MediaStore
    from storyboard_app.store.identity import claim_media, gc_refusal
    from storyboard_app.store.media_references import protected_storage_ids, referenced_storage_ids

    store = ctx.store
    media = MediaStore(ctx.paths.media)
    if not args.dry_run:
        store.require_writable()
        if args.claim:
            claim_media(store.sessions, ctx.paths.media)
    refusal = gc_refusal(store.sessions, ctx.paths.media, len(media.stored_ids()))
    if refusal is not None:
        raise EnvironmentProblemError(refusal)
    referenced = referenced_storage_ids(store.sessions)
    protected = protected_storage_ids(store.sessions)
    trash = _trash(ctx)
    expired = [] if args.dry_run else trash.purge()
    batch: list[Any] = []

    def discard(storage_id: str) -> None:
        if not batch:
            batch.append(trash.batch())
        trash.put(batch[0], storage_id)

    report = media.gc(referenced, protected, dry_run=args.dry_run, discard=discard)
    if args.json:
        ctx.print_json(
            {
                "dry_run": report.dry_run,
                "removed": list(report.removed),
                "removed_bytes": report.removed_bytes,
                "kept": report.kept,
                "temporary_files": list(report.temporary_files),
                "trash": str(ctx.paths.trash),
                "purged_from_trash": [f.storage_id for f in expired],
            }
        )
    else:
        verb = "Would move" if report.dry_run else "Moved"
        for sid in report.removed:
            print(f"{verb} {sid}")
        print(
            f"{verb} {len(report.removed)} unreferenced files "
            f"({report.removed_bytes / 1e6:,.1f} MB) to the trash; kept {report.kept}."
        )
        if report.removed and not report.dry_run:
            print(
                "They stay restorable for 30 days: `storyboard-app media trash list`, "
                "`media trash restore SHA256` (or --all)."
            )
        if expired:
            print(f"Deleted {len(expired)} files trashed more than 30 days ago.")
    return 0


def trash_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    items = _trash(ctx).entries()
    if args.json:
        ctx.print_json({"trash": str(ctx.paths.trash), "files": [i.to_json() for i in items]})
        return 0
    for item in items:
        print(
            f"{item.storage_id}  {item.size:>12,} bytes  trashed {item.trashed_at:%Y-%m-%d %H:%M}Z"
        )
    print(f"{len(items)} files in the trash ({ctx.paths.trash}); each is kept 30 days.")
    return 0


def trash_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not args.storage_ids and not args.all:
        raise InvalidInputError(
            "Name the files to restore (see `media trash list`), or give --all."
        )
    report = _trash(ctx).restore(None if args.all else args.storage_ids)
    if args.json:
        ctx.print_json(
            {
                "restored": list(report.restored),
                "not_found": list(report.not_found),
                "damaged": list(report.damaged),
            }
        )
    else:
        for sid in report.restored:
            print(f"Restored {sid}")
        print(f"Restored {len(report.restored)} files to {ctx.paths.media}.")
    problems = [f"{sid} is not in the trash" for sid in report.not_found] + [
        f"{sid} no longer matches its SHA-256 (left in the trash)" for sid in report.damaged
    ]
    if problems:
        print(f"storyboard-app: {'; '.join(problems)}.", file=sys.stderr)
        return 1
    return 0


def trash_purge(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.all and not args.yes:
        raise InvalidInputError(
            "Deleting every file in the trash cannot be undone; add --yes to confirm."
        )
    gone = _trash(ctx).purge(everything=args.all)
    if args.json:
        ctx.print_json({"purged": [f.storage_id for f in gone]})
    else:
        print(f"Deleted {len(gone)} files from the trash.")
    return 0
