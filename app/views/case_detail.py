"""One case with its full history; the caller's number masked until revealed.

Revealing the number is an audited action: the cache records who saw it and when.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.views.tasks import TaskRunner

_ZONE = ZoneInfo("Asia/Shanghai")


class CaseDetailView(QWidget):
    """Signals:
    loaded(object): the CaseDetail now shown.
    revealed(str): the caller's full number, after the reveal was logged.
    """

    loaded = Signal(object)
    revealed = Signal(str)

    def __init__(
        self, runner: TaskRunner, store: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.detail: Any = None
        self.title_label = QLabel(self)
        self.caller_label = QLabel(self)
        self.reveal_button = QPushButton(self)
        self.fields_table = QTableWidget(0, 2, self)
        self.history_table = QTableWidget(0, 5, self)
        for table in (self.fields_table, self.history_table):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
        caller = QHBoxLayout()
        caller.addWidget(self.caller_label, 1)
        caller.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(caller)
        layout.addWidget(self.fields_table, 1)
        layout.addWidget(self.history_table, 1)
        self.reveal_button.clicked.connect(self.reveal_number)
        self._retranslate()

    def _retranslate(self) -> None:
        self.reveal_button.setText(self.tr("Show number (logged)"))
        self.fields_table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Value")]
        )
        self.history_table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Who"),
                self.tr("What"),
                self.tr("Status"),
                self.tr("Text"),
            ]
        )

    @Slot(str)
    def open_case(self, case_id: str) -> None:
        if self._runner.stopped:
            return
        self._runner.submit(
            "case detail", lambda: self._store.detail(case_id), self._show
        )

    def _show(self, detail: Any) -> None:
        self.detail = detail
        self.title_label.setText(f"<b>{detail.number}</b>")
        self.caller_label.setText(
            self.tr("Caller: {number}").format(number=detail.caller_masked)
        )
        self.reveal_button.setEnabled(bool(detail.caller_masked))
        self.fields_table.setRowCount(len(detail.fields))
        for row, (name, value) in enumerate(detail.fields):
            self.fields_table.setItem(row, 0, QTableWidgetItem(name))
            self.fields_table.setItem(row, 1, QTableWidgetItem(value))
        self.history_table.setRowCount(len(detail.history))
        for row, line in enumerate(detail.history):
            status = f"{line.from_status} → {line.to_status}" if line.to_status else ""
            cells = (
                line.at.astimezone(_ZONE).strftime("%Y-%m-%d %H:%M"),
                line.who,
                f"{line.kind}: {line.action}" if line.action else line.kind,
                status,
                line.text,
            )
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, QTableWidgetItem(text))
        self.loaded.emit(detail)

    @Slot()
    def reveal_number(self) -> None:
        if self.detail is None:
            return
        case_id = self.detail.case_id
        self._runner.submit(
            "reveal caller number", lambda: self._store.reveal(case_id), self._revealed
        )

    def _revealed(self, number: str) -> None:
        self.caller_label.setText(self.tr("Caller: {number}").format(number=number))
        self.revealed.emit(number)
