"""Queries over the cache's knowledge articles that are not full-text search."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.tables import KnowledgeArticle


def article_terms(session: Session, max_chars: int) -> frozenset[str]:
    """Live articles' keywords and synonyms of two to max_chars characters."""
    words: set[str] = set()
    rows = session.execute(
        select(KnowledgeArticle.keywords, KnowledgeArticle.synonyms).where(
            KnowledgeArticle.deleted.is_(False)
        )
    )
    for keywords, synonyms in rows:
        for word in (*(keywords or ()), *(synonyms or ())):
            word = str(word).strip()
            if 2 <= len(word) <= max_chars:
                words.add(word)
    return frozenset(words)
