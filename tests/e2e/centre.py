"""The centre changing its reference data while workstations run.

A new department, category or area is written into the running server's database
the way the centre's import does (server/store/reference.py), and withdrawn by
marking it deleted, which the feed sends as a removal. A dispatch rule is decided
at a supervisor's workstation and delivered by its sync engine, as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from tests.e2e.harness import Workstation

NEW_UNIT = "510802-NEW"
NEW_UNIT_NAME = "利州区新设服务局"
NEW_CATEGORY = "0199"
NEW_CATEGORY_NAME = "新增社会保障事项"
NEW_AREA = "510802999"
NEW_AREA_NAME = "新设街道"

NEW_ROWS: dict[str, tuple[str, dict[str, Any]]] = {
    "department": (
        NEW_UNIT,
        {
            "code": NEW_UNIT,
            "name_zh": NEW_UNIT_NAME,
            "kind": "bureau",
            "area_code": "510802",
            "parent_code": "",
            "is_enterprise_desk": "false",
        },
    ),
    "category": (
        NEW_CATEGORY,
        {
            "code": NEW_CATEGORY,
            "parent_code": "01",
            "level": "2",
            "name_zh": NEW_CATEGORY_NAME,
            "name_en": "New social security matter",
            "default_request_type": "",
            "pinyin_initials": "xzshbzsx",
        },
    ),
    "area": (
        NEW_AREA,
        {
            "code": NEW_AREA,
            "parent_code": "510802",
            "level": "township",
            "name_zh": NEW_AREA_NAME,
        },
    ),
}


@contextmanager
def _server_session(database_url: str) -> Iterator[Session]:
    from server.store.db import make_engine, session_factory, transaction

    engine = make_engine(database_url)
    try:
        with transaction(session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def publish(database_url: str, *kinds: str) -> None:
    """The centre adds the new rows of these kinds (all of NEW_ROWS by default)."""
    from server.store.reference import upsert

    with _server_session(database_url) as session:
        for kind in kinds or tuple(NEW_ROWS):
            code, data = NEW_ROWS[kind]
            upsert(session, kind, code, dict(data))


def withdraw(database_url: str, *kinds: str) -> None:
    """The centre withdraws the new rows of these kinds: the feed sends removals."""
    from server.store import feed
    from server.store.tables import ReferenceItem

    with _server_session(database_url) as session:
        for kind in kinds or tuple(NEW_ROWS):
            code = NEW_ROWS[kind][0]
            item = session.get(ReferenceItem, (kind, code))
            assert item is not None, f"{kind} {code} was never published"
            item.deleted = True
            item.version += 1
            item.updated_at = datetime.now(UTC)
            feed.append(session, entity=kind, entity_id=code, op="remove", keys={"all"})


def decide_rule(
    supervisor: Workstation, category_prefix: str, area_prefix: str, lead_unit: str
) -> str:
    """A disputes-meeting decision queued at the supervisor's seat and synced."""
    from app.models.disputes import DisputeGroup, record_decision

    group = DisputeGroup(
        month="2026-03",
        from_unit="510802-RSJ",
        from_name="利州区人力资源和社会保障局",
        to_unit=lead_unit,
        to_name=NEW_UNIT_NAME,
        returns=(),
    )
    with supervisor.cache.write() as session:
        decision = record_decision(
            session,
            group,
            category_prefix=category_prefix,
            area_prefix=area_prefix,
            lead_unit_code=lead_unit,
            note="联席会议裁定：新设服务局主办",
            actor=supervisor.actor,
            client_id=supervisor.engine.client_id,
        )
    report = supervisor.engine.sync_once()
    assert report.status.value == "online", report.message
    return decision.rule_id
