"""The workstation process SIGKILLed at the three dangerous points of a sync.

One server for the three kills (starting one costs seconds); the checker then judges
the whole server with every workstation that wrote to it.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import select

from app.models.tables import Outbox
from tests.e2e.harness import ServerProcess, Workstation
from tests.fault.checker import History
from tests.fault.kit import Child, ledger, server_with, settle

USERS: list[tuple[str, str, str | None]] = [
    ("kop1", "operator", None),
    ("kop2", "operator", None),
    ("kop3", "operator", None),
    ("ksup", "supervisor", None),
]


def _device() -> str:
    return "dev-" + uuid.uuid4().hex[:8]


def _outbox(station: Workstation) -> dict[str, str]:
    with station.cache.read() as session:
        return {row.id: row.state for row in session.scalars(select(Outbox))}


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def _cursor(path: Path, username: str) -> str | None:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        row = connection.execute(
            "SELECT value FROM sync_state WHERE key = ?", (f"pull_cursor:{username}",)
        ).fetchone()
    return row[0] if row else None


def _kill_operator(
    tmp_path: Path, server: ServerProcess, username: str, point: str
) -> Workstation:
    """Three saves, then SIGKILL at the point; the restarted workstation."""
    folder, device = tmp_path / username, _device()
    before = ledger(server.database_url)
    child = Child(folder, server, username, device, cases=3, point=point)
    assert child.wait_paused() == point
    served = ledger(server.database_url) - before
    child.kill()

    # The restarted workstation: same cache file, same device, a new login.
    station = Workstation(folder, server.url, username, device_id=device)
    station.login()
    assert _integrity(station.cache.path) == "ok"
    states = _outbox(station)
    # Three saves acknowledged before the kill, none marked as sent.
    assert sorted(states.values()) == ["pending"] * 3
    if point == "before_upload":
        assert served == set()
    else:
        assert served == set(states)

    report = station.engine.sync_once()
    assert report.status.value == "online", report.message
    expected = "applied" if point == "before_upload" else "duplicate"
    assert sorted(_outbox(station).values()) == [expected] * 3
    return station


def _kill_mid_page(
    tmp_path: Path, server: ServerProcess, history: History
) -> list[Workstation]:
    device, folder = _device(), tmp_path / "ksup"
    sup = Workstation(folder, server.url, "ksup", role="supervisor", device_id=device)
    sup.login()
    sup.engine.sync_once()
    sup.close()

    op = Workstation(tmp_path / "kop2", server.url, "kop2")
    op.login()
    for number in range(6):
        op.new_case(f"pulled while killed {number}")
    assert op.engine.sync_once().status.value == "online"

    child = Child(folder, server, "ksup", device, role="supervisor", point="mid_page")
    assert child.wait_paused() == "mid_page"
    # Page 1 landed with its cursor; page 2 is applied but not committed.
    at_pause = _cursor(folder / "cache.sqlite3", "ksup")
    assert at_pause is not None
    child.kill()

    sup = Workstation(folder, server.url, "ksup", role="supervisor", device_id=device)
    sup.login()
    assert _integrity(sup.cache.path) == "ok"
    # Neither lost (behind the last stored page) nor past the half-applied one.
    assert sup.engine.cursor() == at_pause
    history.saw_cursor("ksup", at_pause)
    history.saw_cursor("ksup", sup.engine.cursor())
    return [op, sup]


def test_client_killed_at_each_point_loses_and_repeats_nothing(
    tmp_path: Path,
) -> None:
    history = History()
    stations: list[Workstation] = []
    with server_with(tmp_path / "server", USERS) as server:
        try:
            stations.append(_kill_operator(tmp_path, server, "kop1", "before_upload"))
            stations.append(_kill_operator(tmp_path, server, "kop3", "after_answer"))
            stations.extend(_kill_mid_page(tmp_path, server, history))

            assert settle(server.database_url, stations, history) == []
        finally:
            for station in stations:
                station.close()
