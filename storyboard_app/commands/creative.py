"""The creative language on the command line: `project set`, `element …`, the shot fields."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.mentions import KINDS
from storyboard_app.domain.shot_language import (
    ANGLES,
    ASPECT_RATIOS,
    MOVES,
    SHOT_TYPES,
    camera_angle,
    camera_move,
    shot_type,
)
from storyboard_app.store.dto import ElementInfo, ShotFields
from storyboard_app.store.services.shot_fields import FieldChanges


def register(sub: Any) -> None:
    element = sub.add_parser("element", help="cast, locations, props and styles (@mentions)")
    esub = element.add_subparsers(dest="element_command", metavar="ACTION")
    p = esub.add_parser("add", help="add an element with up to three reference images")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("name", metavar="NAME", help="letters, digits, _ and -, starting with a letter")
    _element_options(p, kind_required=True)
    p.set_defaults(handler=element_add)

    p = esub.add_parser("list", help="the project's elements and their references")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=element_list)

    p = esub.add_parser("edit", help="change an element; --image/--from-image replace references")
    p.add_argument("element", type=row_id, metavar="ELEMENT")
    p.add_argument("--name")
    _element_options(p, kind_required=False)
    p.set_defaults(handler=element_edit)

    p = esub.add_parser("delete", help="delete an element (images made with it keep their record)")
    p.add_argument("element", type=row_id, metavar="ELEMENT")
    p.add_argument("--yes", action="store_true", help="confirm the deletion")
    p.set_defaults(handler=element_delete)


def _element_options(p: argparse.ArgumentParser, *, kind_required: bool) -> None:
    p.add_argument("--kind", choices=KINDS, required=kind_required)
    p.add_argument("--description")
    p.add_argument("--image", type=Path, action="append", default=[], metavar="PATH")
    p.add_argument("--from-image", type=row_id, action="append", default=[], metavar="IMAGE")
    p.add_argument("--json", action="store_true")


def add_project_set(psub: Any) -> None:
    """`project set PROJECT [--title] [--aspect] [--style] [--fps]` (called by projects.py)."""
    p = psub.add_parser("set", help="title and look: aspect ratio, style text, frame rate")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--title")
    p.add_argument("--aspect", choices=ASPECT_RATIOS)
    p.add_argument("--style", help="text added to every image prompt")
    p.add_argument("--fps", type=int, choices=(24, 25, 30))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=project_set)


def _one_of(check: Callable[[str], str | None]) -> Callable[[str], str]:
    """An argparse type: a value outside the list is a usage error (exit 2), like `--fps 60`."""

    def checked(value: str) -> str:
        try:
            check(value)
        except InvalidInputError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
        return value  # as given: "" still clears the field

    return checked


def add_shot_field_options(p: argparse.ArgumentParser) -> None:
    """The shot fields of `shot add` and `shot edit` (lists are case-insensitive)."""
    p.add_argument("--shot-type", type=_one_of(shot_type), metavar="T", help=" ".join(SHOT_TYPES))
    p.add_argument("--angle", type=_one_of(camera_angle), metavar="A", help=" ".join(ANGLES))
    p.add_argument("--move", type=_one_of(camera_move), metavar="M", help=" ".join(MOVES))
    p.add_argument("--dialogue")
    p.add_argument("--action")
    p.add_argument("--notes")


def add_shot_edit(shsub: Any) -> None:
    p = shsub.add_parser("edit", help="change a shot's prompt, description and fields")
    p.add_argument("shot", type=row_id, metavar="SHOT")
    p.add_argument("--prompt")
    p.add_argument("--description")
    add_shot_field_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=shot_edit)


def field_changes(args: argparse.Namespace) -> FieldChanges:
    """The checked shot-field options (InvalidInputError before anything is written)."""
    return FieldChanges.checked(
        shot_type=args.shot_type,
        angle=args.angle,
        move=args.move,
        dialogue=args.dialogue,
        action=args.action,
        notes=args.notes,
    )


def fields_json(fields: ShotFields) -> dict[str, Any]:
    return {
        "shot_type": fields.shot_type,
        "angle": fields.angle,
        "move": fields.move,
        "dialogue": fields.dialogue,
        "action": fields.action,
        "notes": fields.notes,
    }


def element_json(element: ElementInfo, ctx: CommandContext) -> dict[str, Any]:
    return {
        "id": element.id,
        "kind": element.kind,
        "name": element.name,
        "description": element.description,
        "images": [
            {"sha256": i.storage_id, "file_path": ctx.path_of(i.storage_id)} for i in element.images
        ],
    }


def project_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    info = ctx.store.projects.set_look(
        args.project, title=args.title, aspect_ratio=args.aspect, style=args.style, fps=args.fps
    )
    if args.json:
        ctx.print_json(
            {
                "id": info.id,
                "title": info.title,
                "aspect_ratio": info.aspect_ratio,
                "style": info.style,
                "fps": info.fps,
            }
        )
    else:
        style = f", style “{info.style}”" if info.style else ""
        print(f"Project {info.id}: {info.title} — {info.aspect_ratio}, {info.fps} fps{style}")
    return 0


def element_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    element = ctx.store.elements.add(
        args.project,
        args.name,
        args.kind,
        args.description or "",
        files=args.image,
        from_images=args.from_image,
    )
    if args.json:
        ctx.print_json({"id": element.id})
    else:
        print(
            f"Added {element.kind} @{element.name} (id {element.id}) with "
            f"{len(element.images)} reference image(s)."
        )
    return 0


def element_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    elements = ctx.store.elements.list(args.project)
    if args.json:
        ctx.print_json([element_json(e, ctx) for e in elements])
        return 0
    if not elements:
        print(f"Project {args.project} has no elements. Add one with: storyboard-app element add")
    for e in elements:
        print(
            f"{e.id:>5}  @{e.name}  [{e.kind}]  {len(e.images)} reference(s)  {e.description[:60]}"
        )
    return 0


def element_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    elements = ctx.store.elements
    element = elements.edit(
        args.element, name=args.name, kind=args.kind, description=args.description
    )
    marked = 0
    if args.image or args.from_image:
        element, marked = elements.replace_references(
            args.element, files=args.image, from_images=args.from_image
        )
    if args.json:
        ctx.print_json({**element_json(element, ctx), "images_marked": marked})
    else:
        print(
            f"Element {element.id}: @{element.name} [{element.kind}], "
            f"{len(element.images)} reference(s)."
        )
        if marked:
            print(f"{marked} image(s) made with the old reference are marked “reference changed”.")
    return 0


def element_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    element = ctx.store.elements.get(args.element)
    finals = ctx.store.elements.finals_using(args.element)
    if not args.yes:
        used = (
            f" It was used by {len(finals)} final image(s), which keep their record."
            if finals
            else ""
        )
        raise InvalidInputError(
            f"Deleting @{element.name} cannot be undone.{used} Add --yes to confirm."
        )
    marked = ctx.store.elements.delete(args.element)
    print(
        f"Deleted @{element.name}; {marked} image(s) made with it are marked “reference changed”."
    )
    return 0


def shot_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    changes = field_changes(args)
    if args.prompt is not None or args.description is not None:
        ctx.store.scenes.edit_shot(
            args.shot, description=args.description, initial_prompt=args.prompt
        )
    fields = ctx.store.shot_fields.set(args.shot, changes)
    shot = ctx.store.scenes.get_shot(args.shot)
    if args.json:
        ctx.print_json(
            {"id": shot.id, "initial_prompt": shot.initial_prompt, **fields_json(fields)}
        )
    else:
        print(f"Shot {shot.shot_number} (id {shot.id}) updated.")
    return 0
