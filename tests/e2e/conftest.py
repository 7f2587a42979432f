"""A real server process per test module, over a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import ServerProcess, Workstation, add_users

USERS = [
    ("op1", "operator", None),
    ("op2", "operator", None),
    ("op3", "operator", None),
    ("op4", "operator", None),
    ("sup1", "supervisor", None),
    ("sup2", "supervisor", None),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, USERS)
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def workstation(
    server: ServerProcess, tmp_path: Path
) -> Iterator[Callable[..., Workstation]]:
    made: list[Workstation] = []

    def make(username: str, role: str = "operator", **settings: object) -> Workstation:
        station = Workstation(
            tmp_path / f"{username}-{len(made)}",
            server.url,
            username,
            role=role,
            settings=dict(settings),
        )
        station.login()
        made.append(station)
        return station

    yield make
    for station in made:
        station.close()
