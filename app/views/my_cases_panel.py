"""The operator's own cases, newest first, all of them, paged in as the list scrolls.

A status filter and a search over case number or summary narrow the list in SQL;
the label counts every case the list holds, not the rows loaded so far.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import Status
from app.views.case_rows_model import interface_language
from app.views.my_cases_model import SUMMARY, MyCasesModel
from app.views.row_table import row_table
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)

# Every status a registered case can be in (drafts are not cases yet).
_STATUSES = tuple(status.value for status in Status if status != Status.DRAFT)


class MyCasesPanel(QWidget):
    """Signals:
    refreshed(): the list shows the cache as of the last refresh or filter change.
    """

    refreshed = Signal()

    def __init__(
        self, runner: TaskRunner, store: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = MyCasesModel(runner, store, parent=self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setMaxLength(64)
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("", "")
        for code in _STATUSES:
            self.status_combo.addItem("", code)
        self.count_label = QLabel(self)
        self.refresh_button = QPushButton(self)
        self.table_view = row_table(self.model, self, single=True)
        self.table_view.setWordWrap(False)
        header = self.table_view.horizontalHeader()
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        # Where the view stood before a refresh changed the rows: (top case, selected).
        self._place: tuple[str, str] = ("", "")
        self._failed = False
        self._sized = False  # columns fitted to the first rows once

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 2)
        top.addWidget(self.status_combo, 1)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table_view, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.search_edit.returnPressed.connect(self.apply_filters)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.status_combo.currentIndexChanged.connect(self.apply_filters)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.counted.connect(self._show_count)
        self.model.load_failed.connect(self._on_model_load_failed)
        self._retranslate()

    @property
    def username(self) -> str:
        return self.model.username

    @username.setter
    def username(self, name: str) -> None:
        # Another operator at this seat: their list, not the last one's.
        changed = name != self.model.username
        self.model.username = name
        if changed and self.model.total is not None:
            self.apply_filters()

    def _retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.search_edit.setPlaceholderText(self.tr("Search number or summary"))
        self.status_combo.setItemText(0, self.tr("All statuses"))
        for row in range(1, self.status_combo.count()):
            code = self.status_combo.itemData(row)
            self.status_combo.setItemText(row, Status(code).label(self.model.language))
        self._show_count()

    def set_language(self, language: str) -> None:
        self.model.set_language(language)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        # A translator installed or removed (the language menu): new texts, and the
        # statuses in the language the translators now speak.
        if event.type() == QEvent.Type.LanguageChange:
            self.set_language(interface_language())
        super().changeEvent(event)

    @Slot()
    def refresh(self, *_args: object) -> None:
        """Read the list again, keeping the filters and the rows already scrolled."""
        self._failed = False
        self.model.refresh()

    @Slot()
    def apply_filters(self, *_args: object) -> None:
        """Start the list again from the newest case with the filters shown."""
        self._failed = False
        status = self.status_combo.currentData() or None
        search = self.search_edit.text().strip()
        # The search text may name a caller or a place: the log says only if any.
        log.info("my cases: filtered by status %s, search %s", status, bool(search))
        self.model.set_filters(status, search)
        self._show_count()

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        # Typing waits for Enter; emptying the box (its clear button) is immediate.
        if not text and self.model.query.search:
            self.apply_filters()

    @Slot()
    def _on_model_about_to_be_reset(self) -> None:
        model, view = self.model, self.table_view
        top = view.indexAt(QPoint(0, 0)).row()
        selected = view.selectionModel().selectedRows()
        self._place = (
            model.row_value(top).case_id if top >= 0 else "",
            model.row_value(selected[0].row()).case_id if selected else "",
        )

    @Slot()
    def _on_model_reset(self) -> None:
        # A refresh that brought other cases (a new one on top): the view back on
        # the case it showed first, and the selected case still selected.
        top, selected = self._place
        self._place = ("", "")
        row = self.model.row_of(top) if top else -1
        if row >= 0:
            index = self.model.index(row, 0)
            self.table_view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.table_view.selectRow(row)

    @Slot()
    def _on_model_loaded(self) -> None:
        if not self._sized and self.model.rowCount():
            # Sized once, from the first rows (the view measures the rows it shows).
            self._sized = True
            for column in range(self.model.columnCount()):
                if column != SUMMARY:
                    self.table_view.resizeColumnToContents(column)
        self.refreshed.emit()

    @Slot(int)
    def _show_count(self, *_args: object) -> None:
        total = self.model.total
        if self._failed:
            text = self.tr("Your cases could not be read; try Refresh")
        elif total is None:
            text = self.tr("Counting your cases…")
        elif self.model.query.search or self.model.query.status:
            text = self.tr("{count} of your cases match").format(count=total)
        else:
            text = self.tr("{count} case(s) you registered").format(count=total)
        self.count_label.setText(text)

    @Slot(str)
    def _on_model_load_failed(self, _error: str) -> None:
        # The task runner has logged the exception; the operator is told here.
        self._failed = True
        self._show_count()
