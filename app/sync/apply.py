"""Apply the server's changes to the local cache, idempotently by version.

A change whose version is not newer than the stored one is ignored, so the same page
applied twice (a lost answer, a crash mid-page) changes nothing. A case with unsent
local edits keeps showing them: after the server's row lands, the pending
``case.update`` changes are laid on top again (the server will merge them on push).
Callers run these functions inside the write transaction that also stores the cursor.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, delete, insert, select
from sqlalchemy.orm import Session

from app.models.base import Base
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
    KnowledgeArticle,
    Note,
    Outbox,
)
from app.sync import wire

log = logging.getLogger(__name__)

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
# Where a record's columns come from when the server names them differently.
_ALIASES = {
    "author": "created_by",
    "agent": "created_by",
    "actor": "created_by",
    "answered_by": "created_by",
    "at": "created_at",
    "attempted_at": "created_at",
    "contacted_at": "created_at",
    "answered_at": "created_at",
}


@dataclass
class Applied:
    """What one page did to the cache."""

    applied: int = 0
    ignored: int = 0
    removed: int = 0
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
        if name in data:
            raw = data[name]
        elif name in _ALIASES and _ALIASES[name] in data:
            raw = data[_ALIASES[name]]
        else:
            continue
        if _is_time(column.type):
            raw = _parse_time(raw)
        values[name] = raw
    return values


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

    Cases, the bulk of a first sync, are looked up for the whole page at once and new
    ones inserted in one statement: row-by-row ORM work is a hundred times slower.
    """
    outcome = Applied()
    page = list(changes)
    with session.no_autoflush:
        _apply_cases(session, [c for c in page if c.entity == "case"], outcome)
        articles = [c.id for c in page if c.entity == "knowledge_article"]
        prefetch_articles(session, articles)
        for change in page:
            if change.entity == "case":
                continue
            if change.entity in _RECORDS:
                _apply_record(session, _RECORDS[change.entity], change, outcome)
            elif change.entity == "conflict":
                _apply_conflict(session, change, outcome)
            elif change.entity == "knowledge_article":
                apply_article(session, change.data, change.version, change.op, outcome)
            elif change.entity in _REFERENCE:
                _apply_reference(session, _REFERENCE[change.entity], change, outcome)
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


def _apply_cases(
    session: Session, changes: list[wire.Change], outcome: Applied
) -> None:
    if not changes:
        return
    ids = [c.id for c in changes]
    existing: dict[str, Case] = {}
    edited: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.scalars(select(Case).where(Case.id.in_(chunk)))
        existing.update((row.id, row) for row in rows)
        edited.update(
            session.scalars(
                select(Outbox.entity_id).where(
                    Outbox.entity_id.in_(chunk),
                    Outbox.state == "pending",
                    Outbox.kind == "case.update",
                )
            )
        )

    fresh: dict[str, dict[str, Any]] = {}
    for change in changes:
        row = existing.get(change.id)
        if change.id in fresh:
            stored: int | None = fresh[change.id]["server_version"]
        else:
            stored = row.server_version if row is not None else None
        if stored is not None and change.version <= stored:
            outcome.ignored += 1
            continue
        if change.op == "remove":
            fresh.pop(change.id, None)
            if row is not None:
                for child in _CASE_CHILDREN:
                    session.execute(delete(child).where(child.case_id == change.id))
                session.delete(row)
                existing.pop(change.id)
                outcome.removed += 1
            continue
        values = _row_values(Case, change.data)
        values["id"] = change.id
        values["server_version"] = change.version
        outcome.applied += 1
        outcome.cases += 1
        if row is None:
            fresh[change.id] = values
            continue
        for name, value in values.items():
            setattr(row, name, value)
        if change.id in edited:
            _replay_pending(session, row)

    if fresh:
        template = _case_template()
        session.execute(insert(Case), [{**template, **v} for v in fresh.values()])


@functools.cache
def _case_template() -> dict[str, Any]:
    """Every case column with its default, so bulk rows all have the same keys."""
    return {column.key: _default(column.key) for column in Case.__table__.columns}


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


def _replay_pending(session: Session, case: Case) -> None:
    """Keep unsent local edits visible over the server's copy."""
    pending = session.scalars(
        select(Outbox)
        .where(
            Outbox.entity_id == case.id,
            Outbox.state == "pending",
            Outbox.kind == "case.update",
        )
        .order_by(Outbox.seq)
    )
    columns = set(Case.__table__.columns.keys())
    for mutation in pending:
        for name, value in (mutation.payload.get("changes") or {}).items():
            if name in columns:
                setattr(case, name, value)


def _apply_record(
    session: Session, model: type[Base], change: wire.Change, outcome: Applied
) -> None:
    row = session.get(model, change.id)
    if change.op == "remove":
        if row is not None:
            session.delete(row)
            outcome.removed += 1
        return
    stored = getattr(row, "server_version", None) if row is not None else None
    if stored is not None and change.version <= stored:
        outcome.ignored += 1
        return
    case_id = change.data.get("case_id")
    if case_id is None or session.get(Case, str(case_id)) is None:
        # The record's case is not (yet) here; the case's own change brings it later
        # through the feed, and the records with it.
        outcome.ignored += 1
        return
    values = _row_values(model, change.data)
    values["id"] = change.id
    values["server_version"] = change.version
    if row is None:
        _fill_required(model, values)
        session.add(model(**values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    outcome.applied += 1


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
