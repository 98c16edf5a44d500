"""The cost view of the open project (Project → Cost…): totals from the rows' `cost_usd`.

The figures are read in a worker; unknown costs are counted and shown as unknown, never $0.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storyboard_app.generation.estimate import month_start
from storyboard_app.generation.pricing import format_usd
from storyboard_app.store.services.costs import CostLine, ProjectCost
from storyboard_app.ui.context import AppContext


@dataclass(frozen=True)
class CostFigures:
    """What the dialog shows: the project's report and this month's spend in every project."""

    report: ProjectCost
    month_usd: float
    budget_usd: float | None


class CostDialog(QDialog):
    """The project's spend (GUI thread; figures read in a worker).

    figures_shown(): the tables show fresh figures.
    """

    figures_shown = Signal()

    def __init__(
        self, context: AppContext, project_id: int, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.project_id = project_id
        self.setObjectName("costDialog")
        self.setWindowTitle(f"Cost — {title}")
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        self.total_label = QLabel("Reading the figures…", self)
        self.total_label.setObjectName("costTotal")
        self.total_label.setTextFormat(Qt.TextFormat.RichText)
        self.total_label.setWordWrap(True)
        layout.addWidget(self.total_label)
        self.tabs = QTabWidget(self)
        self.tables: dict[str, QTableWidget] = {}
        for key, heading in (("shot", "Shot"), ("model", "Model"), ("day", "Day (UTC)")):
            table = QTableWidget(0, 3, self)
            table.setObjectName(f"costBy{key.title()}")
            table.setHorizontalHeaderLabels([heading, "Cost", "Predictions"])
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            self.tables[key] = table
            self.tabs.addTab(table, f"By {heading.split()[0].lower()}")
        layout.addWidget(self.tabs, 1)
        note = QLabel(
            "Costs come from the price table (Settings → Costs) and each prediction's figures. "
            "A model without a known price stays unknown, never $0.",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color: palette(mid); }")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        store, settings, project_id = self.context.store, self.context.settings, self.project_id

        def read(_ctx: object) -> CostFigures:
            return CostFigures(
                store.costs.project(project_id),
                store.costs.spent_since(month_start()),
                settings.monthly_budget_usd,
            )

        self.context.tasks.submit(
            read,
            name="Reading the costs",
            on_result=self._show,
            on_error=lambda exc: self.context.errors.present(exc, title="Cost"),
            owner=self,
        )

    def _show(self, figures: CostFigures) -> None:
        total = figures.report.total
        unknown = f" ({total.unknown} of unknown cost)" if total.unknown else ""
        budget = (
            f" of a {format_usd(figures.budget_usd)} monthly budget"
            if figures.budget_usd is not None
            else ""
        )
        self.total_label.setText(
            f"<h2>{format_usd(total.usd)}</h2>{total.predictions} predictions{unknown}. "
            f"This month, every project: {format_usd(figures.month_usd)}{budget}."
        )
        for key, group in (
            ("shot", figures.report.by_shot),
            ("model", figures.report.by_model),
            ("day", figures.report.by_day),
        ):
            self._fill(self.tables[key], group)
        self.figures_shown.emit()

    @staticmethod
    def _fill(table: QTableWidget, group: dict[str, CostLine]) -> None:
        table.setRowCount(len(group))
        for row, (name, line) in enumerate(sorted(group.items())):
            cost = format_usd(line.known_usd)
            if line.unknown and line.known_usd is not None:
                cost += f" + {line.unknown} unknown"
            for column, text in enumerate((name, cost, str(line.predictions))):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
