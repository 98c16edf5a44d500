"""`retry`, `reject`, `search` and `cost`: every past iteration, findable and accounted for."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time
from typing import Any

from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.time_format import iso_z
from storyboard_app.store.services.search import MAX_LIMIT, SearchHit, SearchQuery


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"the limit is from 1 to {MAX_LIMIT}; got {value}")
    return value


def _day(text: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-06") from None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "retry",
        help="run a failed or cancelled variant again, in place",
        description="The same row and the same seed (unless --new-seed); the earlier attempt's "
        "prediction id and error are kept in the row's record. A variant stopped by the "
        "content filter, a model failure or an abort gets a new seed, since the same seed "
        "would make the same refused image. Waits for the result.",
    )
    p.add_argument("image", type=row_id, metavar="IMAGE", help="the failed variant's id")
    p.add_argument("--new-seed", action="store_true", help="draw a new seed for this attempt")
    p.add_argument(
        "--provider", choices=("replicate", "offline"), help="override the provider choice"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=retry)

    p = sub.add_parser(
        "reject", help="hide an image from the grid (never deleted; --off brings it back)"
    )
    p.add_argument("image", type=row_id, metavar="IMAGE", help="the image's id")
    p.add_argument("--off", action="store_true", help="un-reject: show it again")
    p.set_defaults(handler=reject)

    p = sub.add_parser(
        "search",
        help="find images in every project by prompt words, model or seed",
        description="Every word must match the prompt, the model name or the seed; the last "
        "word may be the start of a word. Newest first.",
    )
    p.add_argument("query", metavar="QUERY", help="words to find (may be empty: '')")
    p.add_argument("--project", type=row_id, metavar="P", help="only this project")
    p.add_argument("--starred", action="store_true", help="only starred images")
    p.add_argument("--model", metavar="M", help="only images of this model (owner/name)")
    p.add_argument("--seed", type=int, metavar="S", help="only images with this seed")
    p.add_argument(
        "--status", choices=[s.value for s in ImageStatus], help="only images in this state"
    )
    p.add_argument(
        "--rejected", choices=("yes", "no"), help="only rejected (yes) or kept (no) images"
    )
    p.add_argument("--since", type=_day, metavar="DATE", help="made on or after this day")
    p.add_argument("--until", type=_day, metavar="DATE", help="made before this day")
    p.add_argument(
        "--limit", type=_limit, default=50, metavar="N", help="at most N results (default 50)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=search)

    p = sub.add_parser("cost", help="what a project's predictions cost, by model, shot and day")
    p.add_argument("project", type=row_id, metavar="PROJECT", help="the project's id")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=cost)


def retry(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.commands.generation import report_images
    from storyboard_app.generation.engine import GenerationEngine

    before = ctx.store.images.get(args.image)
    engine = GenerationEngine.for_paths(
        ctx.store, ctx.paths, provider=args.provider or before.provider
    )
    engine.check_ready(before.provider or engine.provider_name)
    engine.retry_variant(args.image, new_seed=args.new_seed)
    result = engine.run_variant(args.image)
    return report_images(ctx, [result], args.json, {"retried": args.image})


def reject(args: argparse.Namespace, ctx: CommandContext) -> int:
    image = ctx.store.images.reject(args.image, not args.off)
    state = "rejected (hidden from the grid)" if image.is_rejected else "shown again"
    print(f"Image {image.id} {state}.")
    return 0


def _hit_json(ctx: CommandContext, hit: SearchHit) -> dict[str, Any]:
    return {
        "image_id": hit.image_id,
        "project_id": hit.project_id,
        "project_title": hit.project_title,
        "scene_id": hit.scene_id,
        "scene_number": hit.scene_number,
        "shot_id": hit.shot_id,
        "shot_number": hit.shot_number,
        "iteration_number": hit.iteration_number,
        "variant_number": hit.variant_number,
        "prompt": hit.prompt,
        "model": hit.model,
        "seed": hit.seed,
        "status": hit.status.value,
        "is_favorite": hit.is_favorite,
        "is_rejected": hit.is_rejected,
        "cost_usd": hit.cost_usd,
        "file_path": ctx.path_of(hit.image_storage_id),
        "created_at": iso_z(hit.created_at),
    }


def search(args: argparse.Namespace, ctx: CommandContext) -> int:
    query = SearchQuery(
        text=args.query,
        project_id=args.project,
        model=args.model,
        seed=args.seed,
        status=ImageStatus(args.status) if args.status else None,
        starred=True if args.starred else None,
        rejected=None if args.rejected is None else args.rejected == "yes",
        since=args.since,
        until=args.until,
        limit=args.limit,
    )
    hits = ctx.store.search.search(query)
    if args.json:
        ctx.print_json({"query": args.query, "results": [_hit_json(ctx, h) for h in hits]})
        return 0
    if not hits:
        print("No images match.")
    for h in hits:
        marks = ("★" if h.is_favorite else "") + (" rejected" if h.is_rejected else "")
        print(
            f"image {h.image_id}  {h.project_title} · S{h.scene_number} Shot {h.shot_number} · "
            f"round {h.iteration_number} V{h.variant_number + 1}  seed {h.seed}  "
            f"{h.status.value}{(' ' + marks) if marks else ''}  {h.prompt[:60]}"
        )
    return 0


def cost(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.generation.pricing import format_usd

    report = ctx.store.costs.project(args.project)
    if args.json:
        ctx.print_json(report.as_json())
        return 0
    total = report.total
    print(
        f"Project {args.project}: {format_usd(total.usd)} over {total.predictions} predictions"
        + (f" ({total.unknown} of unknown cost)" if total.unknown else "")
    )
    groups = (("By shot", report.by_shot), ("By model", report.by_model), ("By day", report.by_day))
    for title, group in groups:
        if group:
            print(f"{title}:")
            for key, line in sorted(group.items()):
                print(f"  {key}: {format_usd(line.known_usd)} ({line.predictions})")
    return 0
