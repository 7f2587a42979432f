"""Shared pieces of the fault tests: servers with settings, child workstations."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.harness import ROOT, ServerProcess, Workstation, add_users, python_env
from tests.fault.checker import History, check_nothing_lost


@contextmanager
def server_with(
    folder: Path, users: list[tuple[str, str, str | None]], **env: str
) -> Iterator[ServerProcess]:
    """A server process of its own (the checker counts every case on it)."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, users)
    process = ServerProcess(url, folder / "server.log", env=dict(env))
    process.start()
    try:
        yield process
    finally:
        process.stop()


def ledger(database_url: str) -> set[str]:
    """Mutation ids the server has recorded."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            return {
                str(row[0])
                for row in db.execute(text("SELECT mutation_id FROM mutation_ledger"))
            }
    finally:
        engine.dispose()


def settle(
    database_url: str, stations: list[Workstation], history: History
) -> list[str]:
    """Sync everyone until the six properties hold, for at most 60 s; what is left."""
    started = time.monotonic()
    problems = ["not checked"]
    while time.monotonic() - started < 60:
        for station in stations:
            station.engine.sync_once()
            history.saw_cursor(station.username, station.engine.cursor())
        problems = check_nothing_lost(database_url, stations, history)
        if not problems:
            break
    return problems


class Child:
    """A workstation in a child process, paused at a point and then SIGKILLed."""

    def __init__(
        self,
        folder: Path,
        server: ServerProcess,
        username: str,
        device_id: str,
        *,
        role: str = "operator",
        cases: int = 0,
        point: str,
        page: int = 2,
    ) -> None:
        self.lines: list[str] = []
        # Its log to a file: a pipe nobody reads could fill and stall the child.
        self.log_path = folder.parent / f"{folder.name}-child.log"
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fault.child_station",
                str(folder),
                server.url,
                username,
                role,
                device_id,
                str(cases),
            ],
            cwd=ROOT,
            env=python_env(
                HOTLINE_FAULT_PAUSE=point, HOTLINE_FAULT_PAUSE_PAGE=str(page)
            ),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        log.close()

    def wait_paused(self, timeout: float = 60.0) -> str:
        """Read the child's lines until it pauses; the point it paused at."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait(10)
                errors = self.log_path.read_text()[-3000:]
                raise AssertionError(f"child ended before pausing:\n{errors}")
            self.lines.append(line.strip())
            if line.startswith("PAUSED "):
                return line.split()[1]
        raise AssertionError("child did not pause in time")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        assert self.process.stdout is not None
        self.lines.extend(line.strip() for line in self.process.stdout)
        self.process.stdout.close()
        assert self.process.returncode == -signal.SIGKILL
