"""A real hotline-server process on 127.0.0.1, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.store.accounts import add_user
from server.store.db import make_engine, session_factory, transaction
from server.store.schema import upgrade
from server.store.tables import User

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
USERS = [
    ("op1", "operator", None),
    ("op2", "operator", None),
    ("h1", "handler", "U1"),
    ("h2", "handler", "U2"),
    ("sup1", "supervisor", None),
    ("aud1", "auditor", None),
    ("adm1", "admin", None),
]
HEADERS = {"X-Hotline-Protocol": "1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        # One Argon2 hash shared by every test user: hashing is slow by design.
        name, role, unit = USERS[0]
        first = add_user(session, name, PASSWORD, role, unit)
        for name, role, unit in USERS[1:]:
            session.add(
                User(
                    username=name,
                    password_hash=first.password_hash,
                    role=role,
                    unit_code=unit,
                )
            )
    engine.dispose()


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen[bytes]
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=HEADERS, timeout=30)

    def login(self, username: str, device: str = "dev-1") -> str:
        key = f"{username}/{device}"
        if key not in self.tokens:
            with self.client() as http:
                answer = http.post(
                    "/api/v1/auth/login",
                    json={
                        "username": username,
                        "password": PASSWORD,
                        "device_id": device,
                    },
                )
                assert answer.status_code == 200, answer.text
                self.tokens[key] = answer.json()["access_token"]
        return self.tokens[key]

    def as_user(self, username: str) -> httpx.Client:
        token = self.login(username)
        return httpx.Client(
            base_url=self.url,
            headers={**HEADERS, "Authorization": f"Bearer {token}"},
            timeout=30,
        )


def start_server(database_url: str, env: dict[str, str] | None = None) -> Server:
    port = _free_port()
    environment = {
        **os.environ,
        "HOTLINE_DATABASE_URL": database_url,
        **(env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "server.app:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/v1/sync/status", timeout=1).status_code == 200:
                return Server(url, database_url, process)
        except httpx.TransportError:
            time.sleep(0.1)
        if process.poll() is not None:
            raise RuntimeError("server process exited during start-up")
    process.kill()
    raise RuntimeError("server did not start")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


# One server per database for the whole session: every test makes its own cases and
# clients (fresh UUIDs), so they do not see each other's effects.
@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.create_database("srv_shared")
    prepare_database(url)
    return url


@pytest.fixture(scope="session")
def server(database_url: str) -> Iterator[Server]:
    running = start_server(database_url)
    yield running
    stop_server(running)


def new_client(http: httpx.Client, device: str = "dev-1") -> str:
    client_id = str(uuid.uuid4())
    answer = http.post(
        "/api/v1/sync/register", json={"client_id": client_id, "device_id": device}
    )
    assert answer.status_code == 200, answer.text
    return client_id


def mutation(
    client_id: str,
    seq: int,
    kind: str,
    entity_id: str,
    payload: dict[str, Any],
    author: str,
    base_version: int | None = None,
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "client_id": client_id,
        "seq": seq,
        "kind": kind,
        "entity_id": entity_id,
        "base_version": base_version,
        "payload": payload,
        "created_at": "2026-03-02T08:00:00+00:00",
        "author": author,
    }


def push(
    http: httpx.Client, client_id: str, mutations: list[dict[str, Any]]
) -> dict[str, Any]:
    answer = http.post(
        "/api/v1/sync/push", json={"client_id": client_id, "mutations": mutations}
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def pull_all(
    http: httpx.Client, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str]:
    changes: list[dict[str, Any]] = []
    while True:
        params = {"limit": 50} | ({"cursor": cursor} if cursor else {})
        answer = http.get("/api/v1/sync/pull", params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        changes.extend(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            return changes, cursor
