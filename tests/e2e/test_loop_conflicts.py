"""A supervisor's offline decision colliding with a handler's work, on a real server.

Handlers may edit no case field on the server (server/store/push_cases.py ``may_edit``:
only supervisors and the case's operator may send a case.update), so a handler and a
supervisor can never change the same field. Their collision is at command level: the
supervisor, offline, reassigns a case to another unit while the unit's handler
replies with the result. The reply reaches the server first; the reassignment then
no longer fits the case's status and is refused. Nothing is lost: the handler's
reply stands on every desk, and the supervisor's reassignment (unit and reason)
stays on the supervisor's desk as a rejection record with the server's reason,
shown in the supervisor's conflict inbox until read. Both desks converge on the
server's case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.domain.vocabulary import Role
from app.domain.workflow import Action
from app.models.tables import Case, CaseEvent, Outbox, Rejection
from app.sync.status import SyncStatus
from app.views.conflict_inbox import ConflictInbox
from app.views.handler_panel import HandlerPanel
from app.views.loop_store import LoopStore
from app.views.supervisor_panel import SupervisorPanel
from app.views.tasks import TaskRunner
from tests.e2e.harness import ServerProcess, Workstation, add_users

UNIT = "D-WATER"
OTHER_UNIT = "D-ROAD"
USERS = [
    ("op1", "operator", None),
    ("h1", "handler", UNIT),
    ("sup1", "supervisor", None),
]
Make = Callable[..., Workstation]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("loop-conflict-server")
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


def case_row(station: Workstation, case_id: str) -> tuple[str, str | None]:
    with station.cache.read() as session:
        case = session.get(Case, case_id)
        assert case is not None, f"{station.username} has not got the case"
        return case.status, case.lead_unit_code


def done(qtbot, panel, work) -> None:
    with qtbot.waitSignal(panel.action_done, timeout=15000):
        work()


def test_offline_reassignment_losing_to_a_reply_is_kept_and_shown(
    qtbot, runner, workstation: Make
) -> None:
    op = workstation("op1")
    handler = workstation("h1", role="handler")
    sup = workstation("sup1", role="supervisor")
    case_id = op.new_case("小区停水三天无人处理", summary="小区停水")
    op.command(
        case_id,
        Action.DISPATCH.value,
        lead_unit_code=UNIT,
        due_at=datetime.now(UTC) + timedelta(days=7),
    )
    sync(op, handler)
    handler_panel = HandlerPanel(runner, store(handler, Role.HANDLER, UNIT))
    supervisor = SupervisorPanel(runner, store(sup, Role.SUPERVISOR))
    for panel in (handler_panel, supervisor):
        qtbot.addWidget(panel)
    handler_panel.select_case(case_id)
    done(qtbot, handler_panel, handler_panel.accept_case)
    sync(handler, sup)
    assert case_row(sup, case_id) == ("accepted", UNIT)

    # The supervisor, with no network from here on, moves the case to another unit.
    with qtbot.waitSignal(supervisor.detail.loaded, timeout=15000):
        supervisor.open_case(case_id)
    done(qtbot, supervisor, lambda: supervisor.reassign(OTHER_UNIT, "属道路管理"))
    assert case_row(sup, case_id) == ("dispatched", OTHER_UNIT)
    # Meanwhile the unit solves it and replies; the reply syncs first.
    done(qtbot, handler_panel, lambda: handler_panel.reply("已抢修管道，恢复供水"))
    sync(handler)

    sync(sup)  # back online: push the reassignment, pull the server's case
    with sup.cache.read() as session:
        rows = session.scalars(select(Outbox).where(Outbox.entity_id == case_id))
        (row,) = [r for r in rows if r.payload.get("action") == "reassign"]
        assert row.state == "rejected"
        refused = session.scalars(
            select(Rejection).where(Rejection.case_id == case_id)
        ).one()
        assert refused.payload["action"] == "reassign"
        assert refused.payload["args"]["lead_unit_code"] == OTHER_UNIT
        assert refused.payload["args"]["reason"] == "属道路管理"
        assert refused.reason_zh and refused.reason_en
        replies = session.scalars(
            select(CaseEvent.action).where(
                CaseEvent.case_id == case_id, CaseEvent.action == "reply"
            )
        ).all()
    assert replies, "the handler's reply reached the supervisor's desk"
    assert case_row(sup, case_id) == ("reported_done", UNIT)

    # Visible to its author: the supervisor's inbox lists it with the reason.
    inbox: ConflictInbox = supervisor.conflicts
    with qtbot.waitSignal(inbox.rejections_shown, timeout=15000) as shown:
        inbox.refresh()
    assert shown.args == [1]
    assert inbox.rejections_table.item(0, 0).text() != ""
    assert OTHER_UNIT in inbox.rejections_table.item(0, 2).text()
    reason = inbox.rejections_table.item(0, 3).text()
    assert reason in (refused.reason_zh, refused.reason_en)

    # The handler's desk converges too and holds nothing refused.
    sync(handler)
    assert case_row(handler, case_id) == ("reported_done", UNIT)
    with handler.cache.read() as session:
        assert session.scalars(select(Rejection)).all() == []
        states = set(session.scalars(select(Outbox.state)).all())
    assert states <= {"applied", "duplicate", "merged"}, states

    # Read: it leaves the inbox's list but the record stays.
    with qtbot.waitSignal(inbox.rejections_shown, timeout=15000) as shown:
        inbox.acknowledge(inbox.rejections[0].rejection_id)
    assert shown.args == [0]
    with sup.cache.read() as session:
        kept = session.get(Rejection, refused.id)
        assert kept is not None and kept.acknowledged_at is not None
