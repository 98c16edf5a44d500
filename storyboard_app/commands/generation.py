"""`generate` (one round of six, waits) and `resume` (finish interrupted generations)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.store.dto import ImageInfo


def register(sub: Any) -> None:
    p = sub.add_parser(
        "generate",
        help="generate one round of six variants of a shot and wait for them",
        description="Iteration 0 draws six images from the shot's initial prompt; with --from "
        "IMAGE the next round refines that image. Exit 0 when all six completed, 1 otherwise.",
    )
    p.add_argument("shot", type=row_id, metavar="SHOT", help="the shot's id")
    p.add_argument("--from", dest="parent", type=row_id, metavar="IMAGE", help="refine this image")
    p.add_argument("--prompt", help="the round's prompt (default: the shot's or the parent's)")
    p.add_argument(
        "--strength", type=float, metavar="0..1", help="how far to move away from the parent"
    )
    p.add_argument(
        "--provider", choices=("replicate", "offline"), help="override the provider choice"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="print the plan and its cost estimate only"
    )
    p.add_argument("--over-budget", action="store_true", help="run even past the monthly budget")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=generate)

    p = sub.add_parser(
        "resume",
        help="finish generations interrupted by a crash (by prediction id, never resubmitted)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=resume)


def variant_text(image: ImageInfo) -> str:
    """Text for people, e.g. `shot 4 round 2 variant 3 of 6`: variants count 1–6 like the
    iterator's V1–V6 (the data and the JSON keep `variant_number` 0–5)."""
    return (
        f"shot {image.shot_id} round {image.iteration_number} "
        f"variant {image.variant_number + 1} of 6"
    )


def _image_json(ctx: CommandContext, image: ImageInfo) -> dict[str, Any]:
    return {
        "id": image.id,
        "shot_id": image.shot_id,
        "iteration_number": image.iteration_number,
        "variant_number": image.variant_number,
        "status": image.status.value,
        "provider": image.provider,
        "seed": image.seed,
        "prediction_id": image.replicate_image_id,
        "image_storage_id": image.image_storage_id,
        "file_path": ctx.path_of(image.image_storage_id),
        "error": image.error,
        "is_rejected": image.is_rejected,
        "cost_usd": image.cost_usd,
        "attempts": image.attempts,
    }


def report_images(
    ctx: CommandContext, images: list[ImageInfo], as_json: bool, extra: dict[str, Any]
) -> int:
    failed = [i for i in images if i.status.value != "complete"]
    if as_json:
        ctx.print_json(
            {
                **extra,
                "ok": not failed,
                "images": [_image_json(ctx, i) for i in images],
                "failed": [
                    {"id": i.id, "variant_number": i.variant_number, "error": i.error}
                    for i in failed
                ],
            }
        )
    else:
        for i in images:
            state = i.status.value if not i.error else f"{i.status.value}: {i.error}"
            print(f"  image {i.id} ({variant_text(i)}, seed {i.seed}): {state}")
    if failed:
        reasons = sorted({i.error or i.status.value for i in failed})
        print(
            f"storyboard-app: {len(failed)} of {len(images)} variants did not complete: "
            f"{'; '.join(reasons)}",
            file=sys.stderr,
        )
        return 1
    return 0


def generate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.generation.cancel import CancelToken
    from storyboard_app.generation.engine import GenerationEngine
    from storyboard_app.generation.estimate import check_budget, preview_round

    engine = GenerationEngine.for_paths(ctx.store, ctx.paths, provider=args.provider)
    plan = preview_round(
        ctx.store,
        engine.settings,
        args.shot,
        provider=engine.provider_name,
        prompt=args.prompt,
        parent_image_id=args.parent,
        prices=engine.prices,
    )
    if args.dry_run:
        if args.json:
            ctx.print_json({"dry_run": True, **asdict(plan)})
        else:
            print("\n".join(["Dry run: nothing is created.", *plan.lines()]))
        return 0
    budget = check_budget(ctx.store, engine.settings, plan.estimate_usd)
    if budget.over and not args.over_budget:
        raise InvalidInputError(f"{budget.message()} Add --over-budget to run it anyway.")
    rows = engine.plan_round(
        args.shot,
        prompt=args.prompt,
        parent_image_id=args.parent,
        strength=args.strength,
    )
    if not args.json:
        print(
            f"Round {rows[0].iteration_number} of shot {args.shot}: six variants with "
            f"{engine.provider_name}…",
            flush=True,
        )
    cancel = CancelToken()
    try:
        results = engine.run_round([r.id for r in rows], cancel)
    except KeyboardInterrupt:
        cancel.cancel()
        raise
    return report_images(
        ctx,
        results,
        args.json,
        {
            "shot_id": args.shot,
            "iteration_number": rows[0].iteration_number,
            "provider": engine.provider_name,
        },
    )


def resume(args: argparse.Namespace, ctx: CommandContext) -> int:
    from storyboard_app.generation.engine import GenerationEngine

    engine = GenerationEngine.for_paths(ctx.store, ctx.paths)
    animations = len(ctx.store.storyboard.active())
    results = engine.resume()
    if not results and not animations and not args.json:
        print("Nothing to resume: no generation was interrupted.")
        return 0
    if not args.json:
        print(f"Resumed {len(results)} variants and {animations} animations.")
    return report_images(ctx, results, args.json, {"animations": animations})
