"""Refilling a combo box from new reference lists without losing the operator's choice.

Sync may bring new lists while an intake is half filled. The chosen code stays
chosen; a code the new lists no longer hold stays too, as an extra item marked as no
longer valid, so the choice is never silently changed to something else.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox

# Qt.ItemDataRole.UserRole + 2 as a number: naming Qt here would build PySide's whole
# Qt namespace (~35 ms) before the first window, which imports this module.
WITHDRAWN_ROLE = 0x0100 + 2


def refill_keeping_choice(
    combo: QComboBox,
    first: tuple[str, str],
    items: Iterable[tuple[str, str]],
    withdrawn_text: str,
) -> None:
    """Replace the combo's items, keeping the chosen code chosen.

    Args:
        first: the (text, "") item that means none or all.
        items: (text, code) pairs of the new list.
        withdrawn_text: the label of a chosen code the list no longer holds, with a
            ``{name}`` placeholder for the text it was shown with.
    """
    chosen = str(combo.currentData() or "")
    row = combo.currentIndex()
    label = combo.currentText()
    if row >= 0 and not combo.itemData(row, WITHDRAWN_ROLE):
        label = withdrawn_text.format(name=label)

    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(*first)
        for text, code in items:
            combo.addItem(text, code)
        found = combo.findData(chosen) if chosen else 0
        if found < 0:
            combo.addItem(label, chosen)
            found = combo.count() - 1
            combo.setItemData(found, True, WITHDRAWN_ROLE)
        combo.setCurrentIndex(max(found, 0))
    finally:
        combo.blockSignals(False)
