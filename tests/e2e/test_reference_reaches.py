"""Reference data imported before a workstation's first sync reaches its cache.

Categories, areas and departments are written to the server when the centre imports
them, long before most workstations first connect: they arrive with the reference
snapshot, not through the pull that starts after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models.tables import Area, Category, Department
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation, add_users


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    from server.store.db import make_engine, session_factory, transaction
    from server.store.reference import import_reference

    folder = tmp_path_factory.mktemp("server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None)])
    engine = make_engine(url)
    try:
        with transaction(session_factory(engine)) as session:
            imported = import_reference(session)
    finally:
        engine.dispose()
    assert imported > 1000
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


def _count(station: Workstation, model: type) -> int:
    with station.cache.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_first_sync_brings_the_reference_data(
    server: ServerProcess, tmp_path: Path
) -> None:
    station = Workstation(tmp_path / "op1", server.url, "op1")
    station.login()
    try:
        report = station.engine.sync_once()
        assert report.status == SyncStatus.ONLINE, report.message

        categories, areas = _count(station, Category), _count(station, Area)
        departments = _count(station, Department)
        with station.cache.read() as session:
            name = session.scalar(
                select(Department.name_zh).where(Department.code == "510800-RSJ")
            )
    finally:
        station.close()

    assert categories >= 150 and areas >= 100 and departments >= 50
    assert name and "人力资源" in name
