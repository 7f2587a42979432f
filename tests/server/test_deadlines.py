"""Deadlines are set by the server at dispatch and moved by an approved extension."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.server.conftest import Server, mutation, new_client, pull_all, push

# Received Monday 2 March 2026, 16:00 in Shanghai (the helper's created_at).
CREATE = {
    "provisional_no": "W1-000101",
    "status": "registered",
    "caller_number": "13800138000",
    "request_type": "complaint",
    "urgency": "normal",
    "narrative": "楼道堆放杂物。",
    "address": "利州区东坝街道2号",
}


def _command(
    http: httpx.Client, client_id: str, seq: int, case_id: str, action: str, **args: Any
) -> dict[str, Any]:
    body = push(
        http,
        client_id,
        [
            mutation(
                client_id,
                seq,
                "case.command",
                case_id,
                {"action": action, "args": args},
                "x",
            )
        ],
    )
    result: dict[str, Any] = body["results"][0]
    return result


def _case(http: httpx.Client, case_id: str) -> dict[str, Any]:
    changes, _ = pull_all(http)
    found = [c for c in changes if c["entity"] == "case" and c["id"] == case_id]
    data: dict[str, Any] = found[-1]["data"]
    return data


def test_dispatch_sets_deadlines_and_extension_moves_them(server: Server) -> None:
    case_id = str(uuid.uuid4())
    with server.as_user("op1") as op:
        op_client = new_client(op)
        push(
            op,
            op_client,
            [mutation(op_client, 1, "case.create", case_id, CREATE, "op1")],
        )
        # Deadlines the workstation computed are not trusted.
        dispatched = _command(
            op,
            op_client,
            2,
            case_id,
            "dispatch",
            lead_unit_code="U1",
            accept_due_at="2030-01-01T00:00:00+00:00",
            due_at="2030-01-01T00:00:00+00:00",
        )
    with server.as_user("sup1") as sup:
        at_dispatch = _case(sup, case_id)
    with server.as_user("h1") as h1:
        unit = new_client(h1, "dev-h1")
        _command(h1, unit, 1, case_id, "accept")
        _command(h1, unit, 2, case_id, "request_extension", reason="需协调施工队")
    with server.as_user("sup1") as sup:
        sup_client = new_client(sup, "dev-sup")
        earlier = _command(
            sup, sup_client, 1, case_id, "approve_extension", new_date="2026-03-20"
        )
        saturday = _command(
            sup,
            sup_client,
            2,
            case_id,
            "approve_extension",
            due_at="2026-03-28T17:30:00+08:00",
        )
        garbage = _command(
            sup, sup_client, 3, case_id, "approve_extension", new_date="31/03/2026"
        )
        approved = _command(
            sup,
            sup_client,
            4,
            case_id,
            "approve_extension",
            due_at="2026-03-31T12:00:00+08:00",
        )
        after = _case(sup, case_id)

    assert dispatched["status"] == "applied"
    # Complaint, normal: accept within 1 working day, finish within 15, at 17:30.
    assert at_dispatch["accept_due_at"] == "2026-03-03T09:30:00+00:00"
    assert at_dispatch["due_at"] == "2026-03-23T09:30:00+00:00"
    assert at_dispatch["deadline_confirmed"] is True
    assert earlier["status"] == "rejected" and "2026-03-20" in earlier["reason_en"]
    assert saturday["status"] == "rejected" and "working day" in saturday["reason_en"]
    assert garbage["status"] == "rejected" and "new_date" in garbage["reason_en"]
    assert approved["status"] == "applied"
    assert after["status"] == "accepted"
    assert after["due_at"] == "2026-03-31T09:30:00+00:00"
    assert after["accept_due_at"] == at_dispatch["accept_due_at"]


def test_dispatch_without_request_type_is_rejected_naming_it(server: Server) -> None:
    case_id = str(uuid.uuid4())
    untyped = {k: v for k, v in CREATE.items() if k != "request_type"}
    with server.as_user("op1") as op:
        client_id = new_client(op)
        push(
            op,
            client_id,
            [mutation(client_id, 1, "case.create", case_id, untyped, "op1")],
        )
        refused = _command(op, client_id, 2, case_id, "dispatch", lead_unit_code="U1")

    assert refused["status"] == "rejected"
    assert "request_type" in refused["reason_en"]
