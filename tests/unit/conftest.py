"""Cache fixtures shared by the unit tests: a real SQLite file per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models.db import CacheDatabase, open_cache


@pytest.fixture(scope="session")
def migrated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache file migrated once; each test gets its own copy of it."""
    path = tmp_path_factory.mktemp("template") / "cache.sqlite3"
    open_cache(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_cache: Path) -> Iterator[CacheDatabase]:
    """An open cache of its own for the test, copied from the migrated template."""
    path = tmp_path / "cache.sqlite3"
    shutil.copyfile(migrated_cache, path)
    cache = open_cache(path)
    yield cache
    cache.close()
