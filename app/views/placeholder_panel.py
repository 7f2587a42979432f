"""An honest placeholder for a tab whose content arrives with later work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPanel(QWidget):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self._retranslate()

    def _retranslate(self) -> None:
        self.label.setText(
            self.tr(
                "{what}: not built yet. This tab's content arrives with the "
                "closing-the-loop work (dispatch follow-up, callbacks, queues)."
            ).format(what=self._what)
        )

    def set_what(self, what: str) -> None:
        self._what = what
        self._retranslate()
