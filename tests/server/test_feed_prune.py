"""Pruning the change feed never lets its numbering start again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from server.store import feed
from server.store.db import make_engine, session_factory, transaction
from server.store.schema import upgrade
from server.store.tables import ChangeLog


def test_pruning_everything_keeps_the_newest_change(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    try:
        with transaction(sessions) as session:
            for n in range(5):
                feed.append(
                    session, entity="case", entity_id=f"c{n}", op="upsert", keys={"sup"}
                )
        with transaction(sessions) as session:
            before = feed.head(session)
            removed = feed.prune(session, datetime.now(UTC) + timedelta(days=1))
        with transaction(sessions) as session:
            left = session.scalar(select(func.count()).select_from(ChangeLog))
            feed.append(
                session, entity="case", entity_id="new", op="upsert", keys={"sup"}
            )
        with transaction(sessions) as session:
            after = session.scalar(select(func.max(ChangeLog.seq)))
    finally:
        engine.dispose()

    assert removed == 4 and left == 1
    assert after is not None and after > before.seq
