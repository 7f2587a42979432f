"""Case detail and number reveal, both written to the append-only audit log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from app.domain.vocabulary import Role
from app.sync.wire import (
    AuditEvent,
    AuditPage,
    ErrorBody,
    RevealRequest,
    RevealResponse,
)
from server.api.deps import ApiError, CurrentUser, DbSession, Protocol, require
from server.store.cases import in_scope, to_wire
from server.store.principal import Principal
from server.store.tables import AuditRecord, Case

router = APIRouter(prefix="/api/v1", tags=["cases"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    422: {"model": ErrorBody},
    426: {"model": ErrorBody},
}


def _visible_case(session: DbSession, case_id: uuid.UUID, user: Principal) -> Case:
    case = session.get(Case, str(case_id))
    # Same answer for "missing" and "not yours": ids cannot be probed.
    if case is None or not in_scope(case, user.role, user.username, user.unit_code):
        raise ApiError(404, "not_found", "工单不存在", "no such case")
    return case


def _audit(
    session: DbSession, user: Principal, action: str, case_id: str, detail: str | None
) -> None:
    session.add(
        AuditRecord(
            at=datetime.now(UTC),
            username=user.username,
            action=action,
            case_id=case_id,
            device_id=user.device_id,
            detail=detail,
        )
    )


@router.get("/cases/{case_id}", response_model=dict[str, Any], responses=_ERRORS)
def case_detail(
    case_id: uuid.UUID, user: CurrentUser, _p: Protocol, session: DbSession
) -> dict[str, Any]:
    case = _visible_case(session, case_id, user)
    _audit(session, user, "read_case", case.id, None)
    return to_wire(case, user.role)


@router.post(
    "/cases/{case_id}/reveal", response_model=RevealResponse, responses=_ERRORS
)
def reveal(
    case_id: uuid.UUID,
    body: RevealRequest,
    user: CurrentUser,
    _p: Protocol,
    session: DbSession,
) -> RevealResponse:
    case = _visible_case(session, case_id, user)
    if user.role == Role.HANDLER and case.confidential:
        raise ApiError(
            403,
            "confidential",
            "保密工单不能显示来电人",
            "the caller of a confidential case stays hidden",
        )
    _audit(session, user, "reveal_" + body.field, case.id, body.reason)
    value = (case.fields or {}).get(body.field)
    return RevealResponse(
        case_id=case_id,
        field=body.field,
        value=value if isinstance(value, str) else None,
    )


@router.get("/audit", response_model=AuditPage, responses=_ERRORS)
def audit_list(
    user: Annotated[Principal, Depends(require(Role.AUDITOR))],
    _p: Protocol,
    session: DbSession,
    case_id: uuid.UUID | None = None,
    username: Annotated[str | None, Query(max_length=64, pattern=r"^[\w.@-]+$")] = None,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> AuditPage:
    query = select(AuditRecord).order_by(AuditRecord.id)
    if case_id is not None:
        query = query.where(AuditRecord.case_id == str(case_id))
    if username:
        query = query.where(AuditRecord.username == username)
    if after is not None:
        query = query.where(AuditRecord.id > after)
    rows = list(session.scalars(query.limit(limit + 1)))
    events = [
        AuditEvent(
            id=r.id,
            at=r.at,
            username=r.username,
            action=r.action,
            case_id=r.case_id,
            device_id=r.device_id,
            detail=r.detail,
        )
        for r in rows[:limit]
    ]
    return AuditPage(
        events=events, next_after=events[-1].id if len(rows) > limit else None
    )
