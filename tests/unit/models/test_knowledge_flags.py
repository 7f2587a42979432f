"""Flagging an article: audit line and outbox mutation in one transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.domain.errors import FieldError
from app.models.db import CacheDatabase
from app.models.knowledge_flags import UnknownArticle, flag_outdated
from app.models.outbox import pending_mutations
from app.models.tables import AuditEvent, KnowledgeArticle, Outbox
from app.sync import wire

CLIENT = str(uuid.uuid4())
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _article(cache: CacheDatabase, version: int = 3) -> None:
    with cache.write() as session:
        session.add(
            KnowledgeArticle(
                id="kb-1",
                version=version,
                title="停水通知查询",
                body="",
                updated_at=NOW,
            )
        )


def test_flag_queues_a_mutation_the_wire_accepts_with_its_audit_line(
    cache: CacheDatabase,
) -> None:
    _article(cache)
    with cache.write() as session:
        saved = flag_outdated(
            session,
            "kb-1",
            reason="公告网址已更换",
            author="op1",
            client_id=CLIENT,
            now=NOW,
        )

    with cache.read() as session:
        [pending] = pending_mutations(session, 10)
        [event] = session.scalars(select(AuditEvent)).all()
    assert pending.id == saved.mutation_id
    assert pending.kind == "knowledge.flag" and pending.kind in wire.ADDED_KINDS
    assert pending.entity_id == saved.flag_id
    assert pending.base_version == 3 == saved.article_version
    assert pending.payload == {"article_id": "kb-1", "reason": "公告网址已更换"}
    # What the engine sends: valid for the wire as it stands.
    wire.Mutation(
        id=uuid.UUID(pending.id),
        client_id=uuid.UUID(pending.client_id),
        seq=pending.seq,
        kind=pending.kind,  # type: ignore[arg-type]
        entity_id=uuid.UUID(pending.entity_id),
        base_version=pending.base_version,
        payload=pending.payload,
        created_at=NOW,
        author=pending.author,
    )
    assert event.action == "knowledge.flag_outdated"
    assert event.entity_id == "kb-1"
    # Ids and the version only in the audit line, not the operator's words.
    assert event.detail == {
        "version": 3,
        "flag_id": saved.flag_id,
        "mutation_id": saved.mutation_id,
    }


def test_blank_reason_is_none_and_a_refused_one_writes_nothing(
    cache: CacheDatabase,
) -> None:
    _article(cache)
    with cache.write() as session:
        flag_outdated(
            session, "kb-1", reason="  ", author="op1", client_id=CLIENT, now=NOW
        )
    with pytest.raises(FieldError) as refused, cache.write() as session:
        flag_outdated(
            session,
            "kb-1",
            reason="长" * 201,
            author="op1",
            client_id=CLIENT,
            now=NOW,
        )
    with pytest.raises(UnknownArticle), cache.write() as session:
        flag_outdated(session, "kb-none", reason="", author="op1", client_id=CLIENT)

    assert refused.value.field == "flag_reason"
    assert "200" in refused.value.message_en
    with cache.read() as session:
        rows = session.scalars(select(Outbox)).all()
        events = session.scalars(select(AuditEvent)).all()
    assert [row.payload for row in rows] == [{"article_id": "kb-1"}]
    assert len(events) == 1
