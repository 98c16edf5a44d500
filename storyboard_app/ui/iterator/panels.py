"""The iterator's side panels (details, lineage, compare) and the lightbox, kept in step
with the shown shot; the shot's images are read once per shot through the loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap

from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import build_lineage
from storyboard_app.ui.iterator.lightbox_control import LightboxControl
from storyboard_app.ui.iterator.references import used_references

if TYPE_CHECKING:
    from storyboard_app.ui.iterator.page import IteratorPage

DETAILS_TAB, LINEAGE_TAB, COMPARE_TAB = 0, 1, 2


class SidePanels(QObject):
    """Fills the Details, Lineage and Compare tabs and drives the lightbox (GUI thread).

    lineage_loaded(): the lineage tree shows fresh data.
    compare_shown(): the compare panel shows a new pair.
    """

    lineage_loaded = Signal()
    compare_shown = Signal()

    def __init__(self, page: IteratorPage) -> None:
        super().__init__(page)
        self.page = page
        self.lightbox = LightboxControl(page)
        page.details.parent_of = self.parent_of
        page.compare.side_changed.connect(self.compare_side_chosen)
        page.compare.expand_requested.connect(self._on_compare_expand_requested)
        self._lineage_of: tuple[int, int | None] | None = None  # (shot, latest round) loaded
        page.shot_loaded.connect(self._on_page_shot_loaded)
        # The page makes its thumbnail cache after the panels: asked when needed.
        page.details.references.request = lambda storage_id: page.thumbnails.request(storage_id)
        page.lineage.references.request = lambda storage_id: page.thumbnails.request(storage_id)

    def parent_of(self, image_id: int) -> ImageInfo | None:
        """A variant of the shown shot by id, when at hand (the round's parent, the shot's
        images once read)."""
        state = self.page.state
        shown = state.round.parent if state.round is not None else None
        if shown is not None and shown.id == image_id:
            return shown
        return next((i for i in state.shot_images or () if i.id == image_id), None)

    def refresh(self) -> None:
        """The shot or round changed: reload the visible tab."""
        page = self.page
        index = page.tabs.currentIndex()
        if index == LINEAGE_TAB:
            self.load_lineage()
        elif index == COMPARE_TAB:
            subject, shot = page.compare.right, page.state.shot
            if subject is None or shot is None or subject.shot_id != shot.id:
                subject = page.grid.current_image()  # compare follows the shown shot
            if subject is not None:
                self.compare_with_parent(subject)
            else:
                page.compare.show_pair(None, None, [])
        elif index == DETAILS_TAB:
            page.details.show_image(page.grid.current_image())

    def _on_page_shot_loaded(self, shot_id: int) -> None:
        """Coming back to the page (or rounds made elsewhere): a lineage of another shot or
        of fewer rounds is read again."""
        page = self.page
        wanted = (shot_id, page.state.latest_iteration)
        if page.tabs.currentIndex() == LINEAGE_TAB and self._lineage_of != wanted:
            self.load_lineage()

    def load_lineage(self) -> None:
        page = self.page
        shot = page.state.shot
        self._lineage_of = (shot.id, page.state.latest_iteration) if shot is not None else None

        def show(images: list[ImageInfo]) -> None:
            shot = page.state.shot
            if shot is None:
                return
            tree = build_lineage(images, shot.selected_image_id)
            cached: dict[str, QPixmap] = {}
            references = {r.storage_id for i in images for r in used_references(i)}
            page.thumbnails.request_many(references)  # few: a shot's elements
            for storage in references | {i.image_storage_id or "" for i in images}:
                pixmap = page.thumbnails.get(storage) if storage else None
                if storage and pixmap is not None:
                    cached[storage] = pixmap
            page.lineage.set_tree(tree, cached)
            current = page.grid.current_image()
            if current is not None:
                page.lineage.select_image(current.id)
            self.lineage_loaded.emit()

        page.state.shot_images = None  # the tree always shows fresh data
        page.loader.with_shot_images(show)

    def compare_with_parent(self, image: ImageInfo) -> None:
        """Show `image`'s parent (left) beside `image` (right) in the Compare tab."""
        self.page.tabs.setCurrentIndex(COMPARE_TAB)

        def show(images: list[ImageInfo]) -> None:
            by_id = {i.id: i for i in images}
            right = by_id.get(image.id, image)
            parent = by_id.get(right.parent_image_id) if right.parent_image_id else None
            self._show_compare(parent, right, images)

        self.page.loader.with_shot_images(show)

    def compare_side_chosen(self, side: int, image_id: int) -> None:
        """The user chose another image for the left (0) or right (1) side."""
        page = self.page
        images = page.state.shot_images
        chosen = next((i for i in images or () if i.id == image_id), None)
        if chosen is None or images is None:
            return
        pair = [page.compare.left, page.compare.right]
        pair[side] = chosen
        self._show_compare(pair[0], pair[1], images)

    def _show_compare(
        self, left: ImageInfo | None, right: ImageInfo | None, candidates: list[ImageInfo]
    ) -> None:
        page = self.page
        page.compare.show_pair(left, right, candidates)
        for storage_id in page.compare.storage_ids():
            pixmap = page.full_images.request(storage_id) or page.thumbnails.request(storage_id)
            if pixmap is not None:
                page.compare.set_pixmap(storage_id, pixmap)
        self.compare_shown.emit()

    def _on_compare_expand_requested(self) -> None:
        compare = self.page.compare
        if compare.left is not None or compare.right is not None:
            self.lightbox.compare(compare.left, compare.right, self.page.state.shot_images or [])

    def image_changed(self, info: ImageInfo) -> None:
        details = self.page.details
        if details.image is not None and details.image.id == info.id:
            details.show_image(info)
        self.lightbox.image_changed(info)

    # -- lightbox ------------------------------------------------------------------------------

    def preview(self, image: ImageInfo) -> None:
        """The lightbox over the whole window: the thumbnail at once, the full image when
        decoded."""
        self.lightbox.open(image)

    def close(self) -> None:
        self.lightbox.close()

    # -- pictures ------------------------------------------------------------------------------

    def thumbnail_ready(self, storage_id: str, pixmap: QPixmap) -> None:
        page = self.page
        page.lineage.set_pixmap(storage_id, pixmap)
        page.details.references.set_pixmap(storage_id, pixmap)
        if page.full_images.get(storage_id) is None:
            page.compare.set_pixmap(storage_id, pixmap)
        self.lightbox.thumbnail_ready(storage_id, pixmap)

    def full_image_ready(self, storage_id: str, pixmap: QPixmap) -> None:
        self.page.compare.set_pixmap(storage_id, pixmap)
        self.lightbox.full_image_ready(storage_id, pixmap)
