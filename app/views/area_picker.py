"""Administrative area: district, then township or street, then community."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from app.views.kept_choice import refill_keeping_choice
from app.views.reference_data import ReferenceData


class AreaPicker(QWidget):
    """Three linked combo boxes; the deepest chosen level is the area.

    Signals:
        area_changed(str): the code of the deepest chosen area, or "".
    """

    area_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = ReferenceData()
        self.district_combo = QComboBox(self)
        self.township_combo = QComboBox(self)
        self.community_combo = QComboBox(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for combo in (self.district_combo, self.township_combo, self.community_combo):
            combo.setMinimumContentsLength(6)
            layout.addWidget(combo, 1)
        self.district_combo.currentIndexChanged.connect(self._on_district_changed)
        self.township_combo.currentIndexChanged.connect(self._on_township_changed)
        self.community_combo.currentIndexChanged.connect(self._on_community_changed)

    def _retranslate(self) -> None:
        for combo in (self.district_combo, self.township_combo, self.community_combo):
            if combo.count():
                combo.setItemText(0, self.tr("(not chosen)"))

    def set_reference(self, data: ReferenceData) -> None:
        """New area lists; the chosen areas stay chosen, each marked if withdrawn.

        Nothing is emitted: the chosen area is the same code as before.
        """
        same_areas = data.areas == self._data.areas
        self._data = data
        if same_areas and self.district_combo.count():
            return
        roots = {a.code for a in data.areas}
        districts = [
            a for a in data.areas if a.level == "district" or a.parent_code not in roots
        ]
        none = (self.tr("(not chosen)"), "")
        withdrawn = self.tr("{name} (no longer valid)")
        combos = (self.district_combo, self.township_combo, self.community_combo)
        choices: list[tuple[str, str]] = [(a.name_zh, a.code) for a in districts]
        for combo in combos:
            refill_keeping_choice(combo, none, choices, withdrawn)
            # The next level lists the children of this level's choice.
            code = combo.currentData() or ""
            children = data.area_children(code) if code else []
            choices = [(a.name_zh, a.code) for a in children]

    def _fill(self, combo: QComboBox, areas) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("(not chosen)"), "")
        for area in areas:
            combo.addItem(area.name_zh, area.code)
        combo.blockSignals(False)

    @Slot(int)
    def _on_district_changed(self, _index: int) -> None:
        code = self.district_combo.currentData() or ""
        self._fill(self.township_combo, self._data.area_children(code) if code else [])
        self._fill(self.community_combo, [])
        self.area_changed.emit(self.area_code())

    @Slot(int)
    def _on_township_changed(self, _index: int) -> None:
        code = self.township_combo.currentData() or ""
        self._fill(self.community_combo, self._data.area_children(code) if code else [])
        self.area_changed.emit(self.area_code())

    @Slot(int)
    def _on_community_changed(self, _index: int) -> None:
        self.area_changed.emit(self.area_code())

    def area_code(self) -> str:
        for combo in (self.community_combo, self.township_combo, self.district_combo):
            code = combo.currentData()
            if code:
                return str(code)
        return ""

    def set_area_code(self, code: str) -> None:
        """Select the chain of areas that leads to code."""
        by_code = {a.code: a for a in self._data.areas}
        chain: list[str] = []
        while code in by_code:
            chain.insert(0, code)
            code = by_code[code].parent_code
        combos = (self.district_combo, self.township_combo, self.community_combo)
        for combo, wanted in zip(combos, chain, strict=False):
            combo.setCurrentIndex(max(combo.findData(wanted), 0))
