"""Cases in a real cache file, moved through the workflow by the real commands."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.vocabulary import Role
from app.domain.workflow import Action
from app.models.cases import record_command, save_new_case
from app.models.db import CacheDatabase
from app.models.results import Actor
from app.models.tables import Case

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


STATUSES = [
    "registered",
    "dispatched",
    "accepted",
    "reported_done",
    "in_callback",
    "redo",
    "closed",
    "extension_requested",
]


def fill(db: CacheDatabase, count: int, seed: int = 7) -> list[Case]:
    """Cases with varied statuses, deadlines (some missing) and equal times."""
    rng = random.Random(seed)
    made = []
    with db.write() as session:
        for index in range(count):
            status = STATUSES[index % len(STATUSES)]
            due = (
                None
                if rng.random() < 0.1
                else T0 + timedelta(hours=rng.randint(-48, 96))
            )
            case = Case(
                id=str(uuid.UUID(int=rng.getrandbits(128))),
                provisional_no=f"T1-{index:06d}",
                official_no=f"2026{index:06d}" if index % 2 else None,
                status=status,
                request_type="complaint" if index % 3 else "help",
                summary=f"第{index}号 " + ("停水" if index % 5 == 0 else "噪音"),
                caller_number="13800138000" if index % 50 == 0 else f"139{index:08d}",
                requester_type="enterprise" if index % 7 == 0 else "person",
                lead_unit_code="D-WATER" if index % 2 else "D-ROAD",
                due_at=due,
                created_at=T0 - timedelta(minutes=index % 40),
                updated_at=T0 - timedelta(minutes=index % 13),
                created_by="op1",
                redo_count=1 if status == "redo" else 0,
                key_issue=index % 11 == 0,
            )
            session.add(case)
            made.append(case)
    return made
