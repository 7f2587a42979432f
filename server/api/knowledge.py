"""Knowledge owners' view of the operators' outdated-article flags."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from app.domain.vocabulary import Role
from app.sync.wire import ErrorBody
from server.api.deps import DbSession, Protocol, require
from server.store.knowledge_flags import ArticleFlags, list_flags
from server.store.principal import Principal

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    422: {"model": ErrorBody},
    426: {"model": ErrorBody},
}
MAX_ARTICLES = 1000

Owner = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.ADMIN))]


class FlagOut(BaseModel):
    flag_id: str
    article_version: int
    flagged_by: str
    device_id: str
    reason: str | None
    flagged_at: datetime
    received_at: datetime
    resolved_at: datetime | None
    resolved_version: int | None


class ArticleFlagsOut(BaseModel):
    article_id: str
    title: str | None
    current_version: int | None
    open_count: int
    flag_count: int
    flags: list[FlagOut]


class FlagList(BaseModel):
    articles: list[ArticleFlagsOut]
    open_total: int
    # More articles than `limit` from `offset`: ask again from offset + limit.
    has_more: bool


@router.get("/flags", response_model=FlagList, responses=_ERRORS)
def flags(
    user: Owner,
    _p: Protocol,
    session: DbSession,
    open_only: Annotated[bool, Query(alias="open")] = True,
    limit: Annotated[int, Query(ge=1, le=MAX_ARTICLES)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> FlagList:
    """Flags grouped per article, the most flagged first; open ones by default."""
    articles = list_flags(session, open_only=open_only)
    page = articles[offset : offset + limit]
    return FlagList(
        articles=[_article(a) for a in page],
        open_total=sum(a.open_count for a in articles),
        has_more=offset + limit < len(articles),
    )


def _article(article: ArticleFlags) -> ArticleFlagsOut:
    return ArticleFlagsOut(
        article_id=article.article_id,
        title=article.title,
        current_version=article.current_version,
        open_count=article.open_count,
        flag_count=len(article.flags),
        flags=[
            FlagOut.model_validate(flag, from_attributes=True) for flag in article.flags
        ],
    )
