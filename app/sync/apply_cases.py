"""Cases, the bulk of every page: one Core upsert per page, gated by version.

Owns the case rows' fast path (`apply_case_rows` for a snapshot page, `_apply_cases`
for the cases of a pulled page), the removal of cases with their records, the replay of
unsent local edits over the server's row, and the first download's deferred secondary
indexes (`defer_case_indexes`, `restore_case_indexes`). The first-sync apply rate is
a measured target: keep the per-row work here as it is.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Index, Table, delete, select, text, update
from sqlalchemy.orm import Session

from app.models.base import JSONText, UTCDateTime
from app.models.tables import (
    CallbackAttempt,
    Case,
    CaseEvent,
    ChecklistAnswer,
    ContactRecord,
    Note,
    Outbox,
)
from app.sync.apply_base import _JSON, Applied, _stored_time
from app.sync.apply_records import _drain_pending

log = logging.getLogger(__name__)

_CASE_CHILDREN = (CaseEvent, Note, ContactRecord, CallbackAttempt, ChecklistAnswer)


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
