"""A project of distinct solid colours for checking the editorial folder with other tools:
what each shot shows can be told from a rendered frame's mean colour."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from storyboard_app.media.ffmpeg import ffmpeg_exe
from storyboard_app.media.store import MediaStore
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import Store
from tests.media.media_helpers import png_bytes

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class SolidShot:
    """What one shot of the solid project shows (None: a gap) and for how long."""

    colour: RGB | None
    seconds: float
    clip: bool = False


@dataclass(frozen=True)
class SolidProject:
    project_id: int
    shots: tuple[SolidShot, ...]
    fps: int


RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 40), (30, 40, 220), (230, 220, 30)
DEFAULT_SECONDS = 1.0
SHOTS = (
    SolidShot(RED, 1.2),
    SolidShot(None, DEFAULT_SECONDS),  # no final pick: a gap
    SolidShot(YELLOW, 1.6, clip=True),
    SolidShot(BLUE, 1.4),
    SolidShot(GREEN, 1.0),
)


def solid_clip(path: Path, colour: RGB, seconds: float, fps: int) -> Path:
    """An H.264 clip of one colour."""
    hex_colour = "0x{:02x}{:02x}{:02x}".format(*colour)
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-f", "lavfi"]
    args += ["-i", f"color=c={hex_colour}:size=160x90:rate={fps}", "-t", f"{seconds}"]
    args += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4", str(path)]
    subprocess.run(args, check=True, timeout=60)
    return path


def make_solid_project(
    store: Store,
    data_paths: DataPaths,
    work: Path,
    shots: tuple[SolidShot, ...] = SHOTS,
    fps: int = 25,
) -> SolidProject:
    """Two scenes of solid-colour finals (alternates of other colours), a clip and a gap."""
    media = MediaStore(data_paths.media)
    project = store.projects.create("Colour bars: été 夜明け", "Solid picks.")
    store.projects.set_look(project.id, fps=fps)
    scenes = [store.scenes.add_scene(project.id, title, "") for title in ("Warm", "Cool")]
    ids = []
    for index, shot in enumerate(shots):
        scene = scenes[0] if index < 2 else scenes[1]
        prompt = f"a solid field,\nnumber {index + 1}"
        row = store.scenes.add_shot(scene.id, prompt, f"Field {index}")
        ids.append(row.id)
        if shot.colour is None:
            continue
        variants = store.images.create_round(row.id, prompt=f"solid\n{index}")
        for variant in variants:
            colour = shot.colour if variant.variant_number == 0 else (90, 90, 90 + variant.id % 100)
            storage = media.put_bytes(png_bytes(colour))
            store.images.complete(
                variant.id, storage_id=storage, seed=7 + variant.variant_number, provider="offline"
            )
        store.images.select_final(variants[0].id)
    selections = {s.shot_id: s for s in store.storyboard.build(project.id)}
    for shot, shot_id in zip(shots, ids, strict=True):
        if shot.colour is None:
            continue
        selection = selections[shot_id]
        if shot.clip:
            clip = solid_clip(work / f"clip{shot_id}.mp4", shot.colour, shot.seconds, fps)
            store.storyboard.start_animation(selection.id, model="offline")
            store.storyboard.complete_animation(
                selection.id,
                storage_id=media.put_file(clip, kind="video"),
                video_url="",
                image_id=selection.selected_image_id,
            )
        else:
            store.storyboard.set_duration(selection.id, shot.seconds)
    return SolidProject(project.id, shots, fps)


def mean_colour(path: Path) -> RGB:
    with Image.open(path) as image:
        r, g, b = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return (r, g, b)


def distance(a: RGB, b: RGB) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)
