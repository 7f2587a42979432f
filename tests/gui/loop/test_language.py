"""Switching the interface language at run time relabels the loop panels.

The language menu installs another translator; Qt then sends LanguageChange to every
widget, and each long-lived panel retranslates itself (no rebuild, no restart).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.vocabulary import Role, Status
from app.views.callback_panel import CallbackPanel
from app.views.handler_panel import HandlerPanel
from app.views.i18n import install_language
from app.views.supervisor_panel import SupervisorPanel
from tests.unit.loop.cases import dispatched, reported_done


@pytest.fixture
def chinese(qapp) -> Iterator[QApplication]:
    install_language(qapp, "zh")
    yield qapp
    install_language(qapp, "zh")


def headers(panel) -> list[str]:
    model = panel.queue.model
    return [
        model.headerData(column, Qt.Orientation.Horizontal)
        for column in range(model.columnCount())
    ]


def combo_texts(combo) -> list[str]:
    return [combo.itemText(row) for row in range(combo.count())]


def test_supervisor_panel_follows_the_language_menu(
    qtbot, chinese, runner, db, loop_store
):
    case_id = dispatched(db)
    panel = SupervisorPanel(runner, loop_store(Role.SUPERVISOR, "sup1"))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.queue.model.loaded, timeout=10000):
        panel.refresh()
    with qtbot.waitSignal(panel.detail.loaded, timeout=10000):
        panel.open_case(case_id)

    assert headers(panel)[:3] == ["工单编号", "状态", "办结时限"]
    assert combo_texts(panel.queue_combo)[0] == "在办工单"
    assert panel.queue.model.index(0, 1).data() == Status.DISPATCHED.label_zh
    assert panel.detail.fields_table.item(0, 0).text() == "正式编号"

    install_language(chinese, "en")
    QApplication.processEvents()
    assert headers(panel)[:3] == ["No.", "Status", "Due"]
    assert combo_texts(panel.queue_combo)[:2] == ["Open cases", "Overdue"]
    assert panel.tabs.tabText(1) == "Conflicts"
    assert panel.queue.model.index(0, 1).data() == Status.DISPATCHED.label_en
    assert panel.queue.status_combo.itemText(1) == Status.REGISTERED.label_en
    assert panel.detail.fields_table.item(0, 0).text() == "Official number"

    install_language(chinese, "zh")
    QApplication.processEvents()
    assert headers(panel)[:3] == ["工单编号", "状态", "办结时限"]
    assert combo_texts(panel.queue_combo)[0] == "在办工单"
    assert panel.queue.model.index(0, 1).data() == Status.DISPATCHED.label_zh


def test_handler_and_callback_panels_follow_the_language_menu(
    qtbot, chinese, runner, db, loop_store
):
    reported_done(db, request_type="help", contact=True)
    handler = HandlerPanel(runner, loop_store(Role.HANDLER, "h1"))
    callbacks = CallbackPanel(runner, loop_store(Role.OPERATOR, "op1"))
    for panel in (handler, callbacks):
        qtbot.addWidget(panel)
    assert combo_texts(handler.contact_method_combo) == ["电话", "上门", "短信", "其他"]
    chinese_button = callbacks.close_button.text()

    install_language(chinese, "en")
    QApplication.processEvents()
    assert combo_texts(handler.contact_method_combo) == [
        "Phone",
        "Visit",
        "Text message",
        "Other",
    ]
    assert handler.accept_button.text() == "Accept"
    assert headers(handler)[0] == "No."
    assert callbacks.close_button.text() == "Close case"
    assert headers(callbacks)[0] == "No."

    install_language(chinese, "zh")
    QApplication.processEvents()
    assert combo_texts(handler.contact_method_combo)[0] == "电话"
    assert callbacks.close_button.text() == chinese_button != "Close case"
    assert headers(handler)[0] == "工单编号"
