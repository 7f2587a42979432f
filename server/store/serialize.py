"""Turning change-log rows into wire changes for one reader."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.sync.wire import Change
from server.store.cases import in_scope, to_wire
from server.store.principal import Principal
from server.store.tables import (
    Case,
    CaseRecord,
    ChangeLog,
    Conflict,
    KnowledgeArticle,
    ReferenceItem,
)


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def article_to_wire(article: KnowledgeArticle) -> dict[str, Any]:
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


def load_change(session: Session, row: ChangeLog, user: Principal) -> Change | None:
    """The current state of the row's entity as this reader may see it, or None."""
    if row.case_id is not None:
        case = session.get(Case, row.case_id)
        if case is None:
            return None
        visible = in_scope(case, user.role, user.username, user.unit_code)
        if row.entity == "case":
            if not visible:
                # Left the reader's scope (or deleted): the client drops its copy.
                return Change(
                    entity="case", id=case.id, version=case.version, op="remove"
                )
            return Change(
                entity="case",
                id=case.id,
                version=case.version,
                op="upsert",
                data=to_wire(case, user.role),
            )
        if not visible:
            return None
        if row.entity == "conflict":
            conflict = session.get(Conflict, row.entity_id)
            if conflict is None:
                return None
            return Change(
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
        record = session.get(CaseRecord, row.entity_id)
        if record is None:
            return None
        return Change(
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
        article = session.get(KnowledgeArticle, row.entity_id)
        if article is None:
            return None
        op = "remove" if article.deleted else "upsert"
        return Change(
            entity=row.entity,
            id=article.id,
            version=article.version,
            op=op,
            data=article_to_wire(article),
        )
    item = session.get(ReferenceItem, (row.entity, row.entity_id))
    if item is None:
        return None
    op = "remove" if item.deleted else "upsert"
    return Change(
        entity=row.entity,
        id=item.code,
        version=item.version,
        op=op,
        data=dict(item.data),
    )
