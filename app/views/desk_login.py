"""Who may use the workstation: online login against the server, offline from the
verifier app.sync keeps in the cache after an online login.

Qt-free; the login dialog runs it on the network lane. The server decides whenever it
can be reached (a wrong password there is final). Only when it cannot be reached is
the password checked against the local Argon2id verifier, so a shift can start while
the server is down; a user who never logged in online on this machine is told the
first login needs the server. The idle lock checks the same verifier.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.views.login_dialog import LoginRefused, Operator

log = logging.getLogger(__name__)

FIRST_LOGIN_ZH = "首次登录需要连接服务器"
FIRST_LOGIN_EN = "First login needs the server"
_CONNECT_TIMEOUT = 3.0


class CacheStateReader:
    """Reads the cache's sync_state with the standard library, read-only.

    app.sync's StateStore for the offline check: it needs neither SQLAlchemy nor the
    migrations, so the check can run while the cache is still being opened. It notes
    whether a key was missing, which tells "never logged in here" from a wrong
    password without knowing app.sync's key names.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.missing = False

    def get_state(self, key: str) -> str | None:
        import sqlite3  # here, on the login's lane, not before the first window

        try:
            # mode=ro: a login never writes, checkpoints or removes the cache's WAL.
            # resolve(): a file URI needs an absolute path (--cache may be relative).
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            with sqlite3.connect(uri, uri=True) as conn:
                row = conn.execute(
                    "SELECT value FROM sync_state WHERE key = ?", (key,)
                ).fetchone()
        except sqlite3.Error as error:  # no file yet, or no sync_state table yet
            log.info("offline state unreadable: %s", type(error).__name__)
            row = None
        if row is None:
            self.missing = True
            return None
        return str(row[0])

    def set_state(self, key: str, value: str | None) -> None:
        raise PermissionError("the offline login reads the cache, never writes it")


@dataclass(frozen=True)
class LoginTarget:
    server_url: str
    cache_path: Path | None
    device_id: str
    ca_bundle: Path | None = None


class DeskAuthenticator:
    """The login dialog's authenticate hook: (username, password) -> Operator."""

    def __init__(self, target: LoginTarget, store: Any = None) -> None:
        self.target = target
        self._store = store  # DeskStore: its cache keeps the verifier after login
        self._keyring_checked = False
        self._lock = threading.Lock()
        self.session: Any = None  # app.sync.credentials.Session after online login
        self.transport: Any = None

    def check_keyring(self) -> None:
        """Refuse a missing or plain-text credential store (app.sync's check)."""
        from app.sync import credentials

        with self._lock:
            if not self._keyring_checked:
                credentials.check_keyring()
                self._keyring_checked = True

    def __call__(self, username: str, password: str) -> Operator:
        from app.sync.credentials import CredentialError

        username = username.strip()
        if not username or not password:
            raise LoginRefused(
                "请输入用户名和密码", "Enter your user name and password"
            )
        try:
            self.check_keyring()
            operator = self._online(username, password)
            if operator is None:
                operator = self._offline(username, password)
        except CredentialError as error:
            raise LoginRefused(error.message_zh, error.message_en) from error
        log.info("login accepted (online=%s)", operator.online)
        return operator

    def _online(self, username: str, password: str) -> Operator | None:
        """Log in against the server; None when it cannot be reached."""
        from app.sync import credentials
        from app.sync.transport import Transport, TransportError, TransportSettings

        transport = Transport(
            TransportSettings(
                self.target.server_url,
                ca_bundle=self.target.ca_bundle,
                connect_timeout=_CONNECT_TIMEOUT,
                max_attempts=1,
            )
        )
        store = self._store
        # Opened only once the server accepted: an unreachable server must not wait
        # for the cache's migrations before the offline check.
        state = _LazyState(lambda: _cache_state(store)) if store is not None else None
        try:
            session = credentials.login_online(
                transport, state, username, password, self.target.device_id
            )
        except TransportError as error:
            transport.close()
            if _server_away(error):
                log.info("server unreachable (%s): trying offline login", error.code)
                return None
            raise LoginRefused(error.message_zh, error.message_en) from error
        self.session, self.transport = session, transport
        tokens = credentials.load_tokens(session.username)
        role = tokens.role if tokens is not None else "operator"
        return Operator(session.username, session.username, role, online=True)

    def _offline(self, username: str, password: str) -> Operator:
        from app.sync import credentials

        state = self._reader()
        try:
            user = credentials.login_offline(state, username, password)
        except credentials.OfflineLoginRefused as error:
            if state.missing:
                raise LoginRefused(
                    f"{FIRST_LOGIN_ZH}：服务器当前无法连接，本机也没有此用户的离线凭据",
                    f"{FIRST_LOGIN_EN}: it cannot be reached, and this user has no "
                    "offline credentials on this machine",
                ) from error
            raise
        return Operator(
            user.username, user.display_name or user.username, user.role, online=False
        )

    def _reader(self) -> CacheStateReader | _EncryptedStateReader:
        if self.target.cache_path is None:
            raise LoginRefused(FIRST_LOGIN_ZH, FIRST_LOGIN_EN)
        if self._store is not None and getattr(self._store, "encrypt", False):
            return _EncryptedStateReader(self._store)
        return CacheStateReader(self.target.cache_path)

    def verify(self, username: str, password: str) -> bool:
        """The idle lock's check: the password against the local verifier."""
        from app.sync import credentials

        try:
            credentials.login_offline(self._reader(), username, password)
        except (credentials.CredentialError, LoginRefused):
            return False
        return True


class _EncryptedStateReader:
    """The offline check's reader for an encrypted cache.

    Such a file opens only through SQLCipher with the key from the credential store,
    and only one SQLite library may open a cache file in a process: so the check
    reads through the store's own database, at the price of opening it first.
    """

    def __init__(self, store: Any) -> None:
        self._store = store
        self.missing = False

    def get_state(self, key: str) -> str | None:
        value: str | None = _cache_state(self._store).get_state(key)
        if value is None:
            self.missing = True
        return value

    def set_state(self, key: str, value: str | None) -> None:
        raise PermissionError("the offline login reads the cache, never writes it")


def _cache_state(store: Any) -> Any:
    # app.sync.engine brings SQLAlchemy and the migrations: not before it is needed.
    from app.sync.state import CacheState

    return CacheState(store.db)


class _LazyState:
    """A StateStore made on first use."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._state: Any = None

    def _get(self) -> Any:
        if self._state is None:
            self._state = self._make()
        return self._state

    def get_state(self, key: str) -> str | None:
        return self._get().get_state(key)  # type: ignore[no-any-return]

    def set_state(self, key: str, value: str | None) -> None:
        self._get().set_state(key, value)


def _server_away(error: Any) -> bool:
    """Network trouble or a busy server, as opposed to a refusal of this login."""
    from app.sync.transport import Unreachable

    status = getattr(error, "status", None)
    return isinstance(error, Unreachable) or (status is not None and status >= 500)
