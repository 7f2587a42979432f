"""Dispatch catalogue rules from the disputes meeting, on a real server over SQLite."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from app.domain.vocabulary import Role
from app.models.db import open_cache
from app.models.disputes import (
    DisputeGroup,
    deliver_decisions,
    list_decisions,
    record_decision,
)
from app.models.results import Actor
from tests.server.conftest import (
    Server,
    prepare_database,
    pull_all,
    start_server,
    stop_server,
)


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('catalogue') / 'server.db'}"
    prepare_database(url)
    running = start_server(url)
    yield running
    stop_server(running)


def _rule(**changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "rule_id": str(uuid.uuid4()),
        "category_prefix": "0101",
        "area_prefix": "510802001001",
        "lead_unit_code": "HOUSING",
        "co_unit_codes": ["WATER"],
        "note": "二次供水由住建牵头",
        "dispute": {
            "month": "2026-03",
            "from_unit": "WATER",
            "to_unit": "HOUSING",
            "returns": 2,
            "case_ids": [str(uuid.uuid4())],
        },
    }
    rule.update(changes)
    return rule


def test_supervisor_adds_a_rule_and_everyone_can_list_it(sqlite_server: Server) -> None:
    rule = _rule()
    with sqlite_server.as_user("sup1") as sup, sqlite_server.as_user("op1") as op:
        created = sup.post("/api/v1/catalogue/rules", json=rule)
        again = sup.post("/api/v1/catalogue/rules", json=rule)
        listed = op.get("/api/v1/catalogue/rules")

    assert created.status_code == 201, created.text
    assert created.json()["id"] == rule["rule_id"]
    assert created.json()["decided_by"] == "sup1"
    assert again.status_code == 200
    assert again.json()["decided_at"] == created.json()["decided_at"]
    assert listed.status_code == 200
    mine = [r for r in listed.json()["rules"] if r["id"] == rule["rule_id"]]
    assert len(mine) == 1
    assert (mine[0]["lead_unit_code"], mine[0]["co_unit_codes"]) == (
        "HOUSING",
        ["WATER"],
    )


def test_admin_may_add_but_operators_and_handlers_may_not(
    sqlite_server: Server,
) -> None:
    with sqlite_server.as_user("adm1") as admin:
        assert admin.post("/api/v1/catalogue/rules", json=_rule()).status_code == 201
    for name in ("op1", "h1", "aud1"):
        with sqlite_server.as_user(name) as http:
            answer = http.post("/api/v1/catalogue/rules", json=_rule())
        assert answer.status_code == 403, name
        assert answer.json()["code"] == "forbidden"
    with sqlite_server.client() as anonymous:
        assert anonymous.get("/api/v1/catalogue/rules").status_code == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"lead_unit_code": "住建 局"},
        {"category_prefix": ""},
        {"co_unit_codes": ["A;B"]},
        {"unexpected": 1},
        {"dispute": {"month": "March"}},
    ],
)
def test_bad_rules_are_refused(sqlite_server: Server, changes: dict[str, Any]) -> None:
    with sqlite_server.as_user("sup1") as sup:
        answer = sup.post("/api/v1/catalogue/rules", json=_rule(**changes))
    assert answer.status_code == 422, answer.text
    assert answer.json()["message_en"]


def test_rules_reach_workstations_through_the_feed(sqlite_server: Server) -> None:
    rule = _rule()
    with sqlite_server.as_user("h2") as handler:
        _changes, cursor = pull_all(handler)
        with sqlite_server.as_user("sup1") as sup:
            sup.post("/api/v1/catalogue/rules", json=rule).raise_for_status()
        changes, _cursor = pull_all(handler, cursor)

    found = [c for c in changes if c["entity"] == "dispatch_rule"]
    assert [(c["id"], c["data"]["lead_unit_code"]) for c in found] == [
        (rule["rule_id"], "HOUSING")
    ]


def test_decision_from_the_register_becomes_a_rule(
    sqlite_server: Server, tmp_path: Path
) -> None:
    cache = open_cache(tmp_path / "cache.sqlite3")
    group = DisputeGroup(
        month="2026-03",
        from_unit="WATER",
        from_name="市水务局",
        to_unit="HOUSING",
        to_name="市住建局",
        returns=(),
    )
    client_id = str(uuid.uuid4())
    with cache.write() as s:
        good = record_decision(
            s,
            group,
            category_prefix="0102",
            area_prefix="",
            lead_unit_code="ECO",
            actor=Actor("sup1", Role.SUPERVISOR),
            client_id=client_id,
        )

    with sqlite_server.as_user("sup1") as sup:

        def post(body: Mapping[str, Any]) -> Mapping[str, Any]:
            answer: Mapping[str, Any] = sup.post(
                "/api/v1/catalogue/rules", json=dict(body)
            ).json()
            return answer

        assert deliver_decisions(cache.read, cache.write, post) == 1
        assert deliver_decisions(cache.read, cache.write, post) == 0
        listed = sup.get("/api/v1/catalogue/rules").json()["rules"]

    with cache.read() as s:
        assert [d.state for d in list_decisions(s)] == ["applied"]
    cache.close()
    assert [r["lead_unit_code"] for r in listed if r["id"] == good.rule_id] == ["ECO"]
