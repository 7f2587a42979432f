"""Bar charts of the dashboard (Qt Charts), each able to save itself as a PNG."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


class BarChartView(QChartView):
    """One bar chart; horizontal bars suit long labels such as category names."""

    def __init__(self, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 220)
        self.set_bars("", [], [])

    def set_bars(
        self, title: str, labels: Sequence[str], values: Sequence[int]
    ) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        bars = QBarSet(title)
        bars.append([float(v) for v in values])
        series = QHorizontalBarSeries() if self._horizontal else QBarSeries()
        series.append(bars)
        chart.addSeries(series)

        categories = QBarCategoryAxis()
        categories.append(list(labels))
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setRange(0, max([*values, 1]))
        category_side = Qt.AlignmentFlag.AlignLeft
        count_side = Qt.AlignmentFlag.AlignBottom
        if not self._horizontal:
            category_side, count_side = count_side, category_side
        chart.addAxis(categories, category_side)
        chart.addAxis(counts, count_side)
        series.attachAxis(categories)
        series.attachAxis(counts)

        old = self.chart()
        self.setChart(chart)  # the view takes ownership of the new chart
        if old is not None:
            old.deleteLater()
        self.values = tuple(values)
        self.labels = tuple(labels)

    def save_png(self, path: Path) -> bool:
        """Save what the view shows, at its current size."""
        return self.grab().save(str(path), "PNG")
