"""Accounts, passwords (Argon2id), opaque tokens stored as SHA-256 hashes, lockout."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.domain.vocabulary import Role
from server.settings import Settings
from server.store.principal import Principal
from server.store.tables import AuthToken, LoginAttempt, User

log = logging.getLogger(__name__)
_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
# Verified against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash("not a password")
ROLES = (Role.OPERATOR, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR)


class LoginRefused(Exception):
    def __init__(self, code: str, zh: str, en: str, retry_after: int | None = None):
        super().__init__(code)
        self.code, self.zh, self.en, self.retry_after = code, zh, en, retry_after


@dataclass(frozen=True)
class Issued:
    access_token: str
    refresh_token: str
    user: User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    unit_code: str | None = None,
) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role}")
    if role == Role.HANDLER and not unit_code:
        raise ValueError("a handler must be bound to a unit")
    user = User(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        unit_code=unit_code,
    )
    session.add(user)
    session.flush()
    return user


def disable_user(session: Session, username: str, now: datetime) -> bool:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        return False
    user.disabled = True
    session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return True


def check_rate(
    session: Session, settings: Settings, address: str, now: datetime
) -> None:
    since = now - timedelta(seconds=settings.login_rate_window_seconds)
    count = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.address == address, LoginAttempt.at >= since)
    )
    if (count or 0) >= settings.login_rate_limit:
        raise LoginRefused(
            "rate_limited",
            "登录尝试过于频繁，请稍后再试",
            "too many login attempts, try again later",
            settings.login_rate_window_seconds,
        )


def login(
    session: Session,
    settings: Settings,
    username: str,
    password: str,
    device_id: str,
    address: str,
    now: datetime,
) -> Issued:
    """Check the password and issue a token pair; every attempt is recorded."""
    window_start = now - timedelta(seconds=settings.lockout_window_seconds)
    failures = list(
        session.scalars(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.username == username,
                LoginAttempt.success.is_(False),
                LoginAttempt.at >= window_start,
            )
            .order_by(LoginAttempt.at.desc())
        )
    )
    if len(failures) >= settings.lockout_failures:
        unlock = failures[settings.lockout_failures - 1] + timedelta(
            seconds=settings.lockout_seconds
        )
        if unlock > now:
            raise LoginRefused(
                "locked",
                "账户已锁定，请15分钟后再试",
                "account locked for 15 minutes",
                int((unlock - now).total_seconds()) + 1,
            )

    user = session.scalars(select(User).where(User.username == username)).first()
    ok = False
    try:
        ok = (
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
            and user is not None
        )
    except (VerificationError, InvalidHashError):
        ok = False
    session.add(
        LoginAttempt(
            address=address,
            username=username,
            success=ok and not user.disabled if user else False,
            at=now,
        )
    )
    if not ok or user is None or user.disabled:
        raise LoginRefused(
            "bad_credentials",
            "用户名或密码错误，或账户已停用",
            "wrong username or password, or account disabled",
        )
    return _issue(session, settings, user, device_id, now)


def _issue(
    session: Session,
    settings: Settings,
    user: User,
    device_id: str,
    now: datetime,
    family: str | None = None,
) -> Issued:
    access = secrets.token_urlsafe(32)
    refresh = secrets.token_urlsafe(32)
    family = family or hash_token(refresh)
    session.add(
        AuthToken(
            token_hash=hash_token(access),
            user_id=user.id,
            kind="access",
            device_id=device_id,
            family=family,
            expires_at=now + timedelta(seconds=settings.access_ttl_seconds),
        )
    )
    session.add(
        AuthToken(
            token_hash=hash_token(refresh),
            user_id=user.id,
            kind="refresh",
            device_id=device_id,
            family=family,
            expires_at=now + timedelta(seconds=settings.refresh_ttl_seconds),
        )
    )
    return Issued(access, refresh, user)


def refresh(
    session: Session, settings: Settings, token: str, device_id: str, now: datetime
) -> Issued | None:
    """A new pair for a valid refresh token of the same device; the old one is spent."""
    row = session.get(AuthToken, hash_token(token))
    if (
        row is None
        or row.kind != "refresh"
        or row.revoked_at is not None
        or row.expires_at <= now
    ):
        return None
    if not secrets.compare_digest(row.device_id, device_id):
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    row.revoked_at = now
    return _issue(session, settings, user, device_id, now, row.family)


def authenticate(session: Session, token: str, now: datetime) -> Principal | None:
    """The caller behind an access token: one indexed query (token hash joined to
    its user), since every request of every workstation passes here."""
    row = session.execute(
        select(
            AuthToken.kind,
            AuthToken.revoked_at,
            AuthToken.expires_at,
            AuthToken.device_id,
            User.id,
            User.username,
            User.role,
            User.unit_code,
            User.disabled,
        )
        .join(User, User.id == AuthToken.user_id)
        .where(AuthToken.token_hash == hash_token(token))
    ).first()
    if (
        row is None
        or row.kind != "access"
        or row.revoked_at is not None
        or row.expires_at <= now
        or row.disabled
    ):
        return None
    return Principal(row.id, row.username, row.role, row.unit_code, row.device_id)


def logout(session: Session, access_token: str, now: datetime) -> None:
    """Revoke every token of the session (its family), access and refresh alike."""
    row = session.get(AuthToken, hash_token(access_token))
    if row is None:
        return
    session.execute(
        update(AuthToken)
        .where(AuthToken.family == row.family, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
