"""`project`, `plan`, `scene`, `shot`, `star`, `select` and `storyboard` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from storyboard_app.commands import creative, outline
from storyboard_app.commands.arguments import row_id
from storyboard_app.commands.context import CommandContext
from storyboard_app.domain.draft_proposals import with_proposals
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_PLANNER_CHARS
from storyboard_app.domain.time_format import iso_z
from storyboard_app.store.dto import ProjectSummary
from storyboard_app.store.services.tree import load_project_tree


def register(sub: Any) -> None:
    project = sub.add_parser("project", help="create, list, show and delete projects")
    psub = project.add_subparsers(dest="project_command", metavar="ACTION")

    p = psub.add_parser("create", help="create a project (new workflow)")
    p.add_argument("title")
    p.add_argument("--description", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=project_create)

    p = psub.add_parser("list", help="list every project, legacy and new")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=project_list)

    p = psub.add_parser("show", help="the whole project: scenes, shots, images, selections")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=project_show)

    p = psub.add_parser("delete", help="delete a project and all its rows (media stays)")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--yes", action="store_true", help="confirm the deletion")
    p.set_defaults(handler=project_delete)
    creative.add_project_set(psub)

    plan = sub.add_parser("plan", help="the prompt planner's brain dump")
    plsub = plan.add_subparsers(dest="plan_command", metavar="ACTION")
    p = plsub.add_parser("set", help="replace the brain dump text")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text")
    source.add_argument("--file", type=Path, metavar="PATH")
    p.set_defaults(handler=plan_set)

    p = plsub.add_parser("draft", help="draft scenes and shots from the brain dump")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--llm", action="store_true", help="ask the language model on Replicate")
    p.add_argument("--replace", action="store_true", help="replace scenes that have no images")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=plan_draft)

    scene = sub.add_parser("scene", help="scenes of a project")
    ssub = scene.add_subparsers(dest="scene_command", metavar="ACTION")
    p = ssub.add_parser("add", help="add a scene at the end")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("title")
    p.add_argument("--description", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=scene_add)
    outline.register_scene(ssub)

    shot = sub.add_parser("shot", help="shots of a scene")
    shsub = shot.add_subparsers(dest="shot_command", metavar="ACTION")
    p = shsub.add_parser("add", help="add a shot at the end of a scene")
    p.add_argument("scene", type=row_id, metavar="SCENE")
    p.add_argument("--prompt", required=True, help="the initial prompt of the first round")
    p.add_argument("--description", default="")
    creative.add_shot_field_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=shot_add)
    creative.add_shot_edit(shsub)
    outline.register_shot(shsub)

    p = sub.add_parser("star", help="star an image (or --off to unstar)")
    p.add_argument("image", type=row_id, metavar="IMAGE")
    p.add_argument("--off", action="store_true")
    p.set_defaults(handler=star)

    p = sub.add_parser("select", help="make an image the final pick of its shot")
    p.add_argument("image", type=row_id, metavar="IMAGE")
    p.set_defaults(handler=select_final)

    storyboard = sub.add_parser("storyboard", help="the storyboard of final picks")
    sbsub = storyboard.add_subparsers(dest="storyboard_command", metavar="ACTION")
    p = sbsub.add_parser("build", help="create or refresh one selection per shot")
    p.add_argument("project", type=row_id, metavar="PROJECT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=storyboard_build)


def _summary(project: ProjectSummary) -> dict[str, Any]:
    return {
        "id": project.id,
        "title": project.title,
        "workflow_version": project.workflow_version.value,
        "redesign_status": project.redesign_status.value if project.redesign_status else None,
        "scene_count": project.scene_count,
        "shot_count": project.shot_count,
        "created_at": iso_z(project.created_at),
        "updated_at": iso_z(project.updated_at),
    }


def project_create(args: argparse.Namespace, ctx: CommandContext) -> int:
    project = ctx.store.projects.create(args.title, args.description)
    if args.json:
        ctx.print_json({"id": project.id})
    else:
        print(f"Created project {project.id}: {project.title}")
    return 0


def project_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    projects = ctx.store.projects.list()
    if args.json:
        ctx.print_json([_summary(p) for p in projects])
        return 0
    if not projects:
        print("No projects yet. Create one with: storyboard-app project create TITLE")
    for p in projects:
        badge = (
            "legacy"
            if p.workflow_version.value == "v1_legacy"
            else (p.redesign_status.label if p.redesign_status else "")
        )
        print(f"{p.id:>5}  {p.title}  [{badge}]  {p.scene_count} scenes, {p.shot_count} shots")
    return 0


def project_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    tree = load_project_tree(ctx.store.sessions, args.project, ctx.path_of)
    if args.json:
        ctx.print_json(tree)
        return 0
    print(
        f"Project {tree['id']}: {tree['title']} ({tree['workflow_version']}, "
        f"{tree['redesign_status'] or 'legacy'})"
    )
    for scene in tree["scenes"]:
        print(f"  Scene {scene['scene_number']} [{scene['id']}]: {scene['title']}")
        for shot in scene["shots"]:
            rounds = {img["iteration_number"] for img in shot["images"]}
            final = shot["selected_image_id"]
            print(
                f"    Shot {shot['shot_number']} [{shot['id']}]: {shot['initial_prompt'][:60]}"
                f"  ({len(shot['images'])} images, {len(rounds)} rounds"
                f"{f', final {final}' if final else ''})"
            )
    if tree["legacy"]:
        for scene in tree["legacy"]["scenes"]:
            print(f"  Legacy scene {scene['scene_number']} [{scene['id']}]: {scene['title']}")
    return 0


def project_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not args.yes:
        raise InvalidInputError(
            f"Deleting project {args.project} removes all its scenes, shots and images. "
            "Add --yes to confirm."
        )
    info = ctx.store.projects.get(args.project)
    ctx.store.backup("bulk")
    ctx.store.projects.delete(args.project)
    print(f"Deleted project {info.id}: {info.title}")
    return 0


def _read_text_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_PLANNER_CHARS * 4:
            raise InvalidInputError(
                f"{path} is {size:,} bytes; the planner takes plain text files."
            )
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{path} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 and try again."
        ) from exc
    except FileNotFoundError as exc:
        raise InvalidInputError(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise InvalidInputError(f"{path} is a folder; give a text file.") from exc
    except PermissionError as exc:
        raise InvalidInputError(f"{path} cannot be read: permission denied.") from exc


def plan_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    text = args.text if args.text is not None else _read_text_file(args.file)
    info = ctx.store.projects.set_planner_text(args.project, text)
    print(f"Saved {len(info.prompt_planner_data):,} characters of planning for project {info.id}.")
    return 0


def plan_draft(args: argparse.Namespace, ctx: CommandContext) -> int:
    info = ctx.store.projects.get(args.project)
    if not info.prompt_planner_data.strip():
        raise InvalidInputError(
            f"Project {info.id} has no planner text yet. Set it with: "
            f"storyboard-app plan set {info.id} --file notes.txt"
        )
    notes: list[str] = []
    if args.llm:
        from storyboard_app.generation.planner import MAX_INPUT_CHARS, draft_with_language_model

        drafted = draft_with_language_model(ctx.paths, info.prompt_planner_data)
        if len(info.prompt_planner_data) > MAX_INPUT_CHARS:
            notes.append(
                f"Only the first {MAX_INPUT_CHARS:,} of {len(info.prompt_planner_data):,} "
                "characters were sent to the language model; draft the rest separately."
            )
    else:
        from storyboard_app.domain.outline import draft_outline_with_notes

        drafted = draft_outline_with_notes(info.prompt_planner_data)
        notes = drafted.notes
    drafted = with_proposals(drafted)  # each shot's type from its words
    drafts = drafted.scenes
    if not drafts:
        raise InvalidInputError("No scenes could be drafted from the planner text.")
    ctx.store.backup("bulk")
    scenes = ctx.store.scenes.apply_draft(info.id, drafts, replace=args.replace)
    for note in notes:  # a limit is never silent: on stderr whatever the output format
        print(f"storyboard-app: note: {note}", file=sys.stderr)
    if args.json:
        ctx.print_json(
            {
                "notes": notes,
                # proposals are for the creator to accept: `project set --style`, `element add`
                "proposed": {
                    "style": drafted.style,
                    "elements": [
                        {"kind": e.kind, "name": e.name, "description": e.description}
                        for e in drafted.elements
                    ],
                },
                "scenes": [
                    {
                        "id": sc.id,
                        "scene_number": sc.scene_number,
                        "title": sc.title,
                        "shots": [
                            {
                                "id": sh.id,
                                "shot_number": sh.shot_number,
                                "initial_prompt": sh.initial_prompt,
                            }
                            for sh in sc.shots
                        ],
                    }
                    for sc in scenes
                ],
            }
        )
    else:
        shots = sum(len(sc.shots) for sc in scenes)
        print(f"Project {info.id} now has {len(scenes)} scenes and {shots} shots.")
    return 0


def scene_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    scene = ctx.store.scenes.add_scene(args.project, args.title, args.description)
    if args.json:
        ctx.print_json({"id": scene.id})
    else:
        print(f"Added scene {scene.scene_number} (id {scene.id}): {scene.title}")
    return 0


def shot_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    changes = creative.field_changes(args)  # checked before the shot exists
    shot = ctx.store.scenes.add_shot(args.scene, args.prompt, args.description)
    if not changes.empty:
        ctx.store.shot_fields.set(shot.id, changes)
    if args.json:
        ctx.print_json({"id": shot.id})
    else:
        print(f"Added shot {shot.shot_number} (id {shot.id}) to scene {shot.scene_id}")
    return 0


def star(args: argparse.Namespace, ctx: CommandContext) -> int:
    image = ctx.store.images.star(args.image, not args.off)
    print(f"Image {image.id} {'starred' if image.is_favorite else 'unstarred'}.")
    return 0


def select_final(args: argparse.Namespace, ctx: CommandContext) -> int:
    image = ctx.store.images.select_final(args.image)
    print(f"Image {image.id} is now the final pick of shot {image.shot_id}.")
    return 0


def storyboard_build(args: argparse.Namespace, ctx: CommandContext) -> int:
    selections = ctx.store.storyboard.build(args.project)
    shots = ctx.store.scenes.list(args.project)
    gaps = [sh.id for sc in shots for sh in sc.shots if sh.selected_image_id is None]
    if args.json:
        ctx.print_json(
            {
                "selections": [
                    {"id": s.id, "shot_id": s.shot_id, "selected_image_id": s.selected_image_id}
                    for s in selections
                ],
                "shots_without_final": gaps,
            }
        )
    else:
        print(
            f"Storyboard of project {args.project}: {len(selections)} selections"
            + (f"; shots without a final pick: {', '.join(map(str, gaps))}" if gaps else ".")
        )
    return 0
