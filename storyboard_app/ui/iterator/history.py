"""The iterator's history tools: reject (X, undoable) and "Show rejected", "Retry all failed",
the shot's earlier prompts in the refine box, and the next round's cost estimate.

Everything slow runs in workers through the page's loader or `context.tasks`; results come
back as signals on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.iterator.data import image_label
from storyboard_app.ui.shared.confirm import confirm_delete
from storyboard_app.ui.shared.undo import push_applied

if TYPE_CHECKING:
    from storyboard_app.generation.estimate import BudgetCheck
    from storyboard_app.ui.iterator.page import IteratorPage


def estimate_text(settings: object, provider: str) -> str:
    """What a round should cost with each model (runs in a worker: it reads the price table)."""
    from storyboard_app.generation.estimate import model_for
    from storyboard_app.generation.pricing import format_usd
    from storyboard_app.settings import Settings

    assert isinstance(settings, Settings)
    prices = settings.price_table()
    parts = []
    for purpose, what in (("text_to_image", "from the prompt"), ("image_to_image", "refining")):
        model = model_for(settings, purpose, provider)
        usd = prices.estimate(model, count=6)
        parts.append(f"{format_usd(usd)} {what} ({model})")
    return "Estimated cost of a round of six: " + "; ".join(parts)


class IteratorHistory(QObject):
    """Wires the history tools into the page (GUI thread)."""

    def __init__(self, page: IteratorPage) -> None:
        super().__init__(page)
        self.page = page
        self.undo = QUndoStack(self)
        self.budget_box: QMessageBox | None = None  # the last "over the budget?" question
        self.show_rejected_box = QCheckBox("Show rejected", page)
        self.show_rejected_box.setObjectName("showRejected")
        self.show_rejected_box.setToolTip(
            "Rejected variants (X) are hidden, never deleted; tick to see them, marked."
        )
        self.retry_failed_button = QPushButton("Retry all failed", page)
        self.retry_failed_button.setObjectName("retryAllFailed")
        self.retry_failed_button.setToolTip(
            "Run every failed or cancelled variant of this round again, in place, same seeds"
        )
        self.retry_failed_button.hide()
        holder = page.round_label.parentWidget()
        column = holder.layout() if holder is not None else None
        assert isinstance(column, QVBoxLayout)
        index = column.indexOf(page.round_label)
        column.removeWidget(page.round_label)
        row = QHBoxLayout()
        row.addWidget(page.round_label, 1)
        row.addWidget(self.retry_failed_button)
        row.addWidget(self.show_rejected_box)
        column.insertLayout(index, row)

        self.show_rejected_box.toggled.connect(self._on_show_rejected_toggled)
        self.retry_failed_button.clicked.connect(self.retry_all_failed)
        page.grid.reject_requested.connect(self.toggle_reject)
        page.shot_loaded.connect(self._on_page_shot_loaded)
        page.round_shown.connect(lambda _iteration: self._update_retry_button())
        page.cell_updated.connect(lambda _info: self._update_retry_button())
        page.jobs.engine_changed.connect(self._on_jobs_engine_changed)

    # -- reject -------------------------------------------------------------------------------

    def toggle_reject(self, image: ImageInfo) -> None:
        """Reject the variant (hidden from the grid) or bring it back; Ctrl+Z undoes it."""
        on = not image.is_rejected
        self._write_reject(image.id, on)
        push_applied(
            self.undo,
            f"{'Reject' if on else 'Un-reject'} {image_label(image)}",
            lambda: self._write_reject(image.id, on),
            lambda: self._write_reject(image.id, not on),
            self.page.context.errors,
        )
        if on and not self.show_rejected_box.isChecked():
            self.page.context.errors.inform(
                f"{image_label(image)} rejected and hidden. Ctrl+Z or X brings it back."
            )

    def _write_reject(self, image_id: int, on: bool) -> None:
        store, loader = self.page.context.store, self.page.loader
        loader.run(lambda: store.images.reject(image_id, on), loader.image_saved.emit, "Rejecting")

    def _on_show_rejected_toggled(self, on: bool) -> None:
        self.page.grid.set_show_rejected(on, self.page.thumbnails.get)
        for image in self.page.grid.images():
            if image.is_rejected and image.image_storage_id:
                self.page.thumbnails.request(image.image_storage_id)

    # -- retry all failed ---------------------------------------------------------------------

    def failed_images(self) -> list[ImageInfo]:
        return [i for i in self.page.grid.images() if i.status == ImageStatus.FAILED]

    def retry_all_failed(self) -> None:
        for image in self.failed_images():
            self.page.user_actions.retry(image)

    def _update_retry_button(self) -> None:
        failed = len(self.failed_images())
        self.retry_failed_button.setVisible(failed > 0)
        self.retry_failed_button.setText(f"Retry all failed ({failed})")

    # -- the monthly budget -------------------------------------------------------------------

    def within_budget(self, purpose: str, start: Callable[[], None]) -> None:
        """Run `start` now, or after the user agrees when the round would pass the monthly
        budget (this month's spend is read in a worker)."""
        context = self.page.context
        settings = context.settings
        if settings.monthly_budget_usd is None:
            start()
            return
        store, provider = context.store, self.page.jobs.provider_name or "offline"
        shot_id = self.page.shot.id if self.page.shot is not None else None

        def check(_ctx: object) -> BudgetCheck:
            from storyboard_app.generation.estimate import check_budget, model_for
            from storyboard_app.generation.look import choose_purpose, read_look

            chosen = purpose
            if purpose == "text_to_image" and shot_id is not None:  # as the engine chooses
                shot = store.scenes.get_shot(shot_id)
                look = read_look(store, shot, shot.initial_prompt)
                chosen = choose_purpose(look, has_parent=False)
            model = model_for(settings, chosen, provider)
            estimate = settings.price_table().estimate(model, count=6)
            return check_budget(store, settings, estimate)

        def decide(budget: BudgetCheck) -> None:
            if not budget.over:
                start()
                return
            self.budget_box = confirm_delete(
                self.page,
                title="Over the monthly budget",
                text=budget.message(),
                informative="Start the round anyway?",
                on_yes=start,
                icon=QMessageBox.Icon.Warning,
            )

        context.tasks.submit(
            check,
            name="Checking the budget",
            on_result=decide,
            on_error=lambda exc: context.errors.present(exc, title="Budget"),
            owner=self,
        )

    # -- prompt history and estimate ----------------------------------------------------------

    def _on_page_shot_loaded(self, shot_id: int) -> None:
        store = self.page.context.store
        self.page.context.tasks.submit(
            lambda _ctx: store.images.prompt_history(shot_id),
            name="Reading earlier prompts",
            on_result=self.page.refine_bar.prompt_edit.set_history,
            owner=self,
        )
        self._update_retry_button()

    def _on_jobs_engine_changed(self, _can: bool, _why: str, provider: str) -> None:
        settings = self.page.context.settings
        self.page.context.tasks.submit(
            lambda _ctx: estimate_text(settings, provider or "offline"),
            name="Estimating the cost",
            on_result=self.page.refine_bar.set_estimate,
            owner=self,
        )
