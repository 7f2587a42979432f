"""Login against a real server process on loopback, then offline from the verifier."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from app.views.config import DeskConfig
from app.views.desk_login import DeskAuthenticator, LoginTarget
from app.views.desk_store import DeskStore
from app.views.login_dialog import LoginDialog
from app.views.startup import Startup
from tests.e2e.harness import PASSWORD, ServerProcess, add_users, free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    url = f"sqlite:///{folder / 'server.db'}"
    add_users(url, [("op1", "operator", None)])
    process = ServerProcess(url, folder / "server.log")
    process.start()
    yield process
    process.stop()


def _log_in(qtbot, runner, auth, url: str, username: str, password: str):
    dialog = LoginDialog(url, runner, auth)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText(username)
    dialog.password_edit.setText(password)
    with qtbot.waitSignal(runner.finished, timeout=30_000):
        dialog.try_login()
    return dialog


def _startup(qapp, cache_path: Path, url: str, user: str, password: str) -> Startup:
    config = DeskConfig(
        server_url=url,
        cache_path=cache_path,
        screen_pop_port=0,
        idle_lock_minutes=60,
    )
    return Startup(qapp, config, user=user, password=password)


def test_online_login_then_offline_when_the_server_is_away(
    qtbot, qapp, runner, cache_path, server, memory_keyring
):
    store = DeskStore(cache_path)
    auth = DeskAuthenticator(LoginTarget(server.url, cache_path, "dev-gui"), store)

    dialog = _log_in(qtbot, runner, auth, server.url, "op1", PASSWORD)
    assert dialog.operator is not None and dialog.operator.online
    assert memory_keyring.secrets  # the tokens went to the credential store
    store.close()

    server.stop()
    refused = _log_in(qtbot, runner, auth, server.url, "op1", "wrong password")
    assert refused.operator is None
    assert "用户名或密码不正确" in refused.error_label.text()

    offline = _log_in(qtbot, runner, auth, server.url, "op1", PASSWORD)
    assert offline.operator is not None and not offline.operator.online
    assert offline.operator.role == "operator"
    assert auth.verify("op1", PASSWORD) and not auth.verify("op1", "nope")

    # --user with the password from the environment: the same path, then the
    # idle lock opens with the same verifier.
    startup = _startup(qapp, cache_path, server.url, "op1", PASSWORD)
    with qtbot.waitSignals([startup.ready, startup.logged_in], timeout=30_000):
        assert startup.begin()
    window = startup.window
    assert window.isVisible() and not window.operator.online
    window.lock()
    window.lock_overlay.password_edit.setText("wrong password")
    with qtbot.waitSignal(window.lock_overlay.refused, timeout=30_000):
        window.lock_overlay.try_unlock()
    assert window.is_locked()
    window.lock_overlay.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(window.lock_overlay.unlocked, timeout=30_000):
        window.lock_overlay.try_unlock()
    assert not window.is_locked()
    window.close()
    startup.shutdown()


def test_first_login_needs_the_server(qtbot, runner, cache_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    auth = DeskAuthenticator(LoginTarget(url, cache_path, "dev-gui"), None)
    dialog = _log_in(qtbot, runner, auth, url, "op1", PASSWORD)
    assert dialog.operator is None
    assert "首次登录需要连接服务器" in dialog.error_label.text()


def test_user_flag_with_a_wrong_password_stops(qtbot, qapp, cache_path):
    url = f"http://127.0.0.1:{free_port()}"
    startup = _startup(qapp, cache_path, url, "op1", "not it")
    with qtbot.waitSignal(startup.stopped, timeout=30_000) as stopped:
        startup.begin()
    assert "First login needs the server" in stopped.args[0]
    assert startup.window is None or not startup.window.isVisible()
    _close(startup)


def test_refused_credential_store_stops_the_start(qtbot, qapp, cache_path):
    keyring.set_keyring(FailKeyring())  # the autouse fixture restores the old one
    startup = _startup(qapp, cache_path, "http://127.0.0.1:9", "", "")
    with qtbot.waitSignal(startup.stopped, timeout=30_000) as stopped:
        startup.begin()
    assert "凭据存储" in stopped.args[0] and "credential store" in stopped.args[0]
    assert not startup.dialog.isVisible()
    _close(startup)


def _close(startup: Startup) -> None:
    if startup.window is not None:
        startup.window.close()
    if startup.dialog is not None:
        startup.dialog.close()
    startup.shutdown()


def test_encrypted_cache_logs_in_online_then_offline(
    qtbot, runner, tmp_path, server, memory_keyring
):
    """With encrypt_cache the verifier is read through SQLCipher, with its key."""
    cache_path = tmp_path / "encrypted.sqlite3"  # a new seat: the key is made now
    if server.process is None or server.process.poll() is not None:
        server.start()
    store = DeskStore(cache_path, encrypt=True)
    auth = DeskAuthenticator(LoginTarget(server.url, cache_path, "dev-enc"), store)

    online = _log_in(qtbot, runner, auth, server.url, "op1", PASSWORD)
    assert online.operator is not None and online.operator.online

    server.stop()
    offline = _log_in(qtbot, runner, auth, server.url, "op1", PASSWORD)
    assert offline.operator is not None and not offline.operator.online
    assert not auth.verify("op1", "wrong password")
    store.close()
    assert not cache_path.read_bytes().startswith(b"SQLite format 3")
