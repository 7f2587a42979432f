"""The read-only table of whole rows that the side panels and lists share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def row_table(
    model: QAbstractItemModel, parent: QWidget, *, single: bool = False
) -> QTableView:
    """A table over model that selects whole rows (one at a time when single)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def selected_value(view: QTableView) -> Any:
    """The row value of the first selected row, or None (models with row_value)."""
    rows = view.selectionModel().selectedRows()
    model: Any = view.model()
    return model.row_value(rows[0].row()) if rows else None
