"""The supervisor's dashboard tab: period, figures, hotspots, charts and exports.

The figures are computed by app.models.dashboard on the task runner's database lane
and come back as one frozen Dashboard value.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QLocale, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import RequestType
from app.models.agenda import write_figures_csv
from app.models.dashboard import (
    HOTSPOT_DAYS,
    HOTSPOT_MIN,
    HOTSPOT_RATIO,
    Dashboard,
    Figures,
    Period,
    PeriodKind,
    Rate,
    compute_dashboard,
    local_today,
)
from app.models.db import CacheDatabase
from app.views.dashboard_charts import BarChartView, elide
from app.views.loop_store import file_names
from app.views.row_table import fill_text_table
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)


def _category_name(code: str, name: str) -> str:
    # The figures name categories from the cache, falling back to the code; the
    # reference files name those the cache has not received.
    if name and name != code:
        return name
    known = file_names().categories.get(code)
    return known[1] if known else code


def _area_name(code: str, name: str) -> str:
    if name and name != code:
        return name
    known = file_names().areas.get(code)
    return known[1] if known else code


CHARTS = ("by_day", "by_hour", "by_type", "top_categories")
# Category names on the bars' axis: longer ones are cut, the full name in the tooltip.
_CATEGORY_CHARS = 10


def _percent(rate: Rate) -> str:
    value = rate.value
    if value is None:
        return "—"
    return f"{value * 100:.1f}% ({rate.numerator}/{rate.denominator})"


class DashboardPanel(QWidget):
    """Signals:
    refreshed(object): a new Dashboard is shown.
    refresh_failed(str): the figures could not be computed.
    """

    refreshed = Signal(object)
    refresh_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        database: Callable[[], CacheDatabase],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._database = database
        self.dashboard: Dashboard | None = None
        self.today: Callable[[], object] = local_today

        self._period_combo = QComboBox(self)
        self._first_edit = QDateEdit(self, calendarPopup=True)
        self._last_edit = QDateEdit(self, calendarPopup=True)
        for edit in (self._first_edit, self._last_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
        self._lane_combo = QComboBox(self)
        self._refresh_button = QPushButton(self)
        self._csv_button = QPushButton(self)
        self._png_button = QPushButton(self)
        self._status_label = QLabel(self)
        self._rate_labels = {name: QLabel(self) for name in self._rate_names()}
        self._rate_titles = {name: QLabel(self) for name in self._rate_names()}
        self._hotspot_table = QTableWidget(0, 4, self)
        self._hotspot_empty = QLabel(self)
        self._hotspot_empty.setWordWrap(True)
        self.charts = {
            name: BarChartView(horizontal=name == "top_categories", parent=self)
            for name in CHARTS
        }

        self._lay_out()
        self._retranslate()
        self._period_combo.currentIndexChanged.connect(self._on_period_changed)
        self._lane_combo.currentIndexChanged.connect(self._on_lane_changed)
        self._refresh_button.clicked.connect(self.refresh)
        self._csv_button.clicked.connect(self._on_csv_button_clicked)
        self._png_button.clicked.connect(self._on_png_button_clicked)
        self._on_period_changed()

    @staticmethod
    def _rate_names() -> tuple[str, ...]:
        return ("total", "on_time", "callback", "satisfaction", "direct_resolution")

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for widget in (
            self._period_combo,
            self._first_edit,
            self._last_edit,
            self._lane_combo,
            self._refresh_button,
            self._csv_button,
            self._png_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self._status_label)

        rates = QGridLayout()
        for column, name in enumerate(self._rate_names()):
            rates.addWidget(self._rate_titles[name], 0, column)
            rates.addWidget(self._rate_labels[name], 1, column)

        charts = QGridLayout()
        for index, name in enumerate(CHARTS):
            charts.addWidget(self.charts[name], index // 2, index % 2)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(rates)
        layout.addLayout(charts, 1)
        layout.addWidget(self._hotspot_empty)
        layout.addWidget(self._hotspot_table)
        self._hotspot_table.setMaximumHeight(160)
        self._hotspot_table.verticalHeader().hide()
        self._hotspot_table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
        )
        header = self._hotspot_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def _retranslate(self) -> None:
        self._period_combo.blockSignals(True)
        current = self._period_combo.currentIndex()
        self._period_combo.clear()
        for kind, text in (
            (PeriodKind.TODAY, self.tr("Today")),
            (PeriodKind.DAYS_7, self.tr("Last 7 days")),
            (PeriodKind.DAYS_30, self.tr("Last 30 days")),
            (PeriodKind.CUSTOM, self.tr("Custom")),
        ):
            self._period_combo.addItem(text, kind.value)
        self._period_combo.setCurrentIndex(max(current, 1))
        self._period_combo.blockSignals(False)
        self._lane_combo.blockSignals(True)
        lane = max(self._lane_combo.currentIndex(), 0)
        self._lane_combo.clear()
        self._lane_combo.addItem(self.tr("All callers"), "all")
        self._lane_combo.addItem(self.tr("Enterprise lane"), "enterprise")
        self._lane_combo.setCurrentIndex(lane)
        self._lane_combo.blockSignals(False)
        self._refresh_button.setText(self.tr("Refresh"))
        self._csv_button.setText(self.tr("Export figures (CSV)"))
        self._png_button.setText(self.tr("Export charts (PNG)"))
        for name, text in (
            ("total", self.tr("Cases")),
            ("on_time", self.tr("On-time completion")),
            ("callback", self.tr("Callback rate")),
            ("satisfaction", self.tr("Satisfaction")),
            ("direct_resolution", self.tr("Direct resolution")),
        ):
            self._rate_titles[name].setText(text)
        self._hotspot_table.setHorizontalHeaderLabels(
            [
                self.tr("Category"),
                self.tr("Community"),
                self.tr("This week"),
                self.tr("Last week"),
            ]
        )
        self._show()  # chart titles and type names in the new language

    # --- period and refresh -----------------------------------------------------

    def period(self) -> Period:
        kind = PeriodKind(self._period_combo.currentData())
        first = self._first_edit.date().toPython()
        last = self._last_edit.date().toPython()
        custom = Period(min(first, last), max(first, last))
        return Period.of(kind, self.today(), custom)  # type: ignore[arg-type]

    def set_period(self, kind: PeriodKind, custom: Period | None = None) -> None:
        if custom is not None:
            self._first_edit.setDate(QDate(custom.first_day))
            self._last_edit.setDate(QDate(custom.last_day))
        self._period_combo.setCurrentIndex(self._period_combo.findData(kind.value))

    @Slot()
    def _on_period_changed(self) -> None:
        custom = self._period_combo.currentData() == PeriodKind.CUSTOM.value
        self._first_edit.setEnabled(custom)
        self._last_edit.setEnabled(custom)

    @Slot()
    def refresh(self) -> None:
        """Compute the figures on the database lane; refreshed() when shown."""
        period = self.period()
        database = self._database
        self._status_label.setText(self.tr("Computing…"))
        self._refresh_button.setEnabled(False)

        def compute() -> Dashboard:
            file_names()  # read here, off the GUI thread, for _show's look-ups
            with database().read() as session:
                return compute_dashboard(session, period)

        self._runner.submit(
            "dashboard", compute, self._on_computed, on_error=self._on_failed
        )

    def _on_computed(self, dashboard: Dashboard) -> None:
        self._refresh_button.setEnabled(True)
        self.dashboard = dashboard
        self._show()
        self._status_label.setText(
            self.tr("{first} to {last}").format(
                first=dashboard.period.first_day.isoformat(),
                last=dashboard.period.last_day.isoformat(),
            )
        )
        self.refreshed.emit(dashboard)

    def _on_failed(self, error: BaseException) -> None:
        self._refresh_button.setEnabled(True)
        message = str(error)
        self._status_label.setText(
            self.tr("Figures unavailable: {error}").format(error=message)
        )
        self.refresh_failed.emit(message)

    @Slot()
    def _on_lane_changed(self) -> None:
        if self.dashboard is not None:
            self._show()

    def figures(self) -> Figures | None:
        if self.dashboard is None:
            return None
        if self._lane_combo.currentData() == "enterprise":
            return self.dashboard.enterprise
        return self.dashboard.overall

    def _show(self) -> None:
        figures = self.figures()
        dashboard = self.dashboard
        if figures is None or dashboard is None:
            return
        self._rate_labels["total"].setText(str(figures.total))
        for name in ("on_time", "callback", "satisfaction", "direct_resolution"):
            self._rate_labels[name].setText(_percent(getattr(figures, name)))

        self.charts["by_day"].set_bars(
            self.tr("Cases by day"),
            [day.strftime("%m-%d") for day, _count in figures.by_day],
            [count for _day, count in figures.by_day],
        )
        # Every third hour labelled: 24 two-digit labels do not fit a half-width
        # chart; each bar's tooltip names its hour.
        self.charts["by_hour"].set_bars(
            self.tr("Cases by hour"),
            [str(hour) for hour in range(24)],
            figures.by_hour,
            tooltips=[f"{hour:02d}:00–{hour:02d}:59" for hour in range(24)],
            label_every=3,
        )
        self.charts["by_type"].set_bars(
            self.tr("Cases by request type"),
            [_type_label(code) for code, _count in figures.by_type],
            [count for _code, count in figures.by_type],
        )
        top = list(reversed(figures.top_categories))  # largest at the top
        names = [_category_name(c.code, c.name_zh) for c in top]
        self.charts["top_categories"].set_bars(
            self.tr("Top categories"),
            [elide(name, _CATEGORY_CHARS) for name in names],
            [c.count for c in top],
            tooltips=[f"{name} ({c.code})" for name, c in zip(names, top, strict=True)],
        )

        table = self._hotspot_table
        # An empty table reads as broken: say there is no hotspot and what one is.
        self._hotspot_empty.setText(
            self.tr(
                "No hotspot in the last {days} days. A hotspot is one category in "
                "one community with at least {minimum} cases in {days} days and "
                "{ratio} times the {days} days before."
            ).format(days=HOTSPOT_DAYS, minimum=HOTSPOT_MIN, ratio=HOTSPOT_RATIO)
        )
        self._hotspot_empty.setVisible(not dashboard.hotspots)
        table.setVisible(bool(dashboard.hotspots))
        rows = [
            (
                _category_name(spot.category_code, spot.category_name),
                _area_name(spot.area_code, spot.area_name),
                str(spot.this_week),
                str(spot.last_week),
            )
            for spot in dashboard.hotspots
        ]
        fill_text_table(table, rows)

    # --- exports ----------------------------------------------------------------

    def export_csv(self, path: Path) -> Path | None:
        if self.dashboard is None:
            return None
        return write_figures_csv(self.dashboard, path)

    def export_png(self, folder: Path) -> list[Path]:
        """Each chart as <folder>/dashboard-<name>.png."""
        saved = []
        for name, view in self.charts.items():
            path = folder / f"dashboard-{name}.png"
            if view.save_png(path):
                saved.append(path)
            else:
                log.warning("chart %s could not be saved", name)
        return saved

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export figures"), "dashboard.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))

    @Slot()
    def _on_png_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export charts"))
        if folder:
            self.export_png(Path(folder))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def _type_label(code: str) -> str:
    zh = QLocale().language() == QLocale.Language.Chinese
    try:
        return RequestType(code).label("zh" if zh else "en")
    except ValueError:
        return code
