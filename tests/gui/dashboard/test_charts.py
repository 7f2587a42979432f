"""Chart axes stay readable: sparse hour labels, cut category names, whole counts."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis, QValueAxis
from PySide6.QtCore import Qt

from app.views.dashboard_charts import BarChartView, elide


def axis(view: BarChartView, kind: type):
    found = [a for a in view.chart().axes() if type(a) is kind]
    assert len(found) == 1
    return found[0]


def test_hours_labelled_every_third_bar(qtbot):
    view = BarChartView()
    qtbot.addWidget(view)
    view.set_bars("h", [str(h) for h in range(24)], list(range(24)), label_every=3)
    hours = axis(view, QCategoryAxis)
    assert hours.categoriesLabels() == [str(h) for h in range(0, 24, 3)]
    assert hours.endValue("9") == 9  # under the bar of 9 o'clock
    assert (hours.min(), hours.max()) == (-0.5, 23.5)


def test_counts_step_by_whole_numbers(qtbot):
    view = BarChartView(horizontal=True)
    qtbot.addWidget(view)
    view.set_bars("c", ["a", "b"], [3, 1])
    counts = axis(view, QValueAxis)
    assert counts.tickInterval() == 1 and counts.max() == 3
    view.set_bars("c", ["a", "b"], [47, 1])
    counts = axis(view, QValueAxis)
    assert counts.tickInterval() == 10 and counts.max() == 50
    assert axis(view, QBarCategoryAxis).alignment() == Qt.AlignmentFlag.AlignLeft


def test_long_names_cut_with_full_name_kept():
    assert elide("城乡居民基本养老保险待遇领取", 10) == "城乡居民基本养老保…"
    assert elide("社保卡", 10) == "社保卡"
