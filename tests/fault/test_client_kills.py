"""The workstation process SIGKILLed at the three dangerous points of a sync."""

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
    ("ksup", "supervisor", None),
]


def _outbox(station: Workstation) -> dict[str, str]:
    with station.cache.read() as session:
        return {row.id: row.state for row in session.scalars(select(Outbox))}


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def _killed_operator(tmp_path: Path, point: str) -> None:
    with server_with(tmp_path / "server", USERS) as server:
        folder, device = tmp_path / "kop1", "dev-" + uuid.uuid4().hex[:8]
        child = Child(folder, server, "kop1", device, cases=3, point=point)
        assert child.wait_paused() == point
        served = ledger(server.database_url)
        child.kill()

        # The restarted workstation: same cache file, same device, a new login.
        station = Workstation(folder, server.url, "kop1", device_id=device)
        try:
            station.login()
            assert _integrity(station.cache.path) == "ok"
            states = _outbox(station)
            # Three saves acknowledged before the kill, none marked as sent.
            assert sorted(states.values()) == ["pending"] * 3
            if point == "before_upload":
                assert served == set()
            else:
                assert served == set(states)

            history = History()
            assert settle(server.database_url, [station], history) == []
            expected = "applied" if point == "before_upload" else "duplicate"
            assert sorted(_outbox(station).values()) == [expected] * 3
        finally:
            station.close()


def test_killed_after_local_commit_before_upload(tmp_path: Path) -> None:
    _killed_operator(tmp_path, "before_upload")


def test_killed_after_server_answer_before_marking(tmp_path: Path) -> None:
    _killed_operator(tmp_path, "after_answer")


def _cursor(path: Path, username: str) -> str | None:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        row = connection.execute(
            "SELECT value FROM sync_state WHERE key = ?", (f"pull_cursor:{username}",)
        ).fetchone()
    return row[0] if row else None


def _station(server: ServerProcess, folder: Path, name: str, **kw: str) -> Workstation:
    station = Workstation(folder, server.url, name, **kw)  # type: ignore[arg-type]
    station.login()
    return station


def test_killed_in_the_middle_of_applying_a_pull_page(tmp_path: Path) -> None:
    with server_with(tmp_path / "server", USERS) as server:
        device = "dev-" + uuid.uuid4().hex[:8]
        sup_folder = tmp_path / "ksup"
        first = _station(
            server, sup_folder, "ksup", role="supervisor", device_id=device
        )
        first.engine.sync_once()
        first.close()

        op = _station(server, tmp_path / "kop2", "kop2")
        stations = [op]
        try:
            for number in range(6):
                op.new_case(f"pulled while killed {number}")
            assert op.engine.sync_once().status.value == "online"

            child = Child(
                sup_folder,
                server,
                "ksup",
                device,
                role="supervisor",
                point="mid_page",
                page=2,
            )
            assert child.wait_paused() == "mid_page"
            # Page 1 landed with its cursor; page 2 is applied but not committed.
            at_pause = _cursor(sup_folder / "cache.sqlite3", "ksup")
            child.kill()

            sup = Workstation(
                sup_folder, server.url, "ksup", role="supervisor", device_id=device
            )
            stations.append(sup)
            sup.login()
            assert _integrity(sup.cache.path) == "ok"
            history = History()
            history.saw_cursor("ksup", at_pause)
            assert sup.engine.cursor() == at_pause
            history.saw_cursor("ksup", sup.engine.cursor())
            assert settle(server.database_url, stations, history) == []
        finally:
            for station in stations:
                station.close()
