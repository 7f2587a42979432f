"""What the paged case tables share: the rows held, the next page's key, headers.

QueueModel (the supervisor's and handler's queues) and MyCasesModel (the operator's
own cases) page frozen QueueRow values in from SQL on the database lane; they differ
in how a page is asked for and what a refresh keeps. The table side is the same and
lives here: row and column counts, lookups by row and by case id, whether the view
may ask for more, and headers translated when asked for (so a language switch needs
no rebuild).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.domain.clock import CHINA_TIME
from app.models.queues import PAGE_SIZE, PageKey, QueueQuery
from app.views.tasks import TaskRunner

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen QueueRow behind a row
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def interface_language() -> str:
    """ "zh" or "en": the language the installed translators speak.

    install_language() sets QLocale's default with the translators, so a widget that
    receives a LanguageChange event can ask here which labels (vocabulary
    ``label(lang)``, bilingual domain messages) to show.
    """
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


class CaseRowsModel(QAbstractTableModel):
    """A table of case rows paged in from SQL. Subclasses set HEADERS (marked with
    QT_TRANSLATE_NOOP under CONTEXT), load pages and say what a cell shows."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    CONTEXT: ClassVar[str] = ""

    def __init__(
        self,
        runner: TaskRunner,
        store: Any,
        query: QueueQuery,
        *,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._page_size = page_size
        self._query = query
        self._rows: list[Any] = []
        self._after: PageKey | None = None
        self._has_more = False
        self._loading = False
        self._generation = 0  # a page for an earlier generation is dropped
        self.language = interface_language()
        self._year = datetime.now(CHINA_TIME).year

    @property
    def query(self) -> QueueQuery:
        return self._query

    def is_loading(self) -> bool:
        return self._loading

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self._has_more and not self._loading

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def row_value(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, case_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.case_id == case_id:
                return number
        return -1

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        return None

    def set_language(self, language: str) -> None:
        self.language = language
        last = len(self.HEADERS) - 1
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        self._cells_changed()

    def _cells_changed(self) -> None:
        """Every cell held may read differently (new rows' values, a language)."""
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _local_time(self, moment: datetime) -> str:
        # The year only when it is not this one: the summary needs the width.
        local = moment.astimezone(CHINA_TIME)
        if local.year == self._year:
            return local.strftime("%m-%d %H:%M")
        return local.strftime("%Y-%m-%d %H:%M")
