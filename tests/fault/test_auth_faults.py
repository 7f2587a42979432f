"""Token expiry and revocation in the middle of a sync, against a real server.

The server issues access tokens for two seconds. Each workstation pushes its outbox
in batches of two; between batches the test lets the token expire or revokes it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
from sqlalchemy import create_engine, select, text

from app.models.tables import Outbox
from app.sync import credentials, wire
from app.sync.status import SyncStatus
from tests.e2e.harness import ServerProcess, Workstation
from tests.fault.checker import History
from tests.fault.kit import ledger, server_with, settle

USERS: list[tuple[str, str, str | None]] = [
    ("aop1", "operator", None),
    ("aop2", "operator", None),
    ("aop3", "operator", None),
]
ACCESS_TTL = 2


def _station(tmp_path: Path, server: ServerProcess, username: str) -> Workstation:
    station = Workstation(
        tmp_path / username, server.url, username, settings={"batch_size": 2}
    )
    station.login()
    for number in range(5):
        station.new_case(f"{username} case {number}")
    return station


def _after_first_batch(station: Workstation, fault: Callable[[], None]) -> None:
    """Run the fault once, right after the server answered the first batch."""
    real = station.transport.push
    done: list[bool] = []

    def push(request: Any) -> Any:
        answer = real(request)
        if not done:
            done.append(True)
            fault()
        return answer

    station.transport.push = push  # type: ignore[method-assign]


def _states(station: Workstation) -> dict[str, str]:
    with station.cache.read() as session:
        return {row.id: row.state for row in session.scalars(select(Outbox))}


def _expired_token_is_renewed(tmp_path: Path, server: ServerProcess) -> Workstation:
    station = _station(tmp_path, server, "aop1")
    # For each renewal: did the workstation still believe its token valid? Then the
    # renewal answered the server's 401 (the client's own early renewals do not).
    believed_valid: list[bool] = []
    real_refresh = station.transport.refresh

    def refresh(request: wire.RefreshRequest) -> wire.TokenPair:
        tokens = credentials.load_tokens("aop1")
        believed_valid.append(tokens is not None and not tokens.expired())
        return real_refresh(request)

    station.transport.refresh = refresh  # type: ignore[method-assign]

    def expire() -> None:
        # The access token dies on the server while this workstation, its clock
        # behind, still believes it valid: the server must answer 401 mid-sync.
        time.sleep(ACCESS_TTL + 0.5)
        entry = json.loads(
            keyring.get_password(credentials.SERVICE, "tokens:aop1") or "{}"
        )
        entry["e"] = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        keyring.set_password(credentials.SERVICE, "tokens:aop1", json.dumps(entry))

    _after_first_batch(station, expire)
    report = station.engine.sync_once()

    assert report.status == SyncStatus.ONLINE, report.message
    assert believed_valid.count(True) == 1, "the server's 401 was not answered once"
    assert set(_states(station).values()) == {"applied"}
    return station


def _revoked_stops_the_sync(
    tmp_path: Path,
    server: ServerProcess,
    username: str,
    revoke: Callable[[Workstation], None],
) -> Workstation:
    station = _station(tmp_path, server, username)
    _after_first_batch(station, lambda: revoke(station))

    report = station.engine.sync_once()

    assert report.status == SyncStatus.ERROR
    assert report.message is not None
    assert "登录" in report.message.message_zh
    assert "log" in report.message.message_en
    # Only what the server recorded is marked; the rest waits for a new login.
    states = _states(station)
    sent = {i for i, state in states.items() if state != "pending"}
    assert len(sent) == 2 and len(states) == 5
    assert sent == {i for i in ledger(server.database_url) if i in states}
    assert credentials.load_tokens(username) is None
    return station


def _server_logout(station: Workstation) -> None:
    tokens = credentials.load_tokens(station.username)
    assert tokens is not None
    # Revoked on the server (as a logout elsewhere would), not deleted here.
    station.transport.logout(wire.LogoutRequest(refresh_token=tokens.refresh_token))


def _set_disabled(database_url: str, username: str, disabled: bool) -> None:
    from server.store.accounts import disable_user
    from server.store.db import make_engine, session_factory, transaction

    if disabled:
        engine = make_engine(database_url)
        try:
            with transaction(session_factory(engine)) as session:
                assert disable_user(session, username, datetime.now(UTC))
        finally:
            engine.dispose()
        return
    plain = create_engine(database_url)
    try:
        with plain.begin() as db:
            db.execute(
                text("UPDATE users SET disabled = :no WHERE username = :name"),
                {"no": False, "name": username},
            )
    finally:
        plain.dispose()


def test_token_expired_and_revoked_mid_sync(tmp_path: Path) -> None:
    stations: list[Workstation] = []
    env = {"HOTLINE_ACCESS_TTL_SECONDS": str(ACCESS_TTL)}
    with server_with(tmp_path / "server", USERS, **env) as server:
        try:
            stations.append(_expired_token_is_renewed(tmp_path, server))

            stations.append(
                _revoked_stops_the_sync(tmp_path, server, "aop2", _server_logout)
            )
            disabled = _revoked_stops_the_sync(
                tmp_path,
                server,
                "aop3",
                lambda _: _set_disabled(server.database_url, "aop3", True),
            )
            stations.append(disabled)

            # After a new login (the account enabled again) everything goes out once.
            _set_disabled(server.database_url, "aop3", False)
            for station in stations:
                station.login()
            assert settle(server.database_url, stations, History()) == []
        finally:
            for station in stations:
                station.close()
