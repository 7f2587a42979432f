"""Fixtures every test folder shares: offscreen Qt, a test keyring, PostgreSQL."""

from __future__ import annotations

import os

# Qt aborts without a display unless told to draw offscreen (TRAPS.md); set it before
# any test module imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import keyring
import pytest

from tests.support.keyring_backend import MemoryKeyring
from tests.support.postgres import PostgresCluster


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The real keyring API over an in-memory backend, fresh for every test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL server on loopback, started once for the whole run."""
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """SQLAlchemy URL of the session's PostgreSQL server (database `postgres`)."""
    return postgres_cluster.url("postgres")


@pytest.fixture
def postgres_database(
    postgres_cluster: PostgresCluster, request: pytest.FixtureRequest
) -> str:
    """A fresh, empty PostgreSQL database for one test; its SQLAlchemy URL."""
    return postgres_cluster.create_database(request.node.name)
