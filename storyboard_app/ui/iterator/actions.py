"""The creator's choices in the iterator: generate, refine, retry, cancel, star, final, parent.

Each checks what the state and the job controller allow, then asks the controller (jobs) or
the loader (writes); the answers come back through their signals to the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import image_label
from storyboard_app.ui.shared.generation_jobs import JobKey

if TYPE_CHECKING:
    from storyboard_app.ui.iterator.page import IteratorPage

NO_PROMPT = "This shot has no prompt yet — write one in Scenes"


class IteratorActions:
    """What the iterator's buttons, keys and menus do (GUI thread)."""

    def __init__(self, page: IteratorPage) -> None:
        self.page = page

    def _available(self) -> bool:
        jobs = self.page.jobs
        if jobs.engines.is_ready:
            return True
        self.page.context.errors.inform(f"Generation is unavailable: {jobs.why}", 10_000)
        return False

    # -- generation ----------------------------------------------------------------------------

    def generate_six(self) -> None:
        """A new round of six from the shot's initial prompt."""
        page = self.page
        shot = page.state.shot
        if shot is None:
            return
        if page.state.prompt_missing:
            page.context.errors.inform(NO_PROMPT, 10_000)
            return
        if not self._available():
            return

        def start() -> None:
            page.jobs.start_round(shot.id)
            page.update_running()

        page.history.within_budget("text_to_image", start)

    def refine(self, prompt: str, strength: float) -> None:
        """The next round from the chosen parent, with this prompt and strength."""
        page = self.page
        parent = page.refine_bar.parent_image
        if page.state.shot is None or parent is None or not self._available():
            return

        def start() -> None:
            page.jobs.start_round(
                parent.shot_id, prompt=prompt, parent_image_id=parent.id, strength=strength
            )
            page.update_running()

        page.history.within_budget("image_to_image", start)

    def retry(self, image: ImageInfo) -> None:
        if image.status != ImageStatus.FAILED or not self._available():
            return
        self.page.jobs.retry_variant(image.id)

    def cancel_round(self) -> None:
        """Stop every variant of the shown round that is still pending or processing."""
        active = self.page.grid.active_images()
        if active:
            # The status bar's jobs button says "cancelling" until the rows have ended.
            self.page.jobs.cancel(JobKey.variant(image.id) for image in active)

    # -- choices -------------------------------------------------------------------------------

    def toggle_star(self, image: ImageInfo) -> None:
        self.page.loader.star(image)

    def make_final(self, image: ImageInfo) -> None:
        page = self.page
        if page.state.is_final(image):
            page.context.errors.inform(f"{image_label(image)} is already the final pick.")
            return
        if image.status != ImageStatus.COMPLETE:
            page.context.errors.inform("Only a finished variant can be the final pick.")
            return
        page.loader.select_final(image)

    def choose_parent(self, image: ImageInfo) -> None:
        """Make `image` (of any round) the parent of the next round and focus the prompt."""
        page = self.page
        if image.status != ImageStatus.COMPLETE or not image.image_storage_id:
            page.context.errors.inform("Only a finished variant can be refined from.")
            return
        pixmap = page.thumbnails.request(image.image_storage_id)
        page.refine_bar.set_parent(image, pixmap)
        page.grid.mark_parent_choice(image.id)
        page.refine_bar.prompt_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        page.refine_bar.prompt_edit.moveCursor(QTextCursor.MoveOperation.End)

    def reuse_settings(self, image: ImageInfo) -> None:
        """Take `image`'s prompt and strength; its parent too when no parent is chosen."""
        page = self.page
        if page.refine_bar.parent_image is None and image.parent_image_id is not None:

            def chosen(parent: ImageInfo) -> None:
                self.choose_parent(parent)
                page.refine_bar.reuse(image)

            page.loader.read_image(image.parent_image_id, chosen)
            return
        page.refine_bar.reuse(image)
        page.refine_bar.prompt_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
