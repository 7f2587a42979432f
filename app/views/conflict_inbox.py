"""Conflicting edits waiting for a decision: both values side by side, nothing lost.

Keeping one value queues a case.update carrying it (when it is not already the
server's) and marks the conflict resolved; the other value stays in the history.
Below them, the changes of this desk the server refused (a command that lost a race
with another desk's), each with what was sent and the server's reason, until the
author marks it read.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.views.case_rows_model import interface_language
from app.views.change_labels import change_label
from app.views.row_table import fill_text_table, text_table
from app.views.tasks import TaskRunner


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


class ConflictInbox(QWidget):
    """Signals:
    refreshed(int): the number of open conflicts shown.
    resolved(str): a conflict id, after the choice was saved.
    """

    refreshed = Signal(int)
    resolved = Signal(str)
    rejections_shown = Signal(int)

    def __init__(
        self, runner: TaskRunner, store: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.lines: tuple[Any, ...] = ()
        self.table = text_table(4, self)
        self.keep_local_button = QPushButton(self)
        self.keep_server_button = QPushButton(self)
        self.message_label = QLabel(self)
        self.rejections: tuple[Any, ...] = ()
        self.rejections_label = QLabel(self)
        self.rejections_table = text_table(4, self)
        self.acknowledge_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.keep_local_button)
        buttons.addWidget(self.keep_server_button)
        refused = QHBoxLayout()
        refused.addWidget(self.rejections_label, 1)
        refused.addWidget(self.acknowledge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addLayout(refused)
        layout.addWidget(self.rejections_table, 1)
        self.keep_local_button.clicked.connect(lambda: self._on_keep("local"))
        self.keep_server_button.clicked.connect(lambda: self._on_keep("server"))
        self.acknowledge_button.clicked.connect(self._on_acknowledge_button_clicked)
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
        self.rejections_table.setHorizontalHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Refused change"),
                self.tr("What was sent"),
                self.tr("Server's reason"),
            ]
        )
        self.rejections_label.setText(
            self.tr("{count} change(s) refused by the server").format(
                count=len(self.rejections)
            )
        )
        self.acknowledge_button.setText(self.tr("Mark as read"))
        self._show_rejections(self.rejections, announce=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @Slot()
    def refresh(self) -> None:
        if self._runner.stopped:
            return
        self._runner.submit("conflicts", self._store.conflicts, self._show)
        rejections = getattr(self._store, "rejections", None)
        if rejections is not None:
            self._runner.submit("rejections", rejections, self._show_rejections)

    def _show(self, lines: tuple[Any, ...]) -> None:
        self.lines = lines
        rows = [
            (
                line.case_number,
                line.field,
                _value(line.local_value),
                _value(line.server_value),
            )
            for line in lines
        ]
        fill_text_table(self.table, rows)
        self.message_label.setText(
            self.tr("{count} conflict(s) to decide").format(count=len(lines))
        )
        self.refreshed.emit(len(lines))

    def _show_rejections(
        self, lines: tuple[Any, ...], *, announce: bool = True
    ) -> None:
        self.rejections = lines
        zh = interface_language() == "zh"
        rows = [
            (
                line.case_number,
                change_label(line.what),
                _value({k: v for k, v in line.sent.items() if k != "record_id"}),
                line.reason_zh if zh else line.reason_en,
            )
            for line in lines
        ]
        fill_text_table(self.rejections_table, rows)
        self.rejections_label.setText(
            self.tr("{count} change(s) refused by the server").format(count=len(lines))
        )
        if announce:
            self.rejections_shown.emit(len(lines))

    @Slot()
    def _on_acknowledge_button_clicked(self) -> None:
        row = self.rejections_table.currentRow()
        if 0 <= row < len(self.rejections):
            self.acknowledge(self.rejections[row].rejection_id)

    def acknowledge(self, rejection_id: str) -> None:
        self._runner.submit(
            "acknowledge rejection",
            lambda: self._store.acknowledge(rejection_id),
            lambda _none: self.refresh(),
            on_error=lambda error: self.message_label.setText(str(error)),
        )

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
