"""The legacy page's panels: the banner (badge, title, migrate), the scene list, the details."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.ui.shared.elided_label import ElidedLabel
from storyboard_app.ui.storyboard.player import ClipPlayer

ICON_SIZE = QSize(128, 72)
IMAGE_SIZE = QSize(448, 252)
EXPLANATION = (
    "This project was made with the original app's workflow (scenes and video clips). It is "
    "read-only here. Migrate it to plan shots, iterate on images and animate them: each "
    "scene becomes a scene with one shot, its image the shot's final pick and its clip the "
    "shot's storyboard clip. The database is backed up first and the old rows are kept."
)


def _text_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class LegacyBanner(QFrame):
    """The read-only badge, the title and counts, the migrate button and its explanation."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("legacyBanner")
        self.setStyleSheet(
            "#legacyBanner { background: #fbf3e4; border: 1px solid #e2c58f; border-radius: 6px; }"
            "#legacyBanner QLabel { color: #3d2f14; }"
        )
        self.badge = QLabel("LEGACY · READ-ONLY", self)
        self.badge.setObjectName("legacyBadge")
        self.badge.setStyleSheet(
            "background: #b07a1e; color: white; border-radius: 4px; padding: 3px 8px;"
            "font-weight: bold;"
        )
        self.title_label = ElidedLabel("", self)  # a long title never widens the window
        self.title_label.setObjectName("legacyTitle")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("legacyCounts")
        self.migrate_button = QPushButton("Migrate to the new workflow…", self)
        self.migrate_button.setObjectName("migrateButton")
        self.migrate_button.setToolTip(
            "Scenes become scenes with one shot each; a backup is made first"
        )
        self.migrate_button.setStyleSheet(
            "QPushButton { background: #2f6fdb; color: white; font-weight: bold;"
            " padding: 8px 16px; border-radius: 5px; }"
            "QPushButton:disabled { background: #9bb3da; }"
        )
        self.migrate_button.setEnabled(False)
        self.explanation = QLabel(EXPLANATION, self)
        self.explanation.setObjectName("legacyExplanation")
        self.explanation.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("migrationProgress")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addSpacing(8)
        top.addWidget(self.title_label)
        top.addSpacing(8)
        top.addWidget(self.counts_label)
        top.addStretch(1)
        top.addWidget(self.migrate_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 10, 12, 10)
        box.addLayout(top)
        box.addWidget(self.explanation)
        box.addWidget(self.busy)


class LegacySceneList(QWidget):
    """The caption and the list of legacy scenes (or "no scenes")."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        self.caption = _caption("Scenes", self)
        box.addWidget(self.caption)
        self.scene_list = QListWidget(self)
        self.scene_list.setObjectName("legacySceneList")
        self.scene_list.setIconSize(ICON_SIZE)
        self.scene_list.setSpacing(2)
        self.scene_list.setWordWrap(True)
        self.scene_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty_label = QLabel("This legacy project has no scenes.", self)
        self.empty_label.setObjectName("legacyEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scene_list)
        self.stack.addWidget(self.empty_label)
        box.addWidget(self.stack, 1)


class LegacySceneDetails(QWidget):
    """One legacy scene: heading, image, description, prompt, player and its clips."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 0, 0)
        grid.setHorizontalSpacing(16)
        self.heading = QLabel(self)
        self.heading.setObjectName("legacySceneHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        self.image_label = QLabel(self)
        self.image_label.setObjectName("legacyImage")
        self.image_label.setFixedSize(IMAGE_SIZE)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setWordWrap(True)
        self.image_label.setStyleSheet("background: #1d1d1f; color: #c8c8c8; padding: 8px;")
        grid.addWidget(self.image_label, 1, 0)
        text = QWidget(self)
        text_box = QVBoxLayout(text)
        text_box.setContentsMargins(0, 0, 0, 0)
        text_box.addWidget(_caption("Description", text))
        self.description_label = _text_label(text, "legacyDescription")
        text_box.addWidget(self.description_label)
        text_box.addSpacing(6)
        text_box.addWidget(_caption("Prompt", text))
        self.prompt_label = _text_label(text, "legacyPrompt")
        text_box.addWidget(self.prompt_label)
        text_box.addSpacing(6)
        self.image_source_label = _text_label(text, "legacyImageSource")
        self.image_source_label.setStyleSheet("color: palette(mid);")
        text_box.addWidget(self.image_source_label)
        text_box.addStretch(1)
        grid.addWidget(text, 1, 1)

        self.player = ClipPlayer(self)
        self.player.setFixedWidth(IMAGE_SIZE.width())
        self.player.still.setText("This scene has no video clip.")
        self.player.still.setWordWrap(True)
        grid.addWidget(self.player, 2, 0)
        clips = QWidget(self)
        clips_box = QVBoxLayout(clips)
        clips_box.setContentsMargins(0, 8, 0, 0)
        self.clips_caption = _caption("Video clips", clips)
        clips_box.addWidget(self.clips_caption)
        self.clip_list = QListWidget(clips)
        self.clip_list.setObjectName("legacyClipList")
        self.clip_list.setWordWrap(True)
        self.clip_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clip_list.setToolTip("Double-click a clip to play it")
        self.clip_list.setMaximumHeight(120)
        clips_box.addWidget(self.clip_list)
        self.clip_details = _text_label(clips, "legacyClipDetails")
        clips_box.addWidget(self.clip_details)
        clips_box.addStretch(1)
        grid.addWidget(clips, 2, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(1, 1)
