"""Hand-built cached cases and history lines for the dashboard and disputes tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.models.tables import Area, Case, CaseEvent, Category, Department

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A local Shanghai wall-clock time, as the aware UTC instant the cache stores."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def add_case(session: Session, at: datetime, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "status": "registered",
        "requester_type": "person",
        "request_type": "consultation",
        "created_by": "op1",
        "created_at": at,
        "updated_at": at,
    }
    values.update(fields)
    case = Case(**values)
    session.add(case)
    return case


def add_event(
    session: Session,
    case: Case,
    action: str,
    at: datetime,
    *,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
    actor: str = "someone",
) -> CaseEvent:
    event = CaseEvent(
        id=str(uuid.uuid4()),
        case_id=case.id,
        at=at,
        actor=actor,
        action=action,
        from_status=None,
        to_status=None,
        reason=reason,
        data=data or {},
    )
    session.add(event)
    return event


def add_reference(session: Session) -> None:
    session.add_all(
        [
            Category(code="01", parent_code=None, level=1, name_zh="城乡建设"),
            Category(code="0101", parent_code="01", level=2, name_zh="供水"),
            Category(code="0102", parent_code="01", level=2, name_zh="噪音"),
            Area(code="510802", parent_code=None, level="district", name_zh="利州区"),
            Area(
                code="510802001001",
                parent_code=None,
                level="community",
                name_zh="东坝社区",
            ),
            Area(
                code="510802001002",
                parent_code=None,
                level="community",
                name_zh="南河社区",
            ),
            Department(code="WATER", name_zh="市水务局", kind="bureau"),
            Department(code="HOUSING", name_zh="市住建局", kind="bureau"),
            Department(code="ECO", name_zh="市生态环境局", kind="bureau"),
        ]
    )


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
