"""The disputes register tab: returns by department pair and month, the meeting's
agenda as CSV and PDF, and decisions that become dispatch catalogue rules."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QMarginsF, Signal, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import Role
from app.models.agenda import AGENDA_HEADER, agenda_rows, write_agenda_csv
from app.models.db import CacheDatabase
from app.models.disputes import (
    DisputeGroup,
    RuleDecision,
    dispute_register,
    record_decision,
)
from app.models.results import Actor
from app.views.row_table import fill_text_table
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)


def write_agenda_pdf(groups: Sequence[DisputeGroup], path: Path, title: str) -> Path:
    """The agenda as an A4 landscape PDF (QTextDocument's layout, Qt's CJK fonts)."""
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in AGENDA_HEADER)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in agenda_rows(groups)
    )
    document = QTextDocument()
    document.setHtml(
        f"<h2>{html.escape(title)}</h2>"
        f"<table border='1' cellspacing='0' cellpadding='3'>"
        f"<tr>{cells}</tr>{rows}</table>"
    )
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    document.print_(writer)
    del writer  # the file is finished when the writer goes
    return path


class DisputesPanel(QWidget):
    """Signals:
    loaded(object): the tuple of DisputeGroup now shown.
    decision_recorded(object): a RuleDecision was queued for the server.
    failed(str): loading or recording failed.
    """

    loaded = Signal(object)
    decision_recorded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        database: Callable[[], CacheDatabase],
        *,
        username: str,
        role: Role,
        client_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._database = database
        self._actor = Actor(username or "supervisor", role)
        self._client_id = client_id
        self.groups: tuple[DisputeGroup, ...] = ()

        today = QDate.currentDate()
        self._first_edit = QDateEdit(QDate(today.year(), today.month(), 1), self)
        self._last_edit = QDateEdit(QDate(today.year(), today.month(), 1), self)
        for edit in (self._first_edit, self._last_edit):
            edit.setDisplayFormat("yyyy-MM")
        self._load_button = QPushButton(self)
        self._csv_button = QPushButton(self)
        self._pdf_button = QPushButton(self)
        self._table = QTableWidget(0, len(AGENDA_HEADER), self)
        self._table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self._category_edit = QLineEdit(self)
        self._area_edit = QLineEdit(self)
        self._unit_edit = QLineEdit(self)
        self._co_units_edit = QLineEdit(self)
        self._note_edit = QLineEdit(self)
        self._decide_button = QPushButton(self)

        bar = QHBoxLayout()
        for widget in (
            self._first_edit,
            self._last_edit,
            self._load_button,
            self._csv_button,
            self._pdf_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        self._form = QFormLayout()
        self._form_labels = [QLabel(self) for _ in range(5)]
        for label, widget in zip(
            self._form_labels,
            (
                self._category_edit,
                self._area_edit,
                self._unit_edit,
                self._co_units_edit,
                self._note_edit,
            ),
            strict=True,
        ):
            self._form.addRow(label, widget)
        self._form.addRow(self._decide_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self._table, 1)
        layout.addLayout(self._form)
        self._retranslate()

        self._load_button.clicked.connect(self.load)
        self._csv_button.clicked.connect(self._on_csv_button_clicked)
        self._pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self._decide_button.clicked.connect(self._on_decide_button_clicked)
        self._table.itemSelectionChanged.connect(self._on_table_selection_changed)

    def _retranslate(self) -> None:
        self._load_button.setText(self.tr("Load returns"))
        self._csv_button.setText(self.tr("Agenda (CSV)"))
        self._pdf_button.setText(self.tr("Agenda (PDF)"))
        # The exported agenda keeps its bilingual header; the screen speaks one.
        self._table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Month"),
                self.tr("Returning unit"),
                self.tr("Re-dispatched to"),
                self.tr("Returns"),
                self.tr("Approved"),
                self.tr("Refused"),
                self.tr("Pending"),
                self.tr("Categories"),
                self.tr("Areas"),
                self.tr("Reasons"),
                self.tr("Cases"),
            ]
        )
        self._decide_button.setText(self.tr("Record decision as dispatch rule"))
        for label, text in zip(
            self._form_labels,
            (
                self.tr("Category code (prefix)"),
                self.tr("Area code (prefix, may be empty)"),
                self.tr("Lead unit code"),
                self.tr("Co-unit codes (separated by ;)"),
                self.tr("Note"),
            ),
            strict=True,
        ):
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def set_months(self, first: date, last: date) -> None:
        self._first_edit.setDate(QDate(first.year, first.month, 1))
        self._last_edit.setDate(QDate(last.year, last.month, 1))

    @Slot()
    def load(self) -> None:
        first = self._first_edit.date().toPython()
        last = self._last_edit.date().toPython()
        database = self._database

        def read() -> tuple[DisputeGroup, ...]:
            with database().read() as session:
                return dispute_register(session, min(first, last), max(first, last))

        self._runner.submit("disputes", read, self._on_loaded, on_error=self._fail)

    def _on_loaded(self, groups: tuple[DisputeGroup, ...]) -> None:
        # The table shows the agenda's order, so keep the groups in it too.
        order = {row[0]: row for row in agenda_rows(groups)}
        ranked = sorted(
            groups, key=lambda g: (g.month, -g.count, g.from_unit, g.to_unit)
        )
        self.groups = tuple(ranked)
        fill_text_table(self._table, list(order.values()))
        self.loaded.emit(self.groups)

    def _fail(self, error: BaseException) -> None:
        self.failed.emit(str(error))

    def selected_group(self) -> DisputeGroup | None:
        rows = {index.row() for index in self._table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.groups[rows.pop()]

    def select_group(self, index: int) -> None:
        self._table.selectRow(index)

    @Slot()
    def _on_table_selection_changed(self) -> None:
        group = self.selected_group()
        if group is None:
            return
        self._category_edit.setText(group.categories[0] if group.categories else "")
        self._area_edit.setText(group.areas[0] if len(group.areas) == 1 else "")
        self._unit_edit.setText(group.to_unit)

    def fill_decision(
        self, category: str, area: str, unit: str, co_units: str = "", note: str = ""
    ) -> None:
        self._category_edit.setText(category)
        self._area_edit.setText(area)
        self._unit_edit.setText(unit)
        self._co_units_edit.setText(co_units)
        self._note_edit.setText(note)

    @Slot()
    def _on_decide_button_clicked(self) -> None:
        group = self.selected_group()
        if group is None:
            self.failed.emit(self.tr("Choose a dispute first"))
            return
        category = self._category_edit.text()
        area = self._area_edit.text()
        unit = self._unit_edit.text()
        co_units = [c for c in self._co_units_edit.text().split(";") if c.strip()]
        note = self._note_edit.text()
        database, actor, client_id = self._database, self._actor, self._client_id

        def save() -> RuleDecision:
            with database().write() as session:
                return record_decision(
                    session,
                    group,
                    category_prefix=category,
                    area_prefix=area,
                    lead_unit_code=unit,
                    co_unit_codes=co_units,
                    note=note,
                    actor=actor,
                    client_id=client_id,
                )

        # Queued in the outbox; the next sync run posts it (SyncEngine.sync_once).
        self._runner.submit(
            "dispute decision", save, self.decision_recorded.emit, on_error=self._fail
        )

    def export_csv(self, path: Path) -> Path:
        return write_agenda_csv(self.groups, path)

    def export_pdf(self, path: Path) -> Path:
        return write_agenda_pdf(self.groups, path, self.tr("Disputes meeting agenda"))

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export agenda"), "agenda.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export agenda"), "agenda.pdf", "PDF (*.pdf)"
        )
        if name:
            self.export_pdf(Path(name))
