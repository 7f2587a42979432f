"""The read-only table of whole rows that the side panels and lists share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractScrollArea, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QTableView


def row_table(
    model: QAbstractItemModel, parent: QWidget, *, single: bool = False
) -> QTableView:
    """A table over model that selects whole rows (one at a time when single)."""
    # Imported here: the intake's side panels make their tables after the first
    # paint, and the first use of these classes costs several milliseconds.
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


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
