"""The change feed: append inside the writing transaction, read without skipping.

PostgreSQL: each row carries the writer's transaction id; a reader serves only rows
whose transaction id is below the oldest transaction still running in its snapshot
(`pg_snapshot_xmin`), ordered by (txid, seq). A transaction that commits late has a
txid at or above that horizon until it finishes, so no cursor can pass it.
SQLite: writes are serialized (BEGIN IMMEDIATE), so the autoincrement seq is already in
commit order and txid stays 0.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, literal, or_, select, text, tuple_
from sqlalchemy.orm import Session

from server.store.tables import ChangeLog, FeedState

log = logging.getLogger(__name__)


class CursorExpired(Exception):
    """The cursor is older than the retention horizon (answered with 410)."""


class BadCursor(ValueError):
    """The cursor is not one this server made."""


@dataclass(frozen=True, order=True)
class Cursor:
    txid: int
    seq: int

    def encode(self) -> str:
        return f"{self.txid}-{self.seq}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor:
        if not raw:
            return cls(0, 0)
        parts = raw.split("-")
        if len(parts) != 2 or not all(p.isdigit() and len(p) <= 19 for p in parts):
            raise BadCursor(raw)
        return cls(int(parts[0]), int(parts[1]))


def audience(keys: Iterable[str]) -> str:
    return "|" + "|".join(sorted(set(keys))) + "|"


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def current_txid(session: Session) -> int:
    if not _is_postgres(session):
        return 0
    cached = session.info.get("hotline_txid")
    if cached is None:
        cached = int(
            session.execute(text("SELECT pg_current_xact_id()::text")).scalar_one()
        )
        session.info["hotline_txid"] = cached
    return int(cached)


def forget_txid(session: Session) -> None:
    """Call after commit: the next transaction of this session has another id."""
    session.info.pop("hotline_txid", None)


def append(
    session: Session,
    *,
    entity: str,
    entity_id: str,
    op: str,
    keys: Iterable[str],
    case_id: str | None = None,
) -> None:
    session.add(
        ChangeLog(
            txid=current_txid(session),
            entity=entity,
            entity_id=entity_id,
            case_id=case_id,
            op=op,
            audience=audience(keys),
        )
    )


def horizon(session: Session) -> Cursor:
    """The smallest position nobody can still write below."""
    if _is_postgres(session):
        xmin = session.execute(
            text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
        ).scalar_one()
        return Cursor(int(xmin), 0)
    return Cursor(2**62, 0)


def pruned_point(session: Session) -> Cursor:
    state = session.get(FeedState, 1)
    if state is None:
        return Cursor(0, 0)
    return Cursor(state.pruned_txid, state.pruned_seq)


def head(session: Session, limit: Cursor | None = None) -> Cursor:
    """The position after every change visible now (a snapshot's starting cursor)."""
    limit = horizon(session) if limit is None else limit
    query = select(ChangeLog.txid, ChangeLog.seq).order_by(
        ChangeLog.txid.desc(), ChangeLog.seq.desc()
    )
    if _is_postgres(session):
        query = query.where(ChangeLog.txid < limit.txid)
    row = session.execute(query.limit(1)).first()
    if row is None:
        return pruned_point(session)
    return max(Cursor(int(row[0]), int(row[1])), pruned_point(session))


def read(
    session: Session, after: Cursor, keys: Iterable[str], limit: int
) -> tuple[list[ChangeLog], Cursor, bool]:
    """Changes after the cursor for the audience keys; the new cursor; more waiting."""
    if after < pruned_point(session):
        raise CursorExpired(after.encode())

    keys = list(keys)
    query = select(ChangeLog).where(
        tuple_(ChangeLog.txid, ChangeLog.seq)
        > tuple_(literal(after.txid), literal(after.seq)),
        or_(*(ChangeLog.audience.contains(f"|{k}|", autoescape=True) for k in keys)),
    )
    limit_point = horizon(session)
    if _is_postgres(session):
        query = query.where(ChangeLog.txid < limit_point.txid)
    rows = list(
        session.scalars(query.order_by(ChangeLog.txid, ChangeLog.seq).limit(limit + 1))
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    if has_more:
        return rows, Cursor(rows[-1].txid, rows[-1].seq), True

    # Nothing more for this audience: move the cursor to the visible head so the next
    # pull does not rescan rows that were never meant for it.
    return rows, max(after, head(session, limit_point)), False


def _matches(stored: str, keys: Iterable[str]) -> bool:
    return any(f"|{k}|" in stored for k in keys)


def prune(session: Session, older_than: datetime) -> int:
    """Drop changes older than the retention horizon and remember where that was."""
    last = session.execute(
        select(ChangeLog.txid, ChangeLog.seq)
        .where(ChangeLog.at < older_than)
        .order_by(ChangeLog.txid.desc(), ChangeLog.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return 0
    point = Cursor(int(last[0]), int(last[1]))
    rows = session.execute(
        delete(ChangeLog).where(
            or_(
                ChangeLog.txid < point.txid,
                and_(ChangeLog.txid == point.txid, ChangeLog.seq <= point.seq),
            )
        )
    )
    state = session.get(FeedState, 1)
    if state is None:
        session.add(FeedState(id=1, pruned_txid=point.txid, pruned_seq=point.seq))
    else:
        state.pruned_txid, state.pruned_seq = point.txid, point.seq
    log.info("feed pruned up to %s", point.encode())
    return int(getattr(rows, "rowcount", 0) or 0)
