"""Duplicate and repeat-call candidates, and linking the call to one of them (并单)."""

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

    from app.views.desk_values import MatchLine
    from app.views.item_models import MatchesModel


class MatchesPanel(QWidget):
    """Signals:
    link_requested(str): link this call to the case with that id.
    unlink_requested(): undo the link.

    The table and its model are made on first use (see table_view): at start-up
    the intake panel asks for them right after the first paint.
    """

    link_requested = Signal(str)
    unlink_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "zh"
        self._linked: MatchLine | None = None
        self._model: MatchesModel | None = None
        self._table: QTableView | None = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("panelTitle")
        self._table_slot = table_slot(self)
        self.link_button = QPushButton(self)
        self.unlink_button = QPushButton(self)
        self.link_label = QLabel(self)
        self.link_label.setObjectName("linkState")
        self.link_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self._table_slot, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.link_label)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.unlink_button.clicked.connect(self.unlink_requested)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Possible duplicates and repeat calls"))
        self.link_button.setText(self.tr("Link call to case (并单)"))
        self.unlink_button.setText(self.tr("Undo link"))
        self._show_link_state()

    @property
    def table_view(self) -> QTableView:
        if self._table is None:
            self._make_table()
        assert self._table is not None
        return self._table

    @property
    def model(self) -> MatchesModel:
        if self._model is None:
            self._make_table()
        assert self._model is not None
        return self._model

    def _make_table(self) -> None:
        from app.views.item_models import MatchesModel

        self._model = MatchesModel(self)
        self._model.set_language(self.language)
        self._table = row_table(self._model, self, single=True)
        self._table.setWordWrap(True)
        self._table.doubleClicked.connect(self._on_link_button_clicked)
        fill_table_slot(self._table_slot, self._table)

    def set_language(self, language: str) -> None:
        self.language = language
        if self._model is not None:
            self._model.set_language(language)
        self._retranslate()

    def show_matches(self, matches: tuple[MatchLine, ...]) -> None:
        if not matches and self._table is None:
            return  # a model not made yet has no rows to clear
        self.model.set_rows(matches)
        self.table_view.resizeColumnToContents(0)
        if matches:
            self.table_view.selectRow(0)

    def selected_match(self) -> MatchLine | None:
        if self._table is None:  # not made yet: nothing shown, nothing selected
            return None
        return selected_value(self._table)

    @Slot()
    def _on_link_button_clicked(self, *_args: object) -> None:
        match = self.selected_match()
        if match is not None:
            self.link_requested.emit(match.case.case_id)

    def show_linked(self, match: MatchLine | None) -> None:
        self._linked = match
        self._show_link_state()

    def _show_link_state(self) -> None:
        linked = self._linked
        self.unlink_button.setEnabled(linked is not None)
        if linked is None:
            self.link_label.setText(self.tr("This call is a new case."))
        else:
            self.link_label.setText(
                self.tr("Linked to case {number}: saving adds this call to it.").format(
                    number=linked.case.number
                )
            )

    def link_text(self) -> str:
        return self.link_label.text()
