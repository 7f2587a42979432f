"""Small writes every change makes: counters, case history lines, audit events."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Integer, Text, cast, update
from sqlalchemy.orm import Session

from app.models.tables import AuditEvent, CaseEvent, SyncState


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


def next_counter(session: Session, key: str, *, now: datetime | None = None) -> int:
    """The next value of a named counter, starting at 1.

    Safe only inside a write transaction (BEGIN IMMEDIATE serialises writers), which is
    where every caller is. One UPDATE … RETURNING instead of a read and a write.
    """
    stamp = now or utc_now()
    value = session.execute(
        update(SyncState)
        .where(SyncState.key == key)
        .values(value=cast(cast(SyncState.value, Integer) + 1, Text), updated_at=stamp)
        .returning(SyncState.value)
        .execution_options(synchronize_session=False)
    ).scalar()
    if value is None:
        session.add(SyncState(key=key, value="1", updated_at=stamp))
        return 1
    return int(value)


def add_case_event(
    session: Session,
    *,
    case_id: str,
    at: datetime,
    actor: str,
    action: str,
    from_status: str | None,
    to_status: str | None,
    reason: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> CaseEvent:
    event = CaseEvent(
        id=new_id(),
        case_id=case_id,
        at=at,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=dict(data or {}),
        server_version=None,
    )
    session.add(event)
    return event


def add_audit_event(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit line; `detail` holds ids and codes, never personal data."""
    event = AuditEvent(
        id=new_id(),
        at=at,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        detail=dict(detail or {}),
        uploaded_at=None,
    )
    session.add(event)
    return event


def to_json_value(value: Any) -> Any:
    """A value as the wire carries it: UTC ISO times, enum codes, lists for tuples."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [to_json_value(item) for item in value]
    return value
