"""Hostile input gets a 4xx naming the field, never a 5xx or a leaked trace."""

from __future__ import annotations

import uuid

import httpx

from tests.server.conftest import PASSWORD, Server, mutation, new_client


def test_nul_in_a_text_field_is_422_naming_it(server: Server) -> None:
    with server.client() as http:
        answer = http.post(
            "/api/v1/auth/login",
            json={"username": "op1\x00", "password": PASSWORD, "device_id": "d"},
        )
    assert answer.status_code == 422
    assert answer.json()["field"] == "username"


def test_control_character_in_payload_is_refused(server: Server) -> None:
    with server.as_user("op1") as http:
        client_id = new_client(http)
        bad = mutation(
            client_id,
            1,
            "case.create",
            str(uuid.uuid4()),
            {"narrative": "a\x07b"},
            "op1",
        )
        answer = http.post(
            "/api/v1/sync/push", json={"client_id": client_id, "mutations": [bad]}
        )
    assert answer.status_code == 422
    assert "mutations" in answer.json()["field"]
    assert "Traceback" not in answer.text


def test_over_long_field_is_rejected_not_truncated(server: Server) -> None:
    with server.as_user("op1") as http:
        client_id = new_client(http)
        long = mutation(
            client_id,
            1,
            "case.create",
            str(uuid.uuid4()),
            {"summary": "长" * 201},
            "op1",
        )
        result = http.post(
            "/api/v1/sync/push", json={"client_id": client_id, "mutations": [long]}
        ).json()
    assert result["results"][0]["status"] == "rejected"
    assert "summary" in result["results"][0]["reason_en"]


def test_oversized_and_chunked_bodies_get_413(server: Server) -> None:
    big = b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}'

    def chunks():  # no Content-Length: the server must count
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    with server.client() as http:
        sized = http.post(
            "/api/v1/auth/login",
            content=big,
            headers={"Content-Type": "application/json"},
        )
        chunked = http.post(
            "/api/v1/auth/login",
            content=chunks(),
            headers={"Content-Type": "application/json"},
        )
    assert sized.status_code == 413
    assert chunked.status_code == 413


def test_protocol_window_and_auth(server: Server) -> None:
    token = server.login("op1")
    with httpx.Client(base_url=server.url, timeout=10) as http:
        missing = http.get(
            "/api/v1/sync/pull", headers={"Authorization": f"Bearer {token}"}
        )
        future = http.get(
            "/api/v1/sync/pull",
            headers={"Authorization": f"Bearer {token}", "X-Hotline-Protocol": "99"},
        )
        anonymous = http.get("/api/v1/sync/pull", headers={"X-Hotline-Protocol": "1"})
        bad_cursor = http.get(
            "/api/v1/sync/pull",
            params={"cursor": "x'; drop"},
            headers={"Authorization": f"Bearer {token}", "X-Hotline-Protocol": "1"},
        )
    assert missing.status_code == 426
    assert future.status_code == 426
    assert anonymous.status_code == 401
    assert bad_cursor.status_code == 422


def test_logout_revokes_at_once(server: Server) -> None:
    with server.client() as http:
        pair = http.post(
            "/api/v1/auth/login",
            json={"username": "op2", "password": PASSWORD, "device_id": "dev-x"},
        ).json()
        auth = {"Authorization": f"Bearer {pair['access_token']}"}
        assert (
            http.post("/api/v1/auth/logout", json={}, headers=auth).status_code == 204
        )
        after = http.get("/api/v1/sync/pull", headers=auth)
        refresh = http.post(
            "/api/v1/auth/refresh",
            json={"refresh_token": pair["refresh_token"], "device_id": "dev-x"},
        )
    assert after.status_code == 401
    assert refresh.status_code == 401


def test_five_failures_lock_the_account(server: Server) -> None:
    with server.client() as http:
        codes = [
            http.post(
                "/api/v1/auth/login",
                json={
                    "username": "adm1",
                    "password": "wrong-password",
                    "device_id": "d",
                },
            ).status_code
            for _ in range(5)
        ]
        locked = http.post(
            "/api/v1/auth/login",
            json={"username": "adm1", "password": PASSWORD, "device_id": "d"},
        )
    assert codes == [401] * 5
    assert locked.status_code == 423
    assert int(locked.headers["Retry-After"]) > 0
