"""Conflicting edits waiting for a decision: both values side by side, nothing lost.

Keeping one value queues a case.update carrying it (when it is not already the
server's) and marks the conflict resolved; the other value stays in the history.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
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


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class ConflictInbox(QWidget):
    """Signals:
    refreshed(int): the number of open conflicts shown.
    resolved(str): a conflict id, after the choice was saved.
    """

    refreshed = Signal(int)
    resolved = Signal(str)

    def __init__(
        self, runner: TaskRunner, store: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.lines: tuple[Any, ...] = ()
        self.table = QTableWidget(0, 4, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.keep_local_button = QPushButton(self)
        self.keep_server_button = QPushButton(self)
        self.message_label = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.keep_local_button)
        buttons.addWidget(self.keep_server_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.keep_local_button.clicked.connect(lambda: self._on_keep("local"))
        self.keep_server_button.clicked.connect(lambda: self._on_keep("server"))
        self._retranslate()

    def _retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Field"),
                self.tr("This desk's value"),
                self.tr("Server's value"),
            ]
        )
        self.keep_local_button.setText(self.tr("Keep this desk's value"))
        self.keep_server_button.setText(self.tr("Keep the server's value"))
        self.message_label.setText(
            self.tr("{count} conflict(s) to decide").format(count=len(self.lines))
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @Slot()
    def refresh(self) -> None:
        if self._runner.stopped:
            return
        self._runner.submit("conflicts", self._store.conflicts, self._show)

    def _show(self, lines: tuple[Any, ...]) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = (
                line.case_number,
                line.field,
                _value(line.local_value),
                _value(line.server_value),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.message_label.setText(
            self.tr("{count} conflict(s) to decide").format(count=len(lines))
        )
        self.refreshed.emit(len(lines))

    def _on_keep(self, choice: str) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.lines):
            self.resolve(self.lines[row].conflict_id, choice)

    def resolve(self, conflict_id: str, choice: str) -> None:
        self._runner.submit(
            "resolve conflict",
            lambda: self._store.resolve(conflict_id, choice),
            lambda _mutation: self._resolved(conflict_id),
            on_error=lambda error: self.message_label.setText(str(error)),
        )

    def _resolved(self, conflict_id: str) -> None:
        self.resolved.emit(conflict_id)
        self.refresh()
