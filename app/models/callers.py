"""What the intake form shows about a caller the moment the call pops up."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.vocabulary import Status
from app.models.results import CallerHistory, CaseSummary
from app.models.tables import Call, Case

RECENT = timedelta(days=30)
# Statuses in which nothing more is expected of anyone for the caller.
_FINISHED = frozenset(
    {
        Status.CLOSED.value,
        Status.INVALID.value,
        Status.ANSWERED_ON_CALL.value,
        Status.EMERGENCY_TRANSFERRED.value,
    }
)


def caller_history(
    session: Session, number: str, now: datetime, *, limit: int = 20
) -> CallerHistory:
    """Earlier and open cases of a number (newest first) and its recent calls."""
    rows = session.scalars(
        select(Case)
        .where(Case.caller_number == number, Case.deleted.is_(False))
        .order_by(Case.created_at.desc())
        .limit(limit)
    ).all()
    open_rows = session.scalars(
        select(Case)
        .where(
            Case.caller_number == number,
            Case.deleted.is_(False),
            Case.status.not_in(_FINISHED),
        )
        .order_by(Case.created_at.desc())
        .limit(limit)
    ).all()

    since = now - RECENT
    calls = session.scalar(
        select(func.count())
        .select_from(Call)
        .where(Call.caller_number == number, Call.started_at >= since)
    )
    cases = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.caller_number == number, Case.created_at >= since)
    )
    return CallerHistory(
        number=number,
        earlier_cases=tuple(_summary(row) for row in rows),
        open_cases=tuple(_summary(row) for row in open_rows),
        calls_last_30_days=calls or 0,
        cases_last_30_days=cases or 0,
    )


def _summary(case: Case) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        provisional_no=case.provisional_no,
        official_no=case.official_no,
        status=case.status,
        request_type=case.request_type,
        category_code=case.category_code,
        summary=case.summary,
        created_at=case.created_at,
        due_at=case.due_at,
    )
