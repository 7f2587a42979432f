"""The supervisor's extension decision starts from the date the unit asked for."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.vocabulary import Role
from app.views.handler_panel import HandlerPanel
from app.views.supervisor_panel import SupervisorPanel
from tests.unit.loop.cases import dispatched


def test_the_requested_date_is_prefilled(qtbot, runner, db, loop_store):
    case_id = dispatched(db, "井盖缺失")
    asked = date.today() + timedelta(days=23)
    handler = HandlerPanel(runner, loop_store(Role.HANDLER, "h1"))
    supervisor = SupervisorPanel(runner, loop_store(Role.SUPERVISOR, "sup1"))
    for panel in (handler, supervisor):
        qtbot.addWidget(panel)

    handler.select_case(case_id)
    with qtbot.waitSignal(handler.action_done, timeout=10000):
        handler.accept_case()
    with qtbot.waitSignal(handler.action_done, timeout=10000):
        handler.request_extension("需协调供电公司", asked)

    assert supervisor.due_edit.date().toPython() != asked
    with qtbot.waitSignal(supervisor.detail.loaded, timeout=10000):
        supervisor.open_case(case_id)
    assert supervisor.due_edit.date().toPython() == asked
