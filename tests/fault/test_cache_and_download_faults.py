"""A full disk under the workstation's cache, and a knowledge download cut by a kill.

One server for both (starting one costs seconds); the checker judges the whole server
with every workstation that wrote to it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select

from app.models.tables import Case, KnowledgeArticle
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation
from tests.fault.checker import History
from tests.fault.kit import Child, server_with, settle

USERS: list[tuple[str, str, str | None]] = [
    ("dop1", "operator", None),
    ("dsup", "supervisor", None),
    ("ksup2", "supervisor", None),
]
ARTICLES = 45
SNAPSHOT_PAGE = 10


def _seed_articles(database_url: str, count: int) -> None:
    """Demo articles straight into the server's store, as a centre's import would."""
    from server.demo import iter_articles
    from server.store.db import make_engine
    from server.store.tables import KnowledgeArticle as ServerArticle

    rows = []
    for row in iter_articles(7, count):
        for name in ("valid_from", "valid_to", "updated_at"):
            if isinstance(row.get(name), str):
                row[name] = datetime.fromisoformat(row[name])
        row.setdefault("updated_at", datetime.now(UTC))
        rows.append(row)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(ServerArticle), rows)
    finally:
        engine.dispose()


def _cases(station: Workstation) -> int:
    with station.cache.read() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def _disk_full(tmp_path: Path, server: ServerProcess, history: History) -> list[Any]:
    op = Workstation(tmp_path / "dop1", server.url, "dop1")
    sup = Workstation(tmp_path / "dsup", server.url, "dsup", role="supervisor")
    op.login()
    sup.login()
    assert sup.engine.sync_once().status == SyncStatus.ONLINE
    mine = sup.new_case("主管离线保存的工单")
    for number in range(20):
        op.new_case(f"磁盘满时到达的工单 {number} " + "情况说明" * 300)
    assert op.engine.sync_once().status == SyncStatus.ONLINE

    # The disk is full: no connection of the cache may grow the file any more.
    def full(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    sup.cache.engine.dispose()
    event.listen(sup.cache.engine, "connect", full)
    cursor_before, cases_before = sup.engine.cursor(), _cases(sup)
    report = sup.engine.sync_once()

    assert report.status == SyncStatus.ERROR
    assert report.message is not None and report.message.code == "local_db"
    assert "磁盘已满" in report.message.message_zh
    assert "disk full" in report.message.message_en
    # The page that did not fit left nothing behind, and the cursor stayed.
    assert sup.engine.cursor() == cursor_before
    assert _cases(sup) == cases_before
    with sup.cache.read() as session:
        assert session.get(Case, mine) is not None

    # Space again: it catches up.
    event.remove(sup.cache.engine, "connect", full)
    sup.cache.engine.dispose()
    healed = sup.engine.sync_once()
    assert healed.status == SyncStatus.ONLINE, healed.message
    history.saw_cursor("dsup", cursor_before)
    history.saw_cursor("dsup", sup.engine.cursor())
    return [op, sup]


def _download_cut(tmp_path: Path, server: ServerProcess) -> Workstation:
    folder, device = tmp_path / "ksup2", "dev-" + uuid.uuid4().hex[:8]
    child = Child(
        folder, server, "ksup2", device, role="supervisor", point="mid_snapshot", page=3
    )
    assert child.wait_paused() == "mid_snapshot"
    child.kill()
    asked = [line.split()[1:] for line in child.lines if line.startswith("SNAPSHOT ")]

    sup = Workstation(
        folder,
        server.url,
        "ksup2",
        role="supervisor",
        device_id=device,
        settings={"snapshot_limit": SNAPSHOT_PAGE},
    )
    sup.login()
    real = sup.transport.snapshot

    def snapshot(dataset: str, after: str | None, *args: Any, **kwargs: Any) -> Any:
        asked.append([dataset, str(after)])
        return real(dataset, after, *args, **kwargs)

    sup.transport.snapshot = snapshot  # type: ignore[method-assign]
    assert sup.engine.sync_once().status == SyncStatus.ONLINE

    knowledge = [after for dataset, after in asked if dataset == "knowledge"]
    pages = -(-ARTICLES // SNAPSHOT_PAGE)
    # The page that arrived as the child died is asked for again; nothing else is.
    assert len(knowledge) == pages + 1, asked
    assert len(set(knowledge)) == pages, asked
    assert len([a for a in asked if a[0] == "cases"]) == len(
        {a[1] for a in asked if a[0] == "cases"}
    )
    with sup.cache.read() as session:
        stored = session.scalar(select(func.count()).select_from(KnowledgeArticle))
    assert stored == ARTICLES
    return sup


def test_disk_full_and_cut_knowledge_download(tmp_path: Path) -> None:
    history = History()
    stations: list[Workstation] = []
    with server_with(tmp_path / "server", USERS) as server:
        _seed_articles(server.database_url, ARTICLES)
        try:
            stations.extend(_disk_full(tmp_path, server, history))
            stations.append(_download_cut(tmp_path, server))
            assert settle(server.database_url, stations, history) == []
        finally:
            for station in stations:
                station.close()
