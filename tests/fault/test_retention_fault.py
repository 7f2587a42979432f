"""A workstation offline past the server's retention horizon (seconds, for the test).

Its cursor is answered with 410: it downloads its scopes again and keeps the work it
has not sent, including work saved while the download runs, then pushes it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

from app.models.tables import Case
from app.sync.status import SyncStatus
from app.sync.transport import CursorExpired
from tests.e2e.harness import Workstation
from tests.fault.checker import History
from tests.fault.kit import server_with, settle

USERS: list[tuple[str, str, str | None]] = [
    ("rop1", "operator", None),
    ("rop2", "operator", None),
]
RETENTION = 2


def test_offline_past_retention_downloads_again_and_keeps_unsent_work(
    tmp_path: Path,
) -> None:
    env = {
        "HOTLINE_RETENTION_SECONDS": str(RETENTION),
        "HOTLINE_PRUNE_INTERVAL_SECONDS": "0.2",
    }
    history = History()
    with server_with(tmp_path / "server", USERS, **env) as server:
        away = Workstation(tmp_path / "rop1", server.url, "rop1")
        other = Workstation(tmp_path / "rop2", server.url, "rop2")
        try:
            away.login()
            other.login()
            kept = away.new_case("离线前已同步的工单")
            assert away.engine.sync_once().status == SyncStatus.ONLINE
            history.saw_cursor("rop1", away.engine.cursor())

            # Offline: the feed moves on and is pruned past the workstation's cursor.
            offline = away.new_case("离线期间保存的工单")
            other.new_case("别人离线期间保存的工单")
            assert other.engine.sync_once().status == SyncStatus.ONLINE
            time.sleep(RETENTION + 1)
            other.new_case("保留期过后保存的工单")
            assert other.engine.sync_once().status == SyncStatus.ONLINE

            expired: list[str] = []
            real_pull = away.transport.pull

            def pull(*args: Any, **kwargs: Any) -> Any:
                try:
                    return real_pull(*args, **kwargs)
                except CursorExpired:
                    # The operator goes on working while the scopes download again.
                    expired.append(away.new_case("重新下载期间保存的工单"))
                    away.edit(kept, summary="重新下载期间修改的摘要")
                    raise

            away.transport.pull = pull  # type: ignore[method-assign]
            report = away.engine.sync_once()
            history.saw_cursor("rop1", away.engine.cursor())

            assert report.status == SyncStatus.ONLINE, report.message
            assert len(expired) == 1, "the server never answered 410"
            assert report.downloaded > 0
            with away.cache.read() as session:
                local = {row.id: row for row in session.scalars(select(Case))}
            assert {kept, offline, expired[0]} <= set(local)
            assert local[kept].summary == "重新下载期间修改的摘要"
            assert all(local[i].server_version for i in (offline, expired[0]))

            assert settle(server.database_url, [away, other], history) == []
            engine = create_engine(server.database_url)
            try:
                with engine.connect() as db:
                    fields = db.execute(
                        text("SELECT fields FROM cases WHERE id = :id"), {"id": kept}
                    ).scalar_one()
            finally:
                engine.dispose()
            # Operator-owned fields are kept together on the server.
            assert json.loads(fields)["summary"] == "重新下载期间修改的摘要"
        finally:
            away.close()
            other.close()
