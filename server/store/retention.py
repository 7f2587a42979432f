"""Pruning the change feed past the retention horizon, safe with several processes.

Each server process looks at most once per `prune_interval_seconds` (the time of its
last look is the only thing it keeps in memory, and losing it costs one extra look).
The pruning itself runs in its own short transaction: on PostgreSQL behind a
transaction-level advisory lock taken with `pg_try_advisory_xact_lock`, so when several
processes look at once one prunes and the others go on serving; on SQLite the write
lock (BEGIN IMMEDIATE) serializes it with every other write.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from server.settings import Settings
from server.store import feed
from server.store.db import transaction

log = logging.getLogger(__name__)
# An arbitrary constant naming the pruning lock among PostgreSQL advisory locks.
_PRUNE_LOCK = 0x486F746C696E65
_guard = threading.Lock()


def prune_now(session: Session, settings: Settings, now: datetime) -> int | None:
    """Prune inside the caller's transaction; None when another process is at it."""
    if session.get_bind().dialect.name == "postgresql":
        taken = session.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _PRUNE_LOCK}
        ).scalar_one()
        if not taken:
            return None
    return feed.prune(session, now - settings.retention)


def maybe_prune(state: Any, now: datetime) -> None:
    """Prune if this process has not looked within the interval; never raises."""
    settings: Settings = state.settings
    interval = min(
        settings.prune_interval_seconds, settings.retention.total_seconds() / 4
    )
    with _guard:
        last = getattr(state, "last_prune", None)
        moment = time.monotonic()
        if last is not None and moment - last < interval:
            return
        state.last_prune = moment

    factory: sessionmaker[Session] = state.sessions
    try:
        with transaction(factory) as session:
            removed = prune_now(session, settings, now)
        if removed:
            log.info("pruned %d feed rows past the retention horizon", removed)
    except DBAPIError:
        # Pruning is housekeeping: a busy database must not fail the pull.
        log.warning("feed pruning skipped: database busy", exc_info=True)
