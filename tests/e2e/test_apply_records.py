"""What a workstation stores from the records a real server sends (sync apply, #4).

Records written on one workstation reach another through the server's feed with the
server's names (``text``, ``author``, ``at``); the cache's columns must be filled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.domain.reference import DispatchRule as FileRule
from app.domain.reference import suggest_lead_unit
from app.domain.workflow import Action
from app.models.disputes import dispute_register, list_decisions, record_decision
from app.models.reference_queries import dispatch_catalogue
from app.models.tables import (
    CallbackAttempt,
    CaseEvent,
    DispatchRule,
)
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation, add_users

UNIT = "D-WATER"
USERS = [
    ("op1", "operator", None),
    ("sup1", "supervisor", None),
    ("sup2", "supervisor", None),
    ("h1", "handler", UNIT),
]
Make = Callable[..., Workstation]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, USERS)
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


def sync(*stations: Workstation) -> None:
    for station in stations:
        report = station.engine.sync_once()
        assert report.status == SyncStatus.ONLINE, report.message


def dispatched_case(op: Workstation) -> str:
    case_id = op.new_case("小区停水三天", summary="小区停水", request_type="help")
    op.command(
        case_id,
        Action.DISPATCH.value,
        lead_unit_code=UNIT,
        due_at=datetime.now(UTC) + timedelta(days=7),
    )
    sync(op)
    return case_id


def test_pulled_records_fill_the_cache_columns(workstation: Make) -> None:
    op, handler = workstation("op1"), workstation("h1", role="handler")
    sup = workstation("sup1", role="supervisor")
    # Set up before the case exists; sees it first with its whole history.
    sync(sup, handler)
    case_id = dispatched_case(op)
    sync(handler)
    handler.command(case_id, Action.ACCEPT.value)
    handler.command(case_id, Action.REPLY.value, reply="已修复供水管道")
    sync(handler, op)
    op.command(case_id, Action.START_CALLBACK.value)
    op.command(case_id, Action.CALLBACK_ATTEMPT.value, reached=False, note="无人接听")
    sync(op, sup)

    with sup.cache.read() as session:
        attempt = session.scalars(
            select(CallbackAttempt).where(CallbackAttempt.case_id == case_id)
        ).one()
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id)
        ).all()
    assert (attempt.reached, attempt.agent, attempt.note) == (False, "op1", "无人接听")
    dispatch = next(e for e in events if e.action == Action.DISPATCH.value)
    assert dispatch.actor == "op1"
    assert dispatch.data["lead_unit_code"] == UNIT


def test_an_approved_return_shows_the_returning_unit(workstation: Make) -> None:
    op = workstation("op1")
    handler = workstation("h1", role="handler")
    sup = workstation("sup1", role="supervisor")
    other = workstation("sup2", role="supervisor")
    sync(sup, other, handler)
    case_id = dispatched_case(op)
    sync(handler)
    handler.command(case_id, Action.REQUEST_RETURN.value, reason="不属于本单位职责")
    sync(handler, sup)
    sup.command(case_id, Action.APPROVE_RETURN.value, reason="同意退回")
    sync(sup, other)

    today = date.today()
    with other.cache.read() as session:
        groups = dispute_register(session, today.replace(day=1), today)
    lines = [
        (group.from_unit, line.outcome)
        for group in groups
        for line in group.returns
        if line.case_id == case_id
    ]
    assert lines == [(UNIT, "approved")]

    # The meeting decides; the sync run posts the decision; every workstation gets it.
    group = next(g for g in groups if any(r.case_id == case_id for r in g.returns))
    with sup.cache.write() as session:
        record_decision(
            session,
            group,
            category_prefix="ZZ01",
            area_prefix="",
            lead_unit_code="D-HOUSING",
            co_unit_codes=(UNIT,),
            note="物业供水归住建",
            actor=sup.actor,
            client_id=sup.engine.client_id,
        )
    sync(sup, other)
    with sup.cache.read() as session:
        assert [d.state for d in list_decisions(session)] == ["applied"]
    with other.cache.read() as session:
        rules = session.scalars(select(DispatchRule)).all()
        assert [(r.category_prefix, r.lead_unit_code) for r in rules] == [
            ("ZZ01", "D-HOUSING")
        ]
        # The shipped file says otherwise for the same prefix: the decision wins.
        shipped = FileRule("ZZ01", "", UNIT, (), "shipped")
        catalogue = dispatch_catalogue(session, [shipped])
    suggestion = suggest_lead_unit("ZZ0101", "", catalogue)
    assert suggestion is not None
    assert (suggestion.lead_unit_code, suggestion.co_unit_codes) == (
        "D-HOUSING",
        (UNIT,),
    )
