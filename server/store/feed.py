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
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    and_,
    delete,
    event,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from server.store.bulk import insert_rows
from server.store.tables import Base, ChangeAudience, ChangeLog, FeedState, utcnow

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


class FeedRow(NamedTuple):
    """One change as a pull reads it (plain values, no ORM object)."""

    seq: int
    txid: int
    entity: str
    entity_id: str
    case_id: str | None
    op: str


def audience(keys: Iterable[str]) -> str:
    return "|" + "|".join(sorted(set(keys))) + "|"


def _audience_rows(session: Session, _context: Any, _instances: Any = None) -> None:
    """Write the audience keys of the change rows this flush inserted.

    Run after each flush, inside the same transaction or savepoint as the change
    rows (their `seq` is known by then), so a savepoint rolled back takes both away.
    """
    rows = [
        {"key": key, "txid": change.txid, "seq": change.seq}
        for change in session.new
        if type(change) is ChangeLog
        for key in change.audience.split("|")
        if key
    ]
    if rows:
        session.connection().execute(
            insert(Base.metadata.tables["change_audience"]), rows
        )


event.listen(Session, "after_flush", _audience_rows)


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


def append_many(session: Session, changes: list[dict[str, Any]]) -> None:
    """Append changes with Core: one INSERT for the log, one for the audience.

    Each change is a dict of entity, entity_id, case_id, op and keys (a set). For
    writers of many rows at once (a batch of new cases), without an ORM object each.
    """
    if not changes:
        return
    log_table = Base.metadata.tables["change_log"]
    postgres = _is_postgres(session)
    if postgres:
        # The transaction id and the rows' numbers in one round trip, so the rows
        # and their audience keys then go in with a statement each; sorted, the
        # numbers keep the changes' order.
        taken = session.execute(_TXID_AND_SEQS, {"count": len(changes)}).all()
        txid = int(taken[0][0])
        session.info["hotline_txid"] = txid
        seqs = sorted(int(seq) for _txid, seq in taken)
    else:
        txid = current_txid(session)
    now = utcnow()
    rows = [
        {
            "txid": txid,
            "entity": change["entity"],
            "entity_id": change["entity_id"],
            "case_id": change["case_id"],
            "op": change["op"],
            "audience": audience(change["keys"]),
            "at": now,
        }
        for change in changes
    ]
    if postgres:
        for row, seq in zip(rows, seqs, strict=True):
            row["seq"] = seq
        insert_rows(session, log_table, rows)
    else:
        seqs = list(
            session.execute(
                insert(log_table).returning(
                    log_table.c.seq, sort_by_parameter_order=True
                ),
                rows,
            ).scalars()
        )
    insert_rows(
        session,
        Base.metadata.tables["change_audience"],
        [
            {"key": key, "txid": txid, "seq": seq}
            for seq, change in zip(seqs, changes, strict=True)
            for key in sorted(set(change["keys"]))
        ],
    )


_TXID_AND_SEQS = text(
    "SELECT pg_current_xact_id()::text, nextval(pg_get_serial_sequence("
    "'change_log', 'seq')) FROM generate_series(1, :count)"
)


# The last change below the horizon and the pruned point, in one statement: a pull
# with no news needs nothing else. On PostgreSQL the horizon is the oldest
# transaction still running (see the module's docstring).
_BOUNDS_PG = text(
    "SELECT l.txid, l.seq, f.pruned_txid, f.pruned_seq"
    " FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) x"
    " LEFT JOIN LATERAL (SELECT txid, seq FROM change_log WHERE txid < x.xmin"
    " ORDER BY txid DESC, seq DESC LIMIT 1) l ON true"
    " LEFT JOIN feed_state f ON f.id = 1"
)
_BOUNDS_SQLITE = text(
    "SELECT l.txid, l.seq, f.pruned_txid, f.pruned_seq"
    " FROM (SELECT 1 AS one) x"
    " LEFT JOIN (SELECT txid, seq FROM change_log"
    " ORDER BY txid DESC, seq DESC LIMIT 1) l ON 1"
    " LEFT JOIN feed_state f ON f.id = 1"
)


def bounds(session: Session) -> tuple[Cursor, Cursor]:
    """(head, pruned point): the position after every change visible now, and the
    oldest position still served."""
    query = _BOUNDS_PG if _is_postgres(session) else _BOUNDS_SQLITE
    txid, seq, pruned_txid, pruned_seq = session.execute(query).one()
    pruned = Cursor(int(pruned_txid or 0), int(pruned_seq or 0))
    if seq is None:
        return pruned, pruned
    return max(Cursor(int(txid), int(seq)), pruned), pruned


def head(session: Session) -> Cursor:
    """The position after every change visible now (a snapshot's starting cursor)."""
    return bounds(session)[0]


def read(
    session: Session, after: Cursor, keys: Iterable[str], limit: int
) -> tuple[list[FeedRow], Cursor, bool]:
    """Changes after the cursor for the audience keys; the new cursor; more waiting."""
    visible, pruned = bounds(session)
    if after < pruned:
        raise CursorExpired(after.encode())
    if visible <= after:
        # No news for anyone: one statement answered the pull.
        return [], after, False

    rows = _rows_between(session, after, visible, sorted(set(keys)), limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    if has_more:
        return rows, Cursor(rows[-1].txid, rows[-1].seq), True

    # Nothing more for this audience: move the cursor to the visible head so the next
    # pull does not rescan rows that were never meant for it.
    return rows, visible, False


def _rows_between(
    session: Session, after: Cursor, upto: Cursor, keys: list[str], count: int
) -> list[FeedRow]:
    """The first `count` changes in (after, upto] for any of the keys, in feed order.

    One ordered, limited range scan of the audience index per key, merged: each scan
    stops after `count` rows however many changes other readers have had.
    """
    position = tuple_(ChangeAudience.txid, ChangeAudience.seq)
    low = tuple_(literal(after.txid, BigInteger), literal(after.seq, BigInteger))
    high = tuple_(literal(upto.txid, BigInteger), literal(upto.seq, BigInteger))
    parts = []
    for key in keys:
        part = (
            select(ChangeAudience.txid, ChangeAudience.seq)
            .where(ChangeAudience.key == key, position > low, position <= high)
            .order_by(ChangeAudience.txid, ChangeAudience.seq)
            .limit(count)
            .subquery()
        )
        parts.append(select(part.c.txid, part.c.seq))
    picked = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    query = (
        select(
            ChangeLog.seq,
            ChangeLog.txid,
            ChangeLog.entity,
            ChangeLog.entity_id,
            ChangeLog.case_id,
            ChangeLog.op,
        )
        .join(picked, picked.c.seq == ChangeLog.seq)
        .order_by(picked.c.txid, picked.c.seq)
        .limit(count)
    )
    rows: list[FeedRow] = []
    seen: set[int] = set()
    for row in session.execute(query):
        # A change for two of the reader's keys comes once.
        if row.seq not in seen:
            seen.add(row.seq)
            rows.append(FeedRow(*row))
    return rows


def prune(session: Session, older_than: datetime) -> int:
    """Drop changes older than the retention horizon and remember where that was.

    The newest change always stays: on SQLite the feed's sequence is the table's own
    rowid, which would start again from 1 in an emptied table and leave every cursor
    ahead of the new changes.
    """
    newest = session.execute(
        select(ChangeLog.txid, ChangeLog.seq)
        .order_by(ChangeLog.txid.desc(), ChangeLog.seq.desc())
        .limit(1)
    ).first()
    if newest is None:
        return 0
    last = session.execute(
        select(ChangeLog.txid, ChangeLog.seq)
        .where(
            ChangeLog.at < older_than,
            or_(
                ChangeLog.txid < newest[0],
                and_(ChangeLog.txid == newest[0], ChangeLog.seq < newest[1]),
            ),
        )
        .order_by(ChangeLog.txid.desc(), ChangeLog.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return 0
    point = Cursor(int(last[0]), int(last[1]))
    session.execute(
        delete(ChangeAudience).where(
            or_(
                ChangeAudience.txid < point.txid,
                and_(
                    ChangeAudience.txid == point.txid, ChangeAudience.seq <= point.seq
                ),
            )
        )
    )
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
