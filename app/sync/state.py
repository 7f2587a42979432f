"""Small named values the sync keeps in the cache's sync_state table.

Cursors, resume points of a download, client ids: each written in the same
transaction as the data it describes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.models.db import CacheDatabase
from app.models.tables import SyncState


def get_state(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None else None


def set_state(session: Session, key: str, value: str | None) -> None:
    """Store value under key; None removes the key."""
    row = session.get(SyncState, key)
    now = datetime.now(UTC)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(SyncState(key=key, value=value, updated_at=now))
    else:
        row.value = value
        row.updated_at = now


def client_id_for(session: Session, username: str) -> str:
    """This workstation's client id for a user, made on first use (write session)."""
    key = f"client_id:{username}"
    value = get_state(session, key)
    if value is None:
        value = str(uuid.uuid4())
        set_state(session, key, value)
    return value


class CacheState:
    """The credentials module's StateStore over the cache's sync_state."""

    def __init__(self, cache: CacheDatabase) -> None:
        self.cache = cache

    def get_state(self, key: str) -> str | None:
        with self.cache.read() as session:
            return get_state(session, key)

    def set_state(self, key: str, value: str | None) -> None:
        with self.cache.write() as session:
            set_state(session, key, value)
