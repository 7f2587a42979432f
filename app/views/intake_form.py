"""The fields of a new work order, with inline checks and counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import RequesterType, RequestType, Urgency
from app.views.area_picker import AreaPicker
from app.views.category_picker import CategoryPicker
from app.views.intake_values import (
    IntakeValues,
    Problem,
    check_credit_code_as_typed,
    check_intake,
    field_limit,
)
from app.views.limited_fields import LimitedLineEdit, LimitedTextEdit
from app.views.reference_data import ReferenceData

if TYPE_CHECKING:
    from app.domain.reference import Category


class IntakeForm(QWidget):
    """Caller, requester, matter and place of one call.

    Signals:
        values_changed(): any field changed (the panel debounces).
        caller_number_changed(str): the caller number changed.
    """

    values_changed = Signal()
    caller_number_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "zh"
        self._loading = False
        self._reference = ReferenceData()
        self._category_code = ""
        # The chosen category as last listed: its name stays shown if it is withdrawn.
        self._category_node: Category | None = None
        self._linked_case_id = ""
        self._cited: tuple[str, ...] = ()
        self._error_labels: dict[str, QLabel] = {}
        self._build()
        self._connect()
        self._retranslate()
        self._on_requester_toggled()

    def _build(self) -> None:
        self.caller_edit = QLineEdit(self)
        self.callback_edit = QLineEdit(self)
        self.name_edit = LimitedLineEdit(field_limit("caller_name", 50), self)
        self.person_radio = QRadioButton(self)
        self.enterprise_radio = QRadioButton(self)
        self.person_radio.setChecked(True)
        self._requester_group = QButtonGroup(self)
        self._requester_group.addButton(self.person_radio)
        self._requester_group.addButton(self.enterprise_radio)
        self.enterprise_edit = LimitedLineEdit(
            field_limit("enterprise_name", 100), self
        )
        self.credit_edit = QLineEdit(self)
        self.credit_edit.setMaxLength(
            64
        )  # longer input is reported as invalid, not cut
        self.confidential_check = QCheckBox(self)
        self.request_type_combo = QComboBox(self)
        for kind in RequestType:
            self.request_type_combo.addItem(kind.label_zh, kind.value)
        self.urgency_combo = QComboBox(self)
        for level in Urgency:
            self.urgency_combo.addItem(level.label_zh, level.value)
        self.category_picker = CategoryPicker(self)
        self.category_label = QLabel(self)
        self.narrative_edit = LimitedTextEdit(field_limit("narrative", 2000), self)
        self.narrative_edit.setMinimumHeight(110)
        self.summary_edit = LimitedLineEdit(field_limit("summary", 200), self)
        self.address_edit = LimitedLineEdit(field_limit("address", 200), self)
        self.area_picker = AreaPicker(self)
        self.tags_edit = LimitedLineEdit(field_limit("tag", 20) * 5, self)

        requester_row = QHBoxLayout()
        requester_row.addWidget(self.person_radio)
        requester_row.addWidget(self.enterprise_radio)
        requester_row.addStretch(1)
        requester_row.addWidget(self.confidential_check)
        type_row = QHBoxLayout()
        type_row.addWidget(self.request_type_combo, 1)
        self.urgency_label = QLabel(self)
        type_row.addWidget(self.urgency_label)
        type_row.addWidget(self.urgency_combo, 1)

        self.form_layout = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        rows: list[tuple[str, QWidget | QHBoxLayout]] = [
            ("caller_number", self.caller_edit),
            ("callback_number", self.callback_edit),
            ("caller_name", self.name_edit),
            ("requester_type", requester_row),
            ("enterprise_name", self.enterprise_edit),
            ("credit_code", self.credit_edit),
            ("request_type", type_row),
            ("category_code", self.category_picker),
            ("category_chosen", self.category_label),
            ("narrative", self.narrative_edit),
            ("summary", self.summary_edit),
            ("address", self.address_edit),
            ("area_code", self.area_picker),
            ("tags", self.tags_edit),
        ]
        for name, widget in rows:
            label = QLabel(self)
            self._labels[name] = label
            holder = QVBoxLayout()
            holder.setSpacing(1)
            if isinstance(widget, QHBoxLayout):
                holder.addLayout(widget)
            else:
                holder.addWidget(widget)
            error = QLabel(self)
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self._error_labels[name] = error
            holder.addWidget(error)
            self.form_layout.addRow(label, holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.form_layout)

    def _connect(self) -> None:
        for edit in (self.caller_edit, self.callback_edit, self.credit_edit):
            edit.textChanged.connect(self._on_any_changed)
        for limited in (
            self.name_edit,
            self.enterprise_edit,
            self.narrative_edit,
            self.summary_edit,
            self.address_edit,
            self.tags_edit,
        ):
            limited.text_changed.connect(self._on_any_changed)
        self.caller_edit.textChanged.connect(self.caller_number_changed)
        self.credit_edit.textChanged.connect(self._on_credit_text_changed)
        self.enterprise_radio.toggled.connect(self._on_requester_toggled)
        self.confidential_check.toggled.connect(self._on_any_changed)
        self.request_type_combo.currentIndexChanged.connect(self._on_any_changed)
        self.urgency_combo.currentIndexChanged.connect(self._on_any_changed)
        self.category_picker.category_chosen.connect(self._on_category_chosen)
        self.area_picker.area_changed.connect(self._on_any_changed)

    def _retranslate(self) -> None:
        texts = {
            "caller_number": self.tr("Caller number"),
            "callback_number": self.tr("Callback number"),
            "caller_name": self.tr("Caller name"),
            "requester_type": self.tr("Requester"),
            "enterprise_name": self.tr("Enterprise name"),
            "credit_code": self.tr("Credit code"),
            "request_type": self.tr("Request type"),
            "category_code": self.tr("Category"),
            "category_chosen": self.tr("Chosen"),
            "narrative": self.tr("Narrative"),
            "summary": self.tr("Summary"),
            "address": self.tr("Address"),
            "area_code": self.tr("Area"),
            "tags": self.tr("Tags"),
        }
        for name, text in texts.items():
            self._labels[name].setText(text)
        self.person_radio.setText(self.tr("Person"))
        self.enterprise_radio.setText(self.tr("Enterprise"))
        self.confidential_check.setText(self.tr("Confidential (mask the caller)"))
        self.urgency_label.setText(self.tr("Urgency"))
        self.credit_edit.setPlaceholderText(self.tr("18 characters, checked as typed"))
        self.tags_edit.edit.setPlaceholderText(self.tr("Separate tags with commas"))
        self.callback_edit.setPlaceholderText(self.tr("Leave empty if the same"))
        for combo, enum in (
            (self.request_type_combo, RequestType),
            (self.urgency_combo, Urgency),
        ):
            for row, member in enumerate(enum):
                combo.setItemText(row, member.label(self.language))
        self.category_picker._retranslate()
        self.area_picker._retranslate()
        self._show_category()

    def set_language(self, language: str) -> None:
        self.language = language
        self.category_picker.model.set_language(language)
        self._retranslate()

    def set_reference(self, data: ReferenceData) -> None:
        """New lists (at start-up, or after sync brought changes); choices stay.

        Nothing typed or chosen changes and nothing is emitted. A chosen category
        the new lists no longer hold keeps its code and name, shown as no longer
        valid; a search typed in the category picker filters the new tree.
        """
        same_categories = data.categories == self._reference.categories
        self._reference = data
        if not same_categories:
            self.category_picker.set_categories(data.categories)
            search = self.category_picker.search_edit.text()
            if search.strip():
                self.category_picker.apply_filter(search)
        self.area_picker.set_reference(data)
        node = data.category(self._category_code)
        if node is not None:
            self._category_node = node
        self._show_category()

    @Slot()
    def _on_any_changed(self, *_args: object) -> None:
        if not self._loading:
            self.values_changed.emit()

    @Slot(bool)
    def _on_requester_toggled(self, *_args: object) -> None:
        enterprise = self.enterprise_radio.isChecked()
        for name, widget in (
            ("enterprise_name", self.enterprise_edit),
            ("credit_code", self.credit_edit),
        ):
            widget.setVisible(enterprise)
            self._labels[name].setVisible(enterprise)
        self._on_any_changed()

    @Slot(str)
    def _on_credit_text_changed(self, text: str) -> None:
        self._show_problem("credit_code", check_credit_code_as_typed(text))

    @Slot(str)
    def _on_category_chosen(self, code: str) -> None:
        self._category_code = code
        node = self._reference.category(code)
        self._category_node = node
        if node and node.default_request_type and not self._loading:
            row = self.request_type_combo.findData(node.default_request_type.value)
            if row >= 0:
                self.request_type_combo.setCurrentIndex(row)
        self._show_category()
        self._on_any_changed()

    def _show_category(self) -> None:
        code = self._category_code
        node = self._category_node
        name = node.name(self.language) if node else ""
        text = f"{code}  {name}" if code else self.tr("(none)")
        # Before the lists arrive nothing can be called withdrawn.
        known = self._reference.categories
        if code and known and self._reference.category(code) is None:
            text = self.tr("{category} (no longer valid)").format(category=text.strip())
        self.category_label.setText(text)

    def values(self) -> IntakeValues:
        tags = tuple(
            t.strip() for t in self.tags_edit.text().replace("，", ",").split(",")
        )
        return IntakeValues(
            caller_number=self.caller_edit.text().strip(),
            callback_number=self.callback_edit.text().strip(),
            caller_name=self.name_edit.text(),
            requester_type=(
                RequesterType.ENTERPRISE.value
                if self.enterprise_radio.isChecked()
                else RequesterType.PERSON.value
            ),
            enterprise_name=self.enterprise_edit.text(),
            credit_code=self.credit_edit.text().strip().upper(),
            confidential=self.confidential_check.isChecked(),
            request_type=self.request_type_combo.currentData(),
            category_code=self._category_code,
            narrative=self.narrative_edit.text(),
            summary=self.summary_edit.text(),
            address=self.address_edit.text(),
            area_code=self.area_picker.area_code(),
            urgency=self.urgency_combo.currentData(),
            tags=tuple(t for t in tags if t),
            linked_case_id=self._linked_case_id,
            cited_article_ids=self._cited,
        )

    def load(self, values: IntakeValues) -> None:
        """Fill every field from values (a restored draft or a screen pop)."""
        self._loading = True
        try:
            self.caller_edit.setText(values.caller_number)
            self.callback_edit.setText(values.callback_number)
            self.name_edit.setText(values.caller_name)
            enterprise = values.requester_type == RequesterType.ENTERPRISE.value
            self.enterprise_radio.setChecked(enterprise)
            self.person_radio.setChecked(not enterprise)
            self.enterprise_edit.setText(values.enterprise_name)
            self.credit_edit.setText(values.credit_code)
            self.confidential_check.setChecked(values.confidential)
            self.request_type_combo.setCurrentIndex(
                max(self.request_type_combo.findData(values.request_type), 0)
            )
            self.urgency_combo.setCurrentIndex(
                max(self.urgency_combo.findData(values.urgency), 0)
            )
            self._on_category_chosen(values.category_code)
            self.narrative_edit.setText(values.narrative)
            self.summary_edit.setText(values.summary)
            self.address_edit.setText(values.address)
            self.area_picker.set_area_code(values.area_code)
            self.tags_edit.setText(", ".join(values.tags))
            self._linked_case_id = values.linked_case_id
            self._cited = values.cited_article_ids
        finally:
            self._loading = False
        self.show_problems([])
        self.values_changed.emit()

    def set_linked_case(self, case_id: str) -> None:
        self._linked_case_id = case_id
        self.values_changed.emit()

    def cite(self, article_id: str) -> None:
        if article_id not in self._cited:
            self._cited = (*self._cited, article_id)
            self.values_changed.emit()

    def validate(self) -> list[Problem]:
        """Check every field, show the problems beside them, return them."""
        problems = check_intake(self.values())
        for name, widget in (
            ("caller_name", self.name_edit),
            ("narrative", self.narrative_edit),
            ("summary", self.summary_edit),
            ("address", self.address_edit),
            ("tags", self.tags_edit),
        ):
            if widget.is_over() and all(p.field != name for p in problems):
                problems.append(_over_limit(name, widget.limit))
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: list[Problem]) -> None:
        for name in self._error_labels:
            self._show_problem(
                name, next((p for p in problems if p.field == name), None)
            )

    def _show_problem(self, name: str, problem: Problem | None) -> None:
        label = self._error_labels.get(name)
        if label is None:
            return
        label.setText(problem.message(self.language) if problem else "")
        label.setVisible(problem is not None)

    def error_text(self, name: str) -> str:
        label = self._error_labels[name]
        return label.text() if not label.isHidden() else ""


def _over_limit(name: str, limit: int) -> Problem:
    return Problem(
        name, f"超过 {limit} 字，请精简", f"Longer than {limit} characters: shorten it"
    )
