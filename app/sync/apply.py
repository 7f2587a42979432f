"""Apply the server's changes to the local cache, idempotently by version.

A change whose version is not newer than the stored one is ignored, so the same page
applied twice (a lost answer, a crash mid-page) changes nothing. A case with unsent
local edits keeps showing them: after the server's row lands, the pending
``case.update`` changes are laid on top again (the server will merge them on push).
Callers run these functions inside the write transaction that also stores the cursor.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Index,
    Table,
    bindparam,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.models.base import Base, JSONText, UTCDateTime, to_utc_text
from app.models.tables import (
    Area,
    CallbackAttempt,
    Case,
    CaseEvent,
    Category,
    ChecklistAnswer,
    Conflict,
    ContactRecord,
    Department,
    DispatchRule,
    KnowledgeArticle,
    Note,
    Outbox,
    SyncState,
)
from app.sync import wire

log = logging.getLogger(__name__)

# The cache's JSONText form (Chinese kept as it is), without json.dumps's set-up.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

_RECORDS: dict[str, type[Base]] = {
    "case_event": CaseEvent,
    "note": Note,
    "contact_record": ContactRecord,
    "callback_attempt": CallbackAttempt,
    "checklist_answer": ChecklistAnswer,
}
_REFERENCE: dict[str, type[Base]] = {
    "category": Category,
    "department": Department,
    "area": Area,
}
_CASE_CHILDREN = (CaseEvent, Note, ContactRecord, CallbackAttempt, ChecklistAnswer)
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


@dataclass
class Applied:
    """What one page did to the cache."""

    applied: int = 0
    ignored: int = 0
    removed: int = 0
    pending: int = 0
    cases: int = 0
    new_conflicts: list[str] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    removed_articles: list[str] = field(default_factory=list)


def _parse_time(value: Any) -> Any:
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


def _is_time(kind: Any) -> bool:
    # The cache keeps times in its own UTC type (a TypeDecorator over text).
    return isinstance(kind, DateTime) or "DateTime" in type(kind).__name__


def _row_values(model: type[Base], data: dict[str, Any]) -> dict[str, Any]:
    """Column values for `model` out of the server's data, with times parsed."""
    columns = model.__table__.columns
    values: dict[str, Any] = {}
    for column in columns:
        name = column.key
        if name not in data:
            continue
        raw = data[name]
        if _is_time(column.type):
            raw = _parse_time(raw)
        elif isinstance(raw, str):
            raw = _from_text(column, raw)
        values[name] = raw
    return values


def _from_text(column: Any, raw: str) -> Any:
    """Reference rows travel as the centre's CSV text: "true", "3", "" for none."""
    try:
        kind = column.type.python_type
    except NotImplementedError:  # JSON and custom types keep what was sent
        return raw
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "y"}
    if kind is int:
        return int(raw) if raw.strip() else None
    return raw


def _fill_required(model: type[Base], values: dict[str, Any]) -> None:
    """Give NOT NULL columns the server left out a neutral value, never a guess."""
    for column in model.__table__.columns:
        name = column.key
        if name in values or column.nullable or column.primary_key:
            continue
        if column.default is not None or column.server_default is not None:
            continue
        if _is_time(column.type):
            values[name] = datetime.now(UTC)
        elif column.type.python_type is bool:
            values[name] = False
        elif column.type.python_type is int:
            values[name] = 0
        else:
            values[name] = ""


def apply_changes(session: Session, changes: Iterable[wire.Change]) -> Applied:
    """Apply one page of changes; the caller commits it together with the cursor.

    Cases, the bulk of a first sync, go through one Core upsert per page (row-by-row
    ORM work is ten times slower); the other records are few and use the ORM.
    """
    outcome = Applied()
    page = list(changes)
    with session.no_autoflush:
        cases = [
            CaseChange(c.id, c.version, c.op, c.data)
            for c in page
            if c.entity == "case"
        ]
        _apply_cases(session, cases, outcome)
        articles = [c.id for c in page if c.entity == "knowledge_article"]
        prefetch_articles(session, articles)
        for change in page:
            if change.entity == "case":
                continue
            if change.entity in _RECORDS:
                _apply_record(
                    session,
                    change.entity,
                    change.id,
                    change.version,
                    change.op,
                    change.data,
                    outcome,
                )
            elif change.entity == "conflict":
                _apply_conflict(session, change, outcome)
            elif change.entity == "knowledge_article":
                apply_article(session, change.data, change.version, change.op, outcome)
            elif change.entity in _REFERENCE:
                _apply_reference(session, _REFERENCE[change.entity], change, outcome)
            elif change.entity == RULE_ENTITY:
                _apply_rule(session, change, outcome)
            else:
                log.debug("ignoring change of unknown entity %s", change.entity)
                outcome.ignored += 1
    session.flush()
    return outcome


def prefetch_articles(session: Session, ids: list[str]) -> None:
    """Load articles into the session's identity map so session.get costs no query."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        list(
            session.scalars(
                select(KnowledgeArticle).where(KnowledgeArticle.id.in_(chunk))
            )
        )


@dataclass(frozen=True)
class CaseChange:
    """One case out of a pull page or a snapshot page, without pydantic's cost."""

    id: str
    version: int
    op: str
    data: dict[str, Any]


def apply_case_rows(session: Session, rows: list[CaseChange]) -> Applied:
    """Apply case rows (a snapshot page); the caller commits with the resume point."""
    outcome = Applied()
    _apply_cases(session, rows, outcome)
    return outcome


def _apply_cases(session: Session, changes: list[CaseChange], outcome: Applied) -> None:
    """Upsert a page of cases with Core, gated by version.

    One SELECT of the page's stored versions tells new, newer and stale rows apart
    (for the counts, and to skip stale ones); the INSERT ... ON CONFLICT DO UPDATE
    carries the same gate in its WHERE (excluded.server_version >=
    cases.server_version), so a row is never moved backwards. Only the
    few cases with unsent local edits get those edits laid on top again.
    """
    if not changes:
        return
    stored, edited = _page_state(session, [c.id for c in changes])

    latest: dict[str, CaseChange] = {}
    for change in changes:
        seen = latest.get(change.id)
        base = seen.version if seen is not None else stored.get(change.id)
        # The same version is applied again on purpose: a push answer raises the
        # local row's server_version without bringing the server's content (its
        # deadlines, official fields), which only the pull of that version brings.
        # Writing a version's own values twice changes nothing.
        if base is not None and change.version < base:
            outcome.ignored += 1
            continue
        if seen is not None and change.version == seen.version:
            outcome.ignored += 1
            continue
        latest[change.id] = change

    removed = [c.id for c in latest.values() if c.op == "remove"]
    if removed:
        _remove_cases(session, [i for i in removed if i in stored], outcome)
    upserts = [c for c in latest.values() if c.op != "remove"]
    # Grouped by the columns the server sent, so that an update sets only those (a
    # deadline the server has not computed yet keeps the workstation's own).
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for change in upserts:
        names, row = _case_row(change)
        groups.setdefault(names, []).append(row)
    connection = session.connection()
    for names, rows in groups.items():
        connection.exec_driver_sql(_upsert_statement(names), rows)
    outcome.applied += len(upserts)
    outcome.cases += len(upserts)

    _drain_pending(session, [c.id for c in upserts], outcome)
    replay = [c.id for c in upserts if c.id in edited]
    if replay:
        _replay_pending(session, replay)
    if upserts or removed:
        _expire_cases(session)


def _page_state(session: Session, ids: list[str]) -> tuple[dict[str, int], set[str]]:
    """Stored versions (0 for a local case not yet answered) and ids with edits.

    The page's ids go in as one JSON array (json_each), not as a thousand bound
    parameters: the same two statements every page, prepared once.
    """
    page = _JSON.encode(ids)
    stored = {
        case_id: version if version is not None else 0
        for case_id, version in session.execute(_STORED_VERSIONS, {"ids": page})
    }
    edited = set(session.scalars(_EDITED_CASES, {"ids": page}))
    return stored, edited


_STORED_VERSIONS = text(
    "SELECT id, server_version FROM cases"
    " WHERE id IN (SELECT value FROM json_each(:ids))"
)
_EDITED_CASES = text(
    "SELECT entity_id FROM outbox"
    " WHERE entity_id IN (SELECT value FROM json_each(:ids))"
    " AND state = 'pending' AND kind = 'case.update'"
)


def _case_row(change: CaseChange) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The names the server sent, and the whole row in column order, stored form.

    Columns the server did not send hold their defaults; the upsert for these names
    writes them only into a new row. Values are already what the cache stores (UTC
    text, JSON text), so the driver takes them as they are.
    """
    plan = _case_plan()
    row = list(_case_template_row())
    names = []
    for name, value in change.data.items():
        slot = plan.get(name)
        if slot is None:
            continue
        index, kind = slot
        if value is not None:
            if kind == "time":
                value = _stored_time(value)
            elif kind == "json":
                value = "[]" if value == [] else _JSON.encode(value)
        row[index] = value
        names.append(name)
    row[plan["id"][0]] = change.id
    row[plan["server_version"][0]] = change.version
    return tuple(names), tuple(row)


@functools.cache
def _case_plan() -> dict[str, tuple[int, str]]:
    """Column name -> (position in a row, how its value is stored)."""
    return {name: (index, kind) for index, (name, kind) in enumerate(_case_columns())}


@functools.cache
def _case_columns() -> tuple[tuple[str, str], ...]:
    """(column, how its value is stored) for every case column."""
    out = []
    for column in Case.__table__.columns:
        kind = type(column.type)
        if issubclass(kind, UTCDateTime):
            out.append((column.key, "time"))
        elif issubclass(kind, JSONText):
            out.append((column.key, "json"))
        else:
            out.append((column.key, "plain"))
    return tuple(out)


def _stored_time(value: Any) -> str:
    """The cache's UTC text for a server time; the common UTC forms without parsing."""
    if isinstance(value, str):
        if len(value) == 32 and value.endswith("+00:00") and value[19] == ".":
            return value[:26] + "Z"
        if len(value) == 25 and value.endswith("+00:00"):
            return value[:19] + ".000000Z"
        value = _parse_time(value)
    if not isinstance(value, datetime):
        raise TypeError(f"time expected, got {type(value).__name__}")
    return to_utc_text(value)


@functools.cache
def _upsert_statement(names: tuple[str, ...]) -> str:
    """INSERT ... ON CONFLICT DO UPDATE of `names`, gated by version, as SQL text.

    Every column is inserted (a row in column order, positional parameters); an
    existing row takes only `names`, and only from a version at least as new.
    Written once per column set and run through the driver's executemany: per-row
    processing by SQLAlchemy would cost more than SQLite's own work.
    """
    columns = [name for name, _kind in _case_columns()]
    # The row's version always moves with its content, sent or not.
    updated = [n for n in dict.fromkeys((*names, "server_version")) if n != "id"]
    return (
        f"INSERT INTO cases ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})"
        " ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in updated)
        + " WHERE cases.server_version IS NULL"
        " OR excluded.server_version >= cases.server_version"
    )


def _remove_cases(session: Session, ids: list[str], outcome: Applied) -> None:
    for child in _CASE_CHILDREN:
        session.execute(delete(child).where(child.case_id.in_(ids)))
    session.execute(delete(Case).where(Case.id.in_(ids)))
    outcome.removed += len(ids)


def _expire_cases(session: Session) -> None:
    """Core wrote under the ORM: cases this session had loaded are stale now."""
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Case):
            session.expire(instance)


@functools.cache
def _case_template_row() -> tuple[Any, ...]:
    """Every case column's stored default, in column order, for bulk rows."""
    row = []
    for name, kind in _case_columns():
        value = _default(name)
        if kind == "json" and value is not None:
            value = _JSON.encode(value)
        row.append(value)
    return tuple(row)


def _default(name: str) -> Any:
    column = Case.__table__.columns[name]
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)
    return None


def _replay_pending(session: Session, case_ids: list[str]) -> None:
    """Keep unsent local edits visible over the server's copy (they merge on push)."""
    pending = session.scalars(
        select(Outbox)
        .where(
            Outbox.entity_id.in_(case_ids),
            Outbox.state == "pending",
            Outbox.kind == "case.update",
        )
        .order_by(Outbox.seq)
    )
    columns = set(Case.__table__.columns.keys())
    changes: dict[str, dict[str, Any]] = {}
    for mutation in pending:
        for name, value in (mutation.payload.get("changes") or {}).items():
            if name in columns:
                changes.setdefault(mutation.entity_id, {})[name] = value
    for case_id, values in changes.items():
        session.execute(update(Case).where(Case.id == case_id).values(**values))


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


def _apply_conflict(session: Session, change: wire.Change, outcome: Applied) -> None:
    data = change.data
    row = session.get(Conflict, change.id)
    resolved = bool(data.get("resolved"))
    if row is None:
        session.add(
            Conflict(
                id=change.id,
                case_id=data.get("case_id"),
                mutation_id=data.get("mutation_id"),
                field=str(data.get("field") or ""),
                base_value=data.get("base_value"),
                local_value=data.get("client_value"),
                server_value=data.get("server_value"),
                created_at=_parse_time(data.get("created_at")) or datetime.now(UTC),
                resolved_at=datetime.now(UTC) if resolved else None,
                server_version=change.version,
            )
        )
        outcome.new_conflicts.append(change.id)
    elif resolved and row.resolved_at is None:
        row.resolved_at = datetime.now(UTC)
    outcome.applied += 1


def apply_article(
    session: Session,
    data: dict[str, Any],
    version: int,
    op: str,
    outcome: Applied,
) -> None:
    """Store one knowledge article if newer; remember it for the search index."""
    article_id = str(data.get("id"))
    row = session.get(KnowledgeArticle, article_id)
    if row is not None and version <= row.version:
        outcome.ignored += 1
        return
    values = _row_values(KnowledgeArticle, data)
    values["id"] = article_id
    values["version"] = version
    if op == "remove":
        values["deleted"] = True
    if row is None:
        _fill_required(KnowledgeArticle, values)
        session.add(KnowledgeArticle(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    if values.get("deleted"):
        outcome.removed_articles.append(article_id)
    else:
        outcome.articles.append(values)
    outcome.applied += 1


def _apply_reference(
    session: Session, model: type[Base], change: wire.Change, outcome: Applied
) -> None:
    values = _row_values(model, change.data)
    keys = [c.key for c in model.__table__.columns if c.primary_key]
    if len(keys) == 1 and keys[0] not in values:
        values[keys[0]] = change.id
    if any(k not in values for k in keys):
        outcome.ignored += 1
        return
    identity = tuple(values[k] for k in keys)
    row = session.get(model, identity if len(identity) > 1 else identity[0])
    if change.op == "remove":
        if row is not None:
            session.delete(row)
            outcome.removed += 1
        return
    if row is None:
        _fill_required(model, values)
        session.add(model(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    outcome.applied += 1


# --- dispatch catalogue rules from the disputes meeting ------------------------------

RULE_ENTITY = "dispatch_rule"


def rule_row_id(rule_id: str) -> int:
    """The dispatch_rules row id of a server rule: its UUID folded to 63 bits.

    The cache's rows from the resource file have small ids; a UUID's low 63 bits
    do not collide with them in practice, and the same rule always gets the same row.
    """
    try:
        number = uuid.UUID(rule_id).int
    except ValueError:
        number = int.from_bytes(rule_id.encode("utf-8")[-8:].rjust(8, b"\0"), "big")
    return (number & ((1 << 63) - 1)) or 1


def _apply_rule(session: Session, change: wire.Change, outcome: Applied) -> None:
    """A decided rule (server/store/catalogue.py) lands in the dispatch_rules table."""
    row_id = rule_row_id(str(change.data.get("rule_id") or change.id))
    row = session.get(DispatchRule, row_id)
    if change.op == "remove":
        if row is not None:
            session.delete(row)
            outcome.removed += 1
        return
    data = change.data
    category = str(data.get("category_prefix") or "")
    lead = str(data.get("lead_unit_code") or "")
    if not category or not lead:
        outcome.ignored += 1
        return
    values = {
        "category_prefix": category,
        "area_prefix": str(data.get("area_prefix") or ""),
        "lead_unit_code": lead,
        "co_unit_codes": [str(c) for c in data.get("co_unit_codes") or []],
        "note": str(data.get("note") or "") or None,
    }
    if row is None:
        session.add(DispatchRule(id=row_id, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    outcome.applied += 1


# --- first sync: secondary indexes built once at the end --------------------------


def _case_table() -> Table:
    table = Case.__table__
    assert isinstance(table, Table)
    return table


def _case_indexes() -> list[Index]:
    return sorted(_case_table().indexes, key=lambda index: str(index.name))


def defer_case_indexes(session: Session) -> bool:
    """Drop the cases table's secondary indexes while it is empty; True if dropped.

    Keeping a dozen indexes up to date row by row costs most of a first sync's time;
    building them once over the finished table is several times cheaper. The caller
    records that they are deferred in the same transaction and calls
    restore_case_indexes when the download ends (or on the next run after a crash).
    """
    if session.scalar(select(Case.id).limit(1)) is not None:
        return False
    for index in _case_indexes():
        session.execute(text(f'DROP INDEX IF EXISTS "{index.name}"'))
    log.info("case indexes deferred for the first download")
    return True


def restore_case_indexes(session: Session) -> None:
    """Build every index the cases table declares that is missing (idempotent)."""
    connection = session.connection()
    for index in _case_indexes():
        index.create(connection, checkfirst=True)
    log.info("case indexes rebuilt")
