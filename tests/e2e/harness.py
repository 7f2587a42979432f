"""Real parts for end-to-end sync tests: a server process on loopback and workstations.

Shared by tests/e2e, tests/fault and bench/sync_client.py. Nothing here is a stand-in:
the server is `python -m server.cli serve` on a free port over a real database, a
workstation is a real cache file, the real transport and the real engine.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from app.models.cases import record_command, save_new_case, update_case_fields
from app.models.db import CacheDatabase, open_cache
from app.models.results import Actor
from app.sync import credentials
from app.sync.engine import SyncEngine
from app.sync.state import CacheState
from app.sync.status import SyncListener
from app.sync.transport import Transport, TransportSettings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def python_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@dataclass
class ServerProcess:
    """`python -m server.cli serve` on 127.0.0.1, killable and restartable."""

    database_url: str
    log_path: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server.cli",
                "--database-url",
                self.database_url,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=python_env(**self.env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "server exited at start:\n" + self.log_path.read_text()[-3000:]
                )
            try:
                answer = requests.get(
                    self.url + "/api/v1/sync/status",
                    headers={"X-Hotline-Protocol": "1"},
                    timeout=1,
                )
                if answer.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, uncommitted transactions die with it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def add_users(database_url: str, users: list[tuple[str, str, str | None]]) -> None:
    """Create accounts directly in the server's database (role, unit per user)."""
    from server.store.accounts import add_user
    from server.store.db import make_engine, session_factory, transaction
    from server.store.schema import upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with transaction(session_factory(engine)) as session:
            for name, role, unit in users:
                add_user(session, name, PASSWORD, role, unit)
    finally:
        engine.dispose()


@dataclass
class Workstation:
    """One workstation: its own cache file, transport, session and engine."""

    folder: Path
    server_url: str
    username: str
    role: str = "operator"
    device_id: str = field(default_factory=lambda: "dev-" + uuid.uuid4().hex[:8])
    listener: SyncListener | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    # A workstation clock this many hours off (the fault suite sets it).
    clock_offset_hours: float = 0.0
    cache: CacheDatabase = field(init=False)
    transport: Transport = field(init=False)
    engine: SyncEngine = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cache = open_cache(self.folder / "cache.sqlite3")
        self.transport = Transport(
            TransportSettings(
                self.server_url,
                connect_timeout=2,
                read_timeout=self.settings.pop("read_timeout", 10),
                max_attempts=self.settings.pop("max_attempts", 3),
                backoff_base=0.05,
                backoff_cap=0.5,
            )
        )
        user = credentials.Session(self.username, self.device_id)
        user.bind(self.transport)
        self.engine = SyncEngine(
            self.cache, self.transport, user, listener=self.listener, **self.settings
        )

    def login(self) -> None:
        credentials.login_online(
            self.transport,
            CacheState(self.cache),
            self.username,
            PASSWORD,
            self.device_id,
        )

    @property
    def actor(self) -> Actor:
        from app.domain.vocabulary import Role

        return Actor(self.username, Role(self.role))

    def new_case(self, narrative: str, **fields: Any) -> str:
        values = {"request_type": "complaint", "narrative": narrative, **fields}
        with self.cache.write() as session:
            saved = save_new_case(
                session,
                values,
                actor=self.actor,
                station_prefix="T" + self.device_id[-4:].upper(),
                client_id=self.engine.client_id,
                now=self._now(),
            )
        return saved.case_id

    def _now(self) -> datetime:
        return datetime.now(UTC) + timedelta(hours=self.clock_offset_hours)

    def edit(self, case_id: str, **changes: Any) -> None:
        with self.cache.write() as session:
            update_case_fields(
                session,
                case_id,
                changes,
                actor=self.actor,
                client_id=self.engine.client_id,
                now=self._now(),
            )

    def command(self, case_id: str, action: str, **args: Any) -> None:
        with self.cache.write() as session:
            record_command(
                session,
                case_id,
                action,
                args,
                actor=self.actor,
                client_id=self.engine.client_id,
            )

    def close(self) -> None:
        self.transport.close()
        self.cache.close()
