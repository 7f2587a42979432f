"""An operator's own cases: every one of them, once, newest first, page after page."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from app.models.db import CacheDatabase
from app.models.queues import (
    PageKey,
    Queue,
    QueueQuery,
    SortKey,
    fetch_counted_page,
)
from app.models.tables import Case
from tests.unit.loop.cases import T0

OWN = QueueQuery(Queue.ALL, sort=SortKey.CREATED_AT, descending=True, created_by="op1")
STATUSES = ("registered", "dispatched", "closed", "redo", "answered_on_call")


def fill(db: CacheDatabase, count: int) -> list[Case]:
    """Cases of three operators; many share a received time, some are deleted."""
    rng = random.Random(11)
    made = []
    with db.write() as session:
        for index in range(count):
            case = Case(
                id=str(uuid.UUID(int=rng.getrandbits(128))),
                provisional_no=f"T1-{index:05d}",
                official_no=f"2026{index:06d}" if index % 3 else None,
                status=STATUSES[index % len(STATUSES)],
                request_type="complaint",
                summary=f"第{index}号 " + ("停水" if index % 4 == 0 else "噪音"),
                confidential=index % 17 == 0,
                created_at=T0 - timedelta(minutes=index % 60),
                updated_at=T0,
                # "op10" starts like "op1" and must not count as op1's.
                created_by=rng.choice(("op1", "op1", "op2", "op10")),
                deleted=index % 23 == 0,
            )
            session.add(case)
            made.append(case)
    return made


def newest_first(cases: list[Case], keep: Callable[[Case], bool]) -> list[str]:
    chosen = [c for c in cases if c.created_by == "op1" and not c.deleted and keep(c)]
    chosen.sort(key=lambda c: (c.created_at, c.id), reverse=True)
    return [c.id for c in chosen]


def all_pages(
    db: CacheDatabase, query: QueueQuery, limit: int
) -> tuple[list[str], int]:
    ids: list[str] = []
    after: PageKey | None = None
    total = -1
    with db.read() as session:
        while True:
            counted = fetch_counted_page(session, query, after, limit)
            if after is None:
                assert counted.total is not None
                total = counted.total
            else:
                assert counted.total is None  # counted once, with the first page
            ids.extend(row.case_id for row in counted.page.rows)
            if not counted.page.has_more:
                return ids, total
            after = counted.page.after


@pytest.mark.parametrize("limit", [1, 29, 200])
def test_pages_hold_each_own_case_once_newest_first(
    db: CacheDatabase, limit: int
) -> None:
    cases = fill(db, 420)
    expected = newest_first(cases, lambda c: True)
    assert len(expected) > 200  # more than one page of the panel's size

    ids, total = all_pages(db, OWN, limit)

    assert ids == expected
    assert len(set(ids)) == len(ids)
    assert total == len(expected)


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({"status": "dispatched"}, lambda c: c.status == "dispatched"),
        ({"search": "停水"}, lambda c: "停水" in c.summary),
        (
            {"search": "T1-001"},
            lambda c: c.provisional_no.startswith("T1-001"),
        ),
        (
            {"search": "2026000"},
            lambda c: (c.official_no or "").startswith("2026000"),
        ),
        (
            {"status": "closed", "search": "噪音"},
            lambda c: c.status == "closed" and "噪音" in c.summary,
        ),
    ],
)
def test_filters_narrow_the_pages_and_the_total(
    db: CacheDatabase, filters: dict[str, str], keep: Callable[[Case], bool]
) -> None:
    cases = fill(db, 420)
    expected = newest_first(cases, keep)
    assert expected

    ids, total = all_pages(db, replace(OWN, **filters), 17)

    assert ids == expected
    assert total == len(expected)


def test_confidential_summaries_are_withheld_and_said_so(db: CacheDatabase) -> None:
    cases = fill(db, 120)
    secret = {c.id for c in cases if c.confidential}
    with db.read() as session:
        rows = fetch_counted_page(session, OWN, None, 200).page.rows
    hidden = [row for row in rows if row.case_id in secret]
    assert hidden and all(row.confidential and row.summary == "" for row in hidden)
    assert all(row.summary for row in rows if row.case_id not in secret)


def test_rows_show_the_official_number_once_assigned(db: CacheDatabase) -> None:
    cases = {c.id: c for c in fill(db, 60)}
    with db.read() as session:
        rows = fetch_counted_page(session, OWN, None, 200).page.rows

    shown = {row.case_id: row.number for row in rows}
    assert shown == {
        case_id: cases[case_id].official_no or cases[case_id].provisional_no
        for case_id in shown
    }
    assert any(number.startswith("T1-") for number in shown.values())
    assert any(number.startswith("2026") for number in shown.values())


def test_the_count_and_pages_read_the_operators_index(db: CacheDatabase) -> None:
    """Neither a scan of every cached case nor a sort of the operator's cases."""
    fill(db, 420)
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, sql: str, params: Any, *_args: Any) -> None:
        statements.append((sql, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.read() as session:
            first = fetch_counted_page(session, OWN, None, 50)
            fetch_counted_page(session, OWN, first.page.after, 50)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)

    queries = [(sql, params) for sql, params in statements if "FROM cases" in sql]
    assert len(queries) == 3  # first page, its count, second page
    with db.engine.connect() as connection:
        for sql, params in queries:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[3]) for row in rows)
            assert "ix_cases_created_by_deleted_created_at_id" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
