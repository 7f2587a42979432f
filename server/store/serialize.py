"""Turning change-log rows into wire changes for one reader."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.wire import Change
from server.store.cases import CaseLike, in_scope, to_wire
from server.store.feed import FeedRow
from server.store.principal import Principal
from server.store.tables import (
    Case,
    CaseRecord,
    Conflict,
    KnowledgeArticle,
    ReferenceItem,
)


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def article_to_wire(article: Any) -> dict[str, Any]:
    """An article (ORM object or Core row) as the workstation's cache stores it."""
    return {
        "id": article.id,
        "version": article.version,
        "title": article.title,
        "body": article.body,
        "answer_script": article.answer_script,
        "category_code": article.category_code,
        "department_code": article.department_code,
        "keywords": list(article.keywords or []),
        "synonyms": list(article.synonyms or []),
        "valid_from": _iso(article.valid_from),
        "valid_to": _iso(article.valid_to),
        "updated_at": _iso(article.updated_at),
        "deleted": article.deleted,
    }


def load_changes(
    session: Session, rows: list[FeedRow], user: Principal
) -> list[Change]:
    """The current state of each row's entity as this reader may see it, in order.

    Each entity comes once per page (clients gate by version), loaded with one query
    per table for the whole page as plain rows, never one query per change.
    """
    unique: list[FeedRow] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.entity, row.entity_id)
        if key not in seen:
            seen.add(key)
            unique.append(row)

    case_ids = {row.case_id for row in unique if row.case_id is not None}
    cases = _by_key(session, Case.__table__, Case.id, case_ids)
    conflicts = _by_key(
        session,
        Conflict.__table__,
        Conflict.id,
        {
            r.entity_id
            for r in unique
            if r.case_id is not None and r.entity == "conflict"
        },
    )
    records = _by_key(
        session,
        CaseRecord.__table__,
        CaseRecord.id,
        {
            r.entity_id
            for r in unique
            if r.case_id is not None and r.entity not in ("case", "conflict")
        },
    )
    articles = _by_key(
        session,
        KnowledgeArticle.__table__,
        KnowledgeArticle.id,
        {
            r.entity_id
            for r in unique
            if r.case_id is None and r.entity == "knowledge_article"
        },
    )
    reference = _reference(
        session,
        [r for r in unique if r.case_id is None and r.entity != "knowledge_article"],
    )

    changes: list[Change] = []
    for row in unique:
        change = _change(row, user, cases, conflicts, records, articles, reference)
        if change is not None:
            changes.append(change)
    return changes


def _by_key(
    session: Session, table: Any, column: Any, keys: set[str]
) -> dict[str, Any]:
    if not keys:
        return {}
    return {
        row.id: row for row in session.execute(select(table).where(column.in_(keys)))
    }


def _reference(session: Session, rows: list[FeedRow]) -> dict[tuple[str, str], Any]:
    by_kind: dict[str, set[str]] = {}
    for row in rows:
        by_kind.setdefault(row.entity, set()).add(row.entity_id)
    found: dict[tuple[str, str], Any] = {}
    for kind, codes in by_kind.items():
        query = select(ReferenceItem.__table__).where(
            ReferenceItem.kind == kind, ReferenceItem.code.in_(codes)
        )
        found.update({(item.kind, item.code): item for item in session.execute(query)})
    return found


def _change(
    row: FeedRow,
    user: Principal,
    cases: dict[str, Any],
    conflicts: dict[str, Any],
    records: dict[str, Any],
    articles: dict[str, Any],
    reference: dict[tuple[str, str], Any],
) -> Change | None:
    """One wire change from preloaded rows (None: gone, or not for this reader)."""
    if row.case_id is not None:
        case: CaseLike | None = cases.get(row.case_id)
        if case is None:
            return None
        visible = in_scope(case, user.role, user.username, user.unit_code)
        if row.entity == "case":
            if not visible:
                # Left the reader's scope (or deleted): the client drops its copy.
                return Change.model_construct(
                    entity="case",
                    id=case.id,
                    version=case.version,
                    op="remove",
                    data={},
                )
            return Change.model_construct(
                entity="case",
                id=case.id,
                version=case.version,
                op="upsert",
                data=to_wire(case, user.role),
            )
        if not visible:
            return None
        if row.entity == "conflict":
            conflict = conflicts.get(row.entity_id)
            if conflict is None:
                return None
            return Change.model_construct(
                entity="conflict",
                id=conflict.id,
                version=1,
                op="upsert",
                data={
                    "id": conflict.id,
                    "case_id": conflict.case_id,
                    "field": conflict.field,
                    "base_value": conflict.base_value,
                    "server_value": conflict.server_value,
                    "client_value": conflict.client_value,
                    "author": conflict.author,
                    "mutation_id": conflict.mutation_id,
                    "resolved": conflict.resolved,
                    "created_at": _iso(conflict.created_at),
                },
            )
        record = records.get(row.entity_id)
        if record is None:
            return None
        return Change.model_construct(
            entity=row.entity,
            id=record.id,
            version=1,
            op="upsert",
            data={
                "id": record.id,
                "case_id": record.case_id,
                "kind": record.kind,
                "created_by": record.created_by,
                "created_at": _iso(record.created_at),
                **record.data,
            },
        )
    if row.entity == "knowledge_article":
        article = articles.get(row.entity_id)
        if article is None:
            return None
        return Change.model_construct(
            entity=row.entity,
            id=article.id,
            version=article.version,
            op="remove" if article.deleted else "upsert",
            data=article_to_wire(article),
        )
    item = reference.get((row.entity, row.entity_id))
    if item is None:
        return None
    return Change.model_construct(
        entity=row.entity,
        id=item.code,
        version=item.version,
        op="remove" if item.deleted else "upsert",
        data=dict(item.data),
    )
