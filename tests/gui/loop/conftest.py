"""A real cache file per test and the loop panels' store for each role."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.domain.vocabulary import Role
from app.models.db import CacheDatabase, open_cache
from app.views.loop_store import LoopStore
from tests.unit.loop.cases import CLIENT, UNIT


@pytest.fixture(scope="session")
def migrated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "cache.sqlite3"
    open_cache(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_cache: Path) -> Iterator[CacheDatabase]:
    path = tmp_path / "cache.sqlite3"
    shutil.copyfile(migrated_cache, path)
    cache = open_cache(path)
    yield cache
    cache.close()


@pytest.fixture
def loop_store(db: CacheDatabase) -> Callable[..., LoopStore]:
    def make(role: Role, username: str = "", unit: str | None = None) -> LoopStore:
        return LoopStore(
            lambda: db,
            username=username or role.value,
            role=role,
            client_id=CLIENT,
            unit_code=unit
            if unit is not None
            else (UNIT if role == Role.HANDLER else None),
        )

    return make
