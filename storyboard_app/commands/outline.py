"""`scene list|edit|move|delete` and `shot move|delete`: the outline of a project."""

from __future__ import annotations

import argparse
from typing import Any

from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import InvalidInputError


def _position(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a position (1, 2, 3, …)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"positions start at 1; got {value}")
    return value


def register_scene(ssub: Any) -> None:
    """Add list, edit, move and delete to the `scene` group."""
    p = ssub.add_parser("list", help="list a project's scenes and their shots in order")
    p.add_argument("project", type=row_id, metavar="PROJECT", help="the project's id")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=scene_list)

    p = ssub.add_parser("edit", help="change a scene's title or description")
    p.add_argument("scene", type=row_id, metavar="SCENE", help="the scene's id")
    p.add_argument("--title", metavar="T", help="the new title")
    p.add_argument("--description", metavar="D", help="the new description")
    p.set_defaults(handler=scene_edit)

    p = ssub.add_parser("move", help="move a scene to another place (numbers stay 1..n)")
    p.add_argument("scene", type=row_id, metavar="SCENE", help="the scene's id")
    p.add_argument(
        "--to", type=_position, required=True, metavar="N", help="its new number, from 1"
    )
    p.set_defaults(handler=scene_move)

    p = ssub.add_parser("delete", help="delete a scene with its shots and images (files stay)")
    p.add_argument("scene", type=row_id, metavar="SCENE", help="the scene's id")
    p.add_argument("--yes", action="store_true", help="confirm the deletion")
    p.set_defaults(handler=scene_delete)


def register_shot(shsub: Any) -> None:
    """Add move and delete to the `shot` group."""
    p = shsub.add_parser("move", help="move a shot within its scene or to another scene")
    p.add_argument("shot", type=row_id, metavar="SHOT", help="the shot's id")
    p.add_argument(
        "--to", type=_position, required=True, metavar="N", help="its new number, from 1"
    )
    p.add_argument(
        "--scene", type=row_id, metavar="SCENE", help="move it into this scene of the project"
    )
    p.set_defaults(handler=shot_move)

    p = shsub.add_parser("delete", help="delete a shot with its images (files stay)")
    p.add_argument("shot", type=row_id, metavar="SHOT", help="the shot's id")
    p.add_argument("--yes", action="store_true", help="confirm the deletion")
    p.set_defaults(handler=shot_delete)


def scene_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    scenes = ctx.store.scenes.list(args.project)
    if args.json:
        ctx.print_json(
            [
                {
                    "id": sc.id,
                    "scene_number": sc.scene_number,
                    "title": sc.title,
                    "description": sc.description,
                    "shots": [
                        {
                            "id": sh.id,
                            "shot_number": sh.shot_number,
                            "description": sh.description,
                            "initial_prompt": sh.initial_prompt,
                            "selected_image_id": sh.selected_image_id,
                        }
                        for sh in sc.shots
                    ],
                }
                for sc in scenes
            ]
        )
        return 0
    if not scenes:
        print(f"Project {args.project} has no scenes yet.")
    for sc in scenes:
        print(f"Scene {sc.scene_number} [{sc.id}]: {sc.title}  ({len(sc.shots)} shots)")
        for sh in sc.shots:
            print(f"  Shot {sh.shot_number} [{sh.id}]: {sh.initial_prompt[:70]}")
    return 0


def scene_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.title is None and args.description is None:
        raise InvalidInputError("Nothing to change: give --title and/or --description.")
    scene = ctx.store.scenes.edit_scene(args.scene, title=args.title, description=args.description)
    print(f"Scene {scene.scene_number} (id {scene.id}): {scene.title}")
    return 0


def scene_move(args: argparse.Namespace, ctx: CommandContext) -> int:
    scene = ctx.store.scenes.move_scene(args.scene, args.to)
    print(f"Scene {scene.id} is now scene {scene.scene_number}.")
    return 0


def scene_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    scene = ctx.store.scenes.get_scene(args.scene)
    if not args.yes:
        raise InvalidInputError(
            f"Deleting scene {scene.id} removes its {len(scene.shots)} shots and their images "
            "(the files stay until `media gc`). Add --yes to confirm."
        )
    ctx.store.backup("bulk")
    ctx.store.scenes.delete_scene(args.scene)
    print(f"Deleted scene {scene.id}: {scene.title}")
    return 0


def shot_move(args: argparse.Namespace, ctx: CommandContext) -> int:
    shot = ctx.store.scenes.move_shot(args.shot, args.to, args.scene)
    print(f"Shot {shot.id} is now shot {shot.shot_number} of scene {shot.scene_id}.")
    return 0


def shot_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    shot = ctx.store.scenes.get_shot(args.shot)
    if not args.yes:
        count = len(ctx.store.images.for_shot(shot.id))
        raise InvalidInputError(
            f"Deleting shot {shot.id} removes its {count} images (the files stay "
            "until `media gc`). Add --yes to confirm."
        )
    ctx.store.backup("bulk")
    ctx.store.scenes.delete_shot(args.shot)
    print(f"Deleted shot {shot.id} of scene {shot.scene_id}.")
    return 0
