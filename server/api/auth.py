"""POST /api/v1/auth/login, /refresh, /logout."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request

from app.sync.wire import (
    ErrorBody,
    LoginRequest,
    LogoutRequest,
    RefreshRequest,
    TokenPair,
    UserInfo,
)
from server.api.deps import (
    ApiError,
    Config,
    CurrentUser,
    DbSession,
    Protocol,
    bearer_token,
    sessions,
)
from server.settings import Settings
from server.store import accounts

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    422: {"model": ErrorBody},
    426: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


def _pair(config: Settings, issued: accounts.Issued) -> TokenPair:
    user = issued.user
    return TokenPair(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=config.access_ttl_seconds,
        refresh_expires_in=config.refresh_ttl_seconds,
        user=UserInfo(
            username=user.username,
            role=user.role,
            unit_code=user.unit_code,
            display_name=user.display_name,
        ),
    )


@router.post(
    "/login", response_model=TokenPair, responses={**_ERRORS, 423: {"model": ErrorBody}}
)
def login(
    body: LoginRequest,
    request: Request,
    _p: Protocol,
    config: Config,
) -> TokenPair:
    address = request.client.host if request.client else "unknown"
    now = datetime.now(UTC)
    factory = sessions(request)
    # The attempt is recorded in its own transaction, so a refusal still counts.
    refusal: accounts.LoginRefused | None = None
    with factory() as session, session.begin():
        accounts.check_rate(session, config, address, now)
        try:
            issued = accounts.login(
                session,
                config,
                body.username,
                body.password,
                body.device_id,
                address,
                now,
            )
        except accounts.LoginRefused as error:
            refusal = error
    if refusal is not None:
        raise refusal
    log.info("login user_id=%s", issued.user.id)
    return _pair(config, issued)


@router.post("/refresh", response_model=TokenPair, responses=_ERRORS)
def refresh(
    body: RefreshRequest,
    _p: Protocol,
    session: DbSession,
    config: Config,
) -> TokenPair:
    issued = accounts.refresh(
        session, config, body.refresh_token, body.device_id, datetime.now(UTC)
    )
    if issued is None:
        raise ApiError(
            401,
            "refresh_refused",
            "登录已失效，请重新登录",
            "refresh token invalid, expired or revoked",
        )
    return _pair(config, issued)


@router.post("/logout", status_code=204, responses=_ERRORS)
def logout(
    body: LogoutRequest,
    request: Request,
    user: CurrentUser,
    _p: Protocol,
    session: DbSession,
) -> None:
    accounts.logout(session, bearer_token(request), datetime.now(UTC))
    log.info("logout user_id=%s", user.user_id)
