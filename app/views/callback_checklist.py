"""The callback checklist for one request type, built from its template.

Yes/no questions are a pair of radio buttons on one line, choices a combo box, free
text a text box, in a compact form: the question on the left, wrapped at a width that
keeps it readable, its answer beside it. Questions whose ``when`` condition is not
met are hidden, and their answers are left out, as the template says.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from app.domain.callback_rules import visible_questions
from app.domain.reference import ChecklistQuestion, ChecklistTemplate
from app.views.case_rows_model import interface_language

# The question column: wide enough for most questions on one line, wrapped beyond.
_LABEL_EMS = 17
_TEXT_LINES = 3


class CallbackChecklist(QWidget):
    """Signals:
    answers_changed(): any answer changed (visibility may have changed too).
    """

    answers_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template: ChecklistTemplate | None = None
        self.language = interface_language()
        self._inputs: dict[str, Any] = {}
        self._labels: dict[str, QLabel] = {}
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 4, 0, 4)
        self._form.setVerticalSpacing(6)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._form.setFieldGrowthPolicy(
            QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        self._form.setLabelAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        # Only as tall as the questions shown: the panel keeps any spare height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_template(self, template: ChecklistTemplate) -> None:
        """Build the questions of ``template``, all unanswered."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self._inputs.clear()
        self._labels.clear()
        self.template = template
        for question in template.questions:
            label = QLabel(self._text(question), self)
            label.setWordWrap(True)
            self._fit(label)
            editor = self._editor(question)
            self._form.addRow(label, editor)
            self._labels[question.key] = label
        self._update_visibility()

    def set_language(self, language: str) -> None:
        """Relabel the questions, choices and yes/no in ``language``; answers stay."""
        self.language = language
        if self.template is None:
            return
        zh = language.startswith("zh")
        for question in self.template.questions:
            self._labels[question.key].setText(self._text(question))
            self._fit(self._labels[question.key])
            editor = self._inputs[question.key]
            if isinstance(editor, QButtonGroup):
                editor.button(1).setText(self.tr("Yes"))
                editor.button(0).setText(self.tr("No"))
            elif isinstance(editor, QComboBox):
                for row, choice in enumerate(question.choices, start=1):
                    label = choice.label_zh if zh else choice.label_en
                    editor.setItemText(row, label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.set_language(interface_language())
        super().changeEvent(event)

    def _fit(self, label: QLabel) -> None:
        # A wrapping label in a form asks for little width and wraps every few
        # characters; give it its text's width up to the question column's.
        metrics = label.fontMetrics()
        column = _LABEL_EMS * metrics.height()
        label.setFixedWidth(min(metrics.horizontalAdvance(label.text()) + 8, column))

    def _text(self, question: ChecklistQuestion) -> str:
        return question.text_zh if self.language.startswith("zh") else question.text_en

    def _editor(self, question: ChecklistQuestion) -> QWidget:
        if question.kind == "yes_no":
            box = QWidget(self)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(24)
            group = QButtonGroup(box)
            yes, no = (
                QRadioButton(self.tr("Yes"), box),
                QRadioButton(self.tr("No"), box),
            )
            group.addButton(yes, 1)
            group.addButton(no, 0)
            row.addWidget(yes)
            row.addWidget(no)
            row.addStretch(1)
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            group.idClicked.connect(self._on_changed)
            self._inputs[question.key] = group
            return box
        if question.kind == "choice":
            combo = QComboBox(self)
            combo.addItem("", None)
            zh = self.language.startswith("zh")
            for choice in question.choices:
                combo.addItem(choice.label_zh if zh else choice.label_en, choice.value)
            combo.currentIndexChanged.connect(self._on_changed)
            self._inputs[question.key] = combo
            return combo
        text = QPlainTextEdit(self)
        lines = text.fontMetrics().lineSpacing() * _TEXT_LINES
        text.setFixedHeight(lines + 2 * text.frameWidth() + 8)
        text.textChanged.connect(self._on_changed)
        self._inputs[question.key] = text
        return text

    def _on_changed(self, *_args: object) -> None:
        self._update_visibility()
        self.answers_changed.emit()

    def _update_visibility(self) -> None:
        if self.template is None:
            return
        shown = {q.key for q in visible_questions(self.template, self._raw_answers())}
        for key, label in self._labels.items():
            self._form.setRowVisible(label, key in shown)

    def _raw_answers(self) -> dict[str, object]:
        answers: dict[str, object] = {}
        for key, editor in self._inputs.items():
            if isinstance(editor, QButtonGroup):
                checked = editor.checkedId()
                answers[key] = None if checked < 0 else bool(checked)
            elif isinstance(editor, QComboBox):
                answers[key] = editor.currentData()
            else:
                answers[key] = editor.toPlainText().strip() or None
        return answers

    def answers(self) -> dict[str, object]:
        """The answers of the questions shown; hidden ones are left out."""
        if self.template is None:
            return {}
        raw = self._raw_answers()
        shown = visible_questions(self.template, raw)
        return {q.key: raw[q.key] for q in shown if raw.get(q.key) is not None}

    def set_answer(self, key: str, value: object) -> None:
        """Answer a question as the agent would (used by shortcuts and tests)."""
        editor = self._inputs[key]
        if isinstance(editor, QButtonGroup):
            button = editor.button(1 if value else 0)
            button.setChecked(True)
            self._on_changed()
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            editor.setPlainText(str(value))
