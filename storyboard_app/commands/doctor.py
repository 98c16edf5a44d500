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


def run_checks(ctx: CommandContext) -> list[dict[str, Any]]:
    from storyboard_app.store.database import current_revision, head_revision

    def data_folder() -> str:
        ctx.paths.ensure()
        free = shutil.disk_usage(ctx.paths.root).free
        return f"{ctx.paths.root} ({free / 1e9:.1f} GB free)"

    def database() -> str:
        store = ctx.store
        rev = current_revision(store.engine)
        return f"{store.engine.url.render_as_string(hide_password=True)} at schema {rev}"

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
        from storyboard_app.settings import Settings, default_provider

        return default_provider(Settings.load(ctx.paths))

    def replicate() -> str:
        return check_replicate(ctx)

    return [
        _check("version", lambda: __version__),
        _check("data folder", data_folder),
        _check("database", database),
        _check("migrations", migrations),
        _check("media", media),
        _check("ffmpeg", ffmpeg),
        _check("token", token),
        _check("provider", provider),
        _check("replicate", replicate),
    ]


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
    """With a token: one short request to Replicate (token refused / unreachable / ok)."""
    from storyboard_app.generation.connection import check_connection
    from storyboard_app.settings import Settings, default_provider, get_token

    settings = Settings.load(ctx.paths)
    token = get_token()
    if not token:
        return f"not checked: no token ({default_provider(settings)} is used)"
    model = settings.models["text_to_image"].model
    return check_connection(token, settings.effective_base_url(), model, timeout=timeout)


def doctor(args: argparse.Namespace, ctx: CommandContext) -> int:
    checks = run_checks(ctx)
    ok = all(c["ok"] for c in checks)
    if args.json:
        ctx.print_json({"ok": ok, "checks": checks})
    else:
        for c in checks:
            print(f"{'ok ' if c['ok'] else 'BAD'}  {c['name']:<12} {c['detail']}")
    return 0 if ok else 1
