"""The records of a case (history lines, notes, contacts, callbacks, checklists).

Owns how a record's cache row is read out of the server's data (`_SOURCES`), the
one-by-one apply of pulled records (`_apply_record`), the set-based apply of a
snapshot page's records (`apply_snapshot_records`), and the parking of records whose
case has not arrived yet: they wait in sync_state under `PENDING_RECORD` and are
applied when their case lands (`_drain_pending`).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.models.base import Base, UTCDateTime
from app.models.tables import (
    CallbackAttempt,
    Case,
    CaseEvent,
    ChecklistAnswer,
    ContactRecord,
    Note,
    SyncState,
)
from app.sync import wire
from app.sync.apply_base import (
    _JSON,
    Applied,
    _fill_required,
    _is_time,
    _parse_time,
    _stored_time,
)

log = logging.getLogger(__name__)

_RECORDS: dict[str, type[Base]] = {
    "case_event": CaseEvent,
    "note": Note,
    "contact_record": ContactRecord,
    "callback_attempt": CallbackAttempt,
    "checklist_answer": ChecklistAnswer,
}
# Where each cache column of a record comes from in the server's data (server/store/
# serialize.py: the record's own keys plus id, case_id, kind, created_by, created_at).
# The first name present wins; the server writes the body as ``text`` and the person
# as ``author`` (``actor`` for history lines) with ``at`` for the moment.
_SOURCES: dict[str, dict[str, tuple[str, ...]]] = {
    "case_event": {
        "at": ("at", "created_at"),
        "actor": ("actor", "author", "created_by"),
        "action": ("action",),
        "from_status": ("from_status",),
        "to_status": ("to_status",),
        "reason": ("reason",),
    },
    "note": {
        "author": ("author", "created_by"),
        "body": ("body", "text"),
        "created_at": ("at", "created_at"),
    },
    "contact_record": {
        "unit_code": ("unit_code",),
        "contacted_at": ("contacted_at", "at", "created_at"),
        "method": ("method",),
        "summary": ("summary", "text"),
        "created_by": ("author", "created_by"),
    },
    "callback_attempt": {
        "attempted_at": ("attempted_at", "at", "created_at"),
        "reached": ("reached",),
        "agent": ("agent", "author", "created_by"),
        "note": ("note", "text"),
    },
    "checklist_answer": {
        "question_code": ("question_code",),
        "answer": ("answer",),
        "note": ("note", "text"),
        "answered_by": ("answered_by", "author", "created_by"),
        "answered_at": ("answered_at", "at", "created_at"),
    },
}
# Keys of a history line that are the record's envelope, not its detail.
_EVENT_ENVELOPE = frozenset(
    {"id", "case_id", "kind", "created_by", "created_at", "server_version", "data"}
)
# Records whose case is not in the cache yet wait in sync_state under this prefix.
PENDING_RECORD = "pending_record:"


def _record_values(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """The cache row of a record out of the server's data (see _SOURCES)."""
    model = _RECORDS[entity]
    columns = model.__table__.columns
    values: dict[str, Any] = {"case_id": str(data["case_id"])}
    for name, sources in _SOURCES[entity].items():
        raw = next((data[key] for key in sources if key in data), None)
        if raw is None:
            continue
        if _is_time(columns[name].type):
            raw = _parse_time(raw)
        elif name == "reached":
            raw = bool(raw)
        values[name] = raw
    if entity == "case_event":
        # The server's detail (returned_by, lead_unit_code, due_at, role, ...) is
        # what the disputes register and the history read.
        taken = {key for sources in _SOURCES[entity].values() for key in sources}
        values["data"] = {
            key: value
            for key, value in data.items()
            if key not in _EVENT_ENVELOPE and key not in taken
        }
    return values


def _apply_record(
    session: Session,
    entity: str,
    record_id: str,
    version: int,
    op: str,
    data: dict[str, Any],
    outcome: Applied,
) -> None:
    model = _RECORDS[entity]
    row = session.get(model, record_id)
    if op == "remove":
        if row is not None:
            session.delete(row)
            outcome.removed += 1
        return
    stored = getattr(row, "server_version", None) if row is not None else None
    if stored is not None and version <= stored:
        outcome.ignored += 1
        return
    case_id = data.get("case_id")
    if case_id is None:
        outcome.ignored += 1
        return
    if session.get(Case, str(case_id)) is None:
        _keep_pending(session, entity, record_id, version, data)
        outcome.pending += 1
        return
    values = _record_values(entity, data)
    values["id"] = record_id
    values["server_version"] = version
    if row is None:
        _fill_required(model, values)
        session.add(model(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    outcome.applied += 1


def apply_snapshot_records(
    session: Session, records: Iterable[wire.Change], outcome: Applied
) -> None:
    """Apply a snapshot page's records after its cases, in set-based statements.

    Same mapping and version gate as pulled records (`_SOURCES`; a stored row with
    the same or a newer server version is kept), but rows are built in their stored
    form (UTC text, JSON text) and written with one executemany of a precompiled
    INSERT ... ON CONFLICT DO UPDATE per entity and column set, as the cases are:
    a first download carries several records per case, and the ORM or SQLAlchemy's
    per-row processing would cost more than SQLite's work. A record whose case is
    not in the cache (the page did not bring it) waits like a pulled one.
    """
    by_entity: dict[str, list[wire.Change]] = {}
    for change in records:
        if change.entity in _RECORDS and change.op != "remove":
            by_entity.setdefault(change.entity, []).append(change)
        else:
            outcome.ignored += 1
    if not by_entity:
        return

    case_ids = {
        str(c.data.get("case_id")) for group in by_entity.values() for c in group
    }
    present = _cases_present(session, list(case_ids))
    session.flush()
    connection = session.connection()
    for entity, changes in by_entity.items():
        plan = _record_plan(entity)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for change in changes:
            data = change.data
            case_id = data.get("case_id")
            if case_id is None:
                outcome.ignored += 1
                continue
            if str(case_id) not in present:
                _keep_pending(session, entity, change.id, change.version, data)
                outcome.pending += 1
                continue
            values = _stored_record(entity, plan, change)
            groups.setdefault(tuple(values), []).append(values)
        for names, rows in groups.items():
            connection.exec_driver_sql(_record_upsert(entity, names), rows)
            outcome.applied += len(rows)


# (column, server names to read it from, stored kind, value when missing and NOT NULL)
_Plan = tuple[tuple[str, tuple[str, ...], str, bool], ...]


@functools.cache
def _record_plan(entity: str) -> _Plan:
    columns = _RECORDS[entity].__table__.columns
    plan = []
    for name, sources in _SOURCES[entity].items():
        column = columns[name]
        if issubclass(type(column.type), UTCDateTime):
            kind = "time"
        elif name == "reached":
            kind = "bool"
        else:
            kind = "plain"
        plan.append((name, sources, kind, not column.nullable))
    return tuple(plan)


def _stored_record(entity: str, plan: _Plan, change: wire.Change) -> dict[str, Any]:
    """A record's cache row in stored form, keys in a fixed order (see _SOURCES)."""
    data = change.data
    values: dict[str, Any] = {
        "id": change.id,
        "case_id": str(data["case_id"]),
        "server_version": change.version,
    }
    for name, sources, kind, required in plan:
        raw = next((data[key] for key in sources if key in data), None)
        if raw is None:
            if not required:
                continue
            # A neutral value, never a guess (as _fill_required does).
            raw = (
                datetime.now(UTC) if kind == "time" else False if kind == "bool" else ""
            )
        if kind == "time":
            raw = _stored_time(raw)
        elif kind == "bool":
            raw = bool(raw)
        values[name] = raw
    if entity == "case_event":
        taken = _event_taken()
        values["data"] = _JSON.encode(
            {
                key: value
                for key, value in data.items()
                if key not in _EVENT_ENVELOPE and key not in taken
            }
        )
    return values


@functools.cache
def _event_taken() -> frozenset[str]:
    return frozenset(
        key for sources in _SOURCES["case_event"].values() for key in sources
    )


@functools.cache
def _record_upsert(entity: str, names: tuple[str, ...]) -> str:
    """The records' INSERT ... ON CONFLICT DO UPDATE of `names` as SQL text."""
    table = Base.metadata.tables[_RECORDS[entity].__tablename__]
    statement = sqlite_insert(table)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={name: excluded[name] for name in names if name != "id"},
        where=table.c.server_version.is_(None)
        | (excluded.server_version > table.c.server_version),
    )
    values: dict[str, Any] = {name: bindparam(name) for name in names}
    return str(
        statement.values(values).compile(dialect=sqlite.dialect(paramstyle="named"))
    )


def _cases_present(session: Session, ids: list[str]) -> set[str]:
    table = Case.__table__
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def _pending_key(case_id: str, entity: str, record_id: str) -> str:
    return f"{PENDING_RECORD}{case_id}:{entity}:{record_id}"


def _keep_pending(
    session: Session, entity: str, record_id: str, version: int, data: dict[str, Any]
) -> None:
    """Keep a record whose case has not arrived, until it does (see the docstring)."""
    key = _pending_key(str(data["case_id"]), entity, record_id)
    value = _JSON.encode({"entity": entity, "version": version, "data": data})
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value, updated_at=datetime.now(UTC)))
    else:
        row.value = value
    log.debug("record %s waits for its case", record_id)


def _drain_pending(session: Session, case_ids: list[str], outcome: Applied) -> None:
    """Apply the kept records of cases that have just arrived."""
    table = SyncState.__table__
    first = session.scalar(
        select(table.c.key)
        .where(table.c.key >= PENDING_RECORD, table.c.key < PENDING_RECORD + "\uffff")
        .limit(1)
    )
    if first is None:
        return
    session.flush()
    for case_id in case_ids:
        prefix = f"{PENDING_RECORD}{case_id}:"
        rows = session.execute(
            select(table.c.key, table.c.value).where(
                table.c.key >= prefix, table.c.key < prefix + "\uffff"
            )
        ).all()
        for key, value in rows:
            kept = json.loads(value)
            record_id = key.rsplit(":", 1)[1]
            _apply_record(
                session,
                kept["entity"],
                record_id,
                int(kept["version"]),
                "upsert",
                kept["data"],
                outcome,
            )
            session.execute(delete(SyncState).where(SyncState.key == key))
