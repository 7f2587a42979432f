"""Operators' flags that a knowledge article is outdated, for its owners.

A flag arrives as a pushed `knowledge.flag` mutation (see app/sync/wire.py): the push
ledger makes a repeated mutation answer its stored result, and the unique
(article, version, operator) row makes a second flag of the same version by the same
operator count once (answered `duplicate`). Importing a newer version of an article
resolves its earlier flags; a flag that arrives after that (an offline shift) is kept
and recorded as resolved at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.fields import check_text, refused_character
from app.sync.wire import Mutation, MutationResult
from server.store.principal import Principal
from server.store.tables import KnowledgeArticle, KnowledgeFlag

log = logging.getLogger(__name__)

MAX_ARTICLE_ID = 64


class FlagRefused(DomainError):
    """A flag the server cannot record; answered `rejected` with the reason."""

    code = "flag_refused"


@dataclass(frozen=True)
class FlagLine:
    flag_id: str
    article_version: int
    flagged_by: str
    device_id: str
    reason: str | None
    flagged_at: datetime
    received_at: datetime
    resolved_at: datetime | None
    resolved_version: int | None


@dataclass(frozen=True)
class ArticleFlags:
    """One article's flags, newest first, and how many are still open."""

    article_id: str
    title: str | None  # None: the article is no longer in the store
    current_version: int | None
    open_count: int
    flags: tuple[FlagLine, ...]

    @property
    def latest(self) -> datetime:
        return max(flag.received_at for flag in self.flags)


def record_flag(
    session: Session, principal: Principal, mutation: Mutation, now: datetime
) -> MutationResult:
    """Record one flag; raises FlagRefused (or FieldError) for a refused one."""
    article_id, reason = _read_payload(mutation.payload)
    version = mutation.base_version
    if version is None or version < 1:
        raise FlagRefused(
            "缺少所标记的知识版本", "the flag does not say which version was read"
        )
    article = session.get(KnowledgeArticle, article_id)
    if article is None:
        raise FlagRefused(
            "知识库中没有这条知识，无法标记为过时",
            f"no knowledge article {article_id!r}: it cannot be flagged",
        )
    if article.deleted:
        raise FlagRefused(
            "这条知识已被撤下，无需再标记",
            "the knowledge article has been withdrawn; nothing to flag",
        )
    if version > article.version:
        raise FlagRefused(
            f"这条知识没有第 {version} 版",
            f"the knowledge article has no version {version}",
        )

    if _already_flagged(session, article_id, version, principal.username):
        return _duplicate(mutation, article)
    superseded = version < article.version
    flag = KnowledgeFlag(
        id=str(mutation.entity_id),
        article_id=article_id,
        article_version=version,
        flagged_by=principal.username,
        device_id=principal.device_id,
        client_id=str(mutation.client_id),
        mutation_id=str(mutation.id),
        reason=reason,
        flagged_at=mutation.created_at,
        received_at=now,
        resolved_at=now if superseded else None,
        resolved_version=article.version if superseded else None,
    )
    try:
        with session.begin_nested():
            session.add(flag)
    except IntegrityError:
        if not _already_flagged(session, article_id, version, principal.username):
            raise FlagRefused(
                "标记编号已被使用", "this flag's id is already taken"
            ) from None
        # The same operator's other workstation flagged it in the same moment.
        return _duplicate(mutation, article)
    log.info("article %s v%d flagged as outdated", article_id, version)
    return MutationResult(
        id=mutation.id, status="applied", entity_version=article.version
    )


def _read_payload(payload: dict[str, Any]) -> tuple[str, str | None]:
    article_id = payload.get("article_id")
    if (
        not isinstance(article_id, str)
        or not 1 <= len(article_id) <= MAX_ARTICLE_ID
        or refused_character(article_id, multiline=False) is not None
    ):
        raise FlagRefused(
            "article_id：须为知识条目的标识",
            "article_id: the knowledge article's id is required",
        )
    reason = payload.get("reason")
    if reason is None:
        return article_id, None
    if not isinstance(reason, str):
        raise FlagRefused("reason：须为文本", "reason: must be text")
    return article_id, check_text("flag_reason", reason) if reason.strip() else None


def _already_flagged(
    session: Session, article_id: str, version: int, username: str
) -> bool:
    return (
        session.scalar(
            select(KnowledgeFlag.id).where(
                KnowledgeFlag.article_id == article_id,
                KnowledgeFlag.article_version == version,
                KnowledgeFlag.flagged_by == username,
            )
        )
        is not None
    )


def _duplicate(mutation: Mutation, article: KnowledgeArticle) -> MutationResult:
    return MutationResult(
        id=mutation.id, status="duplicate", entity_version=article.version
    )


def resolve_superseded(session: Session, now: datetime) -> int:
    """Mark resolved every open flag of an article that has a newer version now."""
    current = (
        select(KnowledgeArticle.version)
        .where(KnowledgeArticle.id == KnowledgeFlag.article_id)
        .scalar_subquery()
    )
    result = session.execute(
        update(KnowledgeFlag)
        .where(
            KnowledgeFlag.resolved_at.is_(None), KnowledgeFlag.article_version < current
        )
        .values(resolved_at=now, resolved_version=current)
        .execution_options(synchronize_session=False)
    )
    resolved = int(getattr(result, "rowcount", 0) or 0)
    if resolved:
        log.info("%d knowledge flags resolved by newer article versions", resolved)
    return resolved


def list_flags(session: Session, *, open_only: bool) -> list[ArticleFlags]:
    """Flags grouped by article: most open flags first, then the latest."""
    query = (
        select(KnowledgeFlag, KnowledgeArticle.title, KnowledgeArticle.version)
        .outerjoin(KnowledgeArticle, KnowledgeArticle.id == KnowledgeFlag.article_id)
        .order_by(KnowledgeFlag.article_id, KnowledgeFlag.received_at.desc())
    )
    if open_only:
        query = query.where(KnowledgeFlag.resolved_at.is_(None))

    groups: dict[str, tuple[str | None, int | None, list[FlagLine]]] = {}
    for flag, title, version in session.execute(query):
        _, _, lines = groups.setdefault(flag.article_id, (title, version, []))
        lines.append(_line(flag))
    articles = [
        ArticleFlags(
            article_id=article_id,
            title=title,
            current_version=version,
            open_count=sum(1 for f in lines if f.resolved_at is None),
            flags=tuple(lines),
        )
        for article_id, (title, version, lines) in groups.items()
    ]
    articles.sort(key=lambda a: (-a.open_count, -a.latest.timestamp(), a.article_id))
    return articles


def _line(flag: KnowledgeFlag) -> FlagLine:
    return FlagLine(
        flag_id=flag.id,
        article_version=flag.article_version,
        flagged_by=flag.flagged_by,
        device_id=flag.device_id,
        reason=flag.reason,
        flagged_at=flag.flagged_at,
        received_at=flag.received_at,
        resolved_at=flag.resolved_at,
        resolved_version=flag.resolved_version,
    )
