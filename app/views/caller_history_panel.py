"""The caller's history beside a new intake: earlier cases, open cases, recent calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.views.row_table import fill_table_slot, row_table, table_slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from app.views.desk_values import CallerHistory
    from app.views.item_models import CaseLinesModel


class CallerHistoryPanel(QWidget):
    """The table and its model are made on first use (see table_view): at start-up
    the intake panel asks for them right after the first paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: CallerHistory | None = None
        self._language = "zh"
        self._model: CaseLinesModel | None = None
        self._table: QTableView | None = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("panelTitle")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self._table_slot = table_slot(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self._table_slot, 1)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Caller history"))
        self._show_summary()

    @property
    def table_view(self) -> QTableView:
        if self._table is None:
            self._make_table()
        assert self._table is not None
        return self._table

    @property
    def model(self) -> CaseLinesModel:
        if self._model is None:
            self._make_table()
        assert self._model is not None
        return self._model

    def _make_table(self) -> None:
        from app.views.item_models import CaseLinesModel

        self._model = CaseLinesModel(self)
        self._model.set_language(self._language)
        self._table = row_table(self._model, self)
        self._table.setAlternatingRowColors(True)
        fill_table_slot(self._table_slot, self._table)

    def set_language(self, language: str) -> None:
        self._language = language
        if self._model is not None:
            self._model.set_language(language)
        self._retranslate()

    def show_history(self, history: CallerHistory | None) -> None:
        self._history = history
        if history is None:
            if self._model is not None:  # a model not made yet has no rows
                self._model.set_rows(())
        else:
            # Open cases first: they are what the caller is most likely calling about.
            seen = {c.case_id for c in history.open_cases}
            rows = list(history.open_cases)
            rows += [c for c in history.earlier_cases if c.case_id not in seen]
            self.model.set_rows(rows)
            self.table_view.resizeColumnsToContents()
        self._show_summary()

    def _show_summary(self) -> None:
        history = self._history
        if history is None:
            self.summary_label.setText(self.tr("No caller number yet."))
            return
        self.summary_label.setText(
            self.tr(
                "{number}: {open} open case(s), {earlier} case(s) in total, "
                "{calls} call(s) in the last 30 days"
            ).format(
                number=history.display_number,
                open=len(history.open_cases),
                earlier=len(history.earlier_cases),
                calls=history.calls_last_30_days,
            )
        )

    def summary_text(self) -> str:
        return self.summary_label.text()
