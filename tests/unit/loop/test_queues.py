"""Queue queries: which cases, in which order, page after page, filtered in SQL."""

from __future__ import annotations

import random
import uuid
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
from tests.unit.loop.cases import T0

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
    chosen = [c for c in cases if keep(c)]

    def key(c: Case):
        value = getattr(c, sort.value)
        # SQLite orders NULL before any value.
        return (value is not None, value or T0, c.id)

    return [c.id for c in sorted(chosen, key=key, reverse=descending)]


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


def test_rows_carry_lights_and_masked_numbers(db: CacheDatabase) -> None:
    fill(db, 40)
    with db.read() as session:
        page = fetch_page(session, QueueQuery(Queue.OVERDUE, now=T0))
    assert page.rows
    assert {row.light for row in page.rows} == {DeadlineLight.RED}
    assert all("****" in row.caller for row in page.rows)
