"""A queue of cases as a table model that pages rows in from SQL on demand.

The view asks for more rows as it scrolls (canFetchMore / fetchMore); each page is one
keyset query on the database lane, handed back as frozen rows. Sorting and filtering
start a new query (ORDER BY and WHERE in SQL); nothing is sorted in Python and no row
is turned into text before the view paints it. data() answers four roles only; the
lead unit's name comes joined in the page's SQL, its code is the cell's tooltip.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor

from app.domain.vocabulary import DeadlineLight, Status
from app.models.queues import PAGE_SIZE, QueuePage, QueueQuery, SortKey
from app.views.case_rows_model import CHINA_TIME, ROOT, ROW_ROLE, CaseRowsModel, Index
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)

__all__ = ["ROW_ROLE", "QueueModel"]

NUMBER, STATUS, DUE, UNIT, SUMMARY, RECEIVED, FLAGS = range(7)
_SORTABLE = {DUE: SortKey.DUE_AT, RECEIVED: SortKey.CREATED_AT}
# Marked for lupdate here, translated when asked for (headerData), so a language
# switch needs no rebuild.
_HEADERS = (
    QT_TRANSLATE_NOOP("QueueModel", "No."),
    QT_TRANSLATE_NOOP("QueueModel", "Status"),
    QT_TRANSLATE_NOOP("QueueModel", "Due"),
    QT_TRANSLATE_NOOP("QueueModel", "Unit"),
    QT_TRANSLATE_NOOP("QueueModel", "Summary"),
    QT_TRANSLATE_NOOP("QueueModel", "Received"),
    QT_TRANSLATE_NOOP("QueueModel", "Flags"),
)
_LIGHTS = {
    DeadlineLight.GREEN: QColor("#c8e6c9"),
    DeadlineLight.YELLOW: QColor("#fff59d"),
    DeadlineLight.RED: QColor("#ef9a9a"),
}


class QueueModel(CaseRowsModel):
    """Signals:
    loaded(): the first page of the current query has arrived.
    page_loaded(int): a page arrived; the number of rows now held.
    load_failed(str): a page query failed.
    """

    HEADERS = _HEADERS
    CONTEXT = "QueueModel"

    loaded = Signal()
    page_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        store: Any,
        query: QueueQuery | None = None,
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(
            runner, store, query or QueueQuery(), page_size=page_size, parent=parent
        )

    # --- loading -------------------------------------------------------------------

    def set_query(self, query: QueueQuery) -> None:
        """Drop the rows held and load the first page of ``query``."""
        self.beginResetModel()
        self._query = query
        self._generation += 1
        self._rows = []
        self._after = None
        self._has_more = True
        self._loading = False
        self.endResetModel()
        self._fetch()

    def refresh(self) -> None:
        self.set_query(self._query)

    def _fetch(self) -> None:
        if self._loading or not self._has_more or self._runner.stopped:
            return
        self._loading = True
        generation, query, after = self._generation, self._query, self._after
        size = self._page_size
        self._runner.submit(
            "queue page",
            lambda: self._store.page(query, after, size),
            lambda page: self._on_page(generation, page),
            on_error=lambda error: self._on_error(generation, error),
        )

    def _on_page(self, generation: int, page: QueuePage) -> None:
        if generation != self._generation:
            return  # an answer to a query the user has since replaced
        # The key moves before rows are inserted: a view (or a model checker) may
        # ask for the next page from inside endInsertRows.
        self._loading = False
        self._has_more = page.has_more
        self._after = page.after
        first = not self._rows
        if page.rows:
            start = len(self._rows)
            self.beginInsertRows(ROOT, start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))
        if first:
            self.loaded.emit()

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._has_more = False
        self.load_failed.emit(str(error))

    def fetchMore(self, parent: Index = ROOT) -> None:
        if self.canFetchMore(parent):
            self._fetch()

    # --- the table -----------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == UNIT:
            if not row.lead_unit_code:
                return None
            if row.lead_unit_name:
                return f"{row.lead_unit_name} ({row.lead_unit_code})"
            return row.lead_unit_code
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == DUE:
            return _LIGHTS.get(row.light) if row.light is not None else None
        if role == ROW_ROLE:
            return row
        return None

    def _text(self, row: Any, column: int) -> str:
        if column == NUMBER:
            return str(row.number)
        if column == STATUS:
            try:
                return Status(row.status).label(self.language)
            except ValueError:
                return str(row.status)
        if column == DUE:
            if row.due_at is None:
                return ""
            return str(row.due_at.astimezone(CHINA_TIME).strftime("%m-%d %H:%M"))
        if column == UNIT:
            return str(row.lead_unit_name or row.lead_unit_code)
        if column == SUMMARY:
            return str(row.summary)
        if column == RECEIVED:
            return self._local_time(row.received_at)
        return self._flags(row)

    def _flags(self, row: Any) -> str:
        flags = []
        if row.key_issue:
            leader = f" ({row.overseeing_leader})" if row.overseeing_leader else ""
            flags.append(self.tr("key issue") + leader)
        if row.redo_count:
            flags.append(self.tr("redo ×{n}").format(n=row.redo_count))
        if row.satisfaction == "unsatisfied":
            flags.append(self.tr("unsatisfied"))
        if row.enterprise:
            flags.append(self.tr("enterprise"))
        return ", ".join(flags)

    def sort(
        self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        """Sort in SQL: a new query with the column's ORDER BY."""
        key = _SORTABLE.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending:
            return
        self.set_query(replace(self._query, sort=key, descending=descending))
