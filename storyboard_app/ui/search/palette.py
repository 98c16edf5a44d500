"""The search palette: a query box, two filters and a grid of thumbnail results.

Typing restarts a short timer; when it fires the query runs in a worker (`SearchService`),
and only the newest query's results are shown. Activating a result opens its image in the
iterator (`open_hit`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.store.services.search import SearchHit, SearchQuery
from storyboard_app.ui.context import AppContext
from storyboard_app.ui.shared.thumbnail_cache import ThumbnailCache

if TYPE_CHECKING:
    from storyboard_app.ui.main_window import MainWindow

DEBOUNCE_MS = 40  # typing stops → query: leaves room to show results within 100 ms
RESULT_LIMIT = 60
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ICON_SIZE = QSize(192, 108)
ITEM_SIZE = QSize(204, 160)


def hit_caption(hit: SearchHit) -> str:
    marks = ("★ " if hit.is_favorite else "") + ("rejected · " if hit.is_rejected else "")
    return (
        f"{marks}{hit.project_title}\nS{hit.scene_number} Shot {hit.shot_number} · "
        f"round {hit.iteration_number} V{hit.variant_number + 1}"
    )


class SearchPalette(QDialog):
    """Search everything (GUI thread; queries run in workers).

    results_shown(int): the newest query's results are on screen (how many).
    hit_activated(object): the user opened this SearchHit.
    """

    results_shown = Signal(int)
    hit_activated = Signal(object)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        shot_id: int | None = None,
        scope: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.shot_id = shot_id  # None: every project; else only this shot's rounds
        self.setObjectName("searchPalette")
        self.setWindowTitle(f"Search {scope}" if shot_id is not None else "Search every project")
        self.resize(860, 560)
        self.hits: list[SearchHit] = []
        self._serial = 0
        self.thumbnails = ThumbnailCache(context.paths.media, context.tasks, parent=self)
        self.thumbnails.image_ready.connect(self._on_thumbnail_ready)

        layout = QVBoxLayout(self)
        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setPlaceholderText(
            "Words of a prompt, a model or a seed — e.g. lighthouse dusk"
        )
        self.query_edit.setClearButtonEnabled(True)
        layout.addWidget(self.query_edit)
        filters = QHBoxLayout()
        self.starred_box = QCheckBox("Starred only", self)
        self.hide_rejected_box = QCheckBox("Hide rejected", self)
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("searchStatus")
        filters.addWidget(self.starred_box)
        filters.addWidget(self.hide_rejected_box)
        filters.addStretch(1)
        filters.addWidget(self.status_label)
        layout.addLayout(filters)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setViewMode(QListWidget.ViewMode.IconMode)
        self.results.setIconSize(ICON_SIZE)
        self.results.setGridSize(QSize(212, 168))
        self.results.setSpacing(4)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.setMovement(QListWidget.Movement.Static)
        self.results.setWordWrap(True)
        layout.addWidget(self.results, 1)
        layout.addWidget(
            QLabel("Enter or double-click opens the image in its shot and round.", self)
        )

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)
        self.query_edit.textChanged.connect(lambda _text: self._timer.start())
        self.starred_box.toggled.connect(lambda _on: self._timer.start())
        self.hide_rejected_box.toggled.connect(lambda _on: self._timer.start())
        self.query_edit.returnPressed.connect(self._on_query_return_pressed)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self._timer.start()  # the newest images while nothing is typed

    def query(self) -> SearchQuery:
        return SearchQuery(
            text=self.query_edit.text(),
            shot_id=self.shot_id,
            starred=True if self.starred_box.isChecked() else None,
            rejected=False if self.hide_rejected_box.isChecked() else None,
            limit=RESULT_LIMIT,
        )

    def run_query(self) -> None:
        """Run the current query in a worker; an older answer arriving later is dropped."""
        self._timer.stop()
        self._serial += 1
        serial, query, store = self._serial, self.query(), self.context.store
        self.status_label.setText("Searching…")
        self.context.tasks.submit(
            lambda _ctx: store.search.search(query),
            name="Searching",
            on_result=lambda hits: self._show(serial, hits),
            on_error=lambda exc: self.context.errors.present(exc, title="Search"),
            owner=self,
        )

    def _show(self, serial: int, hits: list[SearchHit]) -> None:
        if serial != self._serial:
            return
        self.hits = hits
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(hit_caption(hit))
            item.setData(HIT_ROLE, hit)
            item.setToolTip(f"{hit.prompt}\n\nseed {hit.seed} · {hit.model or 'unknown model'}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            item.setSizeHint(ITEM_SIZE)
            pixmap = self.thumbnails.request(hit.image_storage_id)
            if pixmap is not None:
                item.setIcon(QIcon(pixmap))
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        words = self.query_edit.text().strip()
        self.status_label.setText(
            f"{len(hits)} result{'s' if len(hits) != 1 else ''}"
            + ("" if words else " — the newest images")
            if hits
            else "No images match."
        )
        self.results_shown.emit(len(hits))

    def _on_thumbnail_ready(self, storage_id: str) -> None:
        pixmap = self.thumbnails.get(storage_id)
        if pixmap is None:
            return
        for row in range(self.results.count()):
            item = self.results.item(row)
            hit = item.data(HIT_ROLE)
            if isinstance(hit, SearchHit) and hit.image_storage_id == storage_id:
                item.setIcon(QIcon(pixmap))

    def _on_query_return_pressed(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._on_results_item_activated(item)

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_activated.emit(hit)
            self.accept()


def open_hit(window: MainWindow, hit: SearchHit) -> None:
    """Show the hit's shot and round in the iterator, its variant focused."""
    from storyboard_app.ui.iterator.page import IteratorPage

    page = window.page("iterator")
    assert isinstance(page, IteratorPage)
    page.state.last_shot[hit.project_id] = hit.shot_id  # what opening the project shows

    def on_shot_loaded(shot_id: int) -> None:
        if shot_id != hit.shot_id:
            return
        page.shot_loaded.disconnect(on_shot_loaded)
        page.state.pending_focus = hit.variant_number
        if page.round is not None and page.round.iteration == hit.iteration_number:
            page.grid.focus_variant(hit.variant_number)
            page.state.pending_focus = None
        else:
            page.round_strip.select_round(hit.iteration_number)
            page.show_round(hit.iteration_number)

    page.shot_loaded.connect(on_shot_loaded)
    if window.project is not None and window.project.id == hit.project_id:
        window.show_page("iterator")
        page.open_shot(hit.shot_id, hit.iteration_number)
    else:
        window.open_project(hit.project_id, page="iterator")
