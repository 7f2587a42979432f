"""The FastAPI application factory."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.domain.errors import DomainError, FieldError
from server.api import auth, cases, catalogue, knowledge, open311, sync
from server.api.deps import ApiError
from server.logs import set_request_id
from server.settings import Settings
from server.store.accounts import LoginRefused
from server.store.db import make_engine, session_factory
from server.store.open311 import Open311Refused

log = logging.getLogger(__name__)


class BodyLimit:
    """Refuses bodies over the limit with 413, counting bytes as they arrive.

    Counting the stream (not trusting Content-Length) also catches chunked bodies.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if (
                name == b"content-length"
                and value.isdigit()
                and int(value) > self.limit
            ):
                await _too_large(send)
                return
        # Read the whole body first (at most the limit), then replay it to the app:
        # a parser deeper down would turn a mid-stream refusal into a 400.
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await _too_large(send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class RequestId:
    """Names each request (`request.state.request_id`, the log's request id and the
    `X-Request-Id` answer header) and turns an unhandled error into a 500 that
    carries only that id.

    Plain ASGI rather than an `http` middleware function: that form runs every
    request in a task of its own, which cost more than a pull with no news.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        name = uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = name
        set_request_id(name)
        started = False

        async def send_named(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    *message.get("headers", []),
                    (b"x-request-id", name.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_named)
        except Exception:
            # Logged here with the request id; the client gets only the id.
            log.exception(
                "unhandled error request_id=%s path=%s", name, scope.get("path")
            )
            if started:
                raise
            answer = _error(
                500,
                "internal",
                "服务器内部错误",
                "internal server error",
                Request(scope),
            )
            await answer(scope, receive, send)


async def _too_large(send: Send) -> None:
    body = json.dumps(
        {
            "code": "too_large",
            "message_zh": "请求过大",
            "message_en": "request body too large",
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _error(
    status: int,
    code: str,
    zh: str,
    en: str,
    request: Request,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "code": code,
        "message_zh": zh,
        "message_en": en,
        "request_id": getattr(request.state, "request_id", None),
    }
    if field is not None:
        body["field"] = field
    return JSONResponse(body, status_code=status, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def create_app(settings: Settings) -> FastAPI:
    engine = make_engine(settings.database_url)
    app = FastAPI(
        title="Hotline Desk server", version="1", docs_url=None, redoc_url=None
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(
            exc.status, exc.code, exc.zh, exc.en, request, exc.field, exc.headers
        )

    @app.exception_handler(LoginRefused)
    async def login_refused(request: Request, exc: LoginRefused) -> JSONResponse:
        status = {"rate_limited": 429, "locked": 423}.get(exc.code, 401)
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return _error(status, exc.code, exc.zh, exc.en, request, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = (
            exc.errors()[0] if exc.errors() else {"loc": ("body",), "msg": "invalid"}
        )
        field = _field_name(tuple(first.get("loc", ())))
        message = str(first.get("msg", "invalid"))[:200]
        return _error(
            422,
            "invalid",
            f"字段 {field} 无效：{message}",
            f"field {field} is invalid: {message}",
            request,
            field,
        )

    @app.exception_handler(FieldError)
    async def field_error(request: Request, exc: FieldError) -> JSONResponse:
        return _error(422, exc.code, exc.message_zh, exc.message_en, request, exc.field)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return _error(422, exc.code, exc.message_zh, exc.message_en, request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = str(exc.detail)[:200]
        return _error(
            exc.status_code,
            "http_error",
            detail,
            detail,
            request,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(PoolTimeout)
    async def overloaded(request: Request, exc: PoolTimeout) -> JSONResponse:
        # Every database connection is busy: tell the client to come back later.
        log.warning("database pool exhausted request_id=%s", request.state.request_id)
        return _error(
            503,
            "busy",
            "服务器繁忙，请稍后重试",
            "server busy, retry later",
            request,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unhandled error request_id=%s",
            getattr(request.state, "request_id", None),
            exc_info=exc,
        )
        return _error(
            500, "internal", "服务器内部错误", "internal server error", request
        )

    @app.exception_handler(Open311Refused)
    async def open311_refused(request: Request, exc: Open311Refused) -> Response:
        fmt = "xml" if request.url.path.endswith(".xml") else "json"
        return open311.error_response(fmt, exc.status, exc.description)

    app.include_router(auth.router)
    app.include_router(sync.router)
    app.include_router(cases.router)
    app.include_router(open311.router)
    app.include_router(catalogue.router)
    app.include_router(knowledge.router)
    app.add_middleware(RequestId)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """Entry point for `uvicorn --factory server.app:app_from_env` (several workers)."""
    return create_app(Settings.from_env())
