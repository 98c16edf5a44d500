"""Realistic Convex export fixtures: a v2 project with rounds of images, and a legacy project."""

from __future__ import annotations

import io
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from storyboard_app.interchange.convex.export_writer import ConvexExportWriter, Encoding, convex_id

T0 = 1_700_000_000_000.25  # a Convex _creationTime (ms, with a fraction)


def png_bytes(color: tuple[int, int, int] = (200, 40, 40), size: int = 16) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class ExportData:
    """The documents of one export, by table, plus the stored files."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def new_id(self) -> str:
        return convex_id(self.rng)

    def add(self, table: str, doc: dict[str, Any]) -> dict[str, Any]:
        doc.setdefault("_id", self.new_id())
        n = sum(len(v) for v in self.tables.values())
        doc.setdefault("_creationTime", T0 + n * 1000.5)
        self.tables.setdefault(table, []).append(doc)
        return doc

    def add_file(self, data: bytes, content_type: str = "image/png", **kw: Any) -> str:
        storage_id = kw.pop("storage_id", None) or "kg" + self.new_id()[2:]
        self.files.append(
            {"storage_id": storage_id, "data": data, "content_type": content_type, **kw}
        )
        return storage_id

    def find(self, table: str, **match: Any) -> dict[str, Any]:
        for doc in self.tables[table]:
            if all(doc.get(k) == v for k, v in match.items()):
                return doc
        raise KeyError(match)

    def write(self, path: Path, encoding: Encoding = "uniform") -> Path:
        with ConvexExportWriter(path, encoding=encoding) as writer:
            for table, docs in self.tables.items():
                writer.add_table(table, docs)
            for f in self.files:
                writer.add_file(
                    f["storage_id"],
                    f["data"],
                    content_type=f["content_type"],
                    internal_id=f.get("internal_id"),
                    file_name=f.get("file_name"),
                    declared_sha256=f.get("declared_sha256"),
                )
        return path


def v2_project(
    data: ExportData,
    *,
    scenes: int = 2,
    shots: int = 2,
    rounds: int = 2,
    with_files: bool = True,
    title: str = "City at dawn",
) -> dict[str, Any]:
    """A v2 project: scenes → shots → rounds of six images (lineage, favourites, finals)."""
    project = data.add(
        "videoProjects",
        {
            "title": title,
            "description": "A short film",
            "workflowVersion": "v2_redesign",
            "redesignStatus": "shot_iteration",
            "promptPlannerData": "Scene 1: dawn\n- skyline",
            "userId": "user_123",
            "status": "draft",
            "createdAt": T0,
            "updatedAt": T0 + 5000.0,
            "colorGrade": {"lut": "warm", "strength": 0.5},  # unknown field → extra
        },
    )
    color = 0
    for sn in range(1, scenes + 1):
        scene = data.add(
            "projectScenes",
            {
                "projectId": project["_id"],
                "sceneNumber": float(sn),
                "title": f"Scene {sn}",
                "description": f"Scene {sn} description",
                "createdAt": T0 + sn,
                "updatedAt": T0 + sn,
            },
        )
        for shn in range(1, shots + 1):
            shot = data.add(
                "sceneShots",
                {
                    "projectId": project["_id"],
                    "sceneId": scene["_id"],
                    "shotNumber": float(shn),
                    "description": f"Shot {sn}.{shn}",
                    "initialPrompt": f"prompt {sn}.{shn}",
                    "createdAt": T0 + 10 * sn + shn,
                    "updatedAt": T0 + 10 * sn + shn,
                },
            )
            parent: dict[str, Any] | None = None
            last: dict[str, Any] | None = None
            for it in range(rounds):
                for var in range(6):
                    color += 1
                    doc: dict[str, Any] = {
                        "projectId": project["_id"],
                        "sceneId": scene["_id"],
                        "shotId": shot["_id"],
                        "iterationNumber": float(it),
                        "variantNumber": float(var),
                        "imageUrl": f"https://replicate.delivery/{sn}/{shn}/{it}/{var}.png",
                        "iterationPrompt": f"prompt {sn}.{shn} round {it}",
                        "replicateImageId": f"pred{sn}{shn}{it}{var}",
                        "status": "complete",
                        "isFavorite": var == 2,
                        "metadata": {"model": "flux", "seed": float(1000 + var), "cfg_scale": 3.5},
                        "createdAt": T0 + color,
                        "updatedAt": T0 + color,
                    }
                    if with_files:
                        doc["imageStorageId"] = data.add_file(
                            png_bytes(((color * 37) % 256, (color * 11) % 256, 90))
                        )
                    if parent is not None:
                        doc["parentImageId"] = parent["_id"]
                    image = data.add("shotImages", doc)
                    if var == 2:
                        last = image
                parent = last
            assert last is not None
            shot["selectedImageId"] = last["_id"]
            data.add(
                "storyboardSelections",
                {
                    "projectId": project["_id"],
                    "sceneId": scene["_id"],
                    "shotId": shot["_id"],
                    "selectedImageId": last["_id"],
                    "animationStatus": "complete",
                    "animatedVideoUrl": f"https://replicate.delivery/{sn}/{shn}/clip.mp4",
                    "replicateVideoId": f"vid{sn}{shn}",
                    "createdAt": T0 + 500,
                    "updatedAt": T0 + 600,
                },
            )
    return project


def legacy_project(
    data: ExportData, *, scenes: int = 3, with_files: bool = True, internal_ids: bool = False
) -> dict[str, Any]:
    """A v1 project (no workflowVersion): scenes with one image each, clips for some."""
    project = data.add(
        "videoProjects",
        {
            "title": "Old trailer",
            "description": "made in 2023",
            "status": "completed",
            "finalVideoUrl": "https://example.com/final.mp4",
            "createdAt": T0 - 1e9,
            "updatedAt": T0 - 1e9 + 10.0,
        },
    )
    for sn in range(1, scenes + 1):
        doc: dict[str, Any] = {
            "projectId": project["_id"],
            "sceneNumber": float(sn),
            "title": f"Legacy scene {sn}",
            "description": f"what happens in {sn}",
            "prompt": f"legacy prompt {sn}",
            "imageUrl": f"https://replicate.delivery/legacy/{sn}.png",
            "replicatePredictionId": f"legacypred{sn}",
            "status": "completed",
            "voiceover": f"narration {sn}",  # unknown → extra
            "createdAt": T0 - 1e9 + sn,
            "updatedAt": T0 - 1e9 + sn,
        }
        if with_files:
            internal = str(uuid.UUID(int=sn)) if internal_ids else None
            sid = data.add_file(png_bytes((10 * sn, 200, 10)), internal_id=internal)
            doc["imageStorageId"] = internal or sid
        scene = data.add("scenes", doc)
        if sn != 2:
            data.add(
                "videoClips",
                {
                    "projectId": project["_id"],
                    "sceneId": scene["_id"],
                    "prompt": f"slow pan {sn}",
                    "videoUrl": f"https://replicate.delivery/legacy/{sn}.mp4",
                    "replicateId": f"legacyvid{sn}",
                    "status": "completed",
                    "duration": 5.0,
                    "createdAt": T0 - 1e9 + 100 + sn,
                    "updatedAt": T0 - 1e9 + 100 + sn,
                },
            )
    return project
