"""Per shot of a project: how many images and rounds it has, and which pictures stand for it
(the latest image, the final pick, the latest starred image) — a few grouped queries."""

from __future__ import annotations

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from storyboard_app.store.models import SceneShot, ShotImage

Counts = dict[int, tuple[int, int, int]]  # shot id -> (images, rounds, latest image id)
Pictures = dict[int, str | None]  # shot id -> storage id


def shot_pictures(s: Session, project_id: int) -> tuple[Counts, Pictures, Pictures, Pictures]:
    """(counts, latest finished picture, final pick, latest starred) per shot, in five queries."""
    shot_ids = select(SceneShot.id).where(SceneShot.project_id == project_id).scalar_subquery()
    # Grouping on shot_id walks the unique (shot, iteration, variant) index: no table reads.
    counts = {
        shot_id: (int(n), int(last_round) + 1, int(latest))
        for shot_id, n, last_round, latest in s.execute(
            select(
                ShotImage.shot_id,
                func.count(),
                func.max(ShotImage.iteration_number),
                func.max(ShotImage.id),
            )
            .where(ShotImage.shot_id.in_(shot_ids))
            .group_by(ShotImage.shot_id)
        )
    }
    covers: dict[int, str | None] = {}
    if counts:
        covers = dict(
            s.execute(
                select(ShotImage.shot_id, ShotImage.image_storage_id).where(
                    ShotImage.id.in_([latest for _, _, latest in counts.values()])
                )
            ).all()
        )
    running = [shot_id for shot_id, storage_id in covers.items() if storage_id is None]
    if running:  # a round still running: its shot's cover is the latest finished image
        newest = (
            select(func.max(ShotImage.id))
            .where(ShotImage.shot_id.in_(running), ShotImage.image_storage_id.is_not(None))
            .group_by(ShotImage.shot_id)
        )
        covers.update(
            s.execute(
                select(ShotImage.shot_id, ShotImage.image_storage_id).where(
                    ShotImage.id.in_(newest)
                )
            ).all()
        )
    finals = dict(
        s.execute(
            select(SceneShot.id, ShotImage.image_storage_id)
            .join(ShotImage, ShotImage.id == SceneShot.selected_image_id)
            .where(SceneShot.project_id == project_id)
        ).all()
    )
    newest_starred = (
        select(func.max(ShotImage.id))
        .where(
            ShotImage.shot_id.in_(shot_ids),
            ShotImage.is_favorite == true(),  # the partial index's own condition
            ShotImage.image_storage_id.is_not(None),
        )
        .group_by(ShotImage.shot_id)
    )
    starred = dict(
        s.execute(
            select(ShotImage.shot_id, ShotImage.image_storage_id).where(
                ShotImage.id.in_(newest_starred)
            )
        ).all()
    )
    return counts, covers, finals, starred
