"""The loop panels driven through their own methods over a real cache, offscreen."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.domain.vocabulary import Role
from app.domain.workflow import Action
from app.models.queues import Queue
from app.models.tables import Case, ContactRecord, Outbox
from app.views.callback_panel import CallbackPanel
from app.views.handler_panel import HandlerPanel
from app.views.supervisor_panel import SupervisorPanel
from tests.unit.loop.cases import HANDLER, command, dispatched, reported_done

SOLVED = {
    "reached": True,
    "identity_confirmed": True,
    "unit_contacted": True,
    "resolution": "resolved",
    "satisfaction": "satisfied",
}


def status(db, case_id: str) -> str:
    with db.read() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.status


def last_action(db, case_id: str) -> str:
    with db.read() as session:
        row = session.scalars(
            select(Outbox)
            .where(Outbox.entity_id == case_id)
            .order_by(Outbox.seq.desc())
        ).first()
        assert row is not None
        return str(row.payload.get("action"))


def open_callback(qtbot, panel: CallbackPanel, case_id: str) -> None:
    with qtbot.waitSignal(panel.case_opened, timeout=10000):
        panel.open_case(case_id)


def answer(panel: CallbackPanel, answers: dict[str, object]) -> None:
    for key, value in answers.items():
        panel.checklist.set_answer(key, value)


def test_callback_not_solved_goes_back_for_redo(qtbot, runner, db, loop_store):
    case_id = reported_done(db, request_type="help", contact=True)
    panel = CallbackPanel(runner, loop_store(Role.OPERATOR, "op1"))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.queue.model.loaded, timeout=10000):
        panel.refresh()
    assert panel.queue.model.row_of(case_id) == 0

    open_callback(qtbot, panel, case_id)
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.record_attempt(True, "本人接听")
    answer(panel, {**SOLVED, "resolution": "unresolved", "satisfaction": "unsatisfied"})
    with qtbot.waitSignal(panel.action_failed, timeout=10000):
        panel.close_case()
    assert status(db, case_id) == "in_callback"
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.redo("路灯仍不亮")
    assert status(db, case_id) == "redo"
    assert last_action(db, case_id) == "callback_redo"


def test_callback_satisfied_closes(qtbot, runner, db, loop_store):
    case_id = reported_done(db, request_type="consultation", contact=True)
    panel = CallbackPanel(runner, loop_store(Role.OPERATOR, "op1"))
    qtbot.addWidget(panel)
    open_callback(qtbot, panel, case_id)
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.record_attempt(True)
    answer(panel, SOLVED)
    assert panel.checklist.answers()["satisfaction"] == "satisfied"
    with qtbot.waitSignal(panel.action_done, timeout=10000) as done:
        panel.close_case()
    assert done.args[0].disagreement is None
    assert status(db, case_id) == "closed"


def test_unreached_caller_hides_the_rest_of_the_checklist(
    qtbot, runner, db, loop_store
):
    case_id = reported_done(db, request_type="consultation")
    panel = CallbackPanel(runner, loop_store(Role.OPERATOR, "op1"))
    qtbot.addWidget(panel)
    open_callback(qtbot, panel, case_id)
    panel.checklist.set_answer("reached", False)
    assert panel.checklist.answers() == {"reached": False}
    with qtbot.waitSignal(panel.case_opened, timeout=10000):
        panel.record_attempt(False, "无人接听")
    assert [a.reached for a in panel.shown.attempts] == [False]
    assert panel.attempts_list.count() == 1


def test_handler_accepts_contacts_replies(qtbot, runner, db, loop_store):
    case_id = dispatched(db)
    panel = HandlerPanel(runner, loop_store(Role.HANDLER, "h1"))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.queue.model.loaded, timeout=10000):
        panel.refresh()
    assert panel.queue.select_case(case_id)
    assert panel.case_id == case_id

    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.accept_case()
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.record_contact("visit", "约定周五上门更换灯泡")
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.reply("已更换灯泡，恢复照明")
    assert status(db, case_id) == "reported_done"
    with db.read() as session:
        contact = session.scalars(select(ContactRecord)).one()
        assert (contact.method, contact.summary) == ("visit", "约定周五上门更换灯泡")


def test_handler_return_and_extension_need_reasons(qtbot, runner, db, loop_store):
    first, second = dispatched(db, "占道经营"), dispatched(db, "井盖缺失")
    panel = HandlerPanel(runner, loop_store(Role.HANDLER, "h1"))
    qtbot.addWidget(panel)
    panel.select_case(first)
    with qtbot.waitSignal(panel.action_failed, timeout=10000):
        panel.request_return("  ")
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.request_return("属城管职责")
    assert status(db, first) == "return_requested"

    panel.select_case(second)
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.accept_case()
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.request_extension("需协调供电公司", date.today() + timedelta(days=10))
    assert status(db, second) == "extension_requested"
    assert last_action(db, second) == "request_extension"


def test_supervisor_decides_an_extension_offline(qtbot, runner, db, loop_store):
    case_id = dispatched(db)
    command(db, case_id, Action.ACCEPT, HANDLER)
    command(db, case_id, Action.REQUEST_EXTENSION, HANDLER, reason="需协调")
    panel = SupervisorPanel(runner, loop_store(Role.SUPERVISOR, "sup1"))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.queue.model.loaded, timeout=10000):
        panel.set_queue(Queue.PENDING_DECISIONS)
    assert panel.queue.model.row_of(case_id) == 0
    with qtbot.waitSignal(panel.detail.loaded, timeout=10000):
        panel.open_case(case_id)
    assert panel.detail.caller_label.text().endswith("138****8000")

    new_date = date.today() + timedelta(days=14)
    with qtbot.waitSignal(panel.action_done, timeout=10000):
        panel.decide_extension(True, "同意", new_date)
    assert status(db, case_id) == "accepted"
    with db.read() as session:
        row = session.scalars(
            select(Outbox)
            .where(Outbox.entity_id == case_id)
            .order_by(Outbox.seq.desc())
        ).first()
        assert row is not None and row.state == "pending"
        assert row.payload["action"] == "approve_extension"
        assert row.payload["args"]["due_at"].startswith(new_date.isoformat())

    with qtbot.waitSignal(panel.detail.revealed, timeout=10000) as revealed:
        panel.detail.reveal_number()
    assert revealed.args == ["13800138000"]
