"""Cases in a real cache file, moved through the workflow by the real commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.vocabulary import Role
from app.domain.workflow import Action
from app.models.cases import record_command, save_new_case
from app.models.db import CacheDatabase
from app.models.results import Actor

CLIENT = "00000000-0000-4000-8000-000000000001"
OPERATOR = Actor("op1", Role.OPERATOR)
HANDLER = Actor("h1", Role.HANDLER)
SUPERVISOR = Actor("sup1", Role.SUPERVISOR)
UNIT = "D-WATER"
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai


def new_case(
    db: CacheDatabase, summary: str = "路灯不亮", *, at: datetime = T0, **fields: Any
) -> str:
    values = {
        "request_type": "complaint",
        "narrative": summary + "，已三天",
        "summary": summary,
        "caller_number": "13800138000",
        **fields,
    }
    with db.write() as session:
        saved = save_new_case(
            session,
            values,
            actor=OPERATOR,
            station_prefix="T1",
            client_id=CLIENT,
            now=at,
        )
    return saved.case_id


def command(
    db: CacheDatabase,
    case_id: str,
    action: Action,
    actor: Actor,
    *,
    at: datetime = T0,
    **args: Any,
) -> None:
    with db.write() as session:
        record_command(
            session, case_id, action, args, actor=actor, client_id=CLIENT, now=at
        )


def dispatched(
    db: CacheDatabase,
    summary: str = "路灯不亮",
    *,
    due_in_hours: float = 72,
    **fields: Any,
) -> str:
    case_id = new_case(db, summary, **fields)
    command(
        db,
        case_id,
        Action.DISPATCH,
        OPERATOR,
        lead_unit_code=UNIT,
        due_at=T0 + timedelta(hours=due_in_hours),
    )
    return case_id


def reported_done(
    db: CacheDatabase,
    summary: str = "路灯不亮",
    *,
    contact: bool = False,
    **fields: Any,
) -> str:
    case_id = dispatched(db, summary, **fields)
    command(db, case_id, Action.ACCEPT, HANDLER)
    if contact:
        command(
            db,
            case_id,
            Action.RECORD_CONTACT,
            HANDLER,
            summary="约定上门",
            method="phone",
        )
    command(db, case_id, Action.REPLY, HANDLER, reply="已修复")
    return case_id
