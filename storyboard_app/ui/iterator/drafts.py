"""Per-shot refine drafts: the refine prompt, strength and chosen parent of each shot.

Switching shot puts the bar's draft away under the shot it belonged to and brings back the
new shot's own (an empty prompt when it has none), so text never carries from one shot into
another. Drafts are mirrored into the window's QSettings (keyed by shot id) and so survive a
restart; Qt writes them to disk later, on its own, never while the user waits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPixmap

from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.refine_bar import DEFAULT_STRENGTH, RefineBar

GROUP = "refine_drafts"


@dataclass(frozen=True)
class RefineDraft:
    """What the refine bar held for one shot."""

    prompt: str
    strength: float
    parent_id: int | None


def draft_from_text(text: object) -> RefineDraft | None:
    """A draft read back from settings (None when absent or unreadable)."""
    if not isinstance(text, str):
        return None
    try:
        raw = json.loads(text)
        parent = raw.get("parent_id")
        return RefineDraft(
            str(raw.get("prompt", "")),
            float(raw.get("strength", DEFAULT_STRENGTH)),
            int(parent) if parent is not None else None,
        )
    except (ValueError, TypeError, AttributeError):
        return None


def draft_to_text(draft: RefineDraft) -> str:
    return json.dumps(
        {"prompt": draft.prompt, "strength": draft.strength, "parent_id": draft.parent_id}
    )


class RefineDrafts:
    """Keeps one refine draft per shot for the page's refine bar (GUI thread)."""

    def __init__(
        self,
        bar: RefineBar,
        window: Callable[[], object],
        read_image: Callable[[int, Callable[[ImageInfo], object]], None] | None = None,
    ) -> None:
        self._bar = bar
        self._read_image = read_image  # reads a variant in a worker, then calls back
        self._window = window  # the window holding the page (its `qsettings`, if any)
        self._shot: int | None = None
        self._drafts: dict[int, RefineDraft] = {}
        self._parents: dict[int, ImageInfo] = {}

    def _settings(self) -> QSettings | None:
        settings = getattr(self._window(), "qsettings", None)
        return settings if isinstance(settings, QSettings) else None

    @property
    def shot_id(self) -> int | None:
        """The shot the bar's draft belongs to."""
        return self._shot

    def draft(self, shot_id: int) -> RefineDraft | None:
        """The kept draft of a shot (memory first, then settings)."""
        if shot_id in self._drafts:
            return self._drafts[shot_id]
        settings = self._settings()
        if settings is None:
            return None
        return draft_from_text(settings.value(f"{GROUP}/{shot_id}"))

    def switch_to(
        self,
        shot_id: int,
        images: Iterable[ImageInfo],
        pixmap: Callable[[str | None], QPixmap | None],
    ) -> None:
        """The page now shows `shot_id`: keep the bar's draft, show the shot's own.
        `images` are the shot's variants at hand (to find a parent chosen before a restart)."""
        if shot_id == self._shot:
            return
        self.stash()
        self._shot = shot_id
        draft = self.draft(shot_id)
        parent = None
        if draft is not None and draft.parent_id is not None:
            parent = self._parents.get(shot_id) or next(
                (i for i in images if i.id == draft.parent_id), None
            )
        self._bar.set_parent(parent, pixmap(parent.image_storage_id) if parent else None)
        self._bar.prompt_edit.setPlainText(draft.prompt if draft is not None else "")
        self._bar.set_strength(draft.strength if draft is not None else DEFAULT_STRENGTH)
        wanted = draft.parent_id if draft is not None else None
        if wanted is not None and parent is None and self._read_image is not None:
            # Chosen in a round not at hand: read it in a worker.
            self._read_image(wanted, lambda image: self._parent_read(shot_id, image, pixmap))

    def _parent_read(
        self, shot_id: int, image: ImageInfo, pixmap: Callable[[str | None], QPixmap | None]
    ) -> None:
        """The kept parent arrived: show it unless the user moved on or chose another."""
        if self._shot != shot_id or self._bar.parent_image is not None:
            return
        if image.shot_id != shot_id:
            return
        prompt = self._bar.prompt()
        self._bar.set_parent(image, pixmap(image.image_storage_id))
        self._bar.prompt_edit.setPlainText(prompt)  # the draft's words, not the parent's

    def stash(self) -> None:
        """Keep the bar's draft under its shot (in memory and in settings)."""
        shot_id = self._shot
        if shot_id is None:
            return
        parent = self._bar.parent_image
        if parent is not None and parent.shot_id != shot_id:
            parent = None
        draft = RefineDraft(self._bar.prompt(), self._bar.strength(), parent.id if parent else None)
        self._drafts[shot_id] = draft
        if parent is not None:
            self._parents[shot_id] = parent
        else:
            self._parents.pop(shot_id, None)
        settings = self._settings()
        if settings is not None:
            settings.setValue(f"{GROUP}/{shot_id}", draft_to_text(draft))
