"""Credentials through the real keyring API (conftest's in-memory backend)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from app.sync import credentials as cr
from app.sync import wire
from app.sync.transport import Transport, TransportSettings
from tests.support.keyring_backend import MemoryKeyring
from tests.unit.sync.badserver import Reply, ScriptedServer, scripted_server


class DictState:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get_state(self, key: str) -> str | None:
        return self.values.get(key)

    def set_state(self, key: str, value: str | None) -> None:
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value


def token_pair(access: str = "A" * 32, refresh: str = "R" * 32) -> bytes:
    return json.dumps(
        {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": 900,
            "refresh_expires_in": 86400,
            "user": {"username": "op1", "role": "operator"},
        }
    ).encode()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def test_fail_backend_refused_with_install_hint() -> None:
    keyring.set_keyring(fail.Keyring())

    with pytest.raises(cr.InsecureKeyring) as info:
        cr.check_keyring()

    assert "gnome-keyring" in info.value.message_zh
    assert "gnome-keyring" in info.value.message_en


def test_plaintext_backend_refused() -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())

    with pytest.raises(cr.InsecureKeyring):
        cr.check_keyring()


def test_memory_backend_accepted(memory_keyring: MemoryKeyring) -> None:
    assert cr.check_keyring() is memory_keyring


def test_online_login_keeps_tokens_in_keyring_and_verifier_locally(
    server: ScriptedServer, memory_keyring: MemoryKeyring
) -> None:
    server.replies = [Reply(body=token_pair())]
    transport = Transport(TransportSettings(server.url))
    state = DictState()

    session = cr.login_online(transport, state, "op1", "s3cret-pw", "dev1")

    assert session.access_token() == "A" * 32
    stored = memory_keyring.secrets[(cr.SERVICE, "tokens:op1")]
    assert "R" * 32 in stored
    assert all("s3cret-pw" not in v for v in state.values.values())
    assert all("A" * 32 not in v for v in state.values.values())
    assert cr.login_offline(state, "op1", "s3cret-pw").role == "operator"
    with pytest.raises(cr.OfflineLoginRefused):
        cr.login_offline(state, "op1", "wrong")
    with pytest.raises(cr.OfflineLoginRefused):
        cr.login_offline(state, "op2", "s3cret-pw")


def test_logout_deletes_tokens_even_when_server_down(
    server: ScriptedServer, memory_keyring: MemoryKeyring
) -> None:
    server.replies = [Reply(body=token_pair()), Reply(status=503, body=b"{}")]
    transport = Transport(TransportSettings(server.url, max_attempts=1))
    session = cr.login_online(transport, None, "op1", "pw", "dev1")

    cr.logout(session)

    assert memory_keyring.secrets == {}
    assert server.seen[-1].path == "/api/v1/auth/logout"


def test_renew_replaces_tokens_and_refusal_ends_session(
    server: ScriptedServer, memory_keyring: MemoryKeyring
) -> None:
    server.replies = [
        Reply(body=token_pair()),
        Reply(body=token_pair(access="B" * 32, refresh="S" * 32)),
        Reply(status=401, body=b"{}"),
    ]
    transport = Transport(TransportSettings(server.url))
    session = cr.login_online(transport, None, "op1", "pw", "dev1")

    assert session.renew()
    assert session.access_token() == "B" * 32
    assert json.loads(server.seen[1].body)["refresh_token"] == "R" * 32
    assert not session.renew()
    assert session.access_token() is None


def test_cache_key_random_and_missing_is_clear_error() -> None:
    with pytest.raises(cr.CredentialError) as info:
        cr.cache_key(create=False)
    assert "密钥" in info.value.message_zh

    key = cr.cache_key(create=True)

    assert len(key) == 32
    assert cr.cache_key(create=False) == key
    keyring.set_password(cr.SERVICE, "cache-key", "zz")
    with pytest.raises(cr.CredentialError):
        cr.cache_key(create=False)


def test_wire_user_round_trip() -> None:
    state = DictState()
    cr.remember_offline(state, "op1", "pw", wire.UserInfo(username="op1", role="x"))
    assert state.values["offline_verifier:op1"].startswith("$argon2id$")
