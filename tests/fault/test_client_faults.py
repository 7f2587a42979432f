"""Client-side faults against a real server process: bad rows, a locked cache."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models.outbox import enqueue
from app.models.tables import Case, Outbox
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation, add_users
from tests.fault.checker import History, check_nothing_lost


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    # One server per test: the checker counts every case on it.
    folder = tmp_path / "server"
    folder.mkdir()
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("cf1", "operator", None), ("cf2", "operator", None)])
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def station(
    server: ServerProcess, tmp_path: Path
) -> Iterator[Callable[[str], Workstation]]:
    made: list[Workstation] = []

    def make(username: str) -> Workstation:
        one = Workstation(tmp_path / username, server.url, username)
        one.login()
        made.append(one)
        return one

    yield make
    for one in made:
        one.close()


def _states(station: Workstation) -> dict[str, str]:
    with station.cache.read() as session:
        return {row.id: row.state for row in session.scalars(select(Outbox))}


def test_mutation_that_can_never_be_sent_is_parked_and_queue_goes_on(
    server: ServerProcess, station: Callable[[str], Workstation]
) -> None:
    op = station("cf1")
    first = op.new_case("排在坏变更之前")
    # A row the protocol refuses whatever happens (nested past the wire's depth
    # limit, as a corrupted or older build's row would be): it must not wedge the
    # queue behind it.
    deep: object = "x"
    for _ in range(12):
        deep = {"d": deep}
    with op.cache.write() as session:
        bad = enqueue(
            session,
            client_id=op.engine.client_id,
            kind="case.command",
            entity_id=first,
            base_version=None,
            payload={"action": "add_note", "args": {"body": deep}},
            author=op.username,
            now=datetime.now(UTC),
        )
    after = op.new_case("排在坏变更之后")

    report = op.engine.sync_once()

    assert report.status == SyncStatus.ONLINE, report.message
    assert report.parked == 1
    states = _states(op)
    assert states[bad.id] == "parked"
    assert [s for i, s in states.items() if i != bad.id] == ["applied", "applied"]
    with op.cache.read() as session:
        assert session.get(Case, after).official_no  # type: ignore[union-attr]
    assert check_nothing_lost(server.database_url, [op], History()) == []


def test_locked_cache_is_a_clear_error_and_nothing_is_lost(
    server: ServerProcess, station: Callable[[str], Workstation]
) -> None:
    op = station("cf2")
    case_id = op.new_case("本地库被占用时保存的工单")
    holder = sqlite3.connect(op.cache.path, isolation_level=None, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = op.engine.sync_once()
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    # The server may have applied the batch; the answer could not be recorded.
    assert locked.status == SyncStatus.ERROR
    assert locked.message is not None and locked.message.code == "local_db"
    assert "本地数据库" in locked.message.message_zh
    assert "local database" in locked.message.message_en
    assert list(_states(op).values()) == ["pending"]

    healed = op.engine.sync_once()

    assert healed.status == SyncStatus.ONLINE, healed.message
    # The first answer was lost to the lock; the server's ledger answers the resend.
    assert list(_states(op).values()) == ["duplicate"]
    with op.cache.read() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.official_no
    # Exactly one ledger row and one server case, though the batch went twice.
    assert check_nothing_lost(server.database_url, [op], History()) == []
