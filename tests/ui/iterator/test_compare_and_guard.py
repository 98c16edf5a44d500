"""The compare panel's word diff and fields; the app survives PySide6's lost None references."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from storyboard_app.domain.enums import ImageStatus
from storyboard_app.domain.word_diff import word_diff
from storyboard_app.store.dto import ImageInfo
from storyboard_app.ui.application import create_application, guard_none_refcount
from storyboard_app.ui.iterator.compare import ADDED_STYLE, REMOVED_STYLE, CompareView, diff_html
from storyboard_app.ui.iterator.data import provider_label, provider_short


def _image(
    image_id: int, prompt: str, *, parent: int | None, seed: int, provider: str
) -> ImageInfo:
    inputs = {"prompt": prompt, "seed": seed}
    if parent is not None:
        inputs["prompt_strength"] = 0.6  # type: ignore[assignment]
    return ImageInfo(
        id=image_id,
        project_id=1,
        scene_id=1,
        shot_id=1,
        iteration_number=0 if parent is None else 1,
        variant_number=image_id % 6,
        status=ImageStatus.COMPLETE,
        is_favorite=False,
        parent_image_id=parent,
        iteration_prompt=prompt,
        image_url="",
        image_storage_id=None,
        replicate_image_id=None,
        generation_params={
            "provider": provider,
            "model": "black-forest-labs/flux-dev"
            if provider == "replicate"
            else "storyboard/offline-draft",
            "seed": seed,
            "input": inputs,
        },
        created_at=datetime.now(UTC),
    )


def test_compare_shows_the_word_diff_and_what_differs(qtbot: QtBot) -> None:
    view = CompareView()
    qtbot.addWidget(view)
    parent = _image(1, "a lighthouse at dawn, mist", parent=None, seed=11, provider="offline")
    child = _image(
        8, "a lighthouse at night, mist, <b>gulls</b>", parent=1, seed=22, provider="replicate"
    )
    view.show_pair(parent, child, [parent, child])
    html = view.prompt_label.text()
    assert f'<span style="{REMOVED_STYLE}">dawn</span>' in html
    assert f'<span style="{ADDED_STYLE}">night</span>' in html
    assert "&lt;b&gt;gulls" in html  # prompt text is escaped, never rendered as markup
    labels = [w.text() for w in view.findChildren(QLabel)]
    assert any("0.60" in t for t in labels) and any("11" in t for t in labels)
    assert view.combos[0].count() == view.combos[1].count() == 2
    assert "(parent)" in view.combos[0].currentText()
    assert view.combos[1].currentData() == child.id
    view.show_pair(None, parent, [parent, child])
    assert "no parent" in view.canvas.messages[0]
    assert view.canvas.titles[1] == "Round 0 · variant 2"
    assert diff_html(word_diff("same words", "same words")) == "same words"


def test_every_image_says_which_provider_made_it() -> None:
    offline = _image(1, "x", parent=None, seed=1, provider="offline")
    replicate = _image(2, "x", parent=None, seed=1, provider="replicate")
    imported = _image(3, "x", parent=None, seed=1, provider="")
    assert provider_short(offline) == provider_label(offline) == "Offline draft"
    assert provider_short(replicate) == "Replicate · flux-dev"
    assert provider_label(replicate) == "Replicate · black-forest-labs/flux-dev"
    assert "imported" in provider_label(imported)


def test_many_qt_calls_do_not_exhaust_none(qtbot: QtBot) -> None:
    create_application()
    guard_none_refcount()  # twice is harmless
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20_000):  # more than None's ordinary reference count on Python 3.11
        label.setText("x")
    assert sys.getrefcount(None) > 1_000_000 or sys.version_info >= (3, 12)
    assert before - sys.getrefcount(None) <= 20_000
