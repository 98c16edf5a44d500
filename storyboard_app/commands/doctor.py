"""`doctor`: checks the database, migrations, media, ffmpeg, token source and provider."""

from __future__ import annotations

import argparse
import shutil
from typing import Any

from storyboard_app import __version__
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import StoryboardError


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
        from storyboard_app.media.layout import MediaLayout

        root = MediaLayout(ctx.paths.media).root
        count = sum(1 for p in root.rglob("*") if p.is_file() and not p.name.endswith(".jpg"))
        return f"{root} ({count} files)"

    def ffmpeg() -> str:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())

    def token() -> str:
        from storyboard_app.settings import token_source

        return token_source()

    def provider() -> str:
        from storyboard_app.settings import Settings, default_provider

        return default_provider(Settings.load(ctx.paths))

    return [
        _check("version", lambda: __version__),
        _check("data folder", data_folder),
        _check("database", database),
        _check("migrations", migrations),
        _check("media", media),
        _check("ffmpeg", ffmpeg),
        _check("token", token),
        _check("provider", provider),
    ]


def doctor(args: argparse.Namespace, ctx: CommandContext) -> int:
    checks = run_checks(ctx)
    ok = all(c["ok"] for c in checks)
    if args.json:
        ctx.print_json({"ok": ok, "checks": checks})
    else:
        for c in checks:
            print(f"{'ok ' if c['ok'] else 'BAD'}  {c['name']:<12} {c['detail']}")
    return 0 if ok else 1
