"""Search every image of every project: prompt words, model, seed, and filters.

SQLite matches words in the FTS5 table `search_index.py` keeps by triggers; PostgreSQL in
the GIN-indexed `tsvector` of the same words. The newest matches come first, so a query
stops reading as soon as it has `limit` rows that pass the filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable, TextClause, select, table, text
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.models import ProjectScene, SceneShot, ShotImage, VideoProject
from storyboard_app.store.search_index import FTS_TABLE, PG_DOCUMENT

MAX_LIMIT = 500
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchQuery:
    """Words to match (all of them; the last may be the start of a word) and filters."""

    text: str = ""
    project_id: int | None = None
    shot_id: int | None = None
    model: str | None = None
    seed: int | None = None
    status: ImageStatus | None = None
    starred: bool | None = None
    rejected: bool | None = None  # None: both
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)


@dataclass(frozen=True)
class SearchHit:
    """One image found, with where it lives (project, scene, shot, round)."""

    image_id: int
    project_id: int
    project_title: str
    scene_id: int
    scene_number: int
    shot_id: int
    shot_number: int
    iteration_number: int
    variant_number: int
    prompt: str
    model: str | None
    seed: int | None
    status: ImageStatus
    is_favorite: bool
    is_rejected: bool
    image_storage_id: str | None
    cost_usd: float | None
    created_at: datetime


def fts5_match(words: list[str]) -> str:
    """An FTS5 query: every word as a quoted string (no operator can slip in), the last one a
    prefix so results follow typing."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def tsquery(words: list[str]) -> str:
    """A PostgreSQL `to_tsquery` text: words joined by AND, the last one a prefix."""
    return " & ".join([*words[:-1], words[-1] + ":*"])


class SearchService:
    """Search over every project; each call is one short read."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def search(self, query: SearchQuery) -> list[SearchHit]:
        with self._sessions.begin() as s:
            statement = self._statement(s, query)
            return [_hit(row) for row in s.execute(statement)]

    def _statement(self, s: Session, query: SearchQuery) -> Executable:
        model = ShotImage.generation_params["model"].as_string()
        seed = ShotImage.generation_params["seed"].as_string()
        statement = (
            select(
                ShotImage.id,
                ShotImage.project_id,
                VideoProject.title,
                ShotImage.scene_id,
                ProjectScene.scene_number,
                ShotImage.shot_id,
                SceneShot.shot_number,
                ShotImage.iteration_number,
                ShotImage.variant_number,
                ShotImage.iteration_prompt,
                model,
                seed,
                ShotImage.status,
                ShotImage.is_favorite,
                ShotImage.is_rejected,
                ShotImage.image_storage_id,
                ShotImage.cost_usd,
                ShotImage.created_at,
            )
            .join(SceneShot, SceneShot.id == ShotImage.shot_id)
            .join(ProjectScene, ProjectScene.id == ShotImage.scene_id)
            .join(VideoProject, VideoProject.id == ShotImage.project_id)
        )
        conditions: list[ColumnElement[bool] | TextClause] = []
        order: Any = ShotImage.id.desc()
        words = query.words
        sqlite = s.get_bind().dialect.name == "sqlite"
        if words:
            if sqlite:
                fts = table(FTS_TABLE)
                statement = statement.join(fts, text(f"{FTS_TABLE}.rowid = shot_images.id"))
                conditions.append(
                    text(f"{FTS_TABLE} MATCH :match").bindparams(match=fts5_match(words))
                )
                order = text(f"{FTS_TABLE}.rowid DESC")
            else:
                conditions.append(
                    text(f"{PG_DOCUMENT} @@ to_tsquery('simple', :match)").bindparams(
                        match=tsquery(words)
                    )
                )
        if query.project_id is not None:
            conditions.append(ShotImage.project_id == query.project_id)
        if query.shot_id is not None:
            conditions.append(ShotImage.shot_id == query.shot_id)
        if query.model:
            conditions.append(model == query.model)
        if query.seed is not None:
            # SQLite's json_extract gives the number; PostgreSQL's ->> gives text
            conditions.append(
                ShotImage.generation_params["seed"].as_integer() == query.seed
                if sqlite
                else seed == str(query.seed)
            )
        if query.status is not None:
            conditions.append(ShotImage.status == query.status)
        if query.starred is not None:
            conditions.append(ShotImage.is_favorite.is_(query.starred))
        if query.rejected is not None:
            conditions.append(ShotImage.is_rejected.is_(query.rejected))
        if query.since is not None:
            conditions.append(ShotImage.created_at >= query.since)
        if query.until is not None:
            conditions.append(ShotImage.created_at < query.until)
        limit = max(1, min(query.limit, MAX_LIMIT))
        return statement.where(*conditions).order_by(order).limit(limit)


def _hit(row: Any) -> SearchHit:
    seed = row[11]
    return SearchHit(
        image_id=row[0],
        project_id=row[1],
        project_title=row[2],
        scene_id=row[3],
        scene_number=row[4],
        shot_id=row[5],
        shot_number=row[6],
        iteration_number=row[7],
        variant_number=row[8],
        prompt=row[9],
        model=row[10],
        seed=int(seed) if seed is not None and str(seed).lstrip("-").isdigit() else None,
        status=row[12],
        is_favorite=bool(row[13]),
        is_rejected=bool(row[14]),
        image_storage_id=row[15],
        cost_usd=row[16],
        created_at=row[17],
    )
