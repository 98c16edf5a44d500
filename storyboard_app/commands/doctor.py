"""`doctor`: checks the database, migrations, media, ffmpeg, token, provider and connection.

It stays quick: the Replicate check is one request with a short timeout, and the media check
looks for every referenced file but hash-checks only the most recently changed ones (the full
check is `media verify`).
"""

from __future__ import annotations

import argparse
import shutil
from typing import Any

from storyboard_app import __version__
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import StoryboardError

CONNECTION_TIMEOUT = 5.0  # seconds per request of the Replicate check
HASH_CHECK_LIMIT = 200  # referenced files hash-checked and decoded: the most recently changed
SHOWN_PROBLEMS = 3  # storage ids named in the media line (all are in `media verify`)


def register(sub: Any) -> None:
    p = sub.add_parser("doctor", help="check that everything the app needs is in order")
    p.add_argument(
        "--full",
        action="store_true",
        help="check every database page (PRAGMA integrity_check) instead of the quick check",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=doctor)


def _check(name: str, fn: Any) -> dict[str, Any]:
    try:
        detail = fn()
        return {"name": name, "ok": True, "detail": detail}
    except StoryboardError as exc:
        return {"name": name, "ok": False, "detail": str(exc)}
    except Exception as exc:
        return {"name": name, "ok": False, "detail": f"{type(exc).__name__}: {exc}"}


def run_checks(ctx: CommandContext, *, full: bool = False) -> list[dict[str, Any]]:
    from storyboard_app.store.database import current_revision, head_revision

    def data_folder() -> str:
        ctx.paths.ensure()
        free = shutil.disk_usage(ctx.paths.root).free
        return f"{ctx.paths.root} ({free / 1e9:.1f} GB free)"

    def database() -> str:
        checked = check_database(ctx, full=full)
        store = ctx.store
        rev = current_revision(store.engine)
        where = store.engine.url.render_as_string(hide_password=True)
        state = f" ({store.read_only})" if store.read_only else ""
        return f"{where} at schema {rev}{checked}{state}"

    def backups() -> str:
        return describe_backups(ctx)

    def migrations() -> str:
        rev = current_revision(ctx.store.engine)
        head = head_revision()
        if rev != head:
            raise StoryboardError(f"schema {rev}, expected {head}")
        return f"up to date ({head})"

    def media() -> str:
        return check_media(ctx)

    def ffmpeg() -> str:
        from storyboard_app.media.ffmpeg import ffmpeg_exe

        return ffmpeg_exe()

    def token() -> str:
        from storyboard_app.settings import token_source

        return token_source()

    def provider() -> str:
        from storyboard_app.generation.provider_choice import default_provider
        from storyboard_app.settings import Settings

        return default_provider(Settings.load(ctx.paths))

    def replicate() -> str:
        return check_replicate(ctx)

    return [
        _check("version", lambda: __version__),
        _check("data folder", data_folder),
        _check("database", database),
        _check("migrations", migrations),
        _check("backups", backups),
        _check("media", media),
        _check("ffmpeg", ffmpeg),
        _check("token", token),
        _check("provider", provider),
        _check("replicate", replicate),
    ]


def check_database(ctx: CommandContext, *, full: bool = False) -> str:
    """`quick_check` (`integrity_check` with `full`) of the SQLite file; "damaged" + restore."""
    import os

    from storyboard_app.store.backups import check_file, restore_advice
    from storyboard_app.store.open_store import DATABASE_URL_ENV

    db_file = ctx.paths.database
    if os.environ.get(DATABASE_URL_ENV) or not db_file.is_file():
        return ""
    problems = check_file(db_file, full=full)
    pragma = "integrity_check" if full else "quick_check"
    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        raise StoryboardError(
            f"damaged: {pragma} found {len(problems)} problem(s) in {db_file} ({shown}). "
            f"Stop editing. {restore_advice(ctx.paths.backups)}"
        )
    return f", {pragma} ok"


def describe_backups(ctx: CommandContext) -> str:
    """The backups in the backups folder, newest first, in one line."""
    from storyboard_app.store.backups import age_text, list_backups

    found = list_backups(ctx.paths.backups)
    if not found:
        return f"none yet in {ctx.paths.backups}"
    listed = ", ".join(f"{b.path.name} ({b.reason}, {age_text(b)})" for b in found)
    return f"{len(found)} in {ctx.paths.backups}: {listed}"


def check_media(ctx: CommandContext, limit: int = HASH_CHECK_LIMIT) -> str:
    """Every referenced file exists; the `limit` most recently changed ones also match their
    SHA-256 and decode. Raise StoryboardError naming the problem files."""
    from storyboard_app.media.store import MediaStore
    from storyboard_app.store.media_references import referenced_storage_ids

    media = MediaStore(ctx.paths.media)
    referenced = referenced_storage_ids(ctx.store.sessions)
    missing: list[str] = []
    present: list[tuple[float, str]] = []
    for storage_id in sorted(referenced):
        path = media.existing_path(storage_id)
        try:
            mtime = path.stat().st_mtime if path is not None else None
        except OSError:
            mtime = None
        if mtime is None:
            missing.append(storage_id)
        else:
            present.append((mtime, storage_id))
    newest = [sid for _mtime, sid in sorted(present, reverse=True)[: max(0, limit)]]
    report = media.verify(newest)
    scope = (
        f"all {len(newest)} hash-checked"
        if len(newest) == len(present)
        else f"the {len(newest)} most recently changed hash-checked "
        f"(run `storyboard-app media verify` to check all {len(present)})"
    )
    if missing or report.corrupt:
        problems = [f"{sid[:12]}… missing" for sid in missing] + [
            f"{sid[:12]}… {reason}" for sid, reason in report.corrupt
        ]
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        extra = len(problems) - SHOWN_PROBLEMS
        more = f" and {extra} more" if extra > 0 else ""
        raise StoryboardError(
            f"{len(missing)} referenced file(s) missing, {len(report.corrupt)} damaged: "
            f"{shown}{more}. Run `storyboard-app media verify` to see which shots use them, "
            "then regenerate or pick those images again."
        )
    return f"{media.root}: {len(referenced)} referenced files present, {scope}"


def check_replicate(ctx: CommandContext, timeout: float = CONNECTION_TIMEOUT) -> str:
    """With a token: one short request to Replicate (token refused / unreachable / ok), told
    in one line whatever the server answers."""
    from storyboard_app.generation.connection import check_connection, one_line
    from storyboard_app.generation.provider_choice import default_provider
    from storyboard_app.settings import Settings, get_token

    settings = Settings.load(ctx.paths)
    token = get_token()
    if not token:
        return f"not checked: no token ({default_provider(settings)} is used)"
    model = settings.models["text_to_image"].model
    try:
        return check_connection(token, settings.effective_base_url(), model, timeout=timeout)
    except StoryboardError as exc:
        raise StoryboardError(one_line(str(exc))) from None
    except Exception as exc:
        raise StoryboardError(
            f"Replicate answered in a way this check cannot read ({type(exc).__name__})."
        ) from None


def doctor(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.store.backups import list_backups

    checks = run_checks(ctx, full=args.full)
    ok = all(c["ok"] for c in checks)
    if args.json:
        listed = [b.to_json() for b in list_backups(ctx.paths.backups)]
        ctx.print_json({"ok": ok, "checks": checks, "backups": listed})
    else:
        for c in checks:
            print(f"{'ok ' if c['ok'] else 'BAD'}  {c['name']:<12} {c['detail']}")
    return 0 if ok else 1
