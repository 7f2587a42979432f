"""The read-only tables the side panels, lists and dialogs share.

A row table is a view over an item model; a text table is a QTableWidget of plain
strings, for short lists a panel fills whole each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractScrollArea, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QTableView, QTableWidget


def row_table(
    model: QAbstractItemModel, parent: QWidget, *, single: bool = False
) -> QTableView:
    """A table over model that selects whole rows (one at a time when single)."""
    # Imported here: the intake's side panels make their tables after the first
    # paint, and the first use of these classes costs several milliseconds.
    from PySide6.QtWidgets import QTableView

    view = QTableView(parent)
    view.setModel(model)
    _read_only(view, rows=True, single=single)
    return view


def text_table(
    columns: int, parent: QWidget, *, rows: bool = True, single: bool = False
) -> QTableWidget:
    """A read-only table of strings; selecting whole rows (one when single) or cells."""
    from PySide6.QtWidgets import QTableWidget

    table = QTableWidget(0, columns, parent)
    _read_only(table, rows=rows, single=single)
    return table


def _read_only(view: QTableView, *, rows: bool, single: bool) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)


def fill_text_table(table: QTableWidget, rows: Sequence[Iterable[str]]) -> None:
    """Replace the table's rows with rows of cell texts."""
    from PySide6.QtWidgets import QTableWidgetItem

    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))


def table_slot(parent: QWidget) -> QWidget:
    """Holds a row table's place in a layout until the table is made.

    A bare scroll area has a QTableView's size hints and size policy (the view adds
    none of its own while it does not adjust to its contents), so the layout, and a
    splitter's default split around it, come out the same before and after.
    """
    return QAbstractScrollArea(parent)


def fill_table_slot(slot: QWidget, view: QTableView) -> None:
    """Put view where slot stood in its parent's layout."""
    slot.hide()
    slot.parentWidget().layout().replaceWidget(slot, view)
    slot.deleteLater()


def selected_value(view: QTableView) -> Any:
    """The row value of the first selected row, or None (models with row_value)."""
    rows = view.selectionModel().selectedRows()
    model: Any = view.model()
    return model.row_value(rows[0].row()) if rows else None
