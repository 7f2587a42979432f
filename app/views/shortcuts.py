"""Keyboard shortcuts for the frequent actions, and the dialog that lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutSpec:
    name: str
    keys: tuple[str, ...]
    text: str  # English source; translated in context "Shortcuts"


SHORTCUTS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec("new_intake", ("F2",), "New intake"),
    ShortcutSpec("save", ("Ctrl+S",), "Save the intake (register)"),
    ShortcutSpec("answer_on_call", ("Ctrl+Shift+A",), "Answered on call: close case"),
    ShortcutSpec("dispatch", ("Ctrl+Shift+D",), "Dispatch to the lead unit"),
    ShortcutSpec("emergency", ("Ctrl+Shift+E",), "Emergency transfer"),
    ShortcutSpec("link", ("Ctrl+Shift+M",), "Link call to the selected match"),
    ShortcutSpec("search", ("F3", "Ctrl+K"), "Search knowledge"),
    ShortcutSpec("copy_script", ("Ctrl+Shift+C",), "Copy the answer script"),
    ShortcutSpec("cite", ("Ctrl+Shift+T",), "Cite the article in the current case"),
    ShortcutSpec("lock", ("Ctrl+L",), "Lock the seat"),
    ShortcutSpec("shortcuts", ("F1",), "Show this list"),
)


def translated(spec: ShortcutSpec) -> str:
    return QCoreApplication.translate("Shortcuts", spec.text)


def make_actions(
    parent: QWidget, handlers: dict[str, Callable[[], None]]
) -> dict[str, QAction]:
    """One QAction per shortcut, added to parent so it works in every tab."""
    actions: dict[str, QAction] = {}
    for spec in SHORTCUTS:
        action = QAction(translated(spec), parent)
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
        action.triggered.connect(handlers[spec.name])
        parent.addAction(action)
        actions[spec.name] = action
    return actions


def _mark_shortcuts_for_lupdate() -> None:
    # pyside6-lupdate reads literal translate() calls only; the table above is data.
    for text in (
        QCoreApplication.translate("Shortcuts", "New intake"),
        QCoreApplication.translate("Shortcuts", "Save the intake (register)"),
        QCoreApplication.translate("Shortcuts", "Answered on call: close case"),
        QCoreApplication.translate("Shortcuts", "Dispatch to the lead unit"),
        QCoreApplication.translate("Shortcuts", "Emergency transfer"),
        QCoreApplication.translate("Shortcuts", "Link call to the selected match"),
        QCoreApplication.translate("Shortcuts", "Search knowledge"),
        QCoreApplication.translate("Shortcuts", "Copy the answer script"),
        QCoreApplication.translate("Shortcuts", "Cite the article in the current case"),
        QCoreApplication.translate("Shortcuts", "Lock the seat"),
        QCoreApplication.translate("Shortcuts", "Show this list"),
    ):
        del text


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(SHORTCUTS), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        for row, spec in enumerate(SHORTCUTS):
            keys = " / ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                for k in spec.keys
            )
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(translated(spec)))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(460, 420)
