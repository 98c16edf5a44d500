"""Fixtures for the output tests: a project with final picks, rounds, a gap and a clip."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.media.media_helpers import make_clip, png_bytes


@dataclass
class Fixture:
    """Ids of the project built by `storyboard_project`."""

    project_id: int
    shot_ids: list[int]  # in scene/shot order; the last one has no final pick
    finals: dict[int, int]  # shot id -> final image id
    clip_shot: int  # the shot with a finished clip
    media: MediaStore


def _round(
    store: Store,
    media: MediaStore,
    shot_id: int,
    prompt: str,
    hue: int,
    parent: int | None = None,
) -> list[int]:
    rows = store.images.create_round(shot_id, prompt=prompt, parent_image_id=parent)
    ids = []
    for row in rows:
        color = ((hue * 40 + row.variant_number * 30) % 256, 80, 160)
        storage = media.put_bytes(png_bytes(color, text=f"{shot_id}/{row.variant_number}"))
        store.images.complete(
            row.id,
            storage_id=storage,
            seed=1000 + row.variant_number,
            model="black-forest-labs/flux-schnell",
            provider="offline",
        )
        ids.append(row.id)
    return ids


@pytest.fixture
def storyboard_project(store: Store, data_paths: DataPaths, tmp_path: Path) -> Fixture:
    """Two scenes, four shots: three with final picks (one refined twice, one animated), one gap."""
    media = MediaStore(data_paths.media)
    project = store.projects.create("Lighthouse at dusk", "A keeper's last night.")
    store.projects.set_planner_text(project.id, "Brief: waves, lantern, a gull. Moody and slow.")
    s1 = store.scenes.add_scene(project.id, "Arrival", "The keeper climbs up.")
    s2 = store.scenes.add_scene(project.id, "Night", "The lamp turns.")
    shots = [
        store.scenes.add_shot(s1.id, "a lighthouse on a cliff at dusk", "Wide establishing"),
        store.scenes.add_shot(s1.id, "an old keeper climbing stairs", "Keeper on stairs"),
        store.scenes.add_shot(s2.id, "the lamp turning, beams in fog", "Lamp close-up"),
        store.scenes.add_shot(s2.id, "a gull over dark waves", "Gull"),
    ]
    finals: dict[int, int] = {}
    first = _round(store, media, shots[0].id, shots[0].initial_prompt, 1)
    second = _round(store, media, shots[0].id, "lighthouse, warmer light", 2, parent=first[2])
    finals[shots[0].id] = second[4]
    r = _round(store, media, shots[1].id, shots[1].initial_prompt, 3)
    finals[shots[1].id] = r[0]
    r = _round(store, media, shots[2].id, shots[2].initial_prompt, 4)
    finals[shots[2].id] = r[5]
    for image_id in finals.values():
        store.images.select_final(image_id)
    selections = {s.shot_id: s for s in store.storyboard.build(project.id)}
    clip_shot = shots[1].id
    clip = make_clip(tmp_path / "anim.mp4", size=(160, 90), fps=24, seconds=1.5)
    video_id = media.put_file(clip, kind="video")
    sel = selections[clip_shot]
    store.storyboard.start_animation(sel.id, model="wavespeedai/wan-2.1-i2v-480p")
    store.storyboard.complete_animation(
        sel.id, storage_id=video_id, video_url="", image_id=finals[clip_shot]
    )
    store.storyboard.set_duration(selections[shots[2].id].id, 2.0)
    return Fixture(project.id, [s.id for s in shots], finals, clip_shot, media)
