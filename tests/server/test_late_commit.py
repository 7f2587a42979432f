"""The PostgreSQL cursor never skips a transaction that commits late."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.store.db import make_engine, session_factory
from tests.server.conftest import (
    Server,
    prepare_database,
    pull_all,
    start_server,
    stop_server,
)


@pytest.fixture(scope="module")
def pg_server(postgres_cluster: object) -> Iterator[Server]:
    url = postgres_cluster.create_database("late_commit")  # type: ignore[attr-defined]
    prepare_database(url)
    running = start_server(url)
    yield running
    stop_server(running)


def test_late_commit_is_not_skipped(pg_server: Server) -> None:
    from server.store.reference import upsert

    engine = make_engine(pg_server.database_url)
    factory = session_factory(engine)
    with pg_server.as_user("op1") as http:
        _, cursor = pull_all(http)

        early = factory()
        early.begin()
        upsert(
            early, "category", "LATE-1", {"code": "LATE-1"}
        )  # first to start, last to commit
        early.flush()

        later = factory()
        with later.begin():
            upsert(later, "category", "LATE-2", {"code": "LATE-2"})
        later.close()

        first_changes, cursor = pull_all(http, cursor)
        early.commit()
        early.close()
        second_changes, cursor = pull_all(http, cursor)
    engine.dispose()

    seen = [
        c["id"] for c in first_changes + second_changes if c["entity"] == "category"
    ]
    assert sorted(seen) == ["LATE-1", "LATE-2"]
