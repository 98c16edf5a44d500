"""Keeps the lightbox in step with the iterator page: which round and variant it shows, the
pictures (thumbnail at once, full image when decoded, the neighbours decoded ahead), what
its keys do (the page's own actions), and a short note when each action has landed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QPixmap

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import by_variant
from storyboard_app.ui.iterator.lightbox import Lightbox

if TYPE_CHECKING:
    from storyboard_app.ui.iterator.page import IteratorPage


class LightboxControl(QObject):
    """The lightbox's controller (GUI thread).

    image_shown(object): the lightbox shows this ImageInfo.
    compare_shown(): the full-window compare shows a new pair.
    """

    image_shown = Signal(object)
    compare_shown = Signal()

    def __init__(self, page: IteratorPage) -> None:
        super().__init__(page)
        self.page = page
        self.view: Lightbox | None = None
        self.images: list[ImageInfo] = []  # the shown round's variants, by variant number
        self.current: ImageInfo | None = None
        self._waiting_round: int | None = None  # the variant to show once a round arrives
        self._pending: dict[int, str] = {}  # image id -> an action not yet confirmed
        self._compare_from_single = False
        page.round_shown.connect(self._on_page_round_shown)
        page.final_changed.connect(self._on_page_final_changed)
        page.installEventFilter(self)

    @property
    def is_open(self) -> bool:
        return self.view is not None and self.view.isVisible()

    def _ensure_view(self) -> Lightbox:
        if self.view is None:
            view = Lightbox(self.page.window())
            view.step_requested.connect(self.step)
            view.round_step_requested.connect(self.step_round)
            view.action_requested.connect(self._on_view_action_requested)
            view.image_chosen.connect(self.show)
            view.closing.connect(self.close)
            view.compare_closed.connect(self._on_view_compare_closed)
            view.compare.side_changed.connect(self._on_compare_side_changed)
            self.page.full_images.image_missing.connect(self._on_full_image_missing)
            self.view = view
        return self.view

    # -- the variant -----------------------------------------------------------------------

    def open(self, image: ImageInfo) -> None:
        """Show `image` over the whole window with its round in the filmstrip."""
        view = self._ensure_view()
        self._take_round(image)
        view.open()
        self.show(image)

    def _take_round(self, image: ImageInfo) -> None:
        shown = self.page.state.round
        if shown is not None and any(i.id == image.id for i in shown.images):
            self.images = [i for i in by_variant(shown.images) if i is not None]
        else:
            self.images = [image]
        if self.view is not None:
            final = self.page.state.shot.selected_image_id if self.page.state.shot else None
            self.view.filmstrip.set_images(self.images, image.id, final)
            self.page.thumbnails.request_many(i.image_storage_id for i in self.images)
            for i in self.images:
                pixmap = self.page.thumbnails.get(i.image_storage_id)
                if i.image_storage_id and pixmap is not None:
                    self.view.filmstrip.set_pixmap(i.image_storage_id, pixmap)

    def show(self, image: ImageInfo) -> None:
        """Show `image`: its full picture when decoded, else its thumbnail until it is."""
        view = self._ensure_view()
        self.current = image
        storage = image.image_storage_id
        full = self.page.full_images.request(storage)
        pixmap = full or self.page.thumbnails.get(storage)
        view.show_image(
            image, pixmap, full=full is not None, is_final=self.page.state.is_final(image)
        )
        if full is not None:
            self._decode_neighbours()
        self.image_shown.emit(image)

    def _decode_neighbours(self) -> None:
        """Decode the next and previous variants ahead, so moving on is instant."""
        if self.current is None:
            return
        order = self.navigable()
        if self.current in order:
            at = order.index(self.current)
            near = [order[(at + 1) % len(order)], order[at - 1]]
            self.page.full_images.request_many(i.image_storage_id for i in near)

    def navigable(self) -> list[ImageInfo]:
        """The variants ←/→ visit: rejected ones are skipped while the grid hides them."""
        shown_rejected = self.page.grid.show_rejected
        current = self.current.id if self.current else None
        return [i for i in self.images if shown_rejected or not i.is_rejected or i.id == current]

    def step(self, step: int) -> None:
        order = self.navigable()
        if self.current is None or not order:
            return
        ids = [i.id for i in order]
        at = ids.index(self.current.id) if self.current.id in ids else 0
        target = at + step
        if not 0 <= target < len(order):
            self._flash("Last variant of the round" if step > 0 else "First variant of the round")
            return
        self.show(order[target])

    def step_round(self, step: int) -> None:
        """The same variant in the previous or next round (loaded in a worker)."""
        target = self.page.state.round_after(step)
        if target is None or self.current is None:
            self._flash("No later round" if step > 0 else "This is the first round")
            return
        self._waiting_round = self.current.variant_number
        self.page.step_round(step)

    def _on_page_round_shown(self, iteration: int) -> None:
        if not self.is_open or self.page.state.round is None:
            return
        images = [i for i in by_variant(self.page.state.round.images) if i is not None]
        if not images:
            return
        wanted, self._waiting_round = self._waiting_round, None
        if wanted is None:
            if self.current is None or all(i.id != self.current.id for i in images):
                return  # another round came and went behind the lightbox
            wanted = self.current.variant_number
        chosen = next((i for i in images if i.variant_number == wanted), images[0])
        self._take_round(chosen)
        self.show(chosen)
        self._flash(f"Round {iteration}")

    def close(self) -> None:
        """Hide the lightbox and focus the last shown variant in the grid."""
        if self.view is None or not self.view.isVisible():
            return
        self.view.hide()
        current = self.current
        shown = self.page.state.round
        if (
            current is not None
            and shown is not None
            and any(i.id == current.id for i in shown.images)
        ):
            self.page.grid.focus_variant(current.variant_number)
        else:
            self.page.grid.focus_variant(self.page.grid.current_variant)

    # -- actions ---------------------------------------------------------------------------

    def _on_view_action_requested(self, name: str) -> None:
        image, page = self.current, self.page
        if image is None:
            return
        finished = image.status == ImageStatus.COMPLETE and bool(image.image_storage_id)
        if name == "star":
            self._pending[image.id] = "star"
            page.user_actions.toggle_star(image)
        elif name == "reject":
            self._pending[image.id] = "reject"
            page.history.toggle_reject(image)
        elif name == "final":
            if page.state.is_final(image):
                self._flash("Already the shot's final image")
            elif not finished:
                self._flash("Only a finished variant can be the final image")
            else:
                page.user_actions.make_final(image)
        elif name == "refine":
            if not finished:
                self._flash("Only a finished variant can be refined from")
                return
            self.close()
            page.user_actions.choose_parent(image)
        elif name == "compare":
            self.compare_with_parent(image)

    def _on_page_final_changed(self, image_id: int) -> None:
        if not self.is_open or self.view is None:
            return
        self.view.filmstrip.final_id = image_id
        self.view.filmstrip.update()
        if self.current is not None:
            self.view.is_final = self.current.id == image_id
            self.view.show_image(
                self.current,
                self.view.canvas.pixmap(),
                full=self.view.is_full,
                is_final=self.view.is_final,
            )
            if self.current.id == image_id:
                self._flash("✓ Final image of this shot")

    def image_changed(self, info: ImageInfo) -> None:
        """A variant was written (starred, rejected, finished): refresh it where shown."""
        self.images = [info if i.id == info.id else i for i in self.images]
        view = self.view
        if view is None:
            return
        view.filmstrip.images = self.images
        view.filmstrip.update()
        if self.is_open and self.current is not None and self.current.id == info.id:
            self.show(info)  # a variant that just finished gets its picture
        action = self._pending.pop(info.id, None)
        if action == "star":
            self._flash("★ Starred" if info.is_favorite else "Star removed")
        elif action == "reject":
            self._flash(
                "Rejected: hidden from the grid · X brings it back"
                if info.is_rejected
                else "Brought back"
            )

    def _flash(self, text: str) -> None:
        if self.view is not None and self.view.isVisible():
            self.view.flash(text)

    # -- compare ---------------------------------------------------------------------------

    def compare_with_parent(self, image: ImageInfo) -> None:
        """The full-window compare: `image`'s parent left, `image` right."""
        self._compare_from_single = self.is_open and not (self.view and self.view.in_compare)

        def show(images: list[ImageInfo]) -> None:
            by_id = {i.id: i for i in images}
            right = by_id.get(image.id, image)
            parent = by_id.get(right.parent_image_id) if right.parent_image_id else None
            self.compare(parent, right, images)

        self.page.loader.with_shot_images(show)

    def compare(
        self, left: ImageInfo | None, right: ImageInfo | None, images: list[ImageInfo]
    ) -> None:
        view = self._ensure_view()
        view.compare.show_pair(left, right, images)
        for storage_id in view.compare.storage_ids():
            pixmap = self.page.full_images.request(storage_id) or self.page.thumbnails.request(
                storage_id
            )
            if pixmap is not None:
                view.compare.set_pixmap(storage_id, pixmap)
        view.open_compare()
        self.compare_shown.emit()

    def _on_compare_side_changed(self, side: int, image_id: int) -> None:
        images = self.page.state.shot_images or []
        chosen = next((i for i in images if i.id == image_id), None)
        if chosen is None or self.view is None:
            return
        pair = [self.view.compare.left, self.view.compare.right]
        pair[side] = chosen
        self.compare(pair[0], pair[1], images)

    def _on_view_compare_closed(self) -> None:
        if self.view is None:
            return
        if self._compare_from_single and self.current is not None:
            self.view.back_to_single()
        else:
            self.close()

    # -- pictures --------------------------------------------------------------------------

    def thumbnail_ready(self, storage_id: str, pixmap: QPixmap) -> None:
        view = self.view
        if view is None:
            return
        view.filmstrip.set_pixmap(storage_id, pixmap)
        current = self.current
        if (
            current is not None
            and current.image_storage_id == storage_id
            and view.canvas.pixmap() is None
        ):
            view.show_image(current, pixmap, full=False, is_final=view.is_final)
        if self.page.full_images.get(storage_id) is None:
            view.compare.set_pixmap(storage_id, pixmap)

    def full_image_ready(self, storage_id: str, pixmap: QPixmap) -> None:
        view = self.view
        if view is None:
            return
        view.compare.set_pixmap(storage_id, pixmap)
        current = self.current
        if current is not None and current.image_storage_id == storage_id:
            view.set_full_pixmap(pixmap)
            self._decode_neighbours()

    def _on_full_image_missing(self, storage_id: str) -> None:
        current = self.current
        if self.view is not None and current is not None and current.image_storage_id == storage_id:
            self.view.set_full_missing()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # Another page (Ctrl+3 …) or the window closing takes the lightbox away with it.
        if (
            watched is self.page
            and event.type() == QEvent.Type.Hide
            and not event.spontaneous()  # minimising the window keeps it
            and self.view is not None
        ):
            self.view.hide()
        return False
