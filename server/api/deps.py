"""Shared request dependencies: database session, the caller, the protocol window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app.sync.wire import PROTOCOL_MAX, PROTOCOL_MIN
from server.settings import Settings
from server.store import accounts
from server.store.principal import Principal


class ApiError(Exception):
    """An error answered as JSON with both languages and a stable code."""

    def __init__(
        self,
        status: int,
        code: str,
        zh: str,
        en: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.zh, self.en = status, code, zh, en
        self.field, self.headers = field, headers


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def sessions(request: Request) -> sessionmaker[Session]:
    value: sessionmaker[Session] = request.app.state.sessions
    return value


def db(request: Request) -> Iterator[Session]:
    """A session whose transaction commits when the route returns without error."""
    session = sessions(request)()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def protocol(
    x_hotline_protocol: Annotated[str | None, Header(max_length=8)] = None,
) -> int:
    if x_hotline_protocol is None or not x_hotline_protocol.isdigit():
        raise ApiError(
            426,
            "protocol_missing",
            "缺少协议版本",
            "protocol version header missing",
            headers={"X-Hotline-Protocol": str(PROTOCOL_MAX)},
        )
    version = int(x_hotline_protocol)
    if not PROTOCOL_MIN <= version <= PROTOCOL_MAX:
        raise ApiError(
            426,
            "protocol_unsupported",
            "客户端版本过旧或过新，请升级",
            "protocol version not supported, please upgrade",
            headers={"X-Hotline-Protocol": str(PROTOCOL_MAX)},
        )
    return version


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or len(token) > 256:
        raise ApiError(
            401,
            "unauthenticated",
            "请先登录",
            "authentication required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token


# Declared so the OpenAPI document says which routes need a token; the header itself
# is checked by bearer_token (auto_error off: our own 401 body and header).
_bearer = HTTPBearer(auto_error=False)


def current_user(
    request: Request,
    session: DbSession,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    token = bearer_token(request)
    principal = accounts.authenticate(session, token, datetime.now(UTC))
    if principal is None:
        raise ApiError(
            401,
            "unauthenticated",
            "登录已失效，请重新登录",
            "token expired or revoked",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def require(*roles: str):  # type: ignore[no-untyped-def]
    def check(user: Annotated[Principal, Depends(current_user)]) -> Principal:
        if user.role not in roles:
            raise ApiError(403, "forbidden", "无权访问", "not allowed for your role")
        return user

    return check


# "function" scope: the transaction commits before the answer is sent, so a client
# never acts on an answer (an applied mutation, a registration) that is not durable.
DbSession = Annotated[Session, Depends(db, scope="function")]
CurrentUser = Annotated[Principal, Depends(current_user)]
Protocol = Annotated[int, Depends(protocol)]
Config = Annotated[Settings, Depends(settings)]
