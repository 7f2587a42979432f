"""The caller's history beside a new intake: earlier cases, open cases, recent calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.views.desk_values import CallerHistory
from app.views.row_table import row_view

if TYPE_CHECKING:
    from app.views.item_models import CaseLinesModel


class CallerHistoryPanel(QWidget):
    """The table's model is made on first use (see model): at start-up the intake
    panel asks for it right after the first paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: CallerHistory | None = None
        self._language = "zh"
        self._model: CaseLinesModel | None = None
        self.title_label = QLabel(self)
        self.title_label.setObjectName("panelTitle")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.table_view = row_view(self)
        self.table_view.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table_view, 1)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Caller history"))
        self._show_summary()

    @property
    def model(self) -> CaseLinesModel:
        if self._model is None:
            from app.views.item_models import CaseLinesModel

            self._model = CaseLinesModel(self)
            self._model.set_language(self._language)
            self.table_view.setModel(self._model)
        return self._model

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
