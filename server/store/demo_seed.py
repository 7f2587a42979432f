"""`hotline-server demo seed`: reference data, demo users, articles and cases."""

from __future__ import annotations

import importlib
import logging
import random
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.settings import Settings
from server.store.accounts import add_user
from server.store.cases import official_number, record_change
from server.store.knowledge import save_article
from server.store.reference import import_reference
from server.store.tables import Case, ReferenceItem, User

log = logging.getLogger(__name__)
DEMO_PASSWORD = "hotline-demo-2026"
DEMO_USERS = [
    ("op1", "operator", None),
    ("op2", "operator", None),
    ("h1", "handler", None),
    ("sup1", "supervisor", None),
    ("admin", "admin", None),
    ("auditor", "auditor", None),
]


def _handler_unit(session: Session) -> str:
    codes = session.scalars(
        select(ReferenceItem.code)
        .where(ReferenceItem.kind == "department")
        .order_by(ReferenceItem.code)
    ).all()
    for code in codes:
        if not code.endswith(("-GOV", "-12345")):
            return code
    return "DEMO-UNIT"


def seed(
    session: Session, settings: Settings, *, cases: int, articles: int, seed: int
) -> str:
    reference = import_reference(session)
    unit = _handler_unit(session)
    users = 0
    for name, role, _unit in DEMO_USERS:
        if session.scalars(select(User).where(User.username == name)).first() is None:
            add_user(
                session, name, DEMO_PASSWORD, role, unit if role == "handler" else None
            )
            users += 1

    demo: Any = None
    try:
        demo = importlib.import_module("server.demo")
    except ImportError:
        log.info("server.demo not available: using built-in demo rows")
    rng = random.Random(seed)
    made_articles = 0
    for row in _article_rows(demo, articles, seed, rng):
        save_article(session, row)
        made_articles += 1
    made_cases = 0
    now = datetime.now(UTC)
    for row in _case_rows(demo, cases, seed, rng):
        case_id = str(row.pop("id", None) or uuid.UUID(int=rng.getrandbits(128)))
        if session.get(Case, case_id) is not None:
            continue
        status = str(row.pop("status", "registered"))
        lead = row.pop("lead_unit_code", None) or (
            unit if status not in ("registered",) else None
        )
        case = Case(
            id=case_id,
            official_no=official_number(session, settings.case_prefix, now),
            provisional_no=row.pop("provisional_no", None),
            status=status,
            channel="phone",
            created_by=str(row.pop("created_by", "op1")),
            holder=row.pop("holder", None),
            lead_unit_code=lead,
            co_unit_codes=list(row.pop("co_unit_codes", []) or []),
            confidential=bool(row.pop("confidential", False)),
            # Histories (events, notes, attempts) are records of their own, not case
            # fields, and carry datetimes JSON cannot hold: only plain values here.
            fields={
                k: v
                for k, v in row.items()
                if isinstance(v, str | int | float | bool)
                or v is None
                or (isinstance(v, list) and not any(isinstance(x, dict) for x in v))
            },
            version=1,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        session.flush()
        record_change(session, case, set())
        made_cases += 1
    return (
        f"{reference} reference rows, {users} demo users (password {DEMO_PASSWORD!r}), "
        f"{made_articles} articles, {made_cases} cases"
    )


def _article_rows(
    demo: Any, count: int, seed: int, rng: random.Random
) -> list[dict[str, Any]]:
    maker = getattr(demo, "generate_articles", None) if demo else None
    if maker is not None:
        return [_as_dict(a) for a in maker(count, seed=seed)]
    topics = ["社保", "公积金", "停水", "停电", "户籍", "医保", "燃气", "物业"]
    return [
        {
            "id": f"kb-{i:06d}",
            "title": f"{topics[i % len(topics)]}办理指南 {i}",
            "body": "办理材料与流程。",
            "answer_script": "您好，请携带身份证到政务服务中心办理。",
            "keywords": [topics[i % len(topics)]],
        }
        for i in range(count)
    ]


def _case_rows(
    demo: Any, count: int, seed: int, rng: random.Random
) -> list[dict[str, Any]]:
    maker = getattr(demo, "generate_cases", None) if demo else None
    if maker is not None:
        return [_as_dict(c) for c in maker(count, seed=seed)]
    statuses = [
        "registered",
        "dispatched",
        "accepted",
        "answered_on_call",
        "reported_done",
    ]
    return [
        {
            "status": statuses[i % len(statuses)],
            "request_type": "consultation",
            "narrative": f"演示工单 {i}",
            "summary": f"演示 {i}",
            "caller_number": f"138{rng.randrange(10**8):08d}",
            "created_by": "op1",
        }
        for i in range(count)
    ]


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return dict(value)
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return dict(vars(value))
