"""Pure edits of a scene outline (a list of SceneInfo), applied to the editor's tree at once.

The scenes editor shows a change before its database write lands (the write runs in a
worker); these functions compute what the outline looks like after the change, with scene
and shot numbers kept contiguous exactly as the services keep them.
"""

from __future__ import annotations

from dataclasses import replace

from storyboard_app.store.dto import SceneInfo, ShotInfo


def _shots(shots: list[ShotInfo], scene_id: int) -> tuple[ShotInfo, ...]:
    return tuple(
        replace(shot, shot_number=number, scene_id=scene_id)
        for number, shot in enumerate(shots, start=1)
    )


def renumber(scenes: list[SceneInfo]) -> list[SceneInfo]:
    """Scenes and their shots numbered 1..n in list order."""
    return [
        replace(scene, scene_number=number, shots=_shots(list(scene.shots), scene.id))
        for number, scene in enumerate(scenes, start=1)
    ]


def find_scene(scenes: list[SceneInfo], scene_id: int) -> SceneInfo | None:
    return next((scene for scene in scenes if scene.id == scene_id), None)


def find_shot(scenes: list[SceneInfo], shot_id: int) -> ShotInfo | None:
    for scene in scenes:
        for shot in scene.shots:
            if shot.id == shot_id:
                return shot
    return None


def _clamp(position: int | None, count: int) -> int:
    """A 1-based position within 1..count (None: count, the end)."""
    if position is None:
        return max(count, 1)
    return max(1, min(position, max(count, 1)))


def edit_scene(
    scenes: list[SceneInfo], scene_id: int, title: str, description: str
) -> list[SceneInfo]:
    return [
        replace(s, title=title, description=description) if s.id == scene_id else s for s in scenes
    ]


def edit_shot(
    scenes: list[SceneInfo], shot_id: int, description: str, initial_prompt: str
) -> list[SceneInfo]:
    return [
        replace(
            scene,
            shots=tuple(
                replace(shot, description=description, initial_prompt=initial_prompt)
                if shot.id == shot_id
                else shot
                for shot in scene.shots
            ),
        )
        for scene in scenes
    ]


def insert_scene(
    scenes: list[SceneInfo], scene: SceneInfo, position: int | None
) -> list[SceneInfo]:
    result = list(scenes)
    result.insert(_clamp(position, len(scenes) + 1) - 1, scene)
    return renumber(result)


def remove_scene(scenes: list[SceneInfo], scene_id: int) -> list[SceneInfo]:
    return renumber([s for s in scenes if s.id != scene_id])


def move_scene(scenes: list[SceneInfo], scene_id: int, position: int) -> list[SceneInfo]:
    scene = find_scene(scenes, scene_id)
    if scene is None:
        return scenes
    rest = [s for s in scenes if s.id != scene_id]
    rest.insert(_clamp(position, len(scenes)) - 1, scene)
    return renumber(rest)


def insert_shot(
    scenes: list[SceneInfo], scene_id: int, shot: ShotInfo, position: int | None
) -> list[SceneInfo]:
    result = []
    for scene in scenes:
        if scene.id == scene_id:
            shots = list(scene.shots)
            shots.insert(_clamp(position, len(shots) + 1) - 1, shot)
            scene = replace(scene, shots=tuple(shots))
        result.append(scene)
    return renumber(result)


def remove_shot(scenes: list[SceneInfo], shot_id: int) -> list[SceneInfo]:
    return renumber(
        [replace(s, shots=tuple(x for x in s.shots if x.id != shot_id)) for s in scenes]
    )


def move_shot(
    scenes: list[SceneInfo], shot_id: int, position: int, scene_id: int
) -> list[SceneInfo]:
    shot = find_shot(scenes, shot_id)
    if shot is None:
        return scenes
    return insert_shot(remove_shot(scenes, shot_id), scene_id, shot, position)
