"""The whole loop across three workstations and a real server, driven by the panels.

Operator (intake, dispatch, callback), department handler (accept, direct contact,
reply) and supervisor (review offline), each with its own cache file and sync engine,
against `python -m server.cli serve` on loopback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.domain.vocabulary import Role
from app.domain.workflow import Action
from app.models.queues import Queue
from app.models.tables import Case, CaseEvent, Outbox
from app.sync.status import SyncStatus
from app.views.callback_panel import CallbackPanel
from app.views.handler_panel import HandlerPanel
from app.views.loop_store import LoopStore
from app.views.supervisor_panel import SupervisorPanel
from app.views.tasks import TaskRunner
from tests.e2e.harness import ServerProcess, Workstation, add_users

UNIT = "D-WATER"
USERS = [
    ("op1", "operator", None),
    ("h1", "handler", UNIT),
    ("sup1", "supervisor", None),
]
Make = Callable[..., Workstation]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("loop-server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, USERS)
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.stop()


def store(station: Workstation, role: Role, unit: str | None = None) -> LoopStore:
    return LoopStore(
        lambda: station.cache,
        username=station.username,
        role=role,
        client_id=station.engine.client_id,
        unit_code=unit,
    )


def sync(*stations: Workstation) -> None:
    for station in stations:
        report = station.engine.sync_once()
        assert report.status == SyncStatus.ONLINE, report.message


def status(station: Workstation, case_id: str) -> str:
    with station.cache.read() as session:
        case = session.get(Case, case_id)
        assert case is not None, f"{station.username} has not got the case"
        return case.status


def intake(op: Workstation) -> str:
    case_id = op.new_case(
        "小区停水三天无人处理", summary="小区停水", request_type="help"
    )
    op.command(
        case_id,
        Action.DISPATCH.value,
        lead_unit_code=UNIT,
        due_at=datetime.now(UTC) + timedelta(days=7),
    )
    return case_id


def wait_done(qtbot, panel, work) -> object:
    with qtbot.waitSignal(panel.action_done, timeout=15000) as done:
        work()
    return done.args[0]


def handle(qtbot, panel: HandlerPanel, case_id: str, reply: str, contact: bool) -> None:
    panel.select_case(case_id)
    wait_done(qtbot, panel, panel.accept_case)
    if contact:
        wait_done(
            qtbot, panel, lambda: panel.record_contact("phone", "约定明日恢复供水")
        )
    wait_done(qtbot, panel, lambda: panel.reply(reply))


def callback(qtbot, panel: CallbackPanel, case_id: str, answers: dict, redo: str):
    with qtbot.waitSignal(panel.case_opened, timeout=15000):
        panel.open_case(case_id)
    wait_done(qtbot, panel, lambda: panel.record_attempt(True))
    for key, value in answers.items():
        panel.checklist.set_answer(key, value)
    if redo:
        return wait_done(qtbot, panel, lambda: panel.redo(redo))
    return wait_done(qtbot, panel, panel.close_case)


ANSWERS = {
    "reached": True,
    "identity_confirmed": True,
    "unit_contacted": True,
    "resolution": "resolved",
    "satisfaction": "satisfied",
}


def test_case_closes_only_when_the_caller_confirms(
    qtbot, runner, workstation: Make
) -> None:
    op = workstation("op1")
    handler = workstation("h1", role="handler")
    sup = workstation("sup1", role="supervisor")
    # The supervisor's workstation is set up before the case exists and first sees
    # the case at the end, with its whole history.
    sync(sup)
    case_id = intake(op)
    sync(op, handler)
    assert status(handler, case_id) == "dispatched"

    handler_panel = HandlerPanel(runner, store(handler, Role.HANDLER, UNIT))
    callback_panel = CallbackPanel(runner, store(op, Role.OPERATOR))
    qtbot.addWidget(handler_panel)
    qtbot.addWidget(callback_panel)
    handle(qtbot, handler_panel, case_id, "已抢修管道", contact=True)
    sync(handler, op)
    assert status(op, case_id) == "reported_done"

    not_solved = {**ANSWERS, "resolution": "unresolved", "satisfaction": "unsatisfied"}
    callback(qtbot, callback_panel, case_id, not_solved, redo="仍然停水")
    sync(op, handler)
    assert status(handler, case_id) == "redo"

    handle(qtbot, handler_panel, case_id, "已更换阀门，供水恢复", contact=False)
    sync(handler, op)
    assert status(op, case_id) == "reported_done"
    outcome = callback(qtbot, callback_panel, case_id, ANSWERS, redo="")
    assert outcome.disagreement is None
    sync(op, sup)

    assert status(sup, case_id) == "closed"
    with sup.cache.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.redo_count == 1
        actions = session.scalars(
            select(CaseEvent.action).where(CaseEvent.case_id == case_id)
        ).all()
    for action in (
        "accept",
        "record_contact",
        "reply",
        "callback_redo",
        "callback_close",
    ):
        assert action in actions, actions
    with op.cache.read() as session:
        states = set(session.scalars(select(Outbox.state)).all())
    assert states <= {"applied", "duplicate", "merged"}, states


def test_supervisor_decides_an_extension_offline(
    qtbot, runner, workstation: Make, server: ServerProcess
) -> None:
    op = workstation("op1")
    handler = workstation("h1", role="handler")
    sup = workstation("sup1", role="supervisor")
    case_id = intake(op)
    sync(op, handler)
    handler_panel = HandlerPanel(runner, store(handler, Role.HANDLER, UNIT))
    qtbot.addWidget(handler_panel)
    handler_panel.select_case(case_id)
    wait_done(qtbot, handler_panel, handler_panel.accept_case)
    new_date = date.today() + timedelta(days=20)
    wait_done(
        qtbot,
        handler_panel,
        lambda: handler_panel.request_extension("需协调供电公司", new_date),
    )
    sync(handler, sup)
    assert status(sup, case_id) == "extension_requested"

    server.stop()
    try:
        panel = SupervisorPanel(runner, store(sup, Role.SUPERVISOR))
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.queue.model.loaded, timeout=15000):
            panel.set_queue(Queue.PENDING_DECISIONS)
        assert panel.queue.model.row_of(case_id) >= 0
        panel.open_case(case_id)
        wait_done(qtbot, panel, lambda: panel.decide_extension(True, "同意", new_date))
        assert status(sup, case_id) == "accepted"
        offline = sup.engine.sync_once()
        assert offline.status != SyncStatus.ONLINE
        assert sup.engine.pending_count() >= 1
    finally:
        server.start()

    sync(sup, handler)
    assert status(handler, case_id) == "accepted"
    with handler.cache.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.due_at is not None
        assert case.due_at.astimezone(UTC).date() == new_date
