"""The demo seed: accounts with work, histories on the feed, believable times.

One small seed (300 cases, 100 articles) into a real SQLite file, read back through
the store and through a real server process on 127.0.0.1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.domain.vocabulary import Role, Status
from app.domain.workflow import Action, transition
from server.settings import Settings
from server.store.cases import in_scope
from server.store.db import make_engine, session_factory, transaction
from server.store.demo_seed import DEMO_PASSWORD, seed
from server.store.schema import upgrade
from server.store.tables import Case, CaseRecord, User
from tests.server.conftest import HEADERS, Server, start_server, stop_server

CASES, ARTICLES = 300, 100
ROLES = {
    "operator": Role.OPERATOR,
    "handler": Role.HANDLER,
    "supervisor": Role.SUPERVISOR,
    "system": Role.SYSTEM,
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("demo") / "server.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        seed(
            session,
            Settings(database_url=url),
            cases=CASES,
            articles=ARTICLES,
            seed=12345,
        )
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def stored(
    database: str,
) -> Iterator[tuple[list[Case], list[CaseRecord], dict[str, User]]]:
    engine = make_engine(database)
    with session_factory(engine)() as session:
        cases = list(session.scalars(select(Case)))
        records = list(session.scalars(select(CaseRecord)))
        users = {u.username: u for u in session.scalars(select(User))}
        session.expunge_all()
    engine.dispose()
    yield cases, records, users


@pytest.fixture(scope="module")
def server(database: str) -> Iterator[Server]:
    running = start_server(database)
    yield running
    stop_server(running)


def _client(server: Server, username: str) -> httpx.Client:
    with server.client() as http:
        answer = http.post(
            "/api/v1/auth/login",
            json={
                "username": username,
                "password": DEMO_PASSWORD,
                "device_id": "demo-test",
            },
        )
        assert answer.status_code == 200, answer.text
        token = answer.json()["access_token"]
    return httpx.Client(
        base_url=server.url,
        headers={**HEADERS, "Authorization": f"Bearer {token}"},
        timeout=30,
    )


def _pull_everything(http: httpx.Client) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 500} | ({"cursor": cursor} if cursor else {})
        answer = http.get("/api/v1/sync/pull", params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        changes.extend(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            return changes


def test_op1_pulls_own_cases_with_their_histories(server, stored):
    cases, records, _users = stored
    owned = {c.id for c in cases if in_scope(c, Role.OPERATOR, "op1", None)}
    assert len(owned) >= CASES // 20, "op1 should have a realistic share"

    with _client(server, "op1") as http:
        changes = _pull_everything(http)
    pulled = {c["id"]: c for c in changes if c["entity"] == "case"}
    assert set(pulled) == owned
    assert all(
        c["data"]["created_by"] == "op1"
        or "op1" in (c["data"]["holder"], c["data"]["callback_assignee"])
        for c in pulled.values()
    )

    events = [c for c in changes if c["entity"] == "case_event"]
    expected = [r for r in records if r.kind == "case_event" and r.case_id in owned]
    assert {e["id"] for e in events} == {r.id for r in expected}
    # Each case reaches the reader before its history.
    position = {(c["entity"], c["id"]): i for i, c in enumerate(changes)}
    for event in events:
        assert (
            position[("case", event["data"]["case_id"])]
            < position[("case_event", event["id"])]
        )
    # A dispatched case's history in the pull is a workflow path to its status.
    by_case: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_case.setdefault(event["data"]["case_id"], []).append(event["data"])
    for case_id, history in by_case.items():
        history.sort(key=lambda e: (e["at"], _ORDER.get(e["action"], 5)))
        assert history[-1]["to_status"] == pulled[case_id]["data"]["status"]


# Events of one moment happen in workflow order (a dispatch and a key-issue mark).
_ORDER = {"register": 0, "dispatch": 1, "mark_key_issue": 2}


def test_callback_records_and_notes_reach_their_readers(server, stored):
    cases, records, _users = stored
    kinds = Counter(r.kind for r in records)
    assert kinds["case_event"] > CASES
    assert kinds["note"] > 0 and kinds["callback_attempt"] > 0
    assert kinds["contact_record"] > 0

    with _client(server, "sup1") as http:
        changes = _pull_everything(http)
    visible = {c.id for c in cases if in_scope(c, Role.SUPERVISOR, "sup1", None)}
    pulled_kinds = Counter(
        c["entity"] for c in changes if c.get("data", {}).get("case_id") in visible
    )
    expected = Counter(r.kind for r in records if r.case_id in visible)
    for kind in ("note", "callback_attempt", "contact_record", "case_event"):
        assert pulled_kinds[kind] == expected[kind], kind


def test_h1_is_bound_to_a_unit_with_dispatched_cases(server, stored):
    cases, _records, users = stored
    unit = users["h1"].unit_code
    working = [
        c
        for c in cases
        if c.lead_unit_code == unit
        and c.status in {Status.DISPATCHED, Status.ACCEPTED, Status.REDO}
    ]
    assert working, "h1's unit must have open dispatched cases"
    leads = Counter(
        c.lead_unit_code
        for c in cases
        if c.lead_unit_code and c.status in {Status.DISPATCHED, Status.ACCEPTED}
    )
    assert leads[unit] == max(leads.values())

    with _client(server, "h1") as http:
        changes = _pull_everything(http)
    pulled = {c["id"] for c in changes if c["entity"] == "case"}
    assert {c.id for c in working} <= pulled
    accepted = [c for c in working if c.status == Status.ACCEPTED]
    assert all(c.holder == "h1" for c in accepted)


def test_times_spread_over_past_weeks_and_deadlines_follow_the_calendar(stored):
    cases, _records, _users = stored
    now = datetime.now(UTC)
    created = sorted(c.created_at for c in cases)
    assert created[-1] <= now
    assert now - created[0] > timedelta(days=60)
    weeks = {(now - c.created_at).days // 7 for c in cases}
    assert len(weeks) > 8
    open_cases = [c for c in cases if c.status not in _FINISHED]
    assert any(now - c.created_at > timedelta(days=3) for c in open_cases)
    for case in cases:
        assert case.created_at <= case.updated_at <= now
        fields = case.fields
        if case.lead_unit_code and fields.get("urgency") == "normal":
            due = datetime.fromisoformat(fields["due_at"])
            accept = datetime.fromisoformat(fields["accept_due_at"])
            assert case.created_at < accept <= due
            # Normal deadlines end at the close of a working day, never a weekend
            # (swapped weekend workdays are rare enough not to land here by chance).
            assert fields["deadline_explanation_zh"]
    numbers = [c.official_no for c in cases]
    assert len(set(numbers)) == len(numbers)


_FINISHED = {
    Status.CLOSED,
    Status.ANSWERED_ON_CALL,
    Status.INVALID,
    Status.EMERGENCY_TRANSFERRED,
}


def test_every_server_status_present_and_consistent_with_history(stored):
    cases, records, _users = stored
    statuses = {c.status for c in cases}
    # Drafts never leave a workstation; every other status is seeded.
    assert statuses == {s.value for s in Status} - {Status.DRAFT.value}

    history: dict[str, list[CaseRecord]] = {}
    for record in records:
        if record.kind == "case_event":
            history.setdefault(record.case_id, []).append(record)
    for case in cases:
        events = sorted(
            history[case.id],
            key=lambda r: (r.created_at, _ORDER.get(r.data["action"], 5)),
        )
        status = Status.DRAFT
        for event in events:
            data = event.data
            assert data["from_status"] == status
            status = transition(status, Action(data["action"]), ROLES[data["role"]])
            assert status == data["to_status"]
        assert status == case.status, case.id
        assert events[0].created_at >= case.created_at
        assert events[-1].created_at <= case.updated_at


def test_seeding_again_adds_nothing(database):
    engine = make_engine(database)
    with transaction(session_factory(engine)) as session:
        before = session.scalar(select(func.count()).select_from(Case))
        seed(
            session,
            Settings(database_url=database),
            cases=CASES,
            articles=ARTICLES,
            seed=12345,
        )
        after = session.scalar(select(func.count()).select_from(Case))
    engine.dispose()
    assert before == after
