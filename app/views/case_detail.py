"""One case with its full history; the caller's number masked until revealed.

Revealing the number is an audited action: the cache records who saw it and when.
Category, area and unit codes are shown by name (the category as its path from the
top), the code in the cell's tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal, Slot
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

from app.domain.clock import CHINA_TIME
from app.domain.vocabulary import (
    RequesterType,
    RequestType,
    Resolution,
    Satisfaction,
    Status,
    Urgency,
)
from app.domain.workflow import Action
from app.views.case_rows_model import interface_language
from app.views.tasks import TaskRunner

# Field and history names, marked for lupdate and translated when shown.
_FIELD_NAMES = {
    "official_no": QT_TRANSLATE_NOOP("CaseDetailView", "Official number"),
    "provisional_no": QT_TRANSLATE_NOOP("CaseDetailView", "Provisional number"),
    "status": QT_TRANSLATE_NOOP("CaseDetailView", "Status"),
    "request_type": QT_TRANSLATE_NOOP("CaseDetailView", "Request type"),
    "category_code": QT_TRANSLATE_NOOP("CaseDetailView", "Category"),
    "urgency": QT_TRANSLATE_NOOP("CaseDetailView", "Urgency"),
    "requester_type": QT_TRANSLATE_NOOP("CaseDetailView", "Requester"),
    "enterprise_name": QT_TRANSLATE_NOOP("CaseDetailView", "Enterprise"),
    "summary": QT_TRANSLATE_NOOP("CaseDetailView", "Summary"),
    "narrative": QT_TRANSLATE_NOOP("CaseDetailView", "Narrative"),
    "address": QT_TRANSLATE_NOOP("CaseDetailView", "Address"),
    "area_code": QT_TRANSLATE_NOOP("CaseDetailView", "Area"),
    "lead_unit_code": QT_TRANSLATE_NOOP("CaseDetailView", "Lead unit"),
    "accept_due_at": QT_TRANSLATE_NOOP("CaseDetailView", "Accept by"),
    "due_at": QT_TRANSLATE_NOOP("CaseDetailView", "Due"),
    "redo_count": QT_TRANSLATE_NOOP("CaseDetailView", "Redo count"),
    "key_issue": QT_TRANSLATE_NOOP("CaseDetailView", "Key issue"),
    "overseeing_leader": QT_TRANSLATE_NOOP("CaseDetailView", "Overseeing leader"),
    "resolution": QT_TRANSLATE_NOOP("CaseDetailView", "Resolution"),
    "satisfaction": QT_TRANSLATE_NOOP("CaseDetailView", "Satisfaction"),
    "holder": QT_TRANSLATE_NOOP("CaseDetailView", "Holder"),
    "created_by": QT_TRANSLATE_NOOP("CaseDetailView", "Registered by"),
    "created_at": QT_TRANSLATE_NOOP("CaseDetailView", "Received"),
}
_CODED = {
    "status",
    "request_type",
    "urgency",
    "requester_type",
    "resolution",
    "satisfaction",
}
# Fields holding a reference code, shown by name.
_NAMED = ("category_code", "area_code", "lead_unit_code")
_KINDS = {
    "event": QT_TRANSLATE_NOOP("CaseDetailView", "Event"),
    "note": QT_TRANSLATE_NOOP("CaseDetailView", "Note"),
    "contact": QT_TRANSLATE_NOOP("CaseDetailView", "Contact"),
    "attempt": QT_TRANSLATE_NOOP("CaseDetailView", "Callback attempt"),
    "answer": QT_TRANSLATE_NOOP("CaseDetailView", "Checklist answer"),
}


def _translated(table: dict[str, str], code: str) -> str:
    text = table.get(code)
    return QCoreApplication.translate("CaseDetailView", text) if text else code


def _label(code: str, language: str) -> str:
    """A vocabulary code in words; other codes (unit, category) as they are."""
    for vocabulary in (
        Status,
        Action,
        RequestType,
        Urgency,
        RequesterType,
        Resolution,
        Satisfaction,
    ):
        try:
            return str(vocabulary(code).label(language))  # type: ignore[operator]
        except ValueError:
            continue
    return code


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
        self.names: Any = None  # the store's ReferenceNames, with the detail
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
        if self.detail is not None:
            self._show(self.detail, announce=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @Slot(str)
    def open_case(self, case_id: str) -> None:
        if self._runner.stopped:
            return
        store = self._store
        self._runner.submit(
            "case detail",
            lambda: (store.detail(case_id), store.reference_names()),
            self._show_loaded,
        )

    def _show_loaded(self, loaded: tuple[Any, Any]) -> None:
        self.detail, self.names = loaded
        self._show(self.detail)

    def _named(self, name: str, code: str, language: str) -> str:
        if self.names is None or not code:
            return ""
        if name == "category_code":
            return str(self.names.category_path(code, language))
        if name == "area_code":
            return str(self.names.area_path(code))
        return str(self.names.unit(code))

    def _show(self, detail: Any, *, announce: bool = True) -> None:
        self.detail = detail
        language = interface_language()
        self.title_label.setText(f"<b>{detail.number}</b>")
        self.caller_label.setText(
            self.tr("Caller: {number}").format(number=detail.caller_masked)
        )
        self.reveal_button.setEnabled(bool(detail.caller_masked))
        self.fields_table.setRowCount(len(detail.fields))
        for row, (name, value) in enumerate(detail.fields):
            shown = _label(value, language) if name in _CODED else value
            value_item = QTableWidgetItem(shown)
            if name in _NAMED and value:
                named = self._named(name, value, language)
                if named:
                    value_item.setText(named)
                    value_item.setToolTip(value)
            name_item = QTableWidgetItem(_translated(_FIELD_NAMES, name))
            self.fields_table.setItem(row, 0, name_item)
            self.fields_table.setItem(row, 1, value_item)
        self.history_table.setRowCount(len(detail.history))
        for row, line in enumerate(detail.history):
            status = (
                f"{_label(line.from_status, language)} → "
                f"{_label(line.to_status, language)}"
                if line.to_status
                else ""
            )
            kind = _translated(_KINDS, line.kind)
            what = f"{kind}: {_label(line.action, language)}" if line.action else kind
            cells = (
                line.at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M"),
                line.who,
                what,
                status,
                line.text,
            )
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, QTableWidgetItem(text))
        if announce:
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
