"""An outdated-article flag reaches the knowledge owners through a real server.

Saved offline, it waits in the outbox and goes with the next push; pushed twice, it
is recorded once. A server older than the flag's kind sets it aside (parked) without
stopping the queue or the pull behind it.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from app.models.errors import NotParked
from app.models.knowledge_flags import flag_outdated
from app.models.outbox import unsent_lines
from app.models.tables import Case, KnowledgeArticle, Outbox
from app.sync.status import SyncStatus
from tests.e2e.harness import (
    ROOT,
    ServerProcess,
    Workstation,
    add_users,
    python_env,
)

ARTICLE = "kb-water-notice"


def _cli(database_url: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "--database-url", database_url, *args],
        cwd=ROOT,
        env=python_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _prepare(folder: Path) -> str:
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None), ("sup1", "supervisor", None)])
    articles = folder / "kb.jsonl"
    row = {"id": ARTICLE, "title": "停水通知查询", "body": "计划停水在官网公布。"}
    articles.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    _cli(url, "kb", "import", str(articles))
    return url


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    # One server per test: the test stops and starts it.
    folder = tmp_path / "server"
    folder.mkdir()
    process = ServerProcess(_prepare(folder), folder / "server.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def station(server: ServerProcess, tmp_path: Path) -> Iterator[Workstation]:
    one = Workstation(tmp_path / "op1", server.url, "op1")
    one.login()
    yield one
    one.close()


def _flag(station: Workstation, reason: str = "") -> str:
    with station.cache.write() as session:
        saved = flag_outdated(
            session,
            ARTICLE,
            reason=reason,
            author=station.username,
            client_id=station.engine.client_id,
        )
    return saved.mutation_id


def _state(station: Workstation, mutation_id: str) -> Outbox:
    with station.cache.read() as session:
        row = session.get(Outbox, mutation_id)
        assert row is not None
        session.expunge(row)
        return row


def _flags_on_server(database_url: str) -> list[dict[str, str]]:
    listed = _cli(database_url, "kb", "flags", "--format", "csv")
    return list(csv.DictReader(io.StringIO(listed)))


def _ledger_rows(database_url: str, mutation_id: str) -> int:
    from server.store.db import make_engine
    from server.store.tables import LedgerEntry

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(
                    select(func.count())
                    .select_from(LedgerEntry)
                    .where(LedgerEntry.mutation_id == mutation_id)
                )
                or 0
            )
    finally:
        engine.dispose()


def test_flag_saved_offline_arrives_once_though_pushed_twice(
    server: ServerProcess, station: Workstation
) -> None:
    assert station.engine.sync_once().status == SyncStatus.ONLINE
    with station.cache.read() as session:
        article = session.get(KnowledgeArticle, ARTICLE)
        assert article is not None and article.version == 1

    server.stop()
    flag_id = _flag(station, "停水公告网址已更换")
    offline = station.engine.sync_once()
    assert offline.status == SyncStatus.OFFLINE
    assert _state(station, flag_id).state == "pending"
    assert _flags_on_server(server.database_url) == []

    server.start()
    online = station.engine.sync_once()
    assert online.status == SyncStatus.ONLINE, online.message
    assert _state(station, flag_id).state == "applied"

    # The answer lost before it was recorded (the workstation died): the next run
    # pushes the flag again, and the server's ledger answers it.
    with station.cache.write() as session:
        row = session.get(Outbox, flag_id)
        assert row is not None
        row.state, row.answered_at = "pending", None
    again = station.engine.sync_once()
    assert again.status == SyncStatus.ONLINE, again.message
    assert _state(station, flag_id).state == "duplicate"

    # Flagging the same version a second time counts once as well.
    second = _flag(station, "再次标记")
    station.engine.sync_once()
    assert _state(station, second).state == "duplicate"

    flags = _flags_on_server(server.database_url)
    assert len(flags) == 1
    assert flags[0]["article_id"] == ARTICLE
    assert flags[0]["flagged_by"] == "op1"
    assert flags[0]["device_id"] == station.device_id
    assert flags[0]["article_version"] == "1"
    assert flags[0]["reason"] == "停水公告网址已更换"
    assert _ledger_rows(server.database_url, flag_id) == 1

    owners = requests.get(
        server.url + "/api/v1/knowledge/flags",
        headers={
            "X-Hotline-Protocol": "1",
            "Authorization": f"Bearer {_token(server, 'sup1')}",
        },
        timeout=10,
    ).json()
    assert [(a["article_id"], a["open_count"]) for a in owners["articles"]] == [
        (ARTICLE, 1)
    ]


def _token(server: ServerProcess, username: str) -> str:
    from tests.e2e.harness import PASSWORD

    answer = requests.post(
        server.url + "/api/v1/auth/login",
        headers={"X-Hotline-Protocol": "1"},
        json={"username": username, "password": PASSWORD, "device_id": "owner-pc"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


@pytest.fixture
def server_before_flags(tmp_path: Path) -> Iterator[ServerProcess]:
    folder = tmp_path / "old-server"
    folder.mkdir()
    process = ServerProcess(_prepare(folder), folder / "server.log")
    _start_before_flags(process)
    yield process
    process.stop()


def _start_before_flags(process: ServerProcess) -> None:
    """ServerProcess.start, with the server as it was before knowledge.flag."""
    with process.log_path.open("ab") as log:
        process.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.e2e.server_before_flags",
                "--database-url",
                process.database_url,
                "serve",
                "--port",
                str(process.port),
            ],
            cwd=ROOT,
            env=python_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.process.poll() is None, process.log_path.read_text()[-3000:]
        try:
            answer = requests.get(
                process.url + "/api/v1/sync/status",
                headers={"X-Hotline-Protocol": "1"},
                timeout=1,
            )
            if answer.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start in time")


@pytest.fixture
def old_station(
    server_before_flags: ServerProcess, tmp_path: Path
) -> Iterator[Workstation]:
    """op1's workstation, synced once with the server before flags."""
    station = Workstation(tmp_path / "op1-old", server_before_flags.url, "op1")
    station.login()
    assert station.engine.sync_once().status == SyncStatus.ONLINE
    yield station
    station.close()


def _parked_flag(station: Workstation) -> str:
    """A flag the server before flags sets aside at once; its mutation id."""
    flag_id = _flag(station, "停水公告网址已更换")
    assert station.engine.sync_once().parked == 1
    return flag_id


def test_server_before_flags_parks_the_flag_and_the_queue_goes_on(
    old_station: Workstation,
) -> None:
    station = old_station
    before = station.new_case("停水三天了，想问什么时候恢复")
    flag_id = _flag(station, "停水公告网址已更换")
    after = station.new_case("小区门口路灯不亮")

    report = station.engine.sync_once()

    # One run: the flag is set aside at once, the cases on both sides of it are
    # applied and the pull ran (no error stopped the run).
    assert report.status == SyncStatus.ONLINE, report.message
    assert report.parked == 1
    parked = _state(station, flag_id)
    assert parked.state == "parked"
    assert "knowledge.flag" in (parked.last_error or "")
    with station.cache.read() as session:
        for case_id in (before, after):
            case = session.get(Case, case_id)
            assert case is not None and case.official_no
    assert station.engine.pending_count() == 0


def test_parked_flag_sent_again_after_the_server_upgrade_arrives_once(
    server_before_flags: ServerProcess, old_station: Workstation
) -> None:
    station = old_station
    flag_id = _parked_flag(station)
    with station.cache.read() as session:
        listed = unsent_lines(session)
    assert [(line.mutation_id, line.parked) for line in listed] == [(flag_id, True)]

    server_before_flags.stop()
    server_before_flags.start()  # the same database, now on the current server
    seq = station.engine.requeue(flag_id)
    assert seq > 0 and _state(station, flag_id).state == "pending"
    with pytest.raises(NotParked):
        station.engine.requeue(flag_id)  # already back in line

    report = station.engine.sync_once()

    assert report.status == SyncStatus.ONLINE, report.message
    assert _state(station, flag_id).state == "applied"
    assert station.engine.pending_count() == 0
    flags = _flags_on_server(server_before_flags.database_url)
    assert [(f["article_id"], f["reason"]) for f in flags] == [
        (ARTICLE, "停水公告网址已更换")
    ]


def test_parked_flag_goes_by_itself_once_the_upgraded_server_lists_its_kind(
    server_before_flags: ServerProcess, old_station: Workstation
) -> None:
    station = old_station
    flag_id = _parked_flag(station)
    # Back from a restart, the old server (which does not list the kind) is
    # registered with again, and the flag stays where it is.
    server_before_flags.stop()
    assert station.engine.sync_once().status == SyncStatus.OFFLINE
    _start_before_flags(server_before_flags)
    assert station.engine.sync_once().status == SyncStatus.ONLINE
    assert _state(station, flag_id).state == "parked"

    server_before_flags.stop()
    assert station.engine.sync_once().status == SyncStatus.OFFLINE
    server_before_flags.start()  # upgraded: the same database, the current server
    report = station.engine.sync_once()

    assert report.status == SyncStatus.ONLINE, report.message
    assert (report.pushed, report.parked) == (1, 0)
    assert _state(station, flag_id).state == "applied"
    flags = _flags_on_server(server_before_flags.database_url)
    assert [f["article_id"] for f in flags] == [ARTICLE]
