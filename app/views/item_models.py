"""Table models over tuples of frozen values.

Each model answers only the roles its view uses: a repaint asks data() about many
roles per cell, and every answered role is Python work on the GUI thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.clock import CHINA_TIME
from app.domain.vocabulary import Status
from app.views.desk_values import ArticleLine, CaseLine, MatchLine, Span

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen value behind the row
HTML_ROLE = Qt.ItemDataRole.UserRole + 2  # rich text with highlighted matches
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: Qt's own default for parent
T = TypeVar("T")

_EXPIRED_COLOUR = QColor("#9a9a9a")


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of frozen values; columns are (header, text-of-row) pairs."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: tuple[T, ...] = ()
        self.language = "zh"

    def columns(self) -> Sequence[tuple[str, Callable[[T], str]]]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[T, ...]:
        return self._rows

    def row_value(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns()[index.column()][1](value)
        if role == ROW_ROLE:
            return value
        return self.extra_data(value, index.column(), role)

    def extra_data(self, value: T, column: int, role: int) -> Any:
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns())
        ):
            return self.columns()[section][0]
        return None

    def set_language(self, language: str) -> None:
        self.language = language
        self.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.columnCount() - 1
        )
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, self.columnCount() - 1),
            )


def _status(code: str, language: str) -> str:
    try:
        return Status(code).label(language)
    except ValueError:
        return code


def _case_columns(language: str) -> list[tuple[str, Callable[[CaseLine], str]]]:
    return [
        (QCoreApplication.translate("ItemModels", "No."), lambda c: c.number),
        (
            QCoreApplication.translate("ItemModels", "Received"),
            lambda c: c.created_at.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M"),
        ),
        (
            QCoreApplication.translate("ItemModels", "Status"),
            lambda c: _status(c.status, language),
        ),
        (QCoreApplication.translate("ItemModels", "Summary"), lambda c: c.summary),
    ]


class CaseLinesModel(RowsModel[CaseLine]):
    """A caller's earlier and open cases."""

    def columns(self):
        return _case_columns(self.language)


class MatchesModel(RowsModel[MatchLine]):
    """Duplicate and repeat-call candidates with why they matched."""

    def columns(self):
        cases = _case_columns(self.language)
        return [
            (cases[0][0], lambda m: m.case.number),
            (cases[2][0], lambda m: _status(m.case.status, self.language)),
            (
                QCoreApplication.translate("ItemModels", "Why it matched"),
                lambda m: m.reasons(self.language),
            ),
            (cases[3][0], lambda m: m.case.summary),
        ]


class ArticleHitsModel(RowsModel[ArticleLine]):
    """Knowledge search hits: title (highlighted) and a snippet."""

    def columns(self):
        return [
            (
                QCoreApplication.translate("ItemModels", "Article"),
                lambda a: _expired_title(a),
            ),
            (QCoreApplication.translate("ItemModels", "Excerpt"), lambda a: a.snippet),
        ]

    def extra_data(self, value: ArticleLine, column: int, role: int) -> Any:
        if role == HTML_ROLE:
            if column == 0:
                title = highlight(value.title, value.title_spans)
                if value.expired:
                    title = f"<s>{title}</s> <i>{html.escape(_expired_word())}</i>"
                return title
            return highlight(value.snippet, value.snippet_spans)
        if role == Qt.ItemDataRole.ForegroundRole and value.expired:
            return _EXPIRED_COLOUR
        return None


def _expired_title(article: ArticleLine) -> str:
    return f"{article.title} {_expired_word()}" if article.expired else article.title


def _expired_word() -> str:
    return QCoreApplication.translate("ItemModels", "(expired)")


def highlight(text: str, spans: Sequence[Span]) -> str:
    """Escape text and wrap each matched span in bold."""
    parts: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start, cursor), min(span.end, len(text))
        if start >= end:
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(f"<b>{html.escape(text[start:end])}</b>")
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)
