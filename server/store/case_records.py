"""A case's existing records for readers who did not have the case before.

Property 4 of SYNC.md (every server change in a client's scope reaches that client)
covers the past of a case, not only its changes from now on. Two readers would miss it:

- A workstation syncing from scratch downloads the cases snapshot and then pulls from
  the feed head. Each snapshot page therefore carries the records (history events,
  notes, contact records, callback attempts, checklist answers) of its cases in
  `SnapshotPage.records`, shaped exactly like pulled changes, read with one query per
  500 case ids (`records_for_cases`).
- A case entering a reader's scope later (dispatched or reassigned to a unit, handed
  to another operator) reaches the reader through the feed as a case upsert. The
  server also addresses that case's earlier records to the new audience keys, in the
  same transaction (`address_to_new_keys`, called from `record_change`), so they
  follow the case on the next pull. The server does this rather than the client
  asking for them, so nothing depends on a client noticing that a case is new to it
  and the feed stays the only way records travel after the first download.

New records are written with `add_case_record`: the row and its feed entry for the
case's audience, together, so no record exists that its readers would not pull.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.wire import Change
from server.store import feed
from server.store.tables import Case, CaseRecord

log = logging.getLogger(__name__)

# Case ids per query: well under every database's bound-parameter limit.
_CHUNK = 500


def add_case_record(
    session: Session,
    case: Case,
    kind: str,
    data: dict[str, Any],
    *,
    by: str,
    at: datetime,
    keys: set[str],
    record_id: str | None = None,
) -> CaseRecord:
    """Append a record of ``kind`` to the case, on the feed of audience ``keys``."""
    record = CaseRecord(
        id=record_id or str(uuid.uuid4()),
        case_id=case.id,
        kind=kind,
        data=data,
        created_by=by,
        created_at=at,
    )
    session.add(record)
    feed.append(
        session,
        entity=kind,
        entity_id=record.id,
        case_id=case.id,
        op="upsert",
        keys=keys,
    )
    return record


def record_to_wire(record: Any) -> Change:
    """A record (ORM object or Core row) as a pulled change carries it."""
    created_at = record.created_at
    return Change.model_construct(
        entity=record.kind,
        id=record.id,
        version=1,
        op="upsert",
        data={
            "id": record.id,
            "case_id": record.case_id,
            "kind": record.kind,
            "created_by": record.created_by,
            "created_at": created_at.isoformat() if created_at is not None else None,
            **(record.data or {}),
        },
    )


def records_for_cases(session: Session, case_ids: Iterable[str]) -> list[Change]:
    """Every record of the given cases, by case then time, in set-based queries."""
    ids = list(dict.fromkeys(case_ids))
    table = CaseRecord.__table__
    changes: list[Change] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = (
            select(table)
            .where(table.c.case_id.in_(chunk))
            .order_by(table.c.case_id, table.c.created_at, table.c.id)
        )
        changes.extend(record_to_wire(row) for row in session.execute(query))
    return changes


def address_to_new_keys(session: Session, case: Case, keys: set[str]) -> int:
    """Publish the case's earlier records to audience keys it has just gained.

    `keys` are the keys the case has now and had not before this write. Every
    record of the case goes, also those written earlier in this transaction (a
    case created and dispatched in one push batch shares one timestamp, so time
    cannot tell them apart): a record the reader gets twice is applied once
    (pages are deduplicated, records are version-gated). A creation has no earlier
    records and passes no previous keys: callers skip it.
    """
    if not keys or case.deleted:
        return 0
    table = CaseRecord.__table__
    rows = session.execute(
        select(table.c.id, table.c.kind).where(table.c.case_id == case.id)
    ).all()
    for record_id, kind in rows:
        feed.append(
            session,
            entity=kind,
            entity_id=record_id,
            case_id=case.id,
            op="upsert",
            keys=keys,
        )
    if rows:
        log.info(
            "case %s entered %d audiences: %d earlier records addressed",
            case.id,
            len(keys),
            len(rows),
        )
    return len(rows)
