"""Small named values the sync keeps in the cache's sync_state table.

Cursors, resume points of a download, client ids: each written in the same
transaction as the data it describes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

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
