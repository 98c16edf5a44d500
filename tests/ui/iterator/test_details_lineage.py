"""Details in creator words with the record in a remembered drawer; references as thumbnails in
details and lineage; lineage follows rounds made while the page was away."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store
from storyboard_app.ui.iterator.details import DRAWER_KEY
from storyboard_app.ui.iterator.lineage import MADE_WITH, MADE_WITH_ROLE
from storyboard_app.ui.iterator.page import IteratorPage
from storyboard_app.ui.iterator.panels import DETAILS_TAB, LINEAGE_TAB
from storyboard_app.ui.main_window import MainWindow
from tests.ui.iterator.conftest import Project
from tests.ui.iterator.scenario import WAIT_MS, draw_offline_round, wait_pixmaps

Opener = Callable[[int], tuple[MainWindow, IteratorPage]]

# What a creator must never read in the panel's words: ids, hashes, prediction names, JSON.
NOT_CREATOR_WORDS = re.compile(r"\bid\b|[0-9a-f]{12,}|prediction|\{|\}|sha", re.IGNORECASE)


def _mara_shot(paths: DataPaths, project: Project, tmp: Path) -> int:
    """Shot one names @Mara, who has a reference picture; one round is drawn."""
    picture = tmp / "mara.png"
    Image.new("RGB", (120, 160), (230, 120, 30)).save(picture)
    store = open_store(paths)
    try:
        store.elements.add(project.id, "Mara", "character", "fisherwoman", files=[picture])
        store.scenes.edit_shot(project.shots[0], initial_prompt="@Mara waits at the lighthouse")
    finally:
        store.close()
    draw_offline_round(paths, project.shots[0])
    return project.shots[0]


def test_details_speak_creator_words_and_keep_the_record_in_a_drawer(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener, tmp_path: Path
) -> None:
    _mara_shot(data_paths, project, tmp_path)
    window, page = open_iterator(project.id)
    page.tabs.setCurrentIndex(DETAILS_TAB)
    page.grid.focus_variant(1)
    details = page.details
    assert details.image is not None
    assert not details.drawer_open and not details.params_view.isVisible()  # closed at first
    words = {name: label.text() for name, label in details.fields.items()}
    assert words["Seed"] == str(details.image.seed)
    assert words["Provider"] == "Offline draft"
    assert words["Parent"] == "none: drawn from the prompt"
    assert words["Elements"] == "@Mara"
    assert words["Aspect"] == "16:9"
    assert words["Status"] == "done"
    for name, text in words.items():
        assert not NOT_CREATOR_WORDS.search(text), (name, text)
    qtbot.waitUntil(lambda: details.references.shown_pixmaps() == 1, timeout=WAIT_MS)
    assert details.references.names[0].text() == "@Mara"

    details.drawer_button.click()
    assert details.drawer_open and details.params_view.isVisible()
    assert '"references"' in details.params_view.toPlainText()  # every recorded input is there
    assert str(window.qsettings.value(DRAWER_KEY)) == "true"
    window.close()

    _window2, page2 = open_iterator(project.id)  # like a restart: the drawer stays open
    page2.tabs.setCurrentIndex(DETAILS_TAB)
    assert page2.details.drawer_open and page2.details.params_view.isVisible()


def test_lineage_shows_the_references_each_image_was_made_with(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener, tmp_path: Path
) -> None:
    _mara_shot(data_paths, project, tmp_path)
    _window, page = open_iterator(project.id)
    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(LINEAGE_TAB)
    lineage = page.lineage
    assert not lineage.tree.isColumnHidden(MADE_WITH)
    item = lineage.tree.topLevelItem(0)
    assert item is not None and item.data(MADE_WITH, MADE_WITH_ROLE) == "@Mara"
    assert "@Mara" in item.toolTip(MADE_WITH)
    qtbot.waitUntil(lambda: not item.icon(MADE_WITH).isNull(), timeout=WAIT_MS)
    lineage.tree.setCurrentItem(item)
    assert lineage.references.isVisible()
    qtbot.waitUntil(lambda: lineage.references.shown_pixmaps() == 1, timeout=WAIT_MS)


def test_lineage_without_references_hides_the_column(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    draw_offline_round(data_paths, project.shots[0])
    _window, page = open_iterator(project.id)
    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(LINEAGE_TAB)
    assert page.lineage.tree.isColumnHidden(MADE_WITH)
    page.lineage.tree.setCurrentItem(page.lineage.tree.topLevelItem(0))
    assert page.lineage.current_image() is not None
    assert not page.lineage.references.isVisible()


def test_lineage_follows_rounds_made_while_the_page_was_away(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    draw_offline_round(data_paths, project.shots[0])
    window, page = open_iterator(project.id)
    with qtbot.waitSignal(page.lineage_loaded, timeout=WAIT_MS):
        page.tabs.setCurrentIndex(LINEAGE_TAB)
    assert page.lineage.summary_label.text().startswith("6 images in 1 round")

    window.open_project(project.id, page="storyboard")
    qtbot.waitUntil(lambda: window.current_page() is not page, timeout=WAIT_MS)
    draw_offline_round(data_paths, project.shots[0])  # e.g. from the command line
    window.open_project(project.id, page="iterator")
    qtbot.waitUntil(
        lambda: page.lineage.summary_label.text().startswith("12 images in 2 rounds"),
        timeout=WAIT_MS,
    )


def test_the_round_strip_heads_each_refined_round_with_its_parent_picture(
    qtbot: QtBot, project: Project, data_paths: DataPaths, open_iterator: Opener
) -> None:
    first = draw_offline_round(data_paths, project.shots[0])
    draw_offline_round(
        data_paths,
        project.shots[0],
        prompt=first[0].iteration_prompt + ", at dusk",
        parent_image_id=first[2].id,
    )
    _window, page = open_iterator(project.id)
    wait_pixmaps(qtbot, page)
    strip = page.round_strip
    refined = strip.item(1)
    assert refined.text().splitlines()[:2] == ["Round 1 ← round 0 · variant 3", "+ at dusk"]
    loading = strip._loading_icon.pixmap(32).toImage()
    qtbot.waitUntil(lambda: refined.icon().pixmap(32).toImage() != loading, timeout=WAIT_MS)
