"""The department handler's seat: the unit's queue with deadline lights, and actions.

Accept, return (disputed responsibility) with a reason, request an extension with a
reason and a new date, record direct contact with the caller, reply with the result.
Each action is a workflow command written to the outbox: it works offline.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import CHINA_TIME
from app.domain.workflow import Action
from app.models.queues import HANDLING_STATES, Queue, QueueQuery, SortKey
from app.views.queue_table import QueueTable
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)
CONTACT_METHODS = ("phone", "visit", "sms", "other")
# The methods' labels, marked for lupdate and translated when shown.
_METHOD_LABELS = {
    "phone": QT_TRANSLATE_NOOP("HandlerPanel", "Phone"),
    "visit": QT_TRANSLATE_NOOP("HandlerPanel", "Visit"),
    "sms": QT_TRANSLATE_NOOP("HandlerPanel", "Text message"),
    "other": QT_TRANSLATE_NOOP("HandlerPanel", "Other"),
}


class HandlerPanel(QWidget):
    """Signals:
    action_done(object): a CommandResult, after the command is saved locally.
    action_failed(str): why an action was refused, in both languages.
    """

    action_done = Signal(object)
    action_failed = Signal(str)

    def __init__(
        self, runner: TaskRunner, store: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.case_id = ""
        query = QueueQuery(Queue.UNIT, sort=SortKey.DUE_AT, unit_code=store.unit_code)
        self.queue = QueueTable(runner, store, query, HANDLING_STATES, self)

        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(500)
        self.new_date_edit = QDateEdit(self)
        self.new_date_edit.setCalendarPopup(True)
        self.new_date_edit.setDate(QDate.currentDate().addDays(7))
        self.contact_time_edit = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.contact_method_combo = QComboBox(self)
        for method in CONTACT_METHODS:
            self.contact_method_combo.addItem("", method)
        self.agreed_edit = QPlainTextEdit(self)
        self.reply_edit = QPlainTextEdit(self)
        self.accept_button = QPushButton(self)
        self.return_button = QPushButton(self)
        self.extension_button = QPushButton(self)
        self.contact_button = QPushButton(self)
        self.reply_button = QPushButton(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.case_label = QLabel(self)
        self._layout()
        self._connect()
        self._retranslate()
        self._enable()

    def _layout(self) -> None:
        self.actions_box = QGroupBox(self)
        form = QFormLayout(self.actions_box)
        form.addRow(self.case_label)
        form.addRow(self.accept_button)
        self.reason_label = QLabel(self)
        form.addRow(self.reason_label, self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.extension_button)
        self.new_date_label = QLabel(self)
        form.addRow(self.new_date_label, self.new_date_edit)
        form.addRow(buttons)
        self.contact_label = QLabel(self)
        form.addRow(self.contact_label, self.contact_time_edit)
        form.addRow("", self.contact_method_combo)
        form.addRow("", self.agreed_edit)
        form.addRow(self.contact_button)
        self.reply_label = QLabel(self)
        form.addRow(self.reply_label, self.reply_edit)
        form.addRow(self.reply_button)
        form.addRow(self.message_label)
        splitter = QSplitter(self)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.actions_box)
        splitter.setStretchFactor(0, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.queue.case_selected.connect(self._on_queue_case_selected)
        self.accept_button.clicked.connect(self.accept_case)
        self.return_button.clicked.connect(
            lambda: self.request_return(self.reason_edit.text())
        )
        self.extension_button.clicked.connect(self._on_extension_button_clicked)
        self.contact_button.clicked.connect(self._on_contact_button_clicked)
        self.reply_button.clicked.connect(
            lambda: self.reply(self.reply_edit.toPlainText())
        )

    def _retranslate(self) -> None:
        self.actions_box.setTitle(self.tr("Handle the case"))
        self.accept_button.setText(self.tr("Accept"))
        self.reason_label.setText(self.tr("Reason"))
        self.return_button.setText(self.tr("Return (not ours)"))
        self.extension_button.setText(self.tr("Request extension"))
        self.new_date_label.setText(self.tr("New due date"))
        self.contact_label.setText(self.tr("Contacted the caller"))
        self.agreed_edit.setPlaceholderText(self.tr("What was agreed"))
        self.contact_button.setText(self.tr("Record contact"))
        self.reply_label.setText(self.tr("Result"))
        self.reply_button.setText(self.tr("Reply"))
        for row, method in enumerate(CONTACT_METHODS):
            label = QCoreApplication.translate("HandlerPanel", _METHOD_LABELS[method])
            self.contact_method_combo.setItemText(row, label)
        if self.case_id:
            self._show_case_label()
        else:
            self.case_label.setText(self.tr("Select a case in the queue"))

    def set_language(self, language: str) -> None:
        self.queue.set_language(language)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _enable(self) -> None:
        for button in (
            self.accept_button,
            self.return_button,
            self.extension_button,
            self.contact_button,
            self.reply_button,
        ):
            button.setEnabled(bool(self.case_id))

    def refresh(self) -> None:
        self.queue.refresh()

    @Slot(str)
    def _on_queue_case_selected(self, case_id: str) -> None:
        self.select_case(case_id)

    def select_case(self, case_id: str) -> None:
        self.case_id = case_id
        self._show_case_label()
        self._enable()

    def _show_case_label(self) -> None:
        row = self.queue.model.row_of(self.case_id)
        model = self.queue.model
        number = model.row_value(row).number if row >= 0 else self.case_id[:8]
        self.case_label.setText(self.tr("Case {number}").format(number=number))

    # --- actions -------------------------------------------------------------------

    def accept_case(self) -> None:
        self._act(Action.ACCEPT)

    def request_return(self, reason: str) -> None:
        self._act(Action.REQUEST_RETURN, reason=reason.strip())

    def request_extension(self, reason: str, new_date: date) -> None:
        due = datetime.combine(new_date, time(18, 0), tzinfo=CHINA_TIME).astimezone(UTC)
        self._act(Action.REQUEST_EXTENSION, reason=reason.strip(), requested_due_at=due)

    def record_contact(
        self, method: str, agreed: str, when: datetime | None = None
    ) -> None:
        self._act(
            Action.RECORD_CONTACT,
            text=agreed.strip(),
            method=method,
            agreed=agreed.strip(),
            contacted_at=when or datetime.now(UTC),
        )

    def reply(self, text: str) -> None:
        self._act(Action.REPLY, text=text.strip())

    @Slot()
    def _on_extension_button_clicked(self) -> None:
        self.request_extension(
            self.reason_edit.text(), self.new_date_edit.date().toPython()
        )

    @Slot()
    def _on_contact_button_clicked(self) -> None:
        when = self.contact_time_edit.dateTime().toPython().astimezone(UTC)
        self.record_contact(
            self.contact_method_combo.currentData(),
            self.agreed_edit.toPlainText(),
            when,
        )

    def _act(self, action: Action, **args: Any) -> None:
        if not self.case_id:
            return
        case_id = self.case_id
        self._runner.submit(
            f"handler {action.value}",
            lambda: self._store.act(case_id, action, **args),
            self._on_done,
            on_error=self._on_error,
        )

    def _on_done(self, result: Any) -> None:
        self.message_label.setText(self.tr("Saved; it will sync when online"))
        self.queue.refresh()
        self.action_done.emit(result)

    def _on_error(self, error: BaseException) -> None:
        self.message_label.setText(str(error))
        self.action_failed.emit(str(error))
