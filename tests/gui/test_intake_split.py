"""The intake panel's default split between the form and the side panels.

The side panels' models are made after the first paint (start-up speed); the split
an operator sees must be the one the panels give when everything is built at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.views.config import DeskConfig
from app.views.i18n import install_language
from app.views.login_dialog import Operator
from app.views.main_window import MainWindow
from tests.gui.conftest import CALLER, check_password


def _sizes(window) -> tuple[list[int], list[int]]:
    """The form's and side's widths, and the side panels' heights."""
    splitter = window.intake_panel.splitter
    return splitter.sizes(), splitter.widget(1).sizes()


def _shown_window(qtbot, runner, store, reference, *, finish_first: bool):
    config = DeskConfig(autosave_seconds=60, idle_lock_minutes=60, language="zh")
    window = MainWindow(
        runner, store, config, Operator("op1", "Op One"), check_password
    )
    qtbot.addWidget(window)
    window.set_reference(reference)
    if finish_first:
        window.intake_panel.finish_side_panels()
    window.show()
    qtbot.waitExposed(window)
    return window


def test_split_is_the_same_as_with_the_side_panels_built_at_once(
    qtbot, runner, store, reference
):
    # As at start-up, the translators are in place before any window is built
    # (the form's size hint depends on the language of its texts).
    install_language(QApplication.instance(), "zh")
    try:
        window = _shown_window(qtbot, runner, store, reference, finish_first=False)
        intake = window.intake_panel
        first_paint = _sizes(window)
        with qtbot.waitSignal(intake.history_shown, timeout=10_000):
            window.new_intake(CALLER)
        # The tables come on the next turn of the event loop.
        side = intake.splitter.widget(1)
        qtbot.waitUntil(lambda: len(side.findChildren(QTableView)) == 3)
        after = _sizes(window)
        tables_shown = [table.isVisible() for table in side.findChildren(QTableView)]
        window.close()

        eager = _shown_window(qtbot, runner, store, reference, finish_first=True)
        expected = _sizes(eager)
        eager.close()
    finally:
        install_language(QApplication.instance(), "en")  # as the other tests expect

    # The form beside the side panels, which stand one above the other.
    assert intake.splitter.orientation() == Qt.Orientation.Horizontal
    assert intake.splitter.widget(1).orientation() == Qt.Orientation.Vertical
    assert first_paint == expected
    assert after == expected
    assert tables_shown == [True, True, True]
    # The form keeps most of the width, the side panels a good quarter of it.
    (form, side), heights = expected
    assert 0.65 < form / (form + side) < 0.80, expected
    assert len(heights) == 3 and min(heights) > 0, expected
