"""The sync API (SYNC.md): register, push, pull, snapshot, status."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.domain.vocabulary import Role
from app.sync.wire import (
    MAX_PULL_LIMIT,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    PROTOCOL_VERSION,
    ErrorBody,
    PullResponse,
    PushRequest,
    PushResult,
    RegisterRequest,
    RegisterResponse,
    SnapshotPage,
    StatusResponse,
)
from server.api.deps import (
    ApiError,
    Config,
    CurrentUser,
    DbSession,
    Protocol,
)
from server.store import feed, retention
from server.store.case_records import records_for_cases
from server.store.cases import in_scope, reader_keys, to_wire
from server.store.push import PushContext, UnknownClient, push
from server.store.serialize import load_changes
from server.store.tables import Case, KnowledgeArticle, ReferenceItem, SyncClient

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/sync", tags=["sync"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    409: {"model": ErrorBody},
    410: {"model": ErrorBody},
    422: {"model": ErrorBody},
    426: {"model": ErrorBody},
}
_CASE_ROLES = (Role.OPERATOR, Role.HANDLER, Role.SUPERVISOR)


def _taken_kinds() -> list[str]:
    """The mutation kinds the push schema in force accepts, for register to announce."""
    (mutation,) = get_args(PushRequest.model_fields["mutations"].annotation)
    return sorted(get_args(mutation.model_fields["kind"].annotation))


_MUTATION_KINDS = _taken_kinds()


@router.get("/status", response_model=StatusResponse)
def status(session: DbSession, config: Config) -> StatusResponse:
    now = datetime.now(UTC)
    return StatusResponse(
        server_time=now,
        protocol_version=PROTOCOL_VERSION,
        protocol_min=PROTOCOL_MIN,
        protocol_max=PROTOCOL_MAX,
        retention_days=config.retention_days,
        retention_horizon=now - config.retention,
        database=session.get_bind().dialect.name,
    )


@router.post("/register", response_model=RegisterResponse, responses=_ERRORS)
def register(
    body: RegisterRequest,
    user: CurrentUser,
    _p: Protocol,
    session: DbSession,
) -> RegisterResponse:
    client_id = str(body.client_id)
    client = session.get(SyncClient, client_id)
    if client is None:
        client = SyncClient(
            client_id=client_id,
            user_id=user.user_id,
            device_id=body.device_id,
            device_name=body.device_name,
            next_seq=1,
            station_prefix="W" + client_id.replace("-", "")[:6].upper(),
        )
        session.add(client)
        session.flush()
    elif client.user_id != user.user_id or client.device_id != body.device_id:
        raise ApiError(
            409,
            "client_taken",
            "该客户端标识属于其他用户或设备",
            "this client id belongs to another user or device",
        )
    return RegisterResponse(
        client_id=body.client_id,
        next_seq=client.next_seq,
        station_prefix=client.station_prefix,
        server_time=datetime.now(UTC),
        mutation_kinds=_MUTATION_KINDS,
    )


@router.post("/push", response_model=PushResult, responses=_ERRORS)
def push_route(
    body: PushRequest,
    user: CurrentUser,
    _p: Protocol,
    session: DbSession,
    config: Config,
) -> Response:
    ctx = PushContext(
        principal=user, case_prefix=config.case_prefix, now=datetime.now(UTC)
    )
    try:
        result = push(session, ctx, str(body.client_id), body.mutations)
    except UnknownClient:
        raise ApiError(
            409, "client_unknown", "客户端未注册", "register this client id first"
        ) from None
    feed.forget_txid(session)
    # Built and validated by the store already: serialized once, not validated again.
    return Response(result.model_dump_json(), media_type="application/json")


def prune_feed(request: Request) -> None:
    """Declared first, so it runs before the pull opens its own transaction."""
    retention.maybe_prune(request.app.state, datetime.now(UTC))


@router.get("/pull", response_model=PullResponse, responses=_ERRORS)
def pull(
    _pruned: Annotated[None, Depends(prune_feed)],
    user: CurrentUser,
    _p: Protocol,
    session: DbSession,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
) -> Response:
    try:
        after = feed.Cursor.decode(cursor)
        rows, position, has_more = feed.read(
            session, after, reader_keys(user.role, user.username, user.unit_code), limit
        )
    except feed.BadCursor:
        raise ApiError(
            422, "bad_cursor", "同步位置无效", "cursor not recognised", field="cursor"
        ) from None
    except feed.CursorExpired:
        raise ApiError(
            410,
            "cursor_expired",
            "本地数据过旧，需重新下载",
            "cursor older than the retention horizon: download your scopes again",
        ) from None

    answer = PullResponse.model_construct(
        cursor=position.encode(),
        has_more=has_more,
        changes=load_changes(session, rows, user) if rows else [],
        server_time=datetime.now(UTC),
    )
    # Built from the database's own values, so it is serialized as it stands rather
    # than validated field by field again on the way out (a page holds 500 changes).
    return Response(answer.model_dump_json(), media_type="application/json")


@router.get(
    "/snapshot/{dataset}",
    response_model=SnapshotPage,
    responses={**_ERRORS, 404: {"model": ErrorBody}},
)
def snapshot(
    dataset: str,
    user: CurrentUser,
    _p: Protocol,
    session: DbSession,
    after: Annotated[str | None, Query(max_length=64)] = None,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> Response:
    """Keyset pages by id; `cursor` is the feed position to pull from afterwards.

    The first page returns the feed head; later pages echo the cursor the client passes
    back, so the position predates every page and nothing written meanwhile is missed.
    """
    try:
        start = feed.Cursor.decode(cursor) if cursor else feed.head(session)
    except feed.BadCursor:
        raise ApiError(
            422, "bad_cursor", "同步位置无效", "cursor not recognised", field="cursor"
        ) from None
    if dataset == "knowledge":
        query = (
            select(KnowledgeArticle)
            .where(KnowledgeArticle.deleted.is_(False))
            .order_by(KnowledgeArticle.id)
        )
        if after:
            query = query.where(KnowledgeArticle.id > after)
        rows = list(session.scalars(query.limit(limit + 1)))
        items = [load_article(a) for a in rows[:limit]]
        ids = [a.id for a in rows[:limit]]
        records: list[Any] = []
    elif dataset == "cases":
        if user.role not in _CASE_ROLES:
            raise ApiError(403, "forbidden", "无权访问", "not allowed for your role")
        case_query = select(Case).where(Case.deleted.is_(False)).order_by(Case.id)
        if after:
            case_query = case_query.where(Case.id > after)
        # Scope is checked per row; bounded pages keep memory flat.
        rows_c = list(session.scalars(case_query.limit(limit + 1)))
        visible = [
            c
            for c in rows_c[:limit]
            if in_scope(c, user.role, user.username, user.unit_code)
        ]
        items = [to_wire(c, user.role) for c in visible]
        records = records_for_cases(session, [c.id for c in visible])
        ids = [c.id for c in rows_c[:limit]]
        rows = rows_c  # type: ignore[assignment]
    elif dataset == "reference":
        items, ids, rows = _reference_page(session, after, limit)
        records = []
    else:
        raise ApiError(
            404, "no_dataset", "没有此数据集", "unknown dataset", field="dataset"
        )
    has_more = len(rows) > limit
    page = SnapshotPage.model_construct(
        dataset=dataset,
        items=items,
        next_after=ids[-1] if has_more and ids else None,
        has_more=has_more,
        cursor=start.encode(),
        total=None,
        records=records,
    )
    # Built from the database's own values: serialized once, not validated again on
    # the way out (a cases page holds 1,000 cases and their records).
    return Response(page.model_dump_json(), media_type="application/json")


def _reference_page(
    session: Session, after: str | None, limit: int
) -> tuple[list[Any], list[str], list[Any]]:
    """Centre-owned reference rows (categories, areas, departments, rules), keyset by
    "kind/code": written at seeding or import time, before a workstation's first
    pull position, so they reach it only through this snapshot."""
    query = (
        select(ReferenceItem)
        .where(ReferenceItem.deleted.is_(False))
        .order_by(ReferenceItem.kind, ReferenceItem.code)
    )
    if after:
        kind, _, code = after.partition("/")
        query = query.where(
            tuple_(ReferenceItem.kind, ReferenceItem.code) > (kind, code)
        )
    rows = list(session.scalars(query.limit(limit + 1)))
    items = [
        {
            "entity": r.kind,
            "id": r.code,
            "version": r.version,
            "op": "upsert",
            "data": dict(r.data),
        }
        for r in rows[:limit]
    ]
    return items, [f"{r.kind}/{r.code}" for r in rows[:limit]], rows


def load_article(article: KnowledgeArticle) -> dict[str, object]:
    from server.store.serialize import article_to_wire

    return article_to_wire(article)
