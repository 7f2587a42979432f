"""The supervisor's queues, a case's full history, review actions and conflicts.

Every review action (note, reassign, key issue, leader's instruction, deciding a
return or an extension) is a command queued in the outbox, so a supervisor can review
on a laptop with no network and the decisions sync when it reconnects.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QEvent,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import CHINA_TIME
from app.domain.workflow import Action
from app.models.queues import Queue, QueueQuery, SortKey
from app.views.case_detail import CaseDetailView
from app.views.conflict_inbox import ConflictInbox
from app.views.queue_table import QueueTable
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)
_STATUSES = (
    "registered",
    "dispatched",
    "accepted",
    "return_requested",
    "extension_requested",
    "reported_done",
    "in_callback",
    "redo",
    "closed",
)
# Marked for lupdate here and translated when shown (_retranslate).
_QUEUE_NAMES = {
    Queue.OPEN: QT_TRANSLATE_NOOP("SupervisorPanel", "Open cases"),
    Queue.OVERDUE: QT_TRANSLATE_NOOP("SupervisorPanel", "Overdue"),
    Queue.DUE_SOON: QT_TRANSLATE_NOOP("SupervisorPanel", "Due soon"),
    Queue.AWAITING_CALLBACK: QT_TRANSLATE_NOOP("SupervisorPanel", "Awaiting callback"),
    Queue.UNSATISFIED_REDO: QT_TRANSLATE_NOOP(
        "SupervisorPanel", "Unsatisfied and redo"
    ),
    Queue.REPEAT_CALLERS: QT_TRANSLATE_NOOP("SupervisorPanel", "Repeat callers"),
    Queue.KEY_ISSUES: QT_TRANSLATE_NOOP("SupervisorPanel", "Key issues"),
    Queue.PENDING_DECISIONS: QT_TRANSLATE_NOOP(
        "SupervisorPanel", "Returns and extensions"
    ),
    Queue.ENTERPRISE: QT_TRANSLATE_NOOP("SupervisorPanel", "Enterprise lane"),
    Queue.ALL: QT_TRANSLATE_NOOP("SupervisorPanel", "All cases"),
}


class SupervisorPanel(QWidget):
    """Signals:
    action_done(object): a review action saved locally (CommandResult).
    action_failed(str): why it was refused, in both languages.
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
        self.queue_combo = QComboBox(self)
        for queue in _QUEUE_NAMES:
            self.queue_combo.addItem("", queue.value)
        query = QueueQuery(Queue.OPEN, sort=SortKey.DUE_AT)
        self.queue = QueueTable(runner, store, query, _STATUSES, self)
        self.detail = CaseDetailView(runner, store, self)
        self.conflicts = ConflictInbox(runner, store, self)
        self.text_edit = QLineEdit(self)
        self.text_edit.setMaxLength(500)
        self.unit_edit = QLineEdit(self)
        self.unit_edit.setMaxLength(32)
        self.due_edit = QDateEdit(QDate.currentDate().addDays(7), self)
        self.due_edit.setCalendarPopup(True)
        self.buttons = {
            name: QPushButton(self)
            for name in (
                "note",
                "reassign",
                "key_issue",
                "instruction",
                "approve_return",
                "refuse_return",
                "approve_extension",
                "refuse_extension",
            )
        }
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self._layout()
        self._connect()
        self._retranslate()

    def _layout(self) -> None:
        self.review_box = QGroupBox(self)
        form = QFormLayout(self.review_box)
        self.text_label, self.unit_label, self.due_label = (
            QLabel(self),
            QLabel(self),
            QLabel(self),
        )
        form.addRow(self.text_label, self.text_edit)
        form.addRow(self.unit_label, self.unit_edit)
        form.addRow(self.due_label, self.due_edit)
        for pair in (
            ("note", "instruction"),
            ("reassign", "key_issue"),
            ("approve_return", "refuse_return"),
            ("approve_extension", "refuse_extension"),
        ):
            row = QHBoxLayout()
            for name in pair:
                row.addWidget(self.buttons[name])
            form.addRow(row)
        form.addRow(self.message_label)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.review_box)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.queue_combo)
        left_layout.addWidget(self.queue, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(splitter, "")
        self.tabs.addTab(self.conflicts, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _connect(self) -> None:
        self.queue_combo.currentIndexChanged.connect(self._on_queue_combo_changed)
        self.queue.case_selected.connect(self.open_case)
        self.detail.loaded.connect(self._on_detail_loaded)
        self.conflicts.resolved.connect(lambda _id: self.queue.refresh())
        text = self.text_edit.text
        handlers = {
            "note": lambda: self.add_note(text()),
            "instruction": lambda: self.leader_instruction(text()),
            "reassign": lambda: self.reassign(self.unit_edit.text(), text()),
            "key_issue": lambda: self.mark_key_issue(text()),
            "approve_return": lambda: self.decide_return(True, text()),
            "refuse_return": lambda: self.decide_return(False, text()),
            "approve_extension": lambda: self.decide_extension(
                True, text(), self.due_edit.date().toPython()
            ),
            "refuse_extension": lambda: self.decide_extension(False, text()),
        }
        for name, handler in handlers.items():
            self.buttons[name].clicked.connect(handler)

    def _retranslate(self) -> None:
        for row, name in enumerate(_QUEUE_NAMES.values()):
            text = QCoreApplication.translate("SupervisorPanel", name)
            self.queue_combo.setItemText(row, text)
        self.tabs.setTabText(0, self.tr("Queues"))
        self.tabs.setTabText(1, self.tr("Conflicts"))
        self.review_box.setTitle(self.tr("Review (works offline)"))
        self.text_label.setText(self.tr("Text / reason / leader"))
        self.unit_label.setText(self.tr("Unit code"))
        self.due_label.setText(self.tr("New due date"))
        labels = {
            "note": self.tr("Add note"),
            "instruction": self.tr("Leader's instruction"),
            "reassign": self.tr("Reassign"),
            "key_issue": self.tr("Mark key issue"),
            "approve_return": self.tr("Approve return"),
            "refuse_return": self.tr("Refuse return"),
            "approve_extension": self.tr("Approve extension"),
            "refuse_extension": self.tr("Refuse extension"),
        }
        for name, label in labels.items():
            self.buttons[name].setText(label)

    def set_language(self, language: str) -> None:
        self.queue.set_language(language)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        # The queue table, detail and inbox retranslate on their own events.
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.queue.refresh()
        self.conflicts.refresh()

    @Slot(int)
    def _on_queue_combo_changed(self, _row: int) -> None:
        self.set_queue(Queue(self.queue_combo.currentData()))

    def set_queue(self, queue: Queue) -> None:
        sort = (
            SortKey.UPDATED_AT if queue == Queue.AWAITING_CALLBACK else SortKey.DUE_AT
        )
        self.queue.set_base_query(QueueQuery(queue, sort=sort))

    @Slot(str)
    def open_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.detail.open_case(case_id)

    @Slot(object)
    def _on_detail_loaded(self, detail: Any) -> None:
        # Deciding an extension starts from the date the unit asked for.
        requested = getattr(detail, "requested_due_at", None)
        if requested is not None:
            self.due_edit.setDate(QDate(requested.astimezone(CHINA_TIME).date()))

    # --- review actions ------------------------------------------------------------

    def add_note(self, text: str) -> None:
        self._act(Action.ADD_NOTE, text=text.strip())

    def leader_instruction(self, text: str) -> None:
        self._act(Action.LEADER_INSTRUCTION, text=text.strip())

    def mark_key_issue(self, leader: str) -> None:
        self._act(Action.MARK_KEY_ISSUE, overseeing_leader=leader.strip() or None)

    def reassign(self, unit_code: str, reason: str = "") -> None:
        self._act(Action.REASSIGN, lead_unit_code=unit_code.strip(), reason=reason)

    def decide_return(self, approve: bool, reason: str) -> None:
        action = Action.APPROVE_RETURN if approve else Action.REFUSE_RETURN
        self._act(action, reason=reason.strip())

    def decide_extension(
        self, approve: bool, reason: str, new_date: date | None = None
    ) -> None:
        if approve and new_date is not None:
            due = datetime.combine(new_date, time(18, 0), tzinfo=CHINA_TIME)
            self._act(
                Action.APPROVE_EXTENSION,
                reason=reason.strip(),
                due_at=due.astimezone(UTC),
            )
        else:
            self._act(Action.REFUSE_EXTENSION, reason=reason.strip())

    def _act(self, action: Action, **args: Any) -> None:
        if not self.case_id:
            return
        case_id = self.case_id
        self._runner.submit(
            f"supervisor {action.value}",
            lambda: self._store.act(case_id, action, **args),
            self._on_done,
            on_error=self._on_error,
        )

    def _on_done(self, result: Any) -> None:
        self.message_label.setText(self.tr("Saved; it will sync when online"))
        self.queue.refresh()
        self.detail.open_case(result.case_id)
        self.action_done.emit(result)

    def _on_error(self, error: BaseException) -> None:
        self.message_label.setText(str(error))
        self.action_failed.emit(str(error))
