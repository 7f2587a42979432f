"""Bar charts of the dashboard (Qt Charts), each able to save itself as a PNG.

Qt Charts cuts a category label to "…" once it is wider than its share of the axis,
so the charts keep labels short themselves: a dense axis (24 hours) labels every
few bars, long names (categories) are cut to a few characters with the full name
in the bar's tooltip, and the count axis steps by whole numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

BAR_COLOUR = QColor("#2b7bb9")
_COUNT_TICKS = 5


def elide(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters, "…" marking a cut."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _count_axis(values: Sequence[int]) -> QValueAxis:
    # Whole-number steps: with "%d" and a free tick count, 0 0 1 2 3 would show.
    top = max([*values, 1])
    step = max(1, math.ceil(top / _COUNT_TICKS))
    counts = QValueAxis()
    counts.setLabelFormat("%d")
    counts.setRange(0, step * math.ceil(top / step))
    counts.setTickType(QValueAxis.TickType.TicksDynamic)
    counts.setTickAnchor(0)
    counts.setTickInterval(step)
    return counts


class BarChartView(QChartView):
    """One bar chart; horizontal bars suit long labels such as category names."""

    def __init__(self, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 220)
        self.tooltips: tuple[str, ...] = ()
        self.set_bars("", [], [])

    def set_bars(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[int],
        *,
        tooltips: Sequence[str] = (),
        label_every: int = 1,
    ) -> None:
        """Draw ``values`` under ``labels``.

        ``tooltips``: the text shown over each bar (full names of cut labels).
        ``label_every``: label only every n-th bar (a value axis then stands in for
        the category axis, its labels sitting under their bars).
        """
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 8, 4))
        bars = QBarSet(title)
        bars.setColor(BAR_COLOUR)
        bars.setBorderColor(BAR_COLOUR)
        bars.append([float(v) for v in values])
        series = QHorizontalBarSeries() if self._horizontal else QBarSeries()
        series.setBarWidth(0.7)
        series.append(bars)
        chart.addSeries(series)

        categories = self._category_axis(labels, label_every)
        counts = _count_axis(values)
        category_side = Qt.AlignmentFlag.AlignLeft
        count_side = Qt.AlignmentFlag.AlignBottom
        if not self._horizontal:
            category_side, count_side = count_side, category_side
        chart.addAxis(categories, category_side)
        chart.addAxis(counts, count_side)
        series.attachAxis(categories)
        series.attachAxis(counts)
        self.tooltips = tuple(tooltips)
        bars.hovered.connect(self._on_hovered)

        old = self.chart()
        self.setChart(chart)  # the view takes ownership of the new chart
        if old is not None:
            old.deleteLater()
        self.values = tuple(values)
        self.labels = tuple(labels)

    @staticmethod
    def _category_axis(
        labels: Sequence[str], every: int
    ) -> QBarCategoryAxis | QCategoryAxis:
        if every <= 1:
            axis = QBarCategoryAxis()
            axis.append(list(labels))
            # Qt elides a label to "…" when its slot is thinner than the text's line
            # height, which ten category bars always are; the labels are short already.
            axis.setTruncateLabels(False)
            return axis
        # Bar i stands at x = i; a label on value i sits under bar i.
        sparse = QCategoryAxis()
        sparse.setLabelsPosition(
            QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue
        )
        sparse.setRange(-0.5, len(labels) - 0.5)
        sparse.setStartValue(-0.5)
        for index in range(0, len(labels), every):
            sparse.append(labels[index], index)
        sparse.setGridLineVisible(False)
        return sparse

    def _on_hovered(self, status: bool, index: int) -> None:
        if not status:
            QToolTip.hideText()
            return
        text = self.tooltips[index] if index < len(self.tooltips) else ""
        if index < len(self.values):
            text = f"{text}: {self.values[index]}" if text else str(self.values[index])
        QToolTip.showText(QCursor.pos(), text, self)

    def save_png(self, path: Path) -> bool:
        """Save what the view shows, at its current size."""
        return self.grab().save(str(path), "PNG")
