"""Sync API against a real server process, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from tests.server.conftest import Server, mutation, new_client, pull_all, push

CREATE = {
    "provisional_no": "W1-000001",
    "status": "registered",
    "caller_number": "13800138000",
    "caller_name": "张𠀀三",
    "request_type": "complaint",
    "narrative": "小区门口路灯不亮。\n已持续一周。",
    "summary": "路灯不亮",
    "address": "利州区东坝街道1号",
}


def _cases(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in changes if c["entity"] == "case"}


def test_create_assigns_official_number_and_repeat_is_duplicate(server: Server) -> None:
    with server.as_user("op1") as http:
        client_id = new_client(http)
        case_id = str(uuid.uuid4())
        created = mutation(client_id, 1, "case.create", case_id, CREATE, "op1")
        first = push(http, client_id, [created])["results"][0]
        again = push(http, client_id, [created])["results"][0]
        changes, _ = pull_all(http)

    assert first["status"] == "applied"
    assert first["official_no"].startswith("GY") and len(first["official_no"]) == 16
    assert again["status"] == "duplicate"
    assert again["official_no"] == first["official_no"]
    case = _cases(changes)[case_id]
    assert case["data"]["provisional_no"] == "W1-000001"
    assert case["data"]["caller_name"] == "张𠀀三"  # rare character round-trips


def test_concurrent_copies_of_one_push_give_one_effect(server: Server) -> None:
    with server.as_user("op1") as http:
        client_id = new_client(http)
    case_id = str(uuid.uuid4())
    batch = [mutation(client_id, 1, "case.create", case_id, CREATE, "op1")]
    statuses: list[str] = []

    def send() -> None:
        with server.as_user("op1") as http:
            statuses.append(push(http, client_id, batch)["results"][0]["status"])

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with server.as_user("sup1") as http:
        changes, _ = pull_all(http)

    assert sorted(statuses) == ["applied", "duplicate", "duplicate", "duplicate"]
    assert sum(1 for c in changes if c["entity"] == "case" and c["id"] == case_id) == 1
    history = [
        c
        for c in changes
        if c["entity"] == "case_event" and c["data"]["case_id"] == case_id
    ]
    assert len(history) == 1


def test_sequence_gap_is_answered_with_expected_seq(server: Server) -> None:
    with server.as_user("op1") as http:
        client_id = new_client(http)
        first = mutation(client_id, 1, "case.create", str(uuid.uuid4()), CREATE, "op1")
        third = mutation(client_id, 3, "case.create", str(uuid.uuid4()), CREATE, "op1")
        answer = push(http, client_id, [first, third])
        second = mutation(client_id, 2, "case.create", str(uuid.uuid4()), CREATE, "op1")
        resent = push(http, client_id, [second, third])

    assert answer["gap"] is True and answer["expected_seq"] == 2
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert [r["status"] for r in resent["results"]] == ["applied", "applied"]
    assert resent["expected_seq"] == 4


def test_same_field_edits_become_conflict_records(server: Server) -> None:
    case_id = str(uuid.uuid4())
    with server.as_user("op1") as op, server.as_user("sup1") as sup:
        op_client, sup_client = new_client(op), new_client(sup, "dev-s")
        push(
            op,
            op_client,
            [mutation(op_client, 1, "case.create", case_id, CREATE, "op1")],
        )
        base = {"summary": CREATE["summary"], "address": CREATE["address"]}
        by_sup = mutation(
            sup_client,
            1,
            "case.update",
            case_id,
            {"changes": {"summary": "路灯损坏"}, "base": base},
            "sup1",
            1,
        )
        by_op = mutation(
            op_client,
            2,
            "case.update",
            case_id,
            {
                "changes": {
                    "summary": "路灯不亮（夜间）",
                    "address": "利州区东坝街道2号",
                },
                "base": base,
            },
            "op1",
            1,
        )
        sup_result = push(sup, sup_client, [by_sup])["results"][0]
        op_result = push(op, op_client, [by_op])["results"][0]
        changes, _ = pull_all(op)

    assert sup_result["status"] == "applied"
    assert op_result["status"] == "conflict"
    (conflict,) = op_result["conflicts"]
    assert conflict["field"] == "summary"
    assert conflict["server_value"] == "路灯损坏"
    assert conflict["client_value"] == "路灯不亮（夜间）"
    case = _cases(changes)[case_id]["data"]
    assert case["summary"] == "路灯损坏"  # the server value stays
    assert case["address"] == "利州区东坝街道2号"  # the other field merged
    records = [c for c in changes if c["entity"] == "conflict"]
    assert any(r["data"]["client_value"] == "路灯不亮（夜间）" for r in records)


def test_scopes_per_role_and_removal_when_leaving_scope(server: Server) -> None:
    case_id = str(uuid.uuid4())
    with server.as_user("h1") as h1, server.as_user("h2") as h2:
        _, h1_cursor = pull_all(h1)
        _, h2_cursor = pull_all(h2)
    with server.as_user("op2") as op2:
        client_id = new_client(op2)
        dispatched = dict(CREATE, status="dispatched", lead_unit_code="U1")
        created = push(
            op2,
            client_id,
            [mutation(client_id, 1, "case.create", case_id, dispatched, "op2")],
        )
        assert created["results"][0]["status"] == "applied", created
    with (
        server.as_user("op1") as op1,
        server.as_user("h1") as h1,
        server.as_user("h2") as h2,
        server.as_user("aud1") as aud,
    ):
        op1_cases = _cases(pull_all(op1)[0])
        h1_changes, h1_cursor = pull_all(h1, h1_cursor)
        h2_changes, h2_cursor = pull_all(h2, h2_cursor)
        audit_cases = _cases(pull_all(aud)[0])
        assert aud.get(f"/api/v1/cases/{case_id}").status_code == 404

    assert case_id not in op1_cases
    assert case_id not in audit_cases
    assert _cases(h1_changes)[case_id]["op"] == "upsert"
    assert case_id not in _cases(h2_changes)

    with server.as_user("sup1") as sup:
        sup_client = new_client(sup, "dev-s2")
        reassign = {"action": "reassign", "args": {"lead_unit_code": "U2"}}
        result = push(
            sup,
            sup_client,
            [mutation(sup_client, 1, "case.command", case_id, reassign, "sup1")],
        )
        assert result["results"][0]["status"] == "applied", result
    with server.as_user("h1") as h1, server.as_user("h2") as h2:
        h1_after = _cases(pull_all(h1, h1_cursor)[0])
        h2_after = _cases(pull_all(h2, h2_cursor)[0])

    assert h1_after[case_id]["op"] == "remove"
    assert h2_after[case_id]["op"] == "upsert"


def test_workflow_commands_are_checked(server: Server) -> None:
    case_id = str(uuid.uuid4())
    with server.as_user("op1") as op:
        client_id = new_client(op)
        push(
            op,
            client_id,
            [
                mutation(
                    client_id,
                    1,
                    "case.create",
                    case_id,
                    dict(CREATE, status="dispatched", lead_unit_code="U1"),
                    "op1",
                )
            ],
        )
        reply_too_early = push(
            op,
            client_id,
            [
                mutation(
                    client_id,
                    2,
                    "case.command",
                    case_id,
                    {"action": "reply", "args": {"reply": "已修复"}},
                    "op1",
                )
            ],
        )
    with server.as_user("h2") as h2:
        other_unit = new_client(h2, "dev-h2")
        not_theirs = push(
            h2,
            other_unit,
            [
                mutation(
                    other_unit,
                    1,
                    "case.command",
                    case_id,
                    {"action": "accept", "args": {}},
                    "h2",
                )
            ],
        )
    with server.as_user("h1") as h1:
        unit = new_client(h1, "dev-h1")
        steps = push(
            h1,
            unit,
            [
                mutation(
                    unit,
                    1,
                    "case.command",
                    case_id,
                    {"action": "accept", "args": {}},
                    "h1",
                ),
                mutation(
                    unit,
                    2,
                    "case.command",
                    case_id,
                    {
                        "action": "record_contact",
                        "args": {
                            "record_id": "rec-1",
                            "text": "电话联系来电人，约定周五维修。",
                        },
                    },
                    "h1",
                ),
                mutation(
                    unit,
                    3,
                    "case.command",
                    case_id,
                    {"action": "reply", "args": {"reply": "路灯已修复。"}},
                    "h1",
                ),
            ],
        )
        changes, _ = pull_all(h1)

    assert reply_too_early["results"][0]["status"] == "rejected"
    assert reply_too_early["results"][0]["reason_zh"]
    assert not_theirs["results"][0]["status"] == "rejected"
    assert [r["status"] for r in steps["results"]] == ["applied", "applied", "applied"]
    assert _cases(changes)[case_id]["data"]["status"] == "reported_done"
    assert any(c["entity"] == "contact_record" and c["id"] == "rec-1" for c in changes)


def test_case_detail_and_reveal_are_audited(server: Server) -> None:
    case_id = str(uuid.uuid4())
    with server.as_user("op1") as op:
        client_id = new_client(op)
        push(
            op,
            client_id,
            [mutation(client_id, 1, "case.create", case_id, CREATE, "op1")],
        )
        assert op.get(f"/api/v1/cases/{case_id}").status_code == 200
        reveal = op.post(
            f"/api/v1/cases/{case_id}/reveal",
            json={"field": "caller_number", "reason": "回访需要"},
        )
        assert reveal.status_code == 200 and reveal.json()["value"] == "13800138000"
        assert op.get("/api/v1/audit").status_code == 403
    with server.as_user("aud1") as aud:
        events = aud.get("/api/v1/audit", params={"case_id": case_id}).json()["events"]

    assert [e["action"] for e in events] == ["read_case", "reveal_caller_number"]
    assert all(e["username"] == "op1" and e["device_id"] == "dev-1" for e in events)
