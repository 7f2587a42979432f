"""The dashboard's rollup tables agree with a direct count of the cases after writes.

Triggers on cases and case_events keep the rollups (cache revision 0005); here a
seeded random mix of inserts, updates and deletes goes through the ORM and through
plain SQL, and after each round every rollup row is compared with a GROUP BY over
the cases as they are.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.orm import Session

from app.models.dashboard_rollups import defer_rollups, restore_rollups
from app.models.db import CacheDatabase
from app.models.tables import Case, CaseEvent
from tests.unit.dashboard.builders import add_case, add_event, local

STATUSES = [
    "draft",
    "registered",
    "answered_on_call",
    "invalid",
    "dispatched",
    "reported_done",
    "in_callback",
    "closed",
    "redo",
]
SATISFACTIONS = [None, "satisfied", "mostly", "unsatisfied"]
CATEGORIES = [None, "0101", "0102"]

DIRECT_HOURS = text(
    """
    SELECT substr(created_at, 1, 13), request_type, requester_type, COUNT(*),
           SUM(status <> 'invalid'),
           SUM(IFNULL(status = 'answered_on_call'
                      OR handling_mode = 'answered_on_call', 0)),
           SUM(status IN ('reported_done', 'in_callback', 'closed')
               OR satisfaction IS NOT NULL),
           SUM(satisfaction IS NOT NULL),
           SUM(IFNULL(satisfaction IN ('satisfied', 'mostly'), 0))
    FROM cases WHERE deleted = 0 AND status <> 'draft'
    GROUP BY 1, 2, 3
    """
)
ROLLUP_HOURS = text(
    """
    SELECT utc_hour, request_type, requester_type, cases, valid, on_call, finished,
           answered, pleased
    FROM dashboard_hours WHERE cases <> 0
    """
)
DIRECT_DAYS = text(
    """
    SELECT date(created_at, '+8 hours'), category_code, requester_type, COUNT(*)
    FROM cases
    WHERE deleted = 0 AND status <> 'draft' AND category_code IS NOT NULL
    GROUP BY 1, 2, 3
    """
)
ROLLUP_DAYS = text(
    """
    SELECT local_day, category_code, requester_type, cases
    FROM dashboard_days WHERE cases <> 0
    """
)
DIRECT_ON_TIME = text(
    """
    SELECT date(c.created_at, '+8 hours'), c.requester_type, COUNT(*),
           SUM(COALESCE((SELECT MIN(e.at) FROM case_events AS e
                         WHERE e.case_id = c.id AND e.action = 'reply') <= c.due_at,
                        0))
    FROM cases AS c
    WHERE c.deleted = 0 AND c.due_at IS NOT NULL
      AND (c.status IN ('reported_done', 'in_callback', 'closed')
           OR c.satisfaction IS NOT NULL)
    GROUP BY 1, 2
    """
)
ROLLUP_ON_TIME = text(
    """
    SELECT local_day, requester_type, finished, on_time
    FROM dashboard_on_time WHERE finished <> 0 OR on_time <> 0
    """
)


def rows(session: Session, query: Any) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in session.execute(query)}


def assert_rollups_agree(db: CacheDatabase) -> None:
    with db.read() as s:
        assert rows(s, ROLLUP_HOURS) == rows(s, DIRECT_HOURS)
        assert rows(s, ROLLUP_DAYS) == rows(s, DIRECT_DAYS)
        assert rows(s, ROLLUP_ON_TIME) == rows(s, DIRECT_ON_TIME)


def random_time(rng: random.Random) -> datetime:
    # Around local midnight now and then, where UTC and local days differ.
    start = local(2026, 3, 9, 0, 0)
    return start + timedelta(minutes=rng.choice([rng.randrange(0, 4 * 1440), 30]))


def random_fields(rng: random.Random) -> dict[str, Any]:
    return {
        "status": rng.choice(STATUSES),
        "request_type": rng.choice(["consultation", "complaint", "help"]),
        "requester_type": rng.choice(["person", "enterprise"]),
        "handling_mode": rng.choice([None, "answered_on_call", "dispatch"]),
        "satisfaction": rng.choice(SATISFACTIONS),
        "category_code": rng.choice(CATEGORIES),
        "area_code": "510802001001",
        "due_at": rng.choice([None, random_time(rng)]),
        "deleted": rng.random() < 0.1,
    }


def add_random_cases(s: Session, rng: random.Random, count: int) -> list[str]:
    ids = [add_case(s, random_time(rng), **random_fields(rng)).id for _ in range(count)]
    s.flush()
    for _ in range(count):
        case = s.get(Case, rng.choice(ids))
        assert case is not None
        add_event(s, case, rng.choice(["reply", "dispatch"]), random_time(rng))
    return ids


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_follow_inserts_updates_and_deletes(
    db: CacheDatabase, seed: int
) -> None:
    rng = random.Random(seed)
    case_ids: list[str] = []
    event_ids: list[str] = []

    with db.write() as s:
        for _ in range(60):
            case = add_case(s, random_time(rng), **random_fields(rng))
            case_ids.append(case.id)
        s.flush()
        for _ in range(80):
            case = s.get(Case, rng.choice(case_ids))
            assert case is not None
            action = rng.choice(["reply", "reply", "dispatch"])
            event_ids.append(add_event(s, case, action, random_time(rng)).id)
    assert_rollups_agree(db)

    for _round in range(4):
        with db.write() as s:
            # ORM updates of single fields, as the workstation makes them.
            for case_id in rng.sample(case_ids, 15):
                case = s.get(Case, case_id)
                assert case is not None
                name, value = rng.choice(list(random_fields(rng).items()))
                setattr(case, name, value)
                if rng.random() < 0.3:
                    case.created_at = random_time(rng)
            # Core updates of whole rows, as the sync's apply makes them.
            for case_id in rng.sample(case_ids, 5):
                values = random_fields(rng) | {"created_at": random_time(rng)}
                s.execute(update(Case).where(Case.id == case_id).values(**values))
            # Reply events added, moved in time, to another case or another action.
            for _ in range(10):
                case = s.get(Case, rng.choice(case_ids))
                assert case is not None
                event_ids.append(add_event(s, case, "reply", random_time(rng)).id)
            s.flush()
            for event_id in rng.sample(event_ids, 8):
                changes = rng.choice(
                    [
                        {"at": random_time(rng)},
                        {"case_id": rng.choice(case_ids)},
                        {"action": rng.choice(["reply", "add_note"])},
                    ]
                )
                s.execute(
                    update(CaseEvent).where(CaseEvent.id == event_id).values(**changes)
                )
            gone_events = rng.sample(event_ids, 5)
            s.execute(delete(CaseEvent).where(CaseEvent.id.in_(gone_events)))
            event_ids = [e for e in event_ids if e not in gone_events]
            # Cases removed with their history, as a sync removal does.
            gone = rng.sample(case_ids, 3)
            s.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(gone)))
            s.execute(delete(Case).where(Case.id.in_(gone)))
            case_ids = [c for c in case_ids if c not in gone]
            for _ in range(5):
                case_ids.append(str(uuid.uuid4()))
                add_case(s, random_time(rng), id=case_ids[-1], **random_fields(rng))
        assert_rollups_agree(db)


def test_rollups_are_not_empty_when_cases_count(db: CacheDatabase) -> None:
    """Guards the comparison above against two empty sides."""
    with db.write() as s:
        case = add_case(
            s,
            local(2026, 3, 9, 0, 30),
            status="closed",
            category_code="0101",
            due_at=local(2026, 3, 12),
        )
        s.flush()
        add_event(s, case, "reply", local(2026, 3, 10))

    with db.read() as s:
        hours = rows(s, ROLLUP_HOURS)
        days = rows(s, ROLLUP_DAYS)
        on_time = rows(s, ROLLUP_ON_TIME)
    # 00:30 local on the 9th is 16:30 UTC on the 8th.
    assert hours == {("2026-03-08T16", "consultation", "person", 1, 1, 0, 1, 0, 0)}
    assert days == {("2026-03-09", "0101", "person", 1)}
    assert on_time == {("2026-03-09", "person", 1, 1)}
    assert_rollups_agree(db)


def test_first_download_recounts_the_deferred_rollups(db: CacheDatabase) -> None:
    rng = random.Random(7)
    with db.write() as s:
        assert defer_rollups(s)
        add_random_cases(s, rng, 50)
    with db.read() as s:
        counted_while_deferred = rows(s, ROLLUP_HOURS)

    with db.write() as s:
        restore_rollups(s)
    assert_rollups_agree(db)
    # The triggers are back: later writes are counted again.
    with db.write() as s:
        add_random_cases(s, rng, 20)
        s.execute(update(Case).values(status="closed"))
    assert_rollups_agree(db)
    with db.write() as s:
        assert not defer_rollups(s)  # only an empty cache defers
        restore_rollups(s)  # nothing missing: nothing recounted
    assert counted_while_deferred == set()
    assert_rollups_agree(db)
