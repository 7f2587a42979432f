"""The transport against a real HTTP server on loopback that answers badly."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.sync import transport as tr
from app.sync import wire
from tests.unit.sync.badserver import Reply, ScriptedServer, scripted_server

CLIENT = uuid.uuid4()


class FixedToken:
    def __init__(self, token: str = "tok-" + "x" * 20, renew_ok: bool = False) -> None:
        self.token = token
        self.renewals = 0
        self.renew_ok = renew_ok

    def access_token(self) -> str | None:
        return self.token

    def renew(self) -> bool:
        self.renewals += 1
        if self.renew_ok:
            self.token = "fresh-" + "y" * 20
        return self.renew_ok


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def make(server: ScriptedServer, **kw: object) -> tuple[tr.Transport, list[float]]:
    sleeps: list[float] = []
    settings = tr.TransportSettings(
        server_url=server.url,
        connect_timeout=2,
        read_timeout=2,
        **kw,  # type: ignore[arg-type]
    )
    return tr.Transport(settings, FixedToken(), sleep=sleeps.append), sleeps


def push_request() -> wire.PushRequest:
    mutation = wire.Mutation(
        id=uuid.uuid4(),
        client_id=CLIENT,
        seq=1,
        kind="case.command",
        entity_id=uuid.uuid4(),
        payload={"action": "add_note", "args": {"record_id": str(uuid.uuid4())}},
        created_at=datetime.now(UTC),
        author="op1",
    )
    return wire.PushRequest(client_id=CLIENT, mutations=[mutation])


def pull_json(**extra: object) -> bytes:
    return json.dumps(
        {"cursor": "c1", "has_more": False, "changes": [], **extra}
    ).encode()


def test_good_pull_sends_protocol_header_and_token(server: ScriptedServer) -> None:
    server.replies = [Reply(body=pull_json())]
    client, _ = make(server)

    page = client.pull(None, 100)

    assert page.cursor == "c1"
    seen = server.seen[0]
    assert seen.headers[wire.PROTOCOL_HEADER] == str(wire.PROTOCOL_VERSION)
    assert seen.headers["Authorization"].startswith("Bearer tok-")
    assert seen.path.startswith("/api/v1/sync/pull?limit=100")


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (Reply(body=b"<html>login</html>", content_type="text/html"), "content_type"),
        (Reply(body=b'{"cursor": "c1", "has_mo'), "bad_json"),
        (Reply(body=b'{"cursor": 5, "changes": "no"}'), "schema"),
        (Reply(body=pull_json(), content_type=None), "content_type"),
    ],
)
def test_bad_answers_are_errors(
    server: ScriptedServer, reply: Reply, code: str
) -> None:
    server.replies = [reply]
    client, _ = make(server)

    with pytest.raises(tr.TransportError) as info:
        client.pull("c0", 10)

    assert info.value.code == code
    assert info.value.message_zh and info.value.message_en


def test_cut_response_is_retried_then_reported(server: ScriptedServer) -> None:
    server.replies = [Reply(body=b'{"cursor": "c', declared_length=500)]
    client, sleeps = make(server, max_attempts=3)

    with pytest.raises(tr.Unreachable):
        client.pull("c0", 10)

    assert len(server.seen) == 3
    assert len(sleeps) == 2


def test_huge_body_is_cut_off(server: ScriptedServer) -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        for _ in range(10_000):
            sent.append(1)
            yield b'{"cursor": "' + b"a" * 65536

    server.replies = [Reply(chunks=endless)]
    client, _ = make(server, max_response_bytes=1024 * 1024)

    with pytest.raises(tr.TransportError) as info:
        client.pull("c0", 10)

    assert info.value.code == "too_large"
    assert len(sent) < 10_000


def test_declared_huge_body_refused_before_reading(server: ScriptedServer) -> None:
    server.replies = [Reply(body=b"{}", declared_length=10**9)]
    client, _ = make(server, max_response_bytes=1024)

    with pytest.raises(tr.TransportError) as info:
        client.pull("c0", 10)

    assert info.value.code == "too_large"


def test_redirect_to_other_host_is_refused_and_token_stays(
    server: ScriptedServer,
) -> None:
    with scripted_server() as elsewhere:
        elsewhere.replies = [Reply(body=pull_json())]
        target = elsewhere.url.replace("127.0.0.1", "localhost") + "/api/v1/sync/pull"
        server.replies = [Reply(status=302, headers={"Location": target})]
        client, _ = make(server)

        with pytest.raises(tr.TransportError) as info:
            client.push(push_request())

        assert info.value.code == "redirect"
        assert elsewhere.seen == []


def test_protocol_too_old_stops(server: ScriptedServer) -> None:
    server.replies = [Reply(status=426, body=b"{}")]
    client, sleeps = make(server)

    with pytest.raises(tr.ProtocolTooOld) as info:
        client.pull("c0", 10)

    assert "新版本" in info.value.message_zh
    assert "new version" in info.value.message_en
    assert sleeps == []


def test_gone_cursor_is_cursor_expired(server: ScriptedServer) -> None:
    server.replies = [Reply(status=410, body=b"{}")]
    client, _ = make(server)

    with pytest.raises(tr.CursorExpired):
        client.pull("old", 10)


def test_401_refreshes_once_then_gives_up(server: ScriptedServer) -> None:
    server.replies = [Reply(status=401, body=b"{}")]
    client, _ = make(server)
    auth = FixedToken(renew_ok=True)
    client.authenticator = auth

    with pytest.raises(tr.AuthExpired):
        client.pull("c0", 10)

    assert auth.renewals == 1
    assert len(server.seen) == 2
    assert server.seen[1].headers["Authorization"] == "Bearer fresh-" + "y" * 20


def test_401_then_success_after_refresh(server: ScriptedServer) -> None:
    server.replies = [Reply(status=401, body=b"{}"), Reply(body=pull_json())]
    client, _ = make(server)
    client.authenticator = FixedToken(renew_ok=True)

    assert client.pull("c0", 10).cursor == "c1"


def test_busy_server_retry_after_honoured(server: ScriptedServer) -> None:
    result = {"results": [], "server_time": datetime.now(UTC).isoformat()}
    server.replies = [
        Reply(status=503, body=b"{}", headers={"Retry-After": "7"}),
        Reply(body=json.dumps(result).encode()),
    ]
    client, sleeps = make(server)

    answer = client.push(push_request())

    assert answer.results == []
    assert sleeps and sleeps[0] >= 7
    assert server.seen[0].body == server.seen[1].body


def test_cancel_cuts_a_back_off_short_and_refuses_further_calls(
    server: ScriptedServer,
) -> None:
    server.replies = [Reply(status=503, body=b"{}", headers={"Retry-After": "20"})]
    settings = tr.TransportSettings(server.url, connect_timeout=2, read_timeout=2)
    client = tr.Transport(settings, FixedToken())  # the real, interruptible wait
    outcome: list[BaseException] = []

    def push() -> None:
        try:
            client.push(push_request())
        except tr.TransportError as error:
            outcome.append(error)

    worker = threading.Thread(target=push)
    worker.start()
    deadline = time.monotonic() + 5
    while not server.seen and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    client.cancel()
    worker.join(timeout=5)

    assert not worker.is_alive()
    assert time.monotonic() - started < 2  # not the 20 s the server asked for
    assert len(server.seen) == 1  # nothing sent after the cancel
    assert isinstance(outcome[0], tr.Unreachable) and outcome[0].code == "cancelled"
    with pytest.raises(tr.Unreachable):
        client.status()
    assert len(server.seen) == 1


def test_login_is_not_retried(server: ScriptedServer) -> None:
    server.replies = [Reply(status=503, body=b"{}")]
    client, sleeps = make(server)

    with pytest.raises(tr.TransportError):
        client.login(wire.LoginRequest(username="op1", password="pw", device_id="d1"))

    assert len(server.seen) == 1
    assert sleeps == []
    assert "Authorization" not in server.seen[0].headers


def test_environment_proxy_is_not_trusted(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy on a closed port: if it were used, the call would fail.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    server.replies = [Reply(body=pull_json())]
    client, _ = make(server)

    assert client.pull(None, 1).cursor == "c1"


def test_stalled_server_times_out(server: ScriptedServer) -> None:
    import time as _time

    def stall() -> Iterator[bytes]:
        _time.sleep(1.5)
        yield b"{}"

    server.replies = [Reply(chunks=stall)]
    client, _ = make(server, max_attempts=1)
    client.settings = tr.TransportSettings(
        server_url=server.url, connect_timeout=1, read_timeout=0.5, max_attempts=1
    )

    with pytest.raises(tr.Unreachable):
        client.pull("c0", 10)


def test_backoff_full_jitter_bounds() -> None:
    import random

    rng = random.Random(4)
    delays = [tr.backoff_delay(n, 0.5, 30, None, rng) for n in range(1, 12)]
    assert all(
        0 <= d <= min(30, 0.5 * 2**n) for n, d in zip(range(1, 12), delays, strict=True)
    )
    assert tr.backoff_delay(1, 0.5, 30, 12, rng) >= 12
    assert tr.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert tr.parse_retry_after("soon") is None
