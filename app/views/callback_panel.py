"""The callback workbench: cases reported done, oldest first, and the checklist.

The agent calls the caller, records each attempt (reached or not), fills in the
checklist of the case's request type and closes the case or sends it back for redo.
A caller the rule's attempts did not reach is recorded as unreachable.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.callback_rules import AttemptState
from app.domain.clock import CHINA_TIME
from app.models.queues import CALLBACK_STATES, Queue, QueueQuery, SortKey
from app.views.callback_checklist import CallbackChecklist
from app.views.case_rows_model import interface_language
from app.views.queue_table import QueueTable
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)


class CallbackPanel(QWidget):
    """Signals:
    case_opened(object): the CallbackCase now shown.
    action_done(object): an attempt or outcome saved locally.
    action_failed(str): why it was refused, in both languages.
    """

    case_opened = Signal(object)
    action_done = Signal(object)
    action_failed = Signal(str)

    def __init__(
        self, runner: TaskRunner, store: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.shown: Any = None
        query = QueueQuery(Queue.AWAITING_CALLBACK, sort=SortKey.UPDATED_AT)
        self.queue = QueueTable(runner, store, query, CALLBACK_STATES, self)
        self.case_label = QLabel(self)
        self.plan_label = QLabel(self)
        self.plan_label.setWordWrap(True)
        self.attempts_list = QListWidget(self)
        self.attempts_list.setMaximumHeight(90)
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(500)
        self.not_reached_button = QPushButton(self)
        self.reached_button = QPushButton(self)
        self.unreachable_button = QPushButton(self)
        self.checklist = CallbackChecklist(self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(500)
        self.close_button = QPushButton(self)
        self.redo_button = QPushButton(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self._layout()
        self._connect()
        self._retranslate()
        self._enable()

    def _layout(self) -> None:
        self.case_box = QGroupBox(self)
        box = QVBoxLayout(self.case_box)
        box.addWidget(self.case_label)
        box.addWidget(self.plan_label)
        box.addWidget(self.attempts_list)
        attempts = QHBoxLayout()
        attempts.addWidget(self.note_edit, 1)
        attempts.addWidget(self.not_reached_button)
        attempts.addWidget(self.reached_button)
        attempts.addWidget(self.unreachable_button)
        box.addLayout(attempts)
        box.addWidget(self.checklist)
        outcome = QHBoxLayout()
        outcome.addWidget(self.reason_edit, 1)
        outcome.addWidget(self.redo_button)
        outcome.addWidget(self.close_button)
        box.addLayout(outcome)
        box.addWidget(self.message_label)
        # Spare height below the form, not between its questions.
        box.addStretch(1)
        splitter = QSplitter(self)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.case_box)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.queue.case_selected.connect(self.open_case)
        self.not_reached_button.clicked.connect(
            lambda: self.record_attempt(False, self.note_edit.text())
        )
        self.reached_button.clicked.connect(
            lambda: self.record_attempt(True, self.note_edit.text())
        )
        self.unreachable_button.clicked.connect(self.record_unreachable)
        self.close_button.clicked.connect(self.close_case)
        self.redo_button.clicked.connect(lambda: self.redo(self.reason_edit.text()))

    def _retranslate(self) -> None:
        self.case_box.setTitle(self.tr("Callback"))
        self.note_edit.setPlaceholderText(self.tr("Note on this attempt"))
        self.not_reached_button.setText(self.tr("Not reached"))
        self.reached_button.setText(self.tr("Reached"))
        self.unreachable_button.setText(self.tr("Record unreachable"))
        self.reason_edit.setPlaceholderText(self.tr("Reason for redo"))
        self.redo_button.setText(self.tr("Redo"))
        self.close_button.setText(self.tr("Close case"))

    def set_language(self, language: str) -> None:
        self.queue.set_language(language)
        self.checklist.set_language(language)
        self._retranslate()
        self._show_texts()

    def changeEvent(self, event: QEvent) -> None:
        # The queue table and the checklist follow the translators on their own.
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show_texts()
        super().changeEvent(event)

    def _enable(self) -> None:
        shown = self.shown is not None
        unreachable = shown and self.shown.plan.state == AttemptState.UNREACHABLE
        self.not_reached_button.setEnabled(shown and not unreachable)
        self.reached_button.setEnabled(shown and not unreachable)
        self.unreachable_button.setEnabled(bool(unreachable))
        self.close_button.setEnabled(shown)
        self.redo_button.setEnabled(shown)

    def refresh(self) -> None:
        self.queue.refresh()

    @Slot(str)
    def open_case(self, case_id: str) -> None:
        if self._runner.stopped:
            return
        self._runner.submit(
            "callback case",
            lambda: self._store.callback_case(case_id),
            self._show_case,
            on_error=self._on_error,
        )

    def _show_case(self, shown: Any) -> None:
        changed = self.shown is None or self.shown.case_id != shown.case_id
        self.shown = shown
        self._show_texts()
        if changed:
            self.checklist.set_template(self._store.templates()[shown.request_type])
        self._enable()
        self.case_opened.emit(shown)

    def _show_texts(self) -> None:
        shown = self.shown
        if shown is None:
            return
        self.case_label.setText(f"{shown.number}  {shown.summary}")
        zh = interface_language() == "zh"
        self.plan_label.setText(shown.plan.message_zh if zh else shown.plan.message_en)
        self.attempts_list.clear()
        for attempt in shown.attempts:
            when = attempt.attempted_at.astimezone(CHINA_TIME).strftime("%m-%d %H:%M")
            result = self.tr("reached") if attempt.reached else self.tr("not reached")
            self.attempts_list.addItem(f"{when}  {result}  {attempt.note}")

    # --- actions -------------------------------------------------------------------

    def record_attempt(self, reached: bool, note: str = "") -> None:
        if self.shown is None:
            return
        case_id = self.shown.case_id
        self._run(
            "callback attempt", lambda: self._store.attempt(case_id, reached, note)
        )

    def record_unreachable(self) -> None:
        if self.shown is None:
            return
        case_id = self.shown.case_id
        self._run("callback unreachable", lambda: self._store.unreachable(case_id))

    def close_case(self) -> None:
        self._finish(redo=False, reason="")

    def redo(self, reason: str) -> None:
        self._finish(redo=True, reason=reason)

    def _finish(self, *, redo: bool, reason: str) -> None:
        if self.shown is None:
            return
        case_id, request_type = self.shown.case_id, self.shown.request_type
        answers = self.checklist.answers()
        self._run(
            "callback outcome",
            lambda: self._store.finish(case_id, request_type, answers, redo, reason),
        )

    def _run(self, name: str, work: Any) -> None:
        self._runner.submit(name, work, self._on_done, on_error=self._on_error)

    def _on_done(self, result: Any) -> None:
        disagreement = getattr(result, "disagreement", None)
        text = self.tr("Saved; it will sync when online")
        if disagreement is not None:
            text += "\n" + disagreement.message_zh + " / " + disagreement.message_en
        self.message_label.setText(text)
        self.action_done.emit(result)
        self.queue.refresh()
        if self.shown is not None:
            self.open_case(self.shown.case_id)

    def _on_error(self, error: BaseException) -> None:
        self.message_label.setText(str(error))
        self.action_failed.emit(str(error))
