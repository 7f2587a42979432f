"""Handling at intake: answer on the call, dispatch, emergency transfer, or invalid."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import CHINA_TIME
from app.domain.errors import DomainError
from app.domain.vocabulary import HandlingMode
from app.views.intake_values import EMERGENCY_NUMBERS
from app.views.kept_choice import refill_keeping_choice
from app.views.reference_data import ReferenceData

if TYPE_CHECKING:
    from app.domain.reference import DispatchSuggestion
    from app.views.desk_values import DeadlineView, HandlingChoice

_SHANGHAI_FORMAT = "%Y-%m-%d %H:%M"


class HandlingPanel(QWidget):
    """Signals:
    handling_requested(object): a HandlingChoice the operator confirmed.
    """

    handling_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "zh"
        self._reference = ReferenceData()
        self._co_units: tuple[str, ...] = ()
        # The operator chose the lead unit by hand: suggestions no longer move it.
        self._lead_picked = False
        self._deadline: DeadlineView | DomainError | None = None
        self.tabs = QTabWidget(self)

        answer = QWidget()
        self.answer_hint = QLabel(answer)
        self.answer_hint.setWordWrap(True)
        self.answer_button = QPushButton(answer)
        answer_layout = QVBoxLayout(answer)
        answer_layout.addWidget(self.answer_hint)
        answer_layout.addWidget(self.answer_button)

        dispatch = QWidget()
        self.lead_combo = QComboBox(dispatch)
        self.suggestion_label = QLabel(dispatch)
        self.suggestion_label.setWordWrap(True)
        self.deadline_label = QLabel(dispatch)
        self.deadline_label.setWordWrap(True)
        self.deadline_label.setObjectName("deadline")
        # Word-wrapped labels in a form get one line's height: keep room for three.
        self.deadline_label.setMinimumHeight(
            3 * self.deadline_label.fontMetrics().lineSpacing()
        )
        self.instruction_edit = QLineEdit(dispatch)
        self.dispatch_button = QPushButton(dispatch)
        # Labels made here: addRow("", widget) makes none, leaving nothing to name.
        self._dispatch_labels = [QLabel(dispatch) for _ in range(4)]
        self._dispatch_form = QFormLayout(dispatch)
        for label, field in zip(
            self._dispatch_labels,
            (
                self.lead_combo,
                self.suggestion_label,
                self.deadline_label,
                self.instruction_edit,
            ),
            strict=True,
        ):
            self._dispatch_form.addRow(label, field)
        self._dispatch_form.addRow(self.dispatch_button)

        emergency = QWidget()
        self.emergency_combo = QComboBox(emergency)
        self.emergency_reason_edit = QLineEdit(emergency)
        self.emergency_button = QPushButton(emergency)
        emergency_layout = QHBoxLayout(emergency)
        emergency_layout.addWidget(self.emergency_combo)
        emergency_layout.addWidget(self.emergency_reason_edit, 1)
        emergency_layout.addWidget(self.emergency_button)

        invalid = QWidget()
        self.invalid_reason_edit = QLineEdit(invalid)
        self.invalid_button = QPushButton(invalid)
        invalid_layout = QHBoxLayout(invalid)
        invalid_layout.addWidget(self.invalid_reason_edit, 1)
        invalid_layout.addWidget(self.invalid_button)

        for page in (answer, dispatch, emergency, invalid):
            self.tabs.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.answer_button.clicked.connect(self.request_answer_on_call)
        self.dispatch_button.clicked.connect(self.request_dispatch)
        self.lead_combo.activated.connect(self._on_lead_combo_activated)
        self.emergency_button.clicked.connect(self.request_emergency_transfer)
        self.invalid_button.clicked.connect(self.request_invalid)
        self._retranslate()

    def _retranslate(self) -> None:
        for page, text in enumerate(
            (
                self.tr("Answer on call"),
                self.tr("Dispatch"),
                self.tr("Emergency transfer"),
                self.tr("Invalid"),
            )
        ):
            self.tabs.setTabText(page, text)
        self.answer_hint.setText(
            self.tr("Cite the knowledge article(s) you answered from, then close.")
        )
        self.answer_button.setText(self.tr("Answered on call: close case"))
        labels = (
            self.tr("Lead unit"),
            self.tr("Suggestion"),
            self.tr("Deadline"),
            self.tr("Instruction"),
        )
        for label, text in zip(self._dispatch_labels, labels, strict=True):
            label.setText(text)
        self.dispatch_button.setText(self.tr("Dispatch"))
        self.emergency_combo.clear()
        names = {
            "110": self.tr("110 police"),
            "119": self.tr("119 fire"),
            "120": self.tr("120 ambulance"),
            "122": self.tr("122 traffic accident"),
        }
        for number in EMERGENCY_NUMBERS:
            self.emergency_combo.addItem(names[number], number)
        self.emergency_reason_edit.setPlaceholderText(self.tr("What was handed over"))
        self.emergency_button.setText(self.tr("Transfer now"))
        self.invalid_reason_edit.setPlaceholderText(
            self.tr("Reason (silent call, harassment, wrong number …)")
        )
        self.invalid_button.setText(self.tr("Mark invalid"))
        self.instruction_edit.setPlaceholderText(self.tr("Dispatch instruction"))
        self._show_deadline()

    def set_language(self, language: str) -> None:
        self.language = language
        self._retranslate()

    def set_reference(self, data: ReferenceData) -> None:
        """New unit lists; the chosen lead unit stays chosen, marked if withdrawn."""
        same_units = data.departments == self._reference.departments
        self._reference = data
        if same_units and self.lead_combo.count():
            return
        refill_keeping_choice(
            self.lead_combo,
            ("—", ""),
            ((d.name_zh, d.code) for d in data.departments),
            self.tr("{name} (no longer valid)"),
        )

    @Slot(int)
    def _on_lead_combo_activated(self, _row: int) -> None:
        self._lead_picked = True

    def show_suggestion(self, rule: DispatchSuggestion | None) -> None:
        if rule is None:
            self._co_units = ()
            self.suggestion_label.setText(
                self.tr(
                    "No catalogue rule for this category and area: choose the unit."
                )
            )
            return
        self._co_units = rule.co_unit_codes
        row = self.lead_combo.findData(rule.lead_unit_code)
        if row >= 0 and not self._lead_picked:
            self.lead_combo.setCurrentIndex(row)
        co_names = "、".join(
            self._reference.department_name(c) for c in rule.co_unit_codes
        )
        self.suggestion_label.setText(
            self.tr("Catalogue: lead {lead}; co-units {co}").format(
                lead=self._reference.department_name(rule.lead_unit_code),
                co=co_names or "—",
            )
        )

    def show_deadline(self, deadline: DeadlineView | DomainError | None) -> None:
        """The deadline and its explanation; a DomainError says why there is none."""
        self._deadline = deadline
        self._show_deadline()

    def deadline_text(self) -> str:
        return self.deadline_label.text()

    def _show_deadline(self) -> None:
        deadline = self._deadline
        if isinstance(deadline, DomainError):
            self.deadline_label.setText(
                deadline.message_zh if self.language == "zh" else deadline.message_en
            )
            return
        if deadline is None or deadline.finish_due_at is None:
            self.deadline_label.setText(
                self.tr("Choose a category to see the deadline.")
            )
            return
        explanation = (
            deadline.explanation_zh
            if self.language == "zh"
            else deadline.explanation_en
        )
        text = self.tr("Finish by {finish} (accept by {accept}). {why}").format(
            finish=deadline.finish_due_at.astimezone(CHINA_TIME).strftime(
                _SHANGHAI_FORMAT
            ),
            accept=(
                deadline.accept_due_at.astimezone(CHINA_TIME).strftime(_SHANGHAI_FORMAT)
                if deadline.accept_due_at
                else "—"
            ),
            why=explanation,
        )
        if not deadline.confirmed:
            text += " " + self.tr("(holiday calendar not confirmed for that year)")
        self.deadline_label.setText(text)

    @Slot()
    def request_answer_on_call(self) -> None:
        self.handling_requested.emit(_choice(HandlingMode.ANSWERED_ON_CALL))

    @Slot()
    def request_dispatch(self) -> None:
        self.handling_requested.emit(
            _choice(
                HandlingMode.DISPATCHED,
                lead_unit_code=self.lead_combo.currentData() or "",
                co_unit_codes=self._co_units,
                instruction=self.instruction_edit.text().strip(),
            )
        )

    @Slot()
    def request_emergency_transfer(self) -> None:
        self.handling_requested.emit(
            _choice(
                HandlingMode.EMERGENCY_TRANSFER,
                emergency_number=self.emergency_combo.currentData() or "",
                reason=self.emergency_reason_edit.text().strip(),
            )
        )

    @Slot()
    def request_invalid(self) -> None:
        self.handling_requested.emit(
            _choice(
                HandlingMode.INVALID,
                reason=self.invalid_reason_edit.text().strip(),
            )
        )

    def reset(self) -> None:
        self._lead_picked = False
        self.instruction_edit.clear()
        self.emergency_reason_edit.clear()
        self.invalid_reason_edit.clear()
        self.show_deadline(None)


def _choice(mode: HandlingMode, **details: Any) -> HandlingChoice:
    # desk_values is imported by the database lane after the first window; the
    # operator's first handling choice comes later still.
    from app.views.desk_values import HandlingChoice

    return HandlingChoice(mode.value, **details)
