"""A real cache file per test: the shared copy of tests/unit/conftest.py."""

from __future__ import annotations

import pytest

from app.models.db import CacheDatabase


@pytest.fixture
def cache(db: CacheDatabase) -> CacheDatabase:
    return db
