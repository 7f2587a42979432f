"""A case's past reaches a workstation that gets the case late (SYNC.md property 4).

A supervisor syncing for the first time after a case was worked gets its history,
notes, contact records and callback attempts with the cases snapshot; a handler
whose unit a case is reassigned to gets its earlier records on the next pull.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.domain.workflow import Action
from app.models.review import load_case_detail
from app.models.tables import CallbackAttempt, CaseEvent, ContactRecord, Note
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation, add_users

UNIT, OTHER = "D-WATER", "D-HOUSING"
USERS = [
    ("op1", "operator", None),
    ("sup1", "supervisor", None),
    ("sup2", "supervisor", None),
    ("h1", "handler", UNIT),
    ("h2", "handler", OTHER),
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


def counts(station: Workstation, case_id: str) -> dict[str, int]:
    with station.cache.read() as session:
        return {
            model.__tablename__: session.scalar(
                select(func.count()).where(model.case_id == case_id)
            )
            or 0
            for model in (CaseEvent, Note, ContactRecord, CallbackAttempt)
        }


def note(station: Workstation, case_id: str, body: str) -> None:
    station.command(case_id, Action.ADD_NOTE.value, body=body)


def contact(station: Workstation, case_id: str, summary: str) -> None:
    station.command(
        case_id, Action.RECORD_CONTACT.value, summary=summary, method="phone"
    )


def worked_case(op: Workstation, handler: Workstation, unit: str) -> str:
    """Created, noted, dispatched, contacted, replied, one callback attempt."""
    case_id = op.new_case("楼道灯坏了一个月", summary="楼道灯坏", request_type="help")
    note(op, case_id, "来电人下午方便接电话")
    op.command(
        case_id,
        Action.DISPATCH.value,
        lead_unit_code=unit,
        due_at=datetime.now(UTC) + timedelta(days=7),
    )
    sync(op, handler)
    handler.command(case_id, Action.ACCEPT.value)
    contact(handler, case_id, "已与来电人约定上门时间")
    handler.command(case_id, Action.REPLY.value, reply="已更换灯具")
    sync(handler, op)
    op.command(case_id, Action.START_CALLBACK.value)
    op.command(case_id, Action.CALLBACK_ATTEMPT.value, reached=False, note="无人接听")
    sync(op)
    return case_id


def test_first_sync_brings_the_history_of_earlier_cases(workstation: Make) -> None:
    op, handler = workstation("op1"), workstation("h1", role="handler")
    case_id = worked_case(op, handler, UNIT)

    # sup1 has never synced: the case comes with the snapshot, its past with it.
    sup = workstation("sup1", role="supervisor")
    sync(sup)

    got = counts(sup, case_id)
    assert (got["notes"], got["contact_records"], got["callback_attempts"]) == (1, 1, 1)
    with sup.cache.read() as session:
        detail = load_case_detail(session, case_id)
    kinds = sorted({line.kind for line in detail.history})
    assert kinds == ["attempt", "contact", "event", "note"]
    actions = sorted(line.action for line in detail.history if line.kind == "event")
    assert actions == sorted(
        [
            "create",
            Action.ADD_NOTE.value,
            Action.DISPATCH.value,
            Action.ACCEPT.value,
            Action.RECORD_CONTACT.value,
            Action.REPLY.value,
            Action.START_CALLBACK.value,
            Action.CALLBACK_ATTEMPT.value,
        ]
    )

    # Syncing again (the pull from the snapshot's cursor) adds no duplicates.
    sync(sup)
    assert counts(sup, case_id) == got


def test_a_reassigned_case_arrives_with_its_earlier_records(workstation: Make) -> None:
    op = workstation("op1")
    handler = workstation("h2", role="handler")
    sup = workstation("sup2", role="supervisor")
    # h1 is set up (snapshot done) before the case is in its unit.
    newcomer = workstation("h1", role="handler")
    sync(newcomer, sup)

    case_id = op.new_case("路口井盖松动", summary="井盖松动", request_type="help")
    note(op, case_id, "夜间车辆较多")
    op.command(
        case_id,
        Action.DISPATCH.value,
        lead_unit_code=OTHER,
        due_at=datetime.now(UTC) + timedelta(days=7),
    )
    sync(op, handler)
    handler.command(case_id, Action.ACCEPT.value)
    contact(handler, case_id, "已告知来电人派人查看")
    sync(handler, newcomer)
    assert counts(newcomer, case_id) == {
        "case_events": 0,
        "notes": 0,
        "contact_records": 0,
        "callback_attempts": 0,
    }

    sync(sup)
    sup.command(case_id, Action.REASSIGN.value, lead_unit_code=UNIT)
    sync(sup, newcomer)

    got = counts(newcomer, case_id)
    assert got["notes"] == 1
    assert got["contact_records"] == 1
    with newcomer.cache.read() as session:
        actions = {
            event.action
            for event in session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case_id)
            )
        }
    assert {
        Action.DISPATCH.value,
        Action.ACCEPT.value,
        Action.REASSIGN.value,
    } <= actions
