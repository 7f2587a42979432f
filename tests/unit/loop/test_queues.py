"""Queue queries: which cases, in which order, page after page, filtered in SQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.vocabulary import DeadlineLight
from app.models.db import CacheDatabase
from app.models.queues import (
    PageKey,
    Queue,
    QueueQuery,
    SortKey,
    count_queue,
    fetch_page,
)
from app.models.tables import Case
from tests.unit.loop.cases import T0, fill


def all_pages(db: CacheDatabase, query: QueueQuery, limit: int = 37) -> list[str]:
    ids: list[str] = []
    after: PageKey | None = None
    with db.read() as session:
        while True:
            page = fetch_page(session, query, after, limit)
            ids.extend(row.case_id for row in page.rows)
            if not page.has_more:
                return ids
            after = page.after


def expected(cases: list[Case], keep, sort: SortKey, descending: bool) -> list[str]:
    """Cases with a value in (value, id) order, then those without, by id."""
    chosen = [c for c in cases if keep(c)]
    valued = [c for c in chosen if getattr(c, sort.value) is not None]
    empty = [c for c in chosen if getattr(c, sort.value) is None]
    valued.sort(key=lambda c: (getattr(c, sort.value), c.id), reverse=descending)
    empty.sort(key=lambda c: c.id, reverse=descending)
    return [c.id for c in valued + empty]


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True])
def test_pages_cover_the_queue_once_in_sql_order(
    db: CacheDatabase, sort: SortKey, descending: bool
) -> None:
    cases = fill(db, 300)
    query = QueueQuery(Queue.ALL, sort=sort, descending=descending, now=T0)
    ids = all_pages(db, query)
    assert ids == expected(cases, lambda c: True, sort, descending)
    with db.read() as session:
        assert count_queue(session, query) == 300


def test_queue_filters(db: CacheDatabase) -> None:
    cases = fill(db, 240)
    open_states = {"dispatched", "accepted", "redo", "extension_requested"}
    cases_by = {
        Queue.OVERDUE: lambda c: (
            c.status in open_states and c.due_at is not None and c.due_at < T0
        ),
        Queue.DUE_SOON: lambda c: (
            c.status in open_states
            and c.due_at is not None
            and T0 <= c.due_at < T0 + timedelta(days=1)
        ),
        Queue.AWAITING_CALLBACK: lambda c: c.status in {"reported_done", "in_callback"},
        Queue.PENDING_DECISIONS: lambda c: c.status == "extension_requested",
        Queue.KEY_ISSUES: lambda c: c.key_issue and c.status != "closed",
        Queue.ENTERPRISE: lambda c: (
            c.requester_type == "enterprise" and c.status != "closed"
        ),
        Queue.UNSATISFIED_REDO: lambda c: c.status == "redo",
        Queue.REPEAT_CALLERS: lambda c: (
            c.caller_number == "13800138000" and c.status != "closed"
        ),
    }
    for queue, keep in cases_by.items():
        query = QueueQuery(queue, sort=SortKey.DUE_AT, now=T0)
        assert all_pages(db, query) == expected(cases, keep, SortKey.DUE_AT, False), (
            queue
        )


def test_user_filters_and_search(db: CacheDatabase) -> None:
    cases = fill(db, 200)
    unit = QueueQuery(Queue.UNIT, unit_code="D-WATER", status="accepted", now=T0)
    assert all_pages(db, unit) == expected(
        cases,
        lambda c: c.lead_unit_code == "D-WATER" and c.status == "accepted",
        SortKey.DUE_AT,
        False,
    )
    words = QueueQuery(Queue.ALL, search="停水", now=T0)
    assert all_pages(db, words) == expected(
        cases, lambda c: "停水" in c.summary, SortKey.DUE_AT, False
    )
    number = QueueQuery(Queue.ALL, search="T1-00001", now=T0)
    assert sorted(all_pages(db, number)) == sorted(
        c.id for c in cases if c.provisional_no.startswith("T1-00001")
    )
    typed = QueueQuery(Queue.ALL, request_type="help", now=T0)
    assert len(all_pages(db, typed)) == sum(c.request_type == "help" for c in cases)


def test_rows_carry_lights(db: CacheDatabase) -> None:
    fill(db, 40)
    with db.read() as session:
        page = fetch_page(session, QueueQuery(Queue.OVERDUE, now=T0))
    assert page.rows
    assert {row.light for row in page.rows} == {DeadlineLight.RED}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [1, 7, 37])
def test_cases_without_due_date_come_last(
    db: CacheDatabase, descending: bool, limit: int
) -> None:
    cases = fill(db, 120)
    without = {c.id for c in cases if c.due_at is None}
    assert 0 < len(without) < len(cases)  # both kinds, so the order can be wrong

    query = QueueQuery(Queue.ALL, sort=SortKey.DUE_AT, descending=descending, now=T0)
    ids = all_pages(db, query, limit)
    assert ids == expected(cases, lambda c: True, SortKey.DUE_AT, descending)
    assert set(ids[-len(without) :]) == without
    assert len(ids) == len(set(ids)) == len(cases)
