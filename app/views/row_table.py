"""The read-only table of whole rows that the side panels and lists share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def row_table(
    model: QAbstractItemModel, parent: QWidget, *, single: bool = False
) -> QTableView:
    """A table over model that selects whole rows (one at a time when single)."""
    view = row_view(parent, single=single)
    view.setModel(model)
    return view


def row_view(parent: QWidget, *, single: bool = False) -> QTableView:
    """row_table without its model yet: panels that attach the model later.

    The view's size hints do not depend on the model, so a layout (a splitter's
    default split) comes out the same either way.
    """
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def selected_value(view: QTableView) -> Any:
    """The row value of the first selected row, or None (models with row_value)."""
    selection = view.selectionModel()
    if selection is None:  # no model attached yet: nothing can be selected
        return None
    rows = selection.selectedRows()
    model: Any = view.model()
    return model.row_value(rows[0].row()) if rows else None
