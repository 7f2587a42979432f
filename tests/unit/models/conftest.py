"""A real cache file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models.db import CacheDatabase, open_cache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheDatabase]:
    db = open_cache(tmp_path / "cache.db")
    yield db
    db.close()
