"""What the desk has not sent yet, and what its sync runs did: the operator's view.

Opened from the status bar. The upper table lists the outbox: changes set aside
(parked) after the server kept failing on them, with the reason, then those waiting
in line. A parked change of the signed-in user can be sent again once its cause is
gone. The lower table is the session's sync history (app.sync.history).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import CHINA_TIME
from app.domain.errors import DomainError
from app.models.results import UnsentLine
from app.sync.history import HistoryEntry, SyncHistory
from app.views.case_rows_model import interface_language
from app.views.change_labels import change_label
from app.views.row_table import fill_text_table, text_table
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)


def _fit_columns(table: QTableWidget) -> None:
    """Every column but the last as wide as its contents; the last takes the rest."""
    for column in range(table.columnCount() - 1):
        table.resizeColumnToContents(column)


class SyncDetailsDialog(QDialog):
    """The unsent changes with "send again", and the sync history."""

    def __init__(
        self,
        runner: TaskRunner,
        history: SyncHistory,
        load_unsent: Callable[[], tuple[UnsentLine, ...]],
        requeue: Callable[[str], int],
        username: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._history = history
        self._load_unsent = load_unsent
        self._requeue = requeue
        self._username = username
        self.unsent: tuple[UnsentLine, ...] = ()

        self.unsent_label = QLabel(self)
        self.unsent_table = text_table(6, self, single=True)
        self.unsent_table.setObjectName("sync_unsent_table")
        self.send_again_button = QPushButton(self)
        self.send_again_button.setObjectName("sync_send_again_button")
        self.refresh_button = QPushButton(self)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("fieldError")
        self.message_label.setWordWrap(True)
        self.history_label = QLabel(self)
        self.history_table = text_table(7, self)
        self.history_table.setObjectName("sync_history_table")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        actions = QHBoxLayout()
        actions.addWidget(self.send_again_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unsent_label)
        layout.addWidget(self.unsent_table, 3)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history_table, 2)
        layout.addWidget(buttons)

        buttons.rejected.connect(self.reject)
        self.send_again_button.clicked.connect(self._on_send_again_button_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self.unsent_table.itemSelectionChanged.connect(self._enable)
        self._retranslate()
        self.resize(860, 560)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync details"))
        self.unsent_table.setHorizontalHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Change"),
                self.tr("By"),
                self.tr("Made at"),
                self.tr("State"),
                self.tr("Reason"),
            ]
        )
        self.history_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Outcome"),
                self.tr("Sent"),
                self.tr("Received"),
                self.tr("Set aside"),
                self.tr("Conflicts"),
                self.tr("Message"),
            ]
        )
        self.send_again_button.setText(self.tr("Send again"))
        self.send_again_button.setToolTip(
            self.tr("Put the selected change back in line, once its cause is fixed")
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self._show_unsent(self.unsent)
        self.show_history()

    # --- the outbox ------------------------------------------------------------

    @Slot(object)
    def on_synced(self, _report: object) -> None:
        """A sync run ended: show its outcome, if the dialog is open."""
        if self.isVisible():
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._runner.submit(
            "unsent changes",
            self._load_unsent,
            self._show_unsent,
            on_error=self._show_error,
        )
        self.show_history()

    def _show_unsent(self, lines: tuple[UnsentLine, ...]) -> None:
        self.unsent = lines
        parked = sum(1 for line in lines if line.parked)
        fill_text_table(self.unsent_table, [self._unsent_cells(line) for line in lines])
        _fit_columns(self.unsent_table)
        self.unsent_label.setText(
            self.tr(
                "{waiting} change(s) waiting to be sent, {parked} set aside"
            ).format(waiting=len(lines) - parked, parked=parked)
        )
        self._enable()

    def _unsent_cells(self, line: UnsentLine) -> tuple[str, ...]:
        if line.parked and line.attempts:
            state = self.tr("Set aside after {attempts} attempt(s)").format(
                attempts=line.attempts
            )
        elif line.parked:
            state = self.tr("Set aside")  # at once: no server of its kind takes it
        else:
            state = self.tr("Waiting")
        return (
            line.case_number,
            change_label(line.what),
            line.author,
            line.created_at.astimezone(CHINA_TIME).strftime("%m-%d %H:%M"),
            state,
            line.last_error or "",
        )

    def selected(self) -> UnsentLine | None:
        row = self.unsent_table.currentRow()
        return self.unsent[row] if 0 <= row < len(self.unsent) else None

    @Slot()
    def _enable(self) -> None:
        line = self.selected()
        mine = line is not None and line.parked and line.author == self._username
        self.send_again_button.setEnabled(mine)

    @Slot()
    def _on_send_again_button_clicked(self) -> None:
        line = self.selected()
        if line is not None:
            self.send_again(line.mutation_id)

    def send_again(self, mutation_id: str) -> None:
        self.send_again_button.setEnabled(False)
        self._runner.submit(
            "send again",
            lambda: self._requeue(mutation_id),
            self._on_requeued,
            on_error=self._show_error,
        )

    def _on_requeued(self, _seq: int) -> None:
        self.message_label.setText(self.tr("Back in line; it goes with the next sync."))
        self.refresh()

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.message_label.setText(error.message(interface_language()))
        else:
            log.error("sync details: %s", type(error).__name__)
            self.message_label.setText(
                self.tr(
                    "The local cache is busy or unreadable ({error}); try again"
                ).format(error=type(error).__name__)
            )
        self._enable()

    # --- the history -------------------------------------------------------------

    def show_history(self) -> None:
        entries = list(self._history)
        fill_text_table(
            self.history_table, [self._history_cells(entry) for entry in entries]
        )
        _fit_columns(self.history_table)
        self.history_label.setText(
            self.tr("Sync history of this session ({count})").format(count=len(entries))
        )

    def _history_cells(self, entry: HistoryEntry) -> tuple[str, ...]:
        outcomes = {
            "online": self.tr("Done"),
            "offline": self.tr("Server unreachable"),
            "error": self.tr("Failed"),
            "syncing": self.tr("Syncing"),
        }
        message = entry.message_zh if interface_language() == "zh" else entry.message_en
        return (
            entry.at.astimezone(CHINA_TIME).strftime("%H:%M:%S"),
            outcomes.get(entry.status.value, entry.status.value),
            str(entry.pushed),
            str(entry.pulled + entry.downloaded),
            str(entry.parked),
            str(entry.conflicts),
            message,
        )
