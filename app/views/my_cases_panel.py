"""The operator's own recent cases, newest first."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.views.item_models import CaseLinesModel
from app.views.row_table import row_table
from app.views.tasks import TaskRunner


class MyCasesPanel(QWidget):
    """Signals:
    refreshed(): the list shows the cache as of the last refresh.
    """

    refreshed = Signal()

    def __init__(
        self, runner: TaskRunner, store, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self.username = ""
        self.model = CaseLinesModel(self)
        self.table_view = row_table(self.model, self)
        self.count_label = QLabel(self)
        self.refresh_button = QPushButton(self)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table_view, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self._retranslate()

    def _retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.count_label.setText(
            self.tr("{count} recent case(s) you registered").format(
                count=self.model.rowCount()
            )
        )

    def set_language(self, language: str) -> None:
        self.model.set_language(language)
        self._retranslate()

    def refresh(self, *_args: object) -> None:
        # TODO: #6 page through all of the operator's cases, not the latest 200.
        username = self.username

        def done(rows) -> None:
            self.model.set_rows(rows)
            self.table_view.resizeColumnsToContents()
            self._retranslate()
            self.refreshed.emit()

        self._runner.submit(
            "my cases", lambda: self._store.my_cases(username, 200), done
        )
