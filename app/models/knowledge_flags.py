"""Flagging a knowledge article as outdated, for the centre's knowledge owners.

The flag, its audit line and the outbox mutation that carries it to the server are
written in the caller's one transaction: a flag saved during an offline shift is on
disk with its intent and goes out with the next push.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.fields import check_text
from app.models.journal import add_audit_event, new_id, utc_now
from app.models.outbox import enqueue
from app.models.tables import KnowledgeArticle

logger = logging.getLogger(__name__)

FLAG_KIND = "knowledge.flag"
AUDIT_ACTION = "knowledge.flag_outdated"


class UnknownArticle(DomainError):
    """The article is not (or no longer) in this workstation's knowledge base."""

    code = "article_unknown"


@dataclass(frozen=True)
class SavedFlag:
    flag_id: str
    mutation_id: str
    article_id: str
    article_version: int


def flag_outdated(
    session: Session,
    article_id: str,
    *,
    reason: str,
    author: str,
    client_id: str,
    now: datetime | None = None,
) -> SavedFlag:
    """Record the flag on the version the operator is reading, and queue it.

    ``reason`` is optional (empty or white space: none) and bounded like every typed
    field; a refused reason raises FieldError and nothing is written.
    """
    article = session.get(KnowledgeArticle, article_id)
    if article is None or article.deleted:
        raise UnknownArticle(
            "本地知识库中没有这条知识", "this article is not in the knowledge base"
        )
    text = check_text("flag_reason", reason) if reason.strip() else None
    stamp = now or utc_now()

    flag_id = new_id()
    payload: dict[str, str] = {"article_id": article.id}
    if text is not None:
        payload["reason"] = text
    mutation = enqueue(
        session,
        client_id=client_id,
        kind=FLAG_KIND,
        entity_id=flag_id,
        base_version=article.version,
        payload=payload,
        author=author,
        now=stamp,
    )
    # Ids and the version only: the reason is the operator's own words.
    add_audit_event(
        session,
        at=stamp,
        actor=author,
        action=AUDIT_ACTION,
        entity_type="knowledge_article",
        entity_id=article.id,
        detail={
            "version": article.version,
            "flag_id": flag_id,
            "mutation_id": mutation.id,
        },
    )
    session.flush()
    logger.info("article %s v%d flagged as outdated", article.id, article.version)
    return SavedFlag(flag_id, mutation.id, article.id, article.version)
