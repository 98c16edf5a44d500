"""Elements of a project (cast, locations, props, styles) and their reference images.

A reference is a file of the media store. Replacing or removing one marks every image made
with the old file "reference changed"; nothing is deleted, and the images keep the SHA-256 of
the file they were made with (which also keeps that file out of `media gc`).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.domain.limits import MAX_DESCRIPTION_CHARS, clean_text
from storyboard_app.domain.mentions import KINDS, MAX_REFERENCES, check_element_name, name_key
from storyboard_app.media.checks import MediaError
from storyboard_app.media.store import MediaStore
from storyboard_app.store.dto import ElementImageInfo, ElementInfo
from storyboard_app.store.models import Element, ElementImage, SceneShot, ShotImage, VideoProject
from storyboard_app.store.services.common import get_or_raise

MAX_REFERENCE_BYTES = 25 * 1024 * 1024


def element_info(element: Element) -> ElementInfo:
    return ElementInfo(
        id=element.id,
        project_id=element.project_id,
        kind=element.kind,
        name=element.name,
        description=element.description or "",
        images=tuple(
            ElementImageInfo(i.id, i.position, i.storage_id, i.source_image_id)
            for i in sorted(element.images, key=lambda i: i.position)
        ),
    )


def check_kind(kind: str) -> str:
    value = (kind or "").strip().lower()
    if value not in KINDS:
        raise InvalidInputError(f"{kind!r} is not a kind of element; choose {', '.join(KINDS)}.")
    return value


def used_references(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The references an image's `generation_params` recorded (empty for older images)."""
    refs = params.get("references")
    return [r for r in refs if isinstance(r, dict)] if isinstance(refs, list) else []


class ElementService:
    """Elements and their references; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session], media: MediaStore) -> None:
        self._sessions = sessions
        self._media = media

    # -- reading -------------------------------------------------------------------------------

    def list(self, project_id: int) -> builtins.list[ElementInfo]:
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            rows = s.scalars(
                select(Element)
                .where(Element.project_id == project_id)
                .order_by(Element.kind, Element.name_key)
            ).all()
            return [element_info(e) for e in rows]

    def get(self, element_id: int) -> ElementInfo:
        with self._sessions.begin() as s:
            return element_info(get_or_raise(s, Element, element_id))

    def finals_using(self, element_id: int) -> builtins.list[int]:
        """Final picks made with the element (deleting it asks first)."""
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            rows = s.execute(
                select(ShotImage.id, ShotImage.generation_params)
                .join(SceneShot, SceneShot.selected_image_id == ShotImage.id)
                .where(ShotImage.project_id == element.project_id)
            ).all()
        return [
            image_id
            for image_id, params in rows
            if any(r.get("element_id") == element_id for r in used_references(params or {}))
            or element_id in _element_ids(params or {})
        ]

    # -- references in -------------------------------------------------------------------------

    def store_files(self, files: Sequence[Path]) -> builtins.list[str]:
        """Put reference files into the media store (checked: present, an image, not too big)."""
        ids: builtins.list[str] = []
        for path in files:
            path = Path(path)
            if not path.is_file():
                raise InvalidInputError(f"There is no reference image {path}.")
            size = path.stat().st_size
            if size > MAX_REFERENCE_BYTES:
                raise InvalidInputError(
                    f"{path.name} is {size / 1e6:.1f} MB; a reference image may be at most "
                    f"{MAX_REFERENCE_BYTES / 1e6:.0f} MB."
                )
            try:
                ids.append(self._media.put_file(path, kind="image"))
            except MediaError as exc:
                raise InvalidInputError(  # the file's own words, not the download's advice
                    f"{path.name} cannot be a reference: it is not an image we can read. "
                    "Choose a PNG, JPEG or WebP picture."
                ) from exc
        return ids

    def _from_images(
        self, s: Session, project_id: int, image_ids: Sequence[int]
    ) -> builtins.list[tuple[str, int]]:
        found: builtins.list[tuple[str, int]] = []
        for image_id in image_ids:
            image = get_or_raise(s, ShotImage, image_id)
            if image.project_id != project_id:
                raise InvalidInputError(f"Image {image_id} belongs to another project.")
            if image.status != ImageStatus.COMPLETE or not image.image_storage_id:
                raise InvalidInputError(
                    f"Image {image_id} is not finished; pick a completed image."
                )
            found.append((image.image_storage_id, image_id))
        return found

    # -- writing -------------------------------------------------------------------------------

    def add(
        self,
        project_id: int,
        name: str,
        kind: str,
        description: str = "",
        *,
        files: Sequence[Path] = (),
        from_images: Sequence[int] = (),
    ) -> ElementInfo:
        """A new element with up to three references; nothing is created on bad input."""
        name = check_element_name(name)
        kind = check_kind(kind)
        description = clean_text(description, MAX_DESCRIPTION_CHARS, "The description")
        _check_count(len(files) + len(from_images))
        with self._sessions.begin() as s:
            get_or_raise(s, VideoProject, project_id)
            _refuse_taken(s, project_id, name)
            sources = self._from_images(s, project_id, from_images)
        stored = [(sid, None) for sid in self.store_files(files)]
        try:
            with self._sessions.begin() as s:
                _refuse_taken(s, project_id, name)
                element = Element(
                    project_id=project_id,
                    kind=kind,
                    name=name,
                    name_key=name_key(name),
                    description=description,
                )
                s.add(element)
                s.flush()
                for position, (sid, source) in enumerate([*stored, *sources]):
                    s.add(
                        ElementImage(
                            element_id=element.id,
                            position=position,
                            storage_id=sid,
                            source_image_id=source,
                        )
                    )
                s.flush()
                s.refresh(element)
                return element_info(element)
        except IntegrityError as exc:
            raise InvalidInputError(f"The project already has an element named @{name}.") from exc

    def edit(
        self,
        element_id: int,
        *,
        name: str | None = None,
        kind: str | None = None,
        description: str | None = None,
    ) -> ElementInfo:
        name = check_element_name(name) if name is not None else None
        kind = check_kind(kind) if kind is not None else None
        if description is not None:
            description = clean_text(description, MAX_DESCRIPTION_CHARS, "The description")
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            if name is not None and name_key(name) != element.name_key:
                _refuse_taken(s, element.project_id, name)
            if name is not None:
                element.name, element.name_key = name, name_key(name)
            if kind is not None:
                element.kind = kind
            if description is not None:
                element.description = description
            s.flush()
            return element_info(element)

    def add_references(
        self, element_id: int, *, files: Sequence[Path] = (), from_images: Sequence[int] = ()
    ) -> ElementInfo:
        """Append references; a fourth is refused with the limit."""
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            _check_count(len(element.images) + len(files) + len(from_images))
            sources = self._from_images(s, element.project_id, from_images)
        stored = [(sid, None) for sid in self.store_files(files)]
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            _check_count(len(element.images) + len(stored) + len(sources))
            free = [
                p for p in range(MAX_REFERENCES) if p not in {i.position for i in element.images}
            ]
            for position, (sid, source) in zip(free, [*stored, *sources], strict=False):
                s.add(
                    ElementImage(
                        element_id=element_id,
                        position=position,
                        storage_id=sid,
                        source_image_id=source,
                    )
                )
            s.flush()
            s.refresh(element)
            return element_info(element)

    def replace_references(
        self, element_id: int, *, files: Sequence[Path] = (), from_images: Sequence[int] = ()
    ) -> tuple[ElementInfo, int]:
        """The element's references become exactly these; images made with a removed one are
        marked "reference changed". Returns the element and how many images were marked."""
        _check_count(len(files) + len(from_images))
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            sources = self._from_images(s, element.project_id, from_images)
        stored = [(sid, None) for sid in self.store_files(files)]
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            new = [*stored, *sources]
            kept = {sid for sid, _ in new}
            removed = {i.storage_id for i in element.images} - kept
            for image in list(element.images):
                s.delete(image)
            s.flush()
            for position, (sid, source) in enumerate(new):
                s.add(
                    ElementImage(
                        element_id=element_id,
                        position=position,
                        storage_id=sid,
                        source_image_id=source,
                    )
                )
            marked = _mark_changed(s, element, removed, "was replaced")
            s.flush()
            s.refresh(element)
            return element_info(element), marked

    def remove_reference(self, element_image_id: int) -> tuple[ElementInfo, int]:
        """Remove one reference (the file stays in the store); marks images made with it."""
        with self._sessions.begin() as s:
            image = get_or_raise(s, ElementImage, element_image_id)
            element = image.element
            sid = image.storage_id
            s.delete(image)
            s.flush()
            still = {i.storage_id for i in element.images if i.id != element_image_id}
            marked = _mark_changed(s, element, {sid} - still, "was removed")
            s.refresh(element)
            return element_info(element), marked

    def delete(self, element_id: int) -> int:
        """Delete the element; images made with it keep their record and are marked.
        Returns how many images were marked."""
        with self._sessions.begin() as s:
            element = get_or_raise(s, Element, element_id)
            marked = _mark_changed(
                s, element, {i.storage_id for i in element.images}, "was deleted", whole=True
            )
            s.delete(element)
            return marked


def copy_elements(s: Session, source_id: int, target_id: int) -> None:
    """Give a duplicated project the same elements and references (the files are shared)."""
    rows = s.scalars(select(Element).where(Element.project_id == source_id)).all()
    for element in rows:
        copy = Element(
            project_id=target_id,
            kind=element.kind,
            name=element.name,
            name_key=element.name_key,
            description=element.description,
        )
        s.add(copy)
        s.flush()
        for image in element.images:
            s.add(
                ElementImage(
                    element_id=copy.id, position=image.position, storage_id=image.storage_id
                )
            )


def _check_count(count: int) -> None:
    if count > MAX_REFERENCES:
        raise InvalidInputError(
            f"An element has at most {MAX_REFERENCES} reference images; {count} were given."
        )


def _refuse_taken(s: Session, project_id: int, name: str) -> None:
    taken = s.scalar(
        select(Element.name).where(
            Element.project_id == project_id, Element.name_key == name_key(name)
        )
    )
    if taken is not None:
        raise InvalidInputError(
            f"The project already has an element named @{taken} (names ignore case)."
        )


def _element_ids(params: dict[str, Any]) -> set[int]:
    elements = params.get("elements")
    if not isinstance(elements, list):
        return set()
    return {e["id"] for e in elements if isinstance(e, dict) and isinstance(e.get("id"), int)}


def _mark_changed(
    s: Session, element: Element, storage_ids: set[str], what: str, *, whole: bool = False
) -> int:
    """Mark the project's images made with any of `storage_ids` of this element."""
    if not storage_ids and not whole:
        return 0
    rows = s.scalars(
        select(ShotImage).where(
            ShotImage.project_id == element.project_id, ShotImage.status == ImageStatus.COMPLETE
        )
    ).all()
    marked = 0
    for image in rows:
        params = image.generation_params or {}
        used = [r for r in used_references(params) if r.get("element_id") == element.id]
        hit = any(r.get("sha256") in storage_ids for r in used) or (
            whole and (used or element.id in _element_ids(params))
        )
        if not hit:
            continue
        subject = "it" if what == "was deleted" else "its reference"
        image.reference_changed = f"@{element.name}: {subject} {what} after this image was made."
        marked += 1
    return marked
