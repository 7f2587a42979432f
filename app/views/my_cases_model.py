"""The operator's own cases as a table model that pages rows in from SQL on demand.

Paged the way the queues are (queue_model.py): the view asks for more rows as it
scrolls (canFetchMore / fetchMore) and each page is one keyset query on the database
lane (DeskStore.my_cases), newest first. A filter starts a new query, whose first
page brings the number of cases it matches in all. A refresh reads again, in one
query, as many rows as are held, so a sync run every few seconds neither throws the
operator back to the first page nor loses the selection when the same cases return.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal

from app.domain.vocabulary import Status
from app.models.queues import (
    PAGE_SIZE,
    CountedPage,
    PageKey,
    Queue,
    QueueQuery,
    QueueRow,
    SortKey,
)
from app.views.case_rows_model import ROOT, ROW_ROLE, CaseRowsModel, Index
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)

__all__ = ["ROW_ROLE", "SUMMARY", "MyCasesModel"]

NUMBER, RECEIVED, STATUS, UNIT, DUE, SUMMARY = range(6)
# Marked for lupdate here, translated when asked for, so a language switch needs no
# rebuild.
_HEADERS = (
    QT_TRANSLATE_NOOP("MyCasesModel", "No."),
    QT_TRANSLATE_NOOP("MyCasesModel", "Received"),
    QT_TRANSLATE_NOOP("MyCasesModel", "Status"),
    QT_TRANSLATE_NOOP("MyCasesModel", "Unit"),
    QT_TRANSLATE_NOOP("MyCasesModel", "Due"),
    QT_TRANSLATE_NOOP("MyCasesModel", "Summary"),
)
# Newest first: the order the (created_by, deleted, created_at, id) index reads in.
_NEWEST_FIRST = QueueQuery(Queue.ALL, sort=SortKey.CREATED_AT, descending=True)


class MyCasesModel(CaseRowsModel):
    """Signals:
    loaded(): the first rows of a query, or a refresh's rows, have arrived.
    counted(int): how many cases the current query matches in all.
    load_failed(str): a query failed; the rows held stay as they were.
    """

    HEADERS = _HEADERS
    CONTEXT = "MyCasesModel"

    loaded = Signal()
    counted = Signal(int)
    load_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        store: Any,
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(
            runner, store, _NEWEST_FIRST, page_size=page_size, parent=parent
        )
        self.username = ""
        # The current query's number of cases; None until its first page arrives.
        self.total: int | None = None

    # --- loading -------------------------------------------------------------------

    def set_filters(self, status: str | None, search: str) -> None:
        """Drop the rows held and load the first page with these filters."""
        self.beginResetModel()
        self._query = replace(_NEWEST_FIRST, status=status or None, search=search)
        self._generation += 1
        self._rows = []
        self._after = None
        self._has_more = False
        self._loading = False
        self.total = None
        self.endResetModel()
        self._load(None, self._page_size)

    def refresh(self) -> None:
        """Read again from the top as many rows as are held (at least one page)."""
        self._generation += 1  # a page on its way belongs to the rows replaced
        self._load(None, max(self._page_size, len(self._rows)))

    def _load(self, after: PageKey | None, limit: int) -> None:
        if self._runner.stopped:  # shutting down: nothing will show the rows
            return
        self._loading = True
        generation, query, username = self._generation, self._query, self.username
        self._runner.submit(
            "my cases page",
            lambda: self._store.my_cases(username, query, after, limit),
            lambda counted: self._on_page(generation, after, counted),
            on_error=lambda error: self._on_error(generation, error),
        )

    def _on_page(
        self, generation: int, after: PageKey | None, counted: CountedPage
    ) -> None:
        if generation != self._generation:
            return  # an answer to a query or a refresh since replaced
        page = counted.page
        # The key moves before rows are inserted: a view (or a model checker) may
        # ask for the next page from inside endInsertRows.
        self._loading = False
        self._has_more = page.has_more
        self._after = page.after
        if after is None:
            self._replace_rows(page.rows)
        elif page.rows:
            start = len(self._rows)
            self.beginInsertRows(ROOT, start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        log.debug("my cases: %d rows held, more: %s", len(self._rows), page.has_more)

        if counted.total is not None:
            self.total = counted.total
            self.counted.emit(counted.total)
        if after is None:
            self.loaded.emit()

    def _replace_rows(self, rows: tuple[QueueRow, ...]) -> None:
        """The first page, or a refresh: changed cells when the same cases came back
        in the same order (the view keeps its place), a reset otherwise."""
        same = [row.case_id for row in rows] == [row.case_id for row in self._rows]
        if same:
            self._rows = list(rows)
            self._cells_changed()
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        # No more pages until the next query or refresh: a view would otherwise
        # ask again at once, and fail again.
        self._loading = False
        self._has_more = False
        self.load_failed.emit(str(error))

    def fetchMore(self, parent: Index = ROOT) -> None:
        if self.canFetchMore(parent):
            self._load(self._after, self._page_size)

    # --- the table -----------------------------------------------------------------

    def row_value(self, row: int) -> QueueRow:
        value: QueueRow = self._rows[row]
        return value

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == UNIT:
            if row.lead_unit_name and row.lead_unit_code:
                return f"{row.lead_unit_name} ({row.lead_unit_code})"
            return row.lead_unit_code or None
        if role == ROW_ROLE:
            return row
        return None

    def _text(self, row: QueueRow, column: int) -> str:
        if column == NUMBER:
            return row.number
        if column == RECEIVED:
            return self._local_time(row.received_at)
        if column == STATUS:
            try:
                return Status(row.status).label(self.language)
            except ValueError:
                return row.status
        if column == UNIT:
            return row.lead_unit_name or row.lead_unit_code
        if column == DUE:
            return "" if row.due_at is None else self._local_time(row.due_at)
        if row.confidential:
            return QCoreApplication.translate("MyCasesModel", "(confidential)")
        return row.summary
