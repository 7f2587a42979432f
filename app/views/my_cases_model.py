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
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

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
from app.views.queue_model import interface_language
from app.views.tasks import TaskRunner

log = logging.getLogger(__name__)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen QueueRow behind a row
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_ZONE = ZoneInfo("Asia/Shanghai")

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


class MyCasesModel(QAbstractTableModel):
    """Signals:
    loaded(): the first rows of a query, or a refresh's rows, have arrived.
    counted(int): how many cases the current query matches in all.
    load_failed(str): a query failed; the rows held stay as they were.
    """

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
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._page_size = page_size
        self.username = ""
        self._query = _NEWEST_FIRST
        self._rows: list[QueueRow] = []
        self._after: PageKey | None = None
        self._has_more = False
        self._loading = False
        self._generation = 0
        # The current query's number of cases; None until its first page arrives.
        self.total: int | None = None
        self.language = interface_language()
        self._year = datetime.now(_ZONE).year

    # --- loading -------------------------------------------------------------------

    @property
    def query(self) -> QueueQuery:
        return self._query

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

    def is_loading(self) -> bool:
        return self._loading

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
            self.beginInsertRows(_ROOT, start, start + len(page.rows) - 1)
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
            if rows:
                last = self.index(len(rows) - 1, len(_HEADERS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
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

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if self.canFetchMore(parent):
            self._load(self._after, self._page_size)

    # --- the table -----------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def row_value(self, row: int) -> QueueRow:
        return self._rows[row]

    def row_of(self, case_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.case_id == case_id:
                return number
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
            return self._time(row.received_at)
        if column == STATUS:
            try:
                return Status(row.status).label(self.language)
            except ValueError:
                return row.status
        if column == UNIT:
            return row.lead_unit_name or row.lead_unit_code
        if column == DUE:
            return "" if row.due_at is None else self._time(row.due_at)
        if row.confidential:
            return QCoreApplication.translate("MyCasesModel", "(confidential)")
        return row.summary

    def _time(self, moment: datetime) -> str:
        # The year only when it is not this one: an operator's list spans years.
        local = moment.astimezone(_ZONE)
        if local.year == self._year:
            return local.strftime("%m-%d %H:%M")
        return local.strftime("%Y-%m-%d %H:%M")

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(_HEADERS)
        ):
            return QCoreApplication.translate("MyCasesModel", _HEADERS[section])
        return None

    def set_language(self, language: str) -> None:
        self.language = language
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(_HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
