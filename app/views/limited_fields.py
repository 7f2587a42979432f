"""Text fields with an explicit limit and a visible counter.

QLineEdit cuts anything past maxLength without a word (32,767 by default), which
would silently lose part of a caller's words on a long paste. These fields keep
everything the operator typed or pasted, show "count / limit", turn the counter red
past the limit and report the field as invalid, so the operator shortens it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

# Far above any field limit, so that Qt never truncates; our own limit is checked.
_QT_CEILING = 32767


class CounterLabel(QLabel):
    """Shows "n / limit", red when over."""

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._limit = limit
        self.setObjectName("counter")
        self.show_count(0)

    def show_count(self, count: int) -> None:
        self.setText(f"{count} / {self._limit}")
        over = count > self._limit
        self.setProperty("over", over)
        self.setStyleSheet("color: #c0392b; font-weight: bold;" if over else "")


class LimitedLineEdit(QWidget):
    """A one-line field with a character limit and a counter.

    Signals:
        text_changed(str): the text changed.
        over_limit_paste(int): a paste longer than Qt can hold was refused.
    """

    text_changed = Signal(str)
    over_limit_paste = Signal(int)

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.edit = _GuardedLineEdit(self)
        self.edit.setMaxLength(_QT_CEILING)
        self.counter = CounterLabel(limit, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.counter)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.refused_paste.connect(self.over_limit_paste)

    @Slot(str)
    def _on_edit_text_changed(self, text: str) -> None:
        self.counter.show_count(len(text))
        self.text_changed.emit(text)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def is_over(self) -> bool:
        return len(self.edit.text()) > self.limit


class _GuardedLineEdit(QLineEdit):
    refused_paste = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            pasted = QGuiApplication.clipboard().text()
            if len(self.text()) + len(pasted) > _QT_CEILING:
                self.refused_paste.emit(len(pasted))
                event.accept()
                return
        super().keyPressEvent(event)


class LimitedTextEdit(QWidget):
    """A multi-line field with a character limit and a counter under it.

    Signals:
        text_changed(str): the text changed.
    """

    text_changed = Signal(str)

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.counter = CounterLabel(limit, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.counter)
        self.edit.textChanged.connect(self._on_edit_text_changed)

    @Slot()
    def _on_edit_text_changed(self) -> None:
        text = self.edit.toPlainText()
        self.counter.show_count(len(text))
        self.text_changed.emit(text)

    def text(self) -> str:
        return self.edit.toPlainText()

    def setText(self, text: str) -> None:
        self.edit.setPlainText(text)

    def is_over(self) -> bool:
        return len(self.edit.toPlainText()) > self.limit
