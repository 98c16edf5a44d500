"""The camera's language and script of a shot: shot type, angle, move, dialogue, action, notes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain import shot_language
from storyboard_app.domain.limits import MAX_DESCRIPTION_CHARS, clean_text
from storyboard_app.store.dto import ShotFields
from storyboard_app.store.models import SceneShot
from storyboard_app.store.services.common import get_or_raise

SHOT_FIELD_COLUMNS = ("shot_type", "angle", "move", "dialogue", "action", "notes")
UNSET = "\x00unset"  # an option not given; "" clears a list field


def shot_fields(shot: SceneShot) -> ShotFields:
    return ShotFields(
        shot_type=shot.shot_type,
        angle=shot.angle,
        move=shot.move,
        dialogue=shot.dialogue or "",
        action=shot.action or "",
        notes=shot.notes or "",
    )


@dataclass(frozen=True)
class FieldChanges:
    """Checked changes to a shot's fields; None leaves a field as it is."""

    shot_type: str | None = UNSET
    angle: str | None = UNSET
    move: str | None = UNSET
    dialogue: str | None = None
    action: str | None = None
    notes: str | None = None

    @classmethod
    def checked(
        cls,
        *,
        shot_type: str | None = None,
        angle: str | None = None,
        move: str | None = None,
        dialogue: str | None = None,
        action: str | None = None,
        notes: str | None = None,
    ) -> FieldChanges:
        """Validate user values (case-insensitive lists; "" clears); raises InvalidInputError."""

        def text(value: str | None, what: str) -> str | None:
            return None if value is None else clean_text(value, MAX_DESCRIPTION_CHARS, what)

        return cls(
            shot_type=UNSET if shot_type is None else shot_language.shot_type(shot_type),
            angle=UNSET if angle is None else shot_language.camera_angle(angle),
            move=UNSET if move is None else shot_language.camera_move(move),
            dialogue=text(dialogue, "The dialogue"),
            action=text(action, "The action"),
            notes=text(notes, "The notes"),
        )

    @property
    def empty(self) -> bool:
        return self == FieldChanges()

    def apply(self, shot: SceneShot) -> None:
        for name in ("shot_type", "angle", "move"):
            value = getattr(self, name)
            if value != UNSET:
                setattr(shot, name, value)
        for name in ("dialogue", "action", "notes"):
            value = getattr(self, name)
            if value is not None:
                setattr(shot, name, value)


class ShotFieldsService:
    """Reads and writes a shot's fields; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, shot_id: int) -> ShotFields:
        with self._sessions.begin() as s:
            return shot_fields(get_or_raise(s, SceneShot, shot_id))

    def set(self, shot_id: int, changes: FieldChanges) -> ShotFields:
        with self._sessions.begin() as s:
            shot = get_or_raise(s, SceneShot, shot_id)
            changes.apply(shot)
            s.flush()
            return shot_fields(shot)
