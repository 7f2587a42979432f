"""Handler and supervisor actions, the full history, and resolving conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.errors import FieldError
from app.domain.workflow import Action
from app.models.db import CacheDatabase
from app.models.review import (
    act,
    list_conflicts,
    load_case_detail,
    resolve_conflict,
    reveal_caller_number,
)
from app.models.tables import AuditEvent, Case, Conflict, Outbox
from tests.unit.loop.cases import CLIENT, HANDLER, SUPERVISOR, T0, dispatched, new_case


def last_mutation(db: CacheDatabase) -> Outbox:
    with db.read() as session:
        row = session.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
        assert row is not None
        return row


def test_handler_actions_reach_the_outbox_with_both_text_names(
    db: CacheDatabase,
) -> None:
    case_id = dispatched(db)
    with db.write() as session:
        act(session, case_id, Action.ACCEPT, actor=HANDLER, client_id=CLIENT)
        act(
            session,
            case_id,
            Action.RECORD_CONTACT,
            actor=HANDLER,
            client_id=CLIENT,
            text="约定周五上门维修",
            method="visit",
            contacted_at=T0,
        )
    contact = last_mutation(db).payload["args"]
    assert contact["summary"] == contact["text"] == "约定周五上门维修"
    assert contact["record_id"]
    with db.write() as session:
        act(
            session,
            case_id,
            Action.REQUEST_EXTENSION,
            actor=HANDLER,
            client_id=CLIENT,
            reason="需协调供电公司",
            requested_due_at=T0 + timedelta(days=9),
        )
    args = last_mutation(db).payload["args"]
    assert args["reason"] == "需协调供电公司" and args["requested_due_at"]
    with db.write() as session:
        result = act(
            session,
            case_id,
            Action.APPROVE_EXTENSION,
            actor=SUPERVISOR,
            client_id=CLIENT,
            due_at=T0 + timedelta(days=9),
        )
    assert result.to_status == "accepted"
    with db.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.due_at == T0 + timedelta(days=9)


def test_detail_has_every_history_line_and_reveal_is_audited(db: CacheDatabase) -> None:
    case_id = dispatched(db)
    with db.write() as session:
        act(session, case_id, Action.ACCEPT, actor=HANDLER, client_id=CLIENT)
        act(
            session,
            case_id,
            Action.RECORD_CONTACT,
            actor=HANDLER,
            client_id=CLIENT,
            text="电话沟通",
            method="phone",
        )
        act(
            session,
            case_id,
            Action.ADD_NOTE,
            actor=SUPERVISOR,
            client_id=CLIENT,
            text="请尽快处理",
        )
    with db.read() as session:
        detail = load_case_detail(session, case_id)
    kinds = [line.kind for line in detail.history]
    assert {"event", "note", "contact"} <= set(kinds)
    assert detail.caller_masked == "138****8000"
    assert dict(detail.fields)["lead_unit_code"] == "D-WATER"
    with db.write() as session:
        number = reveal_caller_number(session, case_id, actor=SUPERVISOR)
    assert number == "13800138000"
    with db.read() as session:
        audit = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == case_id)
        ).all()
    assert "case.reveal_caller_number" in audit


def _conflict(db: CacheDatabase, case_id: str) -> str:
    with db.write() as session:
        session.add(
            Conflict(
                id="k-1",
                case_id=case_id,
                field="summary",
                base_value="路灯不亮",
                local_value="路灯不亮（本地）",
                server_value="路灯不亮（主管）",
                created_at=T0,
                server_version=4,
            )
        )
        case = session.get(Case, case_id)
        assert case is not None
        case.summary = "路灯不亮（主管）"
    return "k-1"


def test_keeping_the_local_value_queues_an_update_on_the_servers_base(
    db: CacheDatabase,
) -> None:
    case_id = new_case(db)
    conflict_id = _conflict(db, case_id)
    with db.read() as session:
        [line] = list_conflicts(session)
    assert (line.local_value, line.server_value) == (
        "路灯不亮（本地）",
        "路灯不亮（主管）",
    )
    with db.write() as session:
        mutation_id = resolve_conflict(
            session, conflict_id, "local", actor=SUPERVISOR, client_id=CLIENT
        )
    row = last_mutation(db)
    assert row.id == mutation_id and row.kind == "case.update"
    assert row.payload == {
        "changes": {"summary": "路灯不亮（本地）"},
        "base": {"summary": "路灯不亮（主管）"},
    }
    with db.read() as session:
        assert list_conflicts(session) == ()
        case = session.get(Case, case_id)
        assert case is not None and case.summary == "路灯不亮（本地）"


def test_keeping_the_server_value_queues_nothing(db: CacheDatabase) -> None:
    case_id = new_case(db)
    conflict_id = _conflict(db, case_id)
    before = last_mutation(db).id
    with db.write() as session:
        assert (
            resolve_conflict(
                session, conflict_id, "server", actor=SUPERVISOR, client_id=CLIENT
            )
            is None
        )
    assert last_mutation(db).id == before
    with db.write() as session, pytest.raises(FieldError):
        resolve_conflict(
            session, conflict_id, "server", actor=SUPERVISOR, client_id=CLIENT
        )
