"""Work queues over the cached cases, paged by key and sorted and filtered in SQL.

A queue is a WHERE clause (which cases), a sort column (due date, received, last
change) and filters. Pages are fetched by key: the next page starts after the last
row's (sort value, id), so page 5,000 costs what page 1 costs, and no query reads
rows it does not return. Cases without a value in the sort column (no due date yet)
come last in either direction. Rows come back as frozen values, ready for any
thread, with the lead unit's name joined from the departments table.

An operator's own list ("My cases") is the queue of all cases narrowed to those the
operator registered (``created_by``), newest first, with the same filters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from app.domain.calendar import WorkCalendar
from app.domain.deadlines import light
from app.domain.vocabulary import DeadlineLight, RequesterType, Satisfaction, Status
from app.models.results import case_label
from app.models.tables import Case, Department

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
REPEAT_DAYS = 30
DUE_SOON = timedelta(days=1)


class Queue(StrEnum):
    """The supervisor's queues, the handler's unit queue and the callback queue."""

    OPEN = "open"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    AWAITING_CALLBACK = "awaiting_callback"
    UNSATISFIED_REDO = "unsatisfied_redo"
    REPEAT_CALLERS = "repeat_callers"
    KEY_ISSUES = "key_issues"
    PENDING_DECISIONS = "pending_decisions"
    ENTERPRISE = "enterprise"
    UNIT = "unit"
    ALL = "all"


class SortKey(StrEnum):
    DUE_AT = "due_at"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


CLOSED_STATES = (
    Status.DRAFT.value,
    Status.ANSWERED_ON_CALL.value,
    Status.EMERGENCY_TRANSFERRED.value,
    Status.INVALID.value,
    Status.CLOSED.value,
)
UNIT_STATES = (
    Status.DISPATCHED.value,
    Status.ACCEPTED.value,
    Status.RETURN_REQUESTED.value,
    Status.EXTENSION_REQUESTED.value,
    Status.REDO.value,
)
HANDLING_STATES = (
    *UNIT_STATES,
    Status.REPORTED_DONE.value,
    Status.IN_CALLBACK.value,
)
CALLBACK_STATES = (Status.REPORTED_DONE.value, Status.IN_CALLBACK.value)
DECISION_STATES = (Status.RETURN_REQUESTED.value, Status.EXTENSION_REQUESTED.value)


@dataclass(frozen=True)
class QueueQuery:
    queue: Queue = Queue.OPEN
    sort: SortKey = SortKey.DUE_AT
    descending: bool = False
    status: str | None = None
    request_type: str | None = None
    unit_code: str | None = None
    #: An official or provisional number prefix, or words of the summary.
    search: str = ""
    #: Only the cases this user registered (an operator's own list).
    created_by: str | None = None
    #: The moment "overdue" and "due soon" are measured against.
    now: datetime | None = None


@dataclass(frozen=True)
class PageKey:
    """Where the next page starts: after this (sort value, id)."""

    value: datetime | None
    case_id: str


@dataclass(frozen=True)
class QueueRow:
    case_id: str
    number: str
    status: str
    request_type: str
    summary: str
    lead_unit_code: str
    #: The lead unit's name from the departments table; "" when the code is unknown.
    lead_unit_name: str
    received_at: datetime
    updated_at: datetime
    due_at: datetime | None
    light: DeadlineLight | None
    redo_count: int
    key_issue: bool
    overseeing_leader: str
    satisfaction: str
    enterprise: bool
    #: The summary is withheld ("") because the case is confidential.
    confidential: bool = False


@dataclass(frozen=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    after: PageKey | None
    has_more: bool


@dataclass(frozen=True)
class CountedPage:
    """A page, and with the first page of a query how many cases it matches."""

    page: QueuePage
    #: None on later pages: the total is read once per query, with its first page.
    total: int | None


_COLUMNS = (
    Case.id,
    Case.official_no,
    Case.provisional_no,
    Case.status,
    Case.request_type,
    Case.summary,
    Case.confidential,
    Case.lead_unit_code,
    Department.name_zh.label("lead_unit_name"),
    # Times as their stored text: fromisoformat reads them many times faster than
    # the column type's strptime, and a page has three per row.
    type_coerce(Case.created_at, String).label("created_at"),
    type_coerce(Case.updated_at, String).label("updated_at"),
    type_coerce(Case.due_at, String).label("due_at"),
    Case.redo_count,
    Case.key_issue,
    Case.overseeing_leader,
    Case.satisfaction,
    Case.requester_type,
)


def _now(query: QueueQuery) -> datetime:
    return query.now or datetime.now(UTC)


def _queue_filter(query: QueueQuery) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a queue, before the user's own filters."""
    now = _now(query)
    open_ = Case.status.not_in(CLOSED_STATES)
    match query.queue:
        case Queue.OPEN:
            return [open_]
        case Queue.OVERDUE:
            return [Case.status.in_(UNIT_STATES), Case.due_at < now]
        case Queue.DUE_SOON:
            return [
                Case.status.in_(UNIT_STATES),
                Case.due_at >= now,
                Case.due_at < now + DUE_SOON,
            ]
        case Queue.AWAITING_CALLBACK:
            return [Case.status.in_(CALLBACK_STATES)]
        case Queue.UNSATISFIED_REDO:
            return [
                or_(
                    Case.status == Status.REDO.value,
                    Case.satisfaction == Satisfaction.UNSATISFIED.value,
                    Case.redo_count > 0,
                ),
                open_,
            ]
        case Queue.REPEAT_CALLERS:
            earlier = aliased(Case)
            return [
                open_,
                Case.caller_number.is_not(None),
                exists().where(
                    earlier.caller_number == Case.caller_number,
                    earlier.id != Case.id,
                    earlier.created_at >= now - timedelta(days=REPEAT_DAYS),
                ),
            ]
        case Queue.KEY_ISSUES:
            return [Case.key_issue.is_(True), open_]
        case Queue.PENDING_DECISIONS:
            return [Case.status.in_(DECISION_STATES)]
        case Queue.ENTERPRISE:
            return [Case.requester_type == RequesterType.ENTERPRISE.value, open_]
        case Queue.UNIT:
            return [Case.status.in_(HANDLING_STATES)]
        case Queue.ALL:
            return []
    raise ValueError(f"unknown queue {query.queue}")


def _conditions(query: QueueQuery) -> list[ColumnElement[bool]]:
    conditions = [Case.deleted.is_(False), *_queue_filter(query)]
    if query.status:
        conditions.append(Case.status == query.status)
    if query.request_type:
        conditions.append(Case.request_type == query.request_type)
    if query.unit_code:
        conditions.append(Case.lead_unit_code == query.unit_code)
    if query.created_by is not None:
        conditions.append(Case.created_by == query.created_by)
    text = query.search.strip()
    if text:
        if text.replace("-", "").isalnum() and text.isascii():
            # A number typed or pasted: a prefix as a range on the indexed number
            # columns (LIKE would not use their binary-collated indexes).
            end = text + "\U0010ffff"
            conditions.append(
                or_(
                    and_(Case.official_no >= text, Case.official_no < end),
                    and_(Case.provisional_no >= text, Case.provisional_no < end),
                )
            )
        else:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(Case.summary.like(f"%{escaped}%", escape="\\"))
    return conditions


def _sort_column(query: QueueQuery) -> Any:
    return {
        SortKey.DUE_AT: Case.due_at,
        SortKey.CREATED_AT: Case.created_at,
        SortKey.UPDATED_AT: Case.updated_at,
    }[query.sort]


def _key(column: Any, key: PageKey) -> Any:
    # Typed literals, so the time binds through the cache's UTC text type.
    return tuple_(literal(key.value, column.type), literal(key.case_id, Case.id.type))


def _after(column: Any, key: PageKey, descending: bool) -> ColumnElement[bool]:
    """Rows after ``key`` in (column, id) order with NULL values last."""
    if key.value is None:
        # Already among the rows without a value: only ids further on.
        later_id = Case.id < key.case_id if descending else Case.id > key.case_id
        return and_(column.is_(None), later_id)
    pair = tuple_(column, Case.id)
    further = pair < _key(column, key) if descending else pair > _key(column, key)
    return or_(further, column.is_(None))


def _select(conditions: list[ColumnElement[bool]], order: Any, limit: int) -> Any:
    return (
        select(*_COLUMNS)
        .outerjoin(Department, Department.code == Case.lead_unit_code)
        .where(*conditions)
        .order_by(*order)
        .limit(limit)
    )


def _records(
    session: Session, query: QueueQuery, after: PageKey | None, limit: int
) -> list[Any]:
    """Up to ``limit`` records after ``after``: valued rows first, then NULL ones.

    Descending, SQLite already puts NULLs last. Ascending it puts them first, and
    NULLS LAST would stop it walking the (column, id) index, so the rows with a
    value and those without are two index-ordered queries, the second asked only
    when the first runs out on this page.
    """
    column = _sort_column(query)
    conditions = _conditions(query)
    if query.descending:
        if after is not None:
            conditions.append(_after(column, after, descending=True))
        order = (column.desc(), Case.id.desc())
        return list(session.execute(_select(conditions, order, limit)).all())

    records: list[Any] = []
    if after is None or after.value is not None:
        valued = [*conditions, column.is_not(None)]
        if after is not None:
            valued.append(tuple_(column, Case.id) > _key(column, after))
        statement = _select(valued, (column, Case.id), limit)
        records = list(session.execute(statement).all())
    if len(records) < limit and query.sort == SortKey.DUE_AT:
        empty = [*conditions, column.is_(None)]
        if after is not None and after.value is None:
            empty.append(Case.id > after.case_id)
        statement = _select(empty, (Case.id,), limit - len(records))
        records.extend(session.execute(statement).all())
    return records


def fetch_page(
    session: Session,
    query: QueueQuery,
    after: PageKey | None = None,
    limit: int = PAGE_SIZE,
    calendar: WorkCalendar | None = None,
) -> QueuePage:
    """One page of a queue, starting after ``after`` (the first page when None)."""
    records = _records(session, query, after, limit + 1)

    has_more = len(records) > limit
    records = records[:limit]
    now = _now(query)
    rows = tuple(_row(record, now, calendar) for record in records)
    key = None
    if records:
        last = records[-1]
        key = PageKey(_time(getattr(last, query.sort.value)), last.id)
    return QueuePage(rows, key, has_more)


def count_queue(session: Session, query: QueueQuery) -> int:
    statement = select(func.count()).select_from(Case).where(*_conditions(query))
    return int(session.scalar(statement) or 0)


def fetch_counted_page(
    session: Session,
    query: QueueQuery,
    after: PageKey | None = None,
    limit: int = PAGE_SIZE,
) -> CountedPage:
    """fetch_page, and with the first page count_queue, in the session's one read.

    Both statements run in the same read transaction, so the total and the first
    rows describe the same moment of the cache even while a sync is writing.
    """
    page = fetch_page(session, query, after, limit)
    total = count_queue(session, query) if after is None else None
    return CountedPage(page, total)


def _time(text: str | None) -> datetime | None:
    # Stored as fixed-width UTC text ending in Z (app.models.base).
    return None if text is None else datetime.fromisoformat(text)


def _row(record: Any, now: datetime, calendar: WorkCalendar | None) -> QueueRow:
    due = _time(record.due_at)
    shade = None
    if due is not None and record.status in UNIT_STATES:
        shade = light(due, now, calendar)
    return QueueRow(
        case_id=record.id,
        number=case_label(record.official_no, record.provisional_no, record.id),
        status=record.status,
        request_type=record.request_type,
        summary="" if record.confidential else (record.summary or ""),
        lead_unit_code=record.lead_unit_code or "",
        lead_unit_name=record.lead_unit_name or "",
        received_at=_time(record.created_at) or now,
        updated_at=_time(record.updated_at) or now,
        due_at=due,
        light=shade,
        redo_count=record.redo_count or 0,
        key_issue=bool(record.key_issue),
        overseeing_leader=record.overseeing_leader or "",
        satisfaction=record.satisfaction or "",
        enterprise=record.requester_type == RequesterType.ENTERPRISE.value,
        confidential=bool(record.confidential),
    )
