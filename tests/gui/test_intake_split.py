"""The intake panel's default split between the form and the side panels.

The side panels' models are made after the first paint (start-up speed); the split
an operator sees must be the one the panels give when everything is built at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.views.config import DeskConfig
from app.views.i18n import install_language
from app.views.login_dialog import Operator
from app.views.main_window import MainWindow
from tests.gui.conftest import CALLER, check_password


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
        first_paint = intake.splitter.sizes()
        with qtbot.waitSignal(intake.history_shown, timeout=10_000):
            window.new_intake(CALLER)
        qtbot.waitUntil(lambda: intake.knowledge_panel.table_view.model() is not None)
        after = intake.splitter.sizes()
        window.close()

        eager = _shown_window(qtbot, runner, store, reference, finish_first=True)
        expected = eager.intake_panel.splitter.sizes()
        eager.close()
    finally:
        install_language(QApplication.instance(), "en")  # as the other tests expect

    # The form beside the side panels, which stand one above the other.
    assert intake.splitter.orientation() == Qt.Orientation.Horizontal
    assert intake.splitter.widget(1).orientation() == Qt.Orientation.Vertical
    assert first_paint == expected
    assert after == expected
    # The form keeps most of the width, the side panels a good quarter of it.
    form, side = expected
    assert 0.65 < form / (form + side) < 0.80, expected
