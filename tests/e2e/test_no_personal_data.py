"""A scripted shift leaves no token and no citizen's data outside the data stores.

A real server process and a real workstation engine, both logging at DEBUG into
files: log in (tokens into the keyring through the keyring API), take calls with
distinctive names, numbers, addresses and narratives, edit, note, sync, refresh the
tokens, log out. Then every file the two sides wrote outside their databases (logs,
settings, anything under the workstation's data, config and log folders) is read
byte for byte for the tokens, the password and every marker. The cache database is
the place for cases by design, but never for tokens.
"""

from __future__ import annotations

import json
import logging
import random
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import requests

from app.domain.credit_code import check_character
from app.logs import RedactingFilter, setup_logging
from app.sync import credentials
from app.sync.status import SyncStatus
from tests.e2e.harness import PASSWORD, ServerProcess, Workstation, add_users
from tests.support.keyring_backend import MemoryKeyring

# The databases hold cases (and on the server, token hashes) by design.
DATA_STORES = {"cache.sqlite3", "server.db"}


def _is_data_store(path: Path) -> bool:
    return any(
        path.name in (name, f"{name}-wal", f"{name}-shm") for name in DATA_STORES
    )


def _forms(needle: str) -> set[bytes]:
    """The needle as UTF-8 and as a JSON escape (a log line may escape non-ASCII)."""
    return {needle.encode(), json.dumps(needle)[1:-1].encode()}


def scan(folders: Iterable[Path], needles: Iterable[str]) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in a file outside the data stores."""
    wanted = {needle: _forms(needle) for needle in needles}
    hits = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or _is_data_store(path):
                continue
            content = path.read_bytes()
            for needle, forms in wanted.items():
                if any(form in content for form in forms):
                    hits.append((str(path.relative_to(folder.parent)), needle))
    return hits


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = (sys.excepthook, threading.excepthook)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        for found in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(found)
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
    logging.captureWarnings(False)


@pytest.fixture
def logged_server(tmp_path: Path) -> Iterator[ServerProcess]:
    folder = tmp_path / "server"
    folder.mkdir()
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None)])
    process = ServerProcess(url, folder / "stdout.log")
    process.env = {
        "HOTLINE_LOG_LEVEL": "DEBUG",
        "HOTLINE_LOG_FILE": str(folder / "logs" / "server.jsonl"),
    }
    process.start()
    yield process
    process.stop()


def _markers(rng: random.Random) -> list[dict[str, str]]:
    """Callers no log line could mention by chance."""
    calls = []
    for index in range(4):
        tag = uuid.uuid4().hex[:8]
        calls.append(
            {
                "caller_name": f"测{tag}者{index}",
                "caller_number": f"139{rng.randrange(10**8):08d}",
                "callback_number": f"0839{rng.randrange(10**7):07d}",
                "address": f"利州区{tag}路{index + 1}号",
                "narrative": f"叙述{tag}：楼道积水三天无人处理",
            }
        )
    company = f"企{uuid.uuid4().hex[:8]}有限公司"
    code17 = f"91510802MA{rng.randrange(10**7):07d}"
    calls[3].update(
        requester_type="enterprise",
        enterprise_name=company,
        credit_code=code17 + check_character(code17),
    )
    return calls


def _token_entries(backend: MemoryKeyring) -> dict[str, str]:
    return {
        user: value
        for (service, user), value in backend.secrets.items()
        if service == credentials.SERVICE and user.startswith("tokens:")
    }


def _tokens(backend: MemoryKeyring) -> set[str]:
    found = set()
    for value in _token_entries(backend).values():
        entry = json.loads(value)
        found.update((entry["a"], entry["r"]))
    return found


def test_shift_leaves_no_tokens_or_personal_data_in_files(
    logged_server: ServerProcess,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    restored_logging: None,
) -> None:
    desk = tmp_path / "desk"
    folders = {name: desk / name for name in ("data", "config", "xdg")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    monkeypatch.setenv("HOTLINE_DESK_DATA_DIR", str(folders["data"]))
    monkeypatch.setenv("HOTLINE_DESK_CONFIG_DIR", str(folders["config"]))
    for kind in ("CONFIG", "DATA", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(folders["xdg"] / kind.lower()))
    (folders["config"] / "hotline-desk.ini").write_text(
        f"[settings]\nserver_url = {logged_server.url}\nlog_level = DEBUG\n",
        encoding="utf-8",
    )
    log_file = setup_logging(console=False)  # the level comes from the settings
    calls = _markers(random.Random(uuid.uuid4().int))
    tokens: set[str] = set()

    station = Workstation(folders["data"], logged_server.url, "op1")
    station.login()
    tokens |= _tokens(memory_keyring)
    session = station.transport.authenticator
    assert isinstance(session, credentials.Session)

    ids = [station.new_case(**call) for call in calls]
    station.edit(ids[0], narrative=calls[0]["narrative"] + "，补充说明")
    note = f"备注{uuid.uuid4().hex[:8]}：来电人要求回电"
    station.command(ids[1], "add_note", body=note)
    # Code that logs a number or a token by mistake is redacted, not written.
    logging.getLogger("app.shift").debug(
        "callback %s with %s", calls[2]["caller_number"], next(iter(tokens))
    )
    report = station.engine.sync_once()
    assert report.status == SyncStatus.ONLINE, report.message
    assert report.pushed == 6
    # A phone number in a query string reaches the server's access log.
    requests.get(
        f"{logged_server.url}/api/v1/sync/status?probe={calls[0]['caller_number']}",
        headers={"X-Hotline-Protocol": "1"},
        timeout=5,
    )

    assert session.renew()
    tokens |= _tokens(memory_keyring)
    assert station.engine.sync_once().status == SyncStatus.ONLINE
    credentials.logout(session)
    assert _token_entries(memory_keyring) == {}
    station.close()
    logged_server.stop()
    logging.shutdown()

    needles = {PASSWORD, note, *tokens}
    for call in calls:
        needles.update(call.values())
    needles -= {"enterprise"}
    assert len(tokens) == 4
    ws_text = log_file.read_text(encoding="utf-8")
    server_log = logged_server.log_path.parent / "logs" / "server.jsonl"
    server_lines = [json.loads(line) for line in server_log.read_text().splitlines()]
    # The scan would be empty-handed if nothing had been logged.
    assert " DEBUG app.shift: callback [phone] with [token]" in ws_text
    assert "online login done" in ws_text
    assert any(line["request_id"] for line in server_lines)
    assert any("probe=[phone]" in line["msg"] for line in server_lines)

    searched = [desk, logged_server.log_path.parent]
    scratch = log_file.parent / "scratch.txt"
    scratch.write_text(f"planted {calls[1]['address']}", encoding="utf-8")
    assert scan(searched, needles) == [
        (f"{desk.name}/data/logs/scratch.txt", calls[1]["address"])
    ]
    scratch.unlink()

    assert scan(searched, needles) == []
    stores = [folders["data"] / "cache.sqlite3", tmp_path / "server" / "server.db"]
    for store in stores:
        assert store.is_file()
        raw = b"".join(
            path.read_bytes() for path in store.parent.glob(store.name + "*")
        )
        assert [t for t in tokens | {PASSWORD} if t.encode() in raw] == []
