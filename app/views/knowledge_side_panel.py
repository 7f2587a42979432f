"""Knowledge suggestions beside the intake, from the narrative as it is typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.views.row_table import (
    fill_table_slot,
    row_table,
    selected_value,
    table_slot,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from app.views.desk_values import ArticleLine
    from app.views.item_models import ArticleHitsModel


class KnowledgeSidePanel(QWidget):
    """Signals:
    cite_requested(object): cite the ArticleLine into the current case.
    open_requested(str): show the article with that id in the knowledge panel.

    The table, its model and its rich text delegate (QTextDocument, QStyle) are
    made on first use (see table_view): at start-up the intake panel asks for them
    right after the first paint.
    """

    cite_requested = Signal(object)
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = "zh"
        self._model: ArticleHitsModel | None = None
        self._table: QTableView | None = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("panelTitle")
        self._table_slot = table_slot(self)
        self.cite_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.cited_label = QLabel(self)
        self.cited_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cite_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self._table_slot, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.cited_label)
        self._cited: list[ArticleLine] = []
        self.cite_button.clicked.connect(self._on_cite_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Knowledge suggestions"))
        self.cite_button.setText(self.tr("Cite in case"))
        self.open_button.setText(self.tr("Open article"))
        self._show_cited()

    @property
    def table_view(self) -> QTableView:
        if self._table is None:
            self._make_table()
        assert self._table is not None
        return self._table

    @property
    def model(self) -> ArticleHitsModel:
        if self._model is None:
            self._make_table()
        assert self._model is not None
        return self._model

    def _make_table(self) -> None:
        from app.views.item_models import ArticleHitsModel
        from app.views.rich_text_delegate import RichTextDelegate

        self._model = ArticleHitsModel(self)
        self._model.set_language(self._language)
        self._table = row_table(self._model, self, single=True)
        self._table.setItemDelegate(RichTextDelegate(self._table))
        fill_table_slot(self._table_slot, self._table)

    def set_language(self, language: str) -> None:
        self._language = language
        if self._model is not None:
            self._model.set_language(language)
        self._retranslate()

    def show_suggestions(self, hits: tuple[ArticleLine, ...]) -> None:
        if not hits and self._table is None:
            return  # a model not made yet has no rows to clear
        self.model.set_rows(hits)
        self.table_view.resizeRowsToContents()
        if hits:
            self.table_view.selectRow(0)

    def selected(self) -> ArticleLine | None:
        if self._table is None:  # not made yet: nothing shown, nothing selected
            return None
        return selected_value(self._table)

    @Slot()
    def _on_cite_button_clicked(self) -> None:
        hit = self.selected()
        if hit is not None:
            self.cite_requested.emit(hit)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        hit = self.selected()
        if hit is not None:
            self.open_requested.emit(hit.article_id)

    def show_cited(self, articles: list[ArticleLine]) -> None:
        self._cited = list(articles)
        self._show_cited()

    def _show_cited(self) -> None:
        if not self._cited:
            self.cited_label.setText(self.tr("No article cited yet."))
        else:
            titles = "、".join(a.title for a in self._cited)
            self.cited_label.setText(self.tr("Cited: {titles}").format(titles=titles))
