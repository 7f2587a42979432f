"""Tabs whose panels are built the first time they are needed.

Only the intake must be usable at start-up; the other panels (and the SQLAlchemy,
charts and calendar imports they bring) wait until their tab is first opened, or
until code asks for the panel. A placeholder holds the tab's place and title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QTabWidget, QWidget

log = logging.getLogger(__name__)


class LazyTabs(QObject):
    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        # Connected before anyone else's slot, so theirs see the real panel.
        tabs.currentChanged.connect(self._on_tabs_current_changed)

    def add(self, key: str, factory: Callable[[], QWidget]) -> None:
        placeholder = QWidget()
        self._factories[key] = factory
        self._placeholders[key] = placeholder
        self._tabs.addTab(placeholder, "")

    def get(self, key: str) -> QWidget:
        """The panel, built and put in its tab on first use."""
        panel = self._built.get(key)
        if panel is not None:
            return panel
        panel = self._factories[key]()
        self._built[key] = panel
        placeholder = self._placeholders.pop(key)
        index = self._tabs.indexOf(placeholder)
        was_current = self._tabs.currentIndex() == index
        blocked = self._tabs.blockSignals(True)
        try:
            text = self._tabs.tabText(index)
            self._tabs.removeTab(index)
            self._tabs.insertTab(index, panel, text)
            if was_current:
                self._tabs.setCurrentIndex(index)
        finally:
            self._tabs.blockSignals(blocked)
        placeholder.deleteLater()
        log.info("panel %s built", key)
        return panel

    def built(self, key: str) -> QWidget | None:
        return self._built.get(key)

    def built_panels(self) -> list[QWidget]:
        return list(self._built.values())

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        widget = self._tabs.widget(index)
        for key, placeholder in list(self._placeholders.items()):
            if placeholder is widget:
                self.get(key)
