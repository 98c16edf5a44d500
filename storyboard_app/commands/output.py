"""`animate` (storyboard images to clips) and `export` (video, PDF, OTIO, CSV, images, bundle)."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.commands.pdf_arguments import add_pdf_options, pdf_options
from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError, StoryboardError
from storyboard_app.store.dto import SelectionInfo

MAX_PARALLEL_ANIMATIONS = 4


def register(sub: Any) -> None:
    p = sub.add_parser(
        "animate",
        help="animate the storyboard's final images into clips (waits until done)",
        description="Animate every shot that has no current clip (or just --shot). The "
        "storyboard is built first when needed. With --shot and --to-next the clip runs from "
        "the shot's final image to the next shot's final (first and last frame). Exits 1 "
        "when any animation failed.",
    )
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--shot", type=row_id, metavar="SHOT", help="animate only this shot (again)")
    p.add_argument("--prompt", metavar="TEXT", help="motion prompt (kept for the shot)")
    p.add_argument(
        "--to-next",
        action="store_true",
        help="with --shot: animate from this shot's final image to the next shot's final "
        "(first and last frame, with the model of the “first and last frame” purpose)",
    )
    p.add_argument("--provider", choices=("replicate", "offline"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=animate, parser=p)

    p = sub.add_parser(
        "export",
        help="write the final video and exports of a project",
        description="Write any of: the final video (clips, stills for shots without a "
        "current clip, a slate card for shots without a final image; the project's aspect "
        "ratio and frame rate), a PDF storyboard, an OpenTimelineIO timeline, a CSV shot list, the "
        "final images, a project bundle. Every file is written under a temporary name and "
        "renamed when complete. Every stored image and clip an export reads is checked "
        "against its SHA-256 first: when one is missing or damaged the export stops with "
        "one line naming the shot (exit 1) and writes nothing from it; a bundle is never "
        "written with a damaged file. Run `storyboard-app media verify` to list them all.",
    )
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--video", type=Path, metavar="PATH", help="final video (.mp4)")
    p.add_argument(
        "--crossfade",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="crossfade between shots in the video (re-encodes) and the same dissolves in "
        "the timelines (default: none, a straight cut)",
    )
    p.add_argument(
        "--burn-in",
        action="store_true",
        help="draw each shot's scene/shot number and a timecode from 01:00:00:00 on the video",
    )
    p.add_argument("--pdf", type=Path, metavar="PATH", help="PDF storyboard")
    add_pdf_options(p)
    p.add_argument("--otio", type=Path, metavar="PATH", help="editorial timeline (.otio)")
    p.add_argument(
        "--editorial",
        type=Path,
        metavar="DIR",
        help="a folder an editor opens: the cut as .otio, .edl (CMX 3600) and .xml (Final Cut "
        "Pro 7) with media/ beside them, every reference relative (DIR must be new or empty)",
    )
    p.add_argument("--csv", type=Path, metavar="PATH", help="shot list (.csv)")
    p.add_argument("--images", type=Path, metavar="DIR", help="folder for the final images")
    p.add_argument("--bundle", type=Path, metavar="PATH", help="self-contained project bundle")
    p.add_argument(
        "--storyboarder",
        type=Path,
        metavar="DIR",
        help="a Storyboarder project folder (new or empty): one board per shot; several "
        "scenes make a script-based project",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=export, parser=p)


# -- animate -------------------------------------------------------------------------------


def _needs_clip(selection: SelectionInfo) -> bool:
    current = (
        selection.animation_status == ImageStatus.COMPLETE
        and selection.video_storage_id
        and not selection.stale_reason
    )
    active = selection.animation_status is not None and selection.animation_status.is_active
    return not current and not active


def _selection_json(selection: SelectionInfo, ctx: CommandContext) -> dict[str, Any]:
    return {
        "id": selection.id,
        "shot_id": selection.shot_id,
        "selected_image_id": selection.selected_image_id,
        "animation_status": selection.animation_status.value
        if selection.animation_status
        else None,
        "video_path": ctx.path_of(selection.video_storage_id),
        "error": selection.error,
    }


def animate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.generation.engine import GenerationEngine

    if args.to_next and args.shot is None:
        args.parser.error("--to-next needs --shot SHOT: the shot whose clip ends on the next one")
    store = ctx.store
    scenes = store.scenes.list(args.project)
    shots = {sh.id: sh for sc in scenes for sh in sc.shots}
    if args.shot is not None:
        if args.shot not in shots:
            raise InvalidInputError(
                f"Shot {args.shot} is not in project {args.project}; see "
                f"`storyboard-app project show {args.project}`."
            )
        if shots[args.shot].selected_image_id is None:
            raise InvalidInputError(
                f"Shot {args.shot} has no final image yet; pick one with "
                "`storyboard-app select IMAGE` first."
            )
    selections = store.storyboard.list(args.project)
    picked = [sh.id for sh in shots.values() if sh.selected_image_id is not None]
    by_shot = {s.shot_id: s for s in selections}
    if any(
        shot_id not in by_shot
        or by_shot[shot_id].selected_image_id != shots[shot_id].selected_image_id
        for shot_id in picked
    ):
        selections = store.storyboard.build(args.project)
        by_shot = {s.shot_id: s for s in selections}
    if not selections:
        raise InvalidInputError(
            f"Project {args.project} has no final images to animate. Pick final images with "
            "`storyboard-app select IMAGE`."
        )
    if args.shot is not None:
        chosen = [by_shot[args.shot]]
        active = chosen[0].animation_status is not None and chosen[0].animation_status.is_active
        if active:
            raise InvalidInputError(
                f"Shot {args.shot} is already being animated; wait for it to finish."
            )
    else:
        chosen = [s for s in selections if _needs_clip(s)]
    engine = GenerationEngine.for_paths(store, ctx.paths, provider=args.provider)
    ok, why = engine.can_generate(args.provider)
    if not ok:
        raise InvalidInputError(why)
    if chosen:
        engine.check_ready(args.provider)  # a refused token or no network: one line, nothing run
    if not args.json and chosen:
        print(
            f"Animating {len(chosen)} shot(s) with the {args.provider or engine.provider_name} "
            "provider…",
            file=sys.stderr,
        )

    def plan_and_run(selection: SelectionInfo) -> SelectionInfo:
        try:
            engine.plan_animation(
                selection.id,
                motion_prompt=args.prompt,
                provider=args.provider,
                to_next=args.to_next,
            )
        except StoryboardError as exc:  # nothing was started for this shot; say why
            if args.to_next:
                raise  # the one shot asked for: one line on stderr, exit 1
            return replace(selection, animation_status=ImageStatus.FAILED, error=str(exc))
        return engine.run_animation(selection.id)

    workers = max(1, min(MAX_PARALLEL_ANIMATIONS, len(chosen)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="animate") as pool:
        finished = list(pool.map(plan_and_run, chosen))
    planned = chosen
    failed = [s for s in finished if s.animation_status != ImageStatus.COMPLETE]
    if args.json:
        ctx.print_json(
            {
                "project_id": args.project,
                "animated": [_selection_json(s, ctx) for s in finished],
                "failed": [_selection_json(s, ctx) for s in failed],
                "up_to_date": [
                    s.shot_id for s in selections if s.id not in {p.id for p in planned}
                ],
            }
        )
    else:
        if not finished:
            print(f"Every shot of project {args.project} already has a current clip.")
        for s in finished:
            if s.animation_status == ImageStatus.COMPLETE:
                print(f"Shot id {s.shot_id}: clip ready ({ctx.path_of(s.video_storage_id)})")
            else:
                print(f"Shot id {s.shot_id}: animation failed: {s.error}")
    if failed:
        if not args.json:
            print(
                f"storyboard-app: {len(failed)} of {len(finished)} animation(s) failed; "
                f"run `storyboard-app animate {args.project}` again to retry them.",
                file=sys.stderr,
            )
        return 1
    return 0


# -- export --------------------------------------------------------------------------------


def _progress_printer(enabled: bool) -> Any:
    last = [-1]

    def report(fraction: float, message: str) -> None:
        percent = int(fraction * 100)
        if enabled and percent // 10 != last[0] // 10:
            last[0] = percent
            print(f"  {percent:3d}%  {message}", file=sys.stderr)

    return report


def export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.exports.run import KINDS, ExportRequest, run_export
    from storyboard_app.settings import Settings

    if not any(getattr(args, kind) for kind in KINDS):
        args.parser.error(
            "say what to export: --video, --pdf, --otio, --editorial, --csv, --images, "
            "--bundle and/or --storyboarder"
        )
    request = ExportRequest(
        args.project,
        **{kind: getattr(args, kind) for kind in KINDS},
        default_seconds=Settings.load(ctx.paths).default_duration_seconds,
        crossfade=args.crossfade,
        pdf_options=pdf_options(args),
        burn_in=args.burn_in,
    )
    done = run_export(
        ctx.store,
        ctx.paths.media,
        ctx.paths.cache,
        request,
        progress=_progress_printer(not args.json and sys.stderr.isatty()),
    )
    result: dict[str, Any] = {"project_id": args.project}
    lines: list[str] = []
    if done.csv is not None:
        result["csv"] = {"path": str(done.csv.path), "rows": done.csv.rows}
        lines.append(f"Shot list: {done.csv.path} ({done.csv.rows} shots)")
    if done.images is not None:
        images = done.images
        result["images"] = {"path": str(images.folder), "files": [str(f) for f in images.files]}
        lines.append(f"Images: {images.folder} ({len(images.files)} files)")
    if done.otio is not None:
        otio = done.otio
        result["otio"] = {
            "path": str(otio.path),
            "clips": otio.clips,
            "alternates": otio.alternates,
        }
        lines.append(f"Timeline: {otio.path} ({otio.clips} clips)")
    if done.editorial is not None:
        folder = done.editorial
        result["editorial"] = {
            "path": str(folder.folder),
            "timelines": [str(path) for path in folder.timelines],
            "clips": folder.clips,
            "stills": folder.stills,
            "gaps": folder.gaps,
            "alternates": folder.alternates,
            "media_files": folder.media_files,
        }
        lines.append(f"Editorial folder: {folder.folder} ({folder.summary()})")
    if done.pdf is not None:
        pdf, layout = done.pdf, done.pdf.options.describe()
        result["pdf"] = {
            "path": str(pdf.path),
            "pages": pdf.pages,
            "bookmarks": pdf.bookmarks,
            "layout": layout,
        }
        lines.append(f"PDF storyboard: {pdf.path} ({pdf.pages} pages; {layout})")
    if done.video is not None:
        video = done.video.assembly
        result["video"] = {
            "path": str(video.path),
            "duration": round(video.duration, 3),
            "segments": video.segments,
            "clips": done.video.clips,
            "stills": done.video.stills,
            "slates": done.video.slates,
            "width": video.format.width,
            "height": video.format.height,
            "fps": video.format.fps,
            "cache_hits": video.cache_hits,
        }
        lines.append(
            f"Video: {video.path} ({video.duration:.1f} s, {video.segments} shots, "
            f"{video.format.width}×{video.format.height} at {video.format.fps} fps)"
        )
    notes = [
        *(done.images.skipped if done.images is not None else ()),
        *(done.otio.skipped if done.otio is not None else ()),
        *(done.editorial.skipped if done.editorial is not None else ()),
        *done.pdf_notes,
        *done.notes,
        *done.board_notes,
    ]
    if done.bundle is not None:
        bundle = done.bundle
        result["bundle"] = {
            "path": bundle.path,
            "media_files": bundle.media_files,
            "media_bytes": bundle.media_bytes,
            "tables": bundle.tables,
        }
        notes.extend(f"Bundle: {item.reason}" for item in bundle.skipped)
        lines.append(f"Bundle: {bundle.summary()}")
    if done.storyboarder is not None:
        boarded = done.storyboarder
        result["storyboarder"] = boarded.to_json()
        lines.append(
            f"Storyboarder project: {boarded.folder} ({boarded.boards} boards in "
            f"{boarded.scenes} scenes; open {Path(boarded.main_file).name} in Storyboarder)"
        )
    result["notes"] = list(dict.fromkeys(notes))  # the .otio and the folder say the same
    if args.json:
        ctx.print_json(result)
    else:
        for line in lines:
            print(line)
        for note in result["notes"]:
            print(f"Note: {note}")
    return 0
