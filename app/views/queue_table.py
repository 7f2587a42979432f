"""A queue on screen: search and status filter above a paged table of cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import Status
from app.models.queues import QueueQuery
from app.views.case_rows_model import interface_language
from app.views.queue_model import (
    DUE,
    FLAGS,
    NUMBER,
    RECEIVED,
    STATUS,
    SUMMARY,
    UNIT,
    QueueModel,
)
from app.views.tasks import TaskRunner

_UNIT_WIDTH = 150


class QueueTable(QWidget):
    """Signals:
    case_selected(str): the id of the case the user selected.
    """

    case_selected = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        store: Any,
        query: QueueQuery,
        statuses: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._base = query
        self._count: int | None = None
        self.model = QueueModel(runner, store, query, parent=self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setMaxLength(64)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("", "")
        for code in statuses:
            self.status_combo.addItem("", code)
        self.count_label = QLabel(self)
        self.table_view = QTableView(self)
        self.table_view.setModel(self.model)
        self.table_view.setSortingEnabled(True)
        self.table_view.setSelectionBehavior(
            QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.table_view.setSelectionMode(
            QAbstractItemView.SelectionMode.SingleSelection
        )
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.verticalHeader().hide()
        # One line per case: numbers and times must not wrap or be cut off.
        self.table_view.setWordWrap(False)
        # The summary takes the room left; the other columns fit their contents.
        header = self.table_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 2)
        top.addWidget(self.status_combo, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table_view, 1)

        self.search_edit.returnPressed.connect(self.apply_filters)
        self.status_combo.currentIndexChanged.connect(self.apply_filters)
        self.table_view.selectionModel().selectionChanged.connect(
            self._on_selection_changed
        )
        self.model.loaded.connect(self._on_model_loaded)
        self._retranslate()

    def _retranslate(self) -> None:
        self.search_edit.setPlaceholderText(self.tr("Search number or summary"))
        self.status_combo.setItemText(0, self.tr("All statuses"))
        language = self.model.language
        for row in range(1, self.status_combo.count()):
            code = self.status_combo.itemData(row)
            self.status_combo.setItemText(row, Status(code).label(language))
        if self._count is not None:
            self.count_label.setText(
                self.tr("{count} case(s)").format(count=self._count)
            )

    def set_language(self, language: str) -> None:
        self.model.set_language(language)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        # A translator installed or removed (the language menu): new texts, and the
        # model's vocabulary labels in the language the translators now speak.
        if event.type() == QEvent.Type.LanguageChange:
            self.set_language(interface_language())
        super().changeEvent(event)

    def set_base_query(self, query: QueueQuery) -> None:
        self._base = query
        self.apply_filters()

    @Slot()
    def apply_filters(self, *_args: object) -> None:
        """Reload with the base query narrowed by the search text and status."""
        query = replace(
            self._base,
            search=self.search_edit.text().strip(),
            status=self.status_combo.currentData() or None,
            now=datetime.now(UTC),
            sort=self.model.query.sort if self.model.rowCount() else self._base.sort,
        )
        self.model.set_query(query)

    def search(self, text: str) -> None:
        self.search_edit.setText(text)
        self.apply_filters()

    def refresh(self) -> None:
        self.apply_filters()

    def select_case(self, case_id: str) -> bool:
        row = self.model.row_of(case_id)
        if row < 0:
            return False
        self.table_view.selectRow(row)
        return True

    @Slot()
    def _on_model_loaded(self) -> None:
        # Sized from the first page (the view measures the rows it shows).
        for column in (NUMBER, STATUS, DUE, UNIT, RECEIVED, FLAGS):
            self.table_view.resizeColumnToContents(column)
        # Unit names run long (…和社会保障局): cut at a width, the full name and
        # the code are in the tooltip.
        if self.table_view.columnWidth(UNIT) > _UNIT_WIDTH:
            self.table_view.setColumnWidth(UNIT, _UNIT_WIDTH)
        if self._runner.stopped:  # shutting down: a late page needs no count
            return
        query = self.model.query
        self._runner.submit(
            "queue count",
            lambda: self._store.count(query),
            lambda count: self._show_count(query, count),
        )

    def _show_count(self, query: QueueQuery, count: int) -> None:
        if query == self.model.query:
            self._count = count
            self.count_label.setText(self.tr("{count} case(s)").format(count=count))

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, *_args: object) -> None:
        rows = self.table_view.selectionModel().selectedRows()
        if rows:
            self.case_selected.emit(self.model.row_value(rows[0].row()).case_id)
