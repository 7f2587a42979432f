"""A cursor older than the retention horizon is answered with 410 (SYNC.md)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from tests.server.conftest import (
    Server,
    mutation,
    new_client,
    prepare_database,
    pull_all,
    push,
    start_server,
    stop_server,
)

RETENTION_SECONDS = 2


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def short_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('ret') / 'server.db'}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.create_database("srv_retention")
    prepare_database(url)
    running = start_server(
        url,
        {
            "HOTLINE_RETENTION_SECONDS": str(RETENTION_SECONDS),
            "HOTLINE_PRUNE_INTERVAL_SECONDS": "0",
        },
    )
    yield running
    stop_server(running)


def test_cursor_past_the_horizon_gets_410(short_server: Server) -> None:
    create = {"status": "registered", "narrative": "井盖缺失", "request_type": "report"}
    with short_server.as_user("op1") as http:
        _, stale = pull_all(http)
        client_id = new_client(http)
        case_id = str(uuid.uuid4())
        push(
            http,
            client_id,
            [mutation(client_id, 1, "case.create", case_id, create, "op1")],
        )
        changes, fresh = pull_all(http)
        # The case change ages past the horizon; the next pull prunes it.
        time.sleep(RETENTION_SECONDS + 1)
        expired = http.get("/api/v1/sync/pull", params={"cursor": stale})
        current = http.get("/api/v1/sync/pull", params={"cursor": fresh})
        status = http.get("/api/v1/sync/status").json()
        # After a new snapshot the client carries on from the snapshot's cursor.
        snapshot = http.get("/api/v1/sync/snapshot/cases").json()
        resumed = http.get("/api/v1/sync/pull", params={"cursor": snapshot["cursor"]})

    assert any(c["id"] == case_id for c in changes)
    assert expired.status_code == 410
    assert expired.json()["code"] == "cursor_expired"
    assert current.status_code == 200
    assert status["retention_days"] >= 0
    assert any(item["id"] == case_id for item in snapshot["items"])
    assert resumed.status_code == 200
