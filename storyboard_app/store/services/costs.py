"""What a project's predictions cost, from the `cost_usd` recorded on each row.

Unknown costs stay unknown: totals add the known ones and say how many are unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.models import (
    ProjectScene,
    SceneShot,
    ShotImage,
    StoryboardSelection,
    VideoProject,
)
from storyboard_app.store.services.common import get_or_raise


@dataclass
class CostLine:
    """The known spend of a group of predictions and how many of them had no known cost."""

    usd: float = 0.0
    predictions: int = 0
    unknown: int = 0

    def add(self, cost: float | None) -> None:
        self.predictions += 1
        if cost is None:
            self.unknown += 1
        else:
            self.usd = round(self.usd + cost, 6)

    @property
    def known_usd(self) -> float | None:
        """The spend, or None when no prediction of the group had a known cost."""
        return None if self.unknown == self.predictions and self.predictions else self.usd


@dataclass
class ProjectCost:
    """A project's spend in total, by model, by shot (`S1 / Shot 2`) and by day (UTC)."""

    project_id: int
    total: CostLine = field(default_factory=CostLine)
    by_model: dict[str, CostLine] = field(default_factory=dict)
    by_shot: dict[str, CostLine] = field(default_factory=dict)
    by_day: dict[str, CostLine] = field(default_factory=dict)

    def add(self, model: str, shot: str, day: str, cost: float | None) -> None:
        self.total.add(cost)
        self.by_model.setdefault(model, CostLine()).add(cost)
        self.by_shot.setdefault(shot, CostLine()).add(cost)
        self.by_day.setdefault(day, CostLine()).add(cost)

    def as_json(self) -> dict[str, Any]:
        def lines(group: dict[str, CostLine]) -> dict[str, float | None]:
            return {key: line.known_usd for key, line in sorted(group.items())}

        return {
            "project_id": self.project_id,
            "total_usd": self.total.usd,
            "predictions": self.total.predictions,
            "unknown_cost_predictions": self.total.unknown,
            "by_model": lines(self.by_model),
            "by_shot": lines(self.by_shot),
            "by_day": lines(self.by_day),
        }


def _model(params: Any) -> str:
    model = params.get("model") if isinstance(params, dict) else None
    return model if isinstance(model, str) and model else "unknown model"


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else "unknown day"


# A prediction was made when the provider took it: a prediction id, or (offline) an output.
_MADE_IMAGE = or_(
    ShotImage.replicate_image_id.is_not(None), ShotImage.status == ImageStatus.COMPLETE
)


class CostService:
    """Spend per project and per month; every method is one read."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def project(self, project_id: int) -> ProjectCost:
        report = ProjectCost(project_id)
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            images = s.execute(
                select(
                    ShotImage.generation_params,
                    ProjectScene.scene_number,
                    SceneShot.shot_number,
                    ShotImage.updated_at,
                    ShotImage.cost_usd,
                )
                .join(SceneShot, SceneShot.id == ShotImage.shot_id)
                .join(ProjectScene, ProjectScene.id == ShotImage.scene_id)
                .where(ShotImage.project_id == project_id, _MADE_IMAGE)
                .order_by(ShotImage.id)
            ).all()
            for params, scene, shot, when, cost in images:
                report.add(_model(params), f"S{scene} / Shot {shot}", _day(when), cost)
            clips = s.execute(
                select(
                    StoryboardSelection.animation_params,
                    ProjectScene.scene_number,
                    SceneShot.shot_number,
                    StoryboardSelection.updated_at,
                    StoryboardSelection.cost_usd,
                )
                .join(SceneShot, SceneShot.id == StoryboardSelection.shot_id)
                .join(ProjectScene, ProjectScene.id == StoryboardSelection.scene_id)
                .where(
                    StoryboardSelection.project_id == project_id,
                    or_(
                        StoryboardSelection.replicate_video_id.is_not(None),
                        StoryboardSelection.animation_status == ImageStatus.COMPLETE,
                    ),
                )
            ).all()
            for params, scene, shot, when, cost in clips:
                report.add(_model(params), f"S{scene} / Shot {shot}", _day(when), cost)
        return report

    def spent_since(self, since: datetime) -> float:
        """The known spend of every project since `since` (for the monthly budget)."""
        with self._sessions.begin() as s:
            images = s.scalars(
                select(ShotImage.cost_usd).where(
                    ShotImage.updated_at >= since, ShotImage.cost_usd.is_not(None)
                )
            ).all()
            clips = s.scalars(
                select(StoryboardSelection.cost_usd).where(
                    StoryboardSelection.updated_at >= since,
                    StoryboardSelection.cost_usd.is_not(None),
                )
            ).all()
        return round(sum(c for c in (*images, *clips) if c is not None), 6)
