"""Tokens in the operating system's credential store, and offline login.

Tokens live only in the OS store through ``keyring`` (service ``hotline-desk``):
never in files, settings or logs. At start-up a missing store (keyring's ``fail``
backend) or one that writes plain text (``keyrings.alt``) is refused with a message
that says what to install. After one online login a local Argon2id verifier of the
password is kept in the cache, so a shift can start while the server is down; the
verifier never leaves the machine.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from keyring.backend import KeyringBackend

from app.sync import wire
from app.sync.transport import AuthExpired, Transport, TransportError

log = logging.getLogger(__name__)

SERVICE = "hotline-desk"
_TOKENS_KEY = "tokens:{username}"
_CACHE_KEY = "cache-key"
_VERIFIER_KEY = "offline_verifier:{username}"
_USER_KEY = "offline_user:{username}"

# Refresh a little before the server's expiry, so a call never starts with a dead token.
_EXPIRY_MARGIN = timedelta(seconds=30)

_hasher = PasswordHasher()  # Argon2id with the library's current recommended costs


class CredentialError(Exception):
    """A credential problem a person must act on, in Chinese and English."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


class InsecureKeyring(CredentialError):
    """No usable OS credential store, or one that would store secrets in plain text."""


class OfflineLoginRefused(CredentialError):
    """No verifier for this user on this machine, or the password does not match."""


_INSTALL_HINT_ZH = (
    "请安装系统凭据存储：Linux 上安装并解锁 gnome-keyring（或 KDE 的 KWallet），"
    "Windows 使用自带的凭据管理器，macOS 使用钥匙串。"
)
_INSTALL_HINT_EN = (
    "Install an operating system credential store: on Linux install and unlock "
    "gnome-keyring (or KDE's KWallet); Windows Credential Manager and the macOS "
    "Keychain work as they are."
)


def _leaf_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)
    if isinstance(inner, list | tuple):
        found: list[KeyringBackend] = []
        for item in inner:
            found.extend(_leaf_backends(item))
        return found
    return [backend]


def _is_insecure(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return (
        module.startswith("keyrings.alt")
        or module in ("keyring.backends.fail", "keyring.backends.null")
        or "plaintext" in type(backend).__name__.lower()
    )


def check_keyring() -> KeyringBackend:
    """Return the credential store in use, or refuse it with what to install."""
    backend = keyring.get_keyring()
    leaves = _leaf_backends(backend)
    if not leaves or any(_is_insecure(leaf) for leaf in leaves):
        names = ", ".join(type(leaf).__module__ for leaf in leaves) or "none"
        log.error("refusing credential store backend(s): %s", names)
        raise InsecureKeyring(
            "没有安全的系统凭据存储，无法保存登录凭据。" + _INSTALL_HINT_ZH,
            "No secure operating system credential store is available to keep the "
            "login. " + _INSTALL_HINT_EN,
        )
    return backend


def _set(key: str, value: str) -> None:
    try:
        keyring.set_password(SERVICE, key, value)
    except keyring.errors.KeyringError as exc:
        raise InsecureKeyring(
            "无法写入系统凭据存储。" + _INSTALL_HINT_ZH,
            "Cannot write to the credential store. " + _INSTALL_HINT_EN,
        ) from exc


def _get(key: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as exc:
        raise InsecureKeyring(
            "无法读取系统凭据存储。" + _INSTALL_HINT_ZH,
            "Cannot read the credential store. " + _INSTALL_HINT_EN,
        ) from exc


def _delete(key: str) -> None:
    # Already gone is fine: logout is done either way.
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, key)


@dataclass(frozen=True)
class StoredTokens:
    username: str
    access_token: str
    refresh_token: str
    expires_at: datetime
    role: str
    unit_code: str | None = None

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires_at - _EXPIRY_MARGIN


def save_tokens(pair: wire.TokenPair, now: datetime | None = None) -> StoredTokens:
    """Keep a fresh token pair in the OS store (one short entry per user)."""
    issued = now or datetime.now(UTC)
    tokens = StoredTokens(
        username=pair.user.username,
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_at=issued + timedelta(seconds=pair.expires_in),
        role=pair.user.role,
        unit_code=pair.user.unit_code,
    )
    # Short JSON: Windows caps a credential at about 1,280 characters.
    entry = json.dumps(
        {
            "a": tokens.access_token,
            "r": tokens.refresh_token,
            "e": tokens.expires_at.isoformat(),
            "role": tokens.role,
            "u": tokens.unit_code,
        },
        separators=(",", ":"),
    )
    _set(_TOKENS_KEY.format(username=tokens.username), entry)
    return tokens


def load_tokens(username: str) -> StoredTokens | None:
    raw = _get(_TOKENS_KEY.format(username=username))
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return StoredTokens(
            username=username,
            access_token=str(data["a"]),
            refresh_token=str(data["r"]),
            expires_at=datetime.fromisoformat(data["e"]),
            role=str(data["role"]),
            unit_code=data.get("u"),
        )
    except (ValueError, KeyError, TypeError):
        log.warning("stored session for a user is unreadable; it is discarded")
        _delete(_TOKENS_KEY.format(username=username))
        return None


def delete_tokens(username: str) -> None:
    _delete(_TOKENS_KEY.format(username=username))


# --- offline verifier ------------------------------------------------------------


class StateStore(Protocol):
    """Small key-value state in the local cache (the cache's sync_state)."""

    def get_state(self, key: str) -> str | None: ...

    def set_state(self, key: str, value: str | None) -> None: ...


def make_verifier(password: str) -> str:
    """An Argon2id hash of the password, to check an offline login on this machine."""
    return _hasher.hash(password)


def check_verifier(verifier: str, password: str) -> bool:
    try:
        return _hasher.verify(verifier, password)
    except (VerificationError, InvalidHashError):
        return False


def remember_offline(
    state: StateStore, username: str, password: str, user: wire.UserInfo
) -> None:
    state.set_state(_VERIFIER_KEY.format(username=username), make_verifier(password))
    state.set_state(_USER_KEY.format(username=username), user.model_dump_json())


def login_offline(state: StateStore, username: str, password: str) -> wire.UserInfo:
    """Check the password against the local verifier; no server involved."""
    verifier = state.get_state(_VERIFIER_KEY.format(username=username))
    user_raw = state.get_state(_USER_KEY.format(username=username))
    if verifier is None or user_raw is None:
        raise OfflineLoginRefused(
            "此用户尚未在本机在线登录过，服务器恢复后才能登录",
            "this user has never logged in online on this machine; wait for the "
            "server to log in",
        )
    if not check_verifier(verifier, password):
        raise OfflineLoginRefused("用户名或密码不正确", "wrong user name or password")
    return wire.UserInfo.model_validate_json(user_raw)


# --- the live session ------------------------------------------------------------


class Session:
    """The logged-in user's tokens; the transport's Authenticator.

    ``renew`` spends the refresh token once; when the server refuses it the session is
    over and the user must log in again (their queued work waits in the outbox).
    """

    def __init__(self, username: str, device_id: str) -> None:
        self.username = username
        self.device_id = device_id
        self.transport: Transport | None = None

    def bind(self, transport: Transport) -> None:
        self.transport = transport
        transport.authenticator = self

    def tokens(self) -> StoredTokens | None:
        return load_tokens(self.username)

    def access_token(self) -> str | None:
        tokens = self.tokens()
        if tokens is None:
            return None
        if tokens.expired() and not self.renew():
            return None
        refreshed = self.tokens()
        return refreshed.access_token if refreshed else None

    def renew(self) -> bool:
        tokens = self.tokens()
        if tokens is None or self.transport is None:
            return False
        try:
            pair = self.transport.refresh(
                wire.RefreshRequest(
                    refresh_token=tokens.refresh_token, device_id=self.device_id
                )
            )
        except AuthExpired:
            log.info("refresh refused for the current session")
            delete_tokens(self.username)
            return False
        except TransportError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                delete_tokens(self.username)
                return False
            raise
        save_tokens(pair)
        return True


def login_online(
    transport: Transport,
    state: StateStore | None,
    username: str,
    password: str,
    device_id: str,
) -> Session:
    """Log in against the server, keep the tokens and the offline verifier."""
    check_keyring()
    pair = transport.login(
        wire.LoginRequest(username=username, password=password, device_id=device_id)
    )
    save_tokens(pair)
    if state is not None:
        remember_offline(state, pair.user.username, password, pair.user)
    session = Session(pair.user.username, device_id)
    session.bind(transport)
    log.info("online login done")
    return session


def logout(session: Session, *, tell_server: bool = True) -> None:
    """Revoke on the server when reachable; always delete the local tokens."""
    tokens = session.tokens()
    if tell_server and tokens is not None and session.transport is not None:
        try:
            session.transport.logout(
                wire.LogoutRequest(refresh_token=tokens.refresh_token)
            )
        except TransportError as exc:
            log.warning("server logout failed (%s); tokens deleted locally", exc.code)
    delete_tokens(session.username)


def cache_key(*, create: bool) -> bytes:
    """The random 256-bit key of the encrypted cache, kept in the credential store."""
    raw = _get(_CACHE_KEY)
    if raw is None:
        if not create:
            raise CredentialError(
                "找不到本地缓存的加密密钥，无法打开加密的缓存",
                "the encryption key of the local cache is missing; the encrypted "
                "cache cannot be opened",
            )
        check_keyring()
        raw = secrets.token_hex(32)
        _set(_CACHE_KEY, raw)
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise CredentialError(
            "本地缓存的加密密钥已损坏", "the local cache's encryption key is damaged"
        )
    return key


def key_for_cache(path: Path, *, encrypt: bool) -> bytes | None:
    """The key to pass to ``open_cache`` under the ``encrypt_cache`` setting.

    A key is made only for a cache that does not exist yet: for an existing one a
    missing key is a clear error, never a fresh key that could not open it.
    """
    if not encrypt:
        return None
    return cache_key(create=not path.exists())
