"""The self-test's checks, run from source against real files and keyring backends."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.models import migrate
from app.views import selftest


class PlaintextKeyring(KeyringBackend):
    """Stands for keyrings.alt's file backend, which must never be accepted."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("the self-test must not write to a plaintext store")

    def delete_password(self, service: str, username: str) -> None:
        return None


@pytest.mark.parametrize("backend", [fail.Keyring(), PlaintextKeyring()])
def test_keyring_check_refuses_missing_and_plaintext_stores(
    backend: KeyringBackend,
) -> None:
    keyring.set_keyring(backend)

    with pytest.raises(selftest.CheckFailed) as caught:
        selftest.check_keyring()

    message = str(caught.value)
    assert " / " in message
    assert "credential store" in message


def test_keyring_check_round_trips_and_leaves_nothing(memory_keyring: object) -> None:
    name = selftest.check_keyring()

    assert type(memory_keyring).__name__ in name
    assert keyring.get_credential(selftest._KEYRING_SERVICE, None) is None


def test_database_check_upgrades_with_backup_and_refuses_newer(tmp_path: Path) -> None:
    detail = selftest.check_database(tmp_path)

    assert migrate.head_revision() in detail
    assert len(list(tmp_path.glob("selftest-cache.sqlite3.rev-*.bak"))) == 1
    with closing(sqlite3.connect(tmp_path / "newer-cache.sqlite3")) as connection:
        (version,) = connection.execute(
            "SELECT version_num FROM alembic_version"
        ).fetchone()
    assert version == "ffffffffffff"


def test_upgrade_only_reports_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cache.sqlite3"
    previous = migrate.known_revisions()[-2]
    selftest.create_at_revision(path, previous)

    status = selftest.upgrade_only(["--upgrade-only", "--cache", str(path)])

    out = capsys.readouterr().out
    assert status == 0
    assert f"from {previous} to {migrate.head_revision()}" in out
    assert ".bak" in out


def test_upgrade_only_without_a_path_is_a_usage_error() -> None:
    assert selftest.upgrade_only(["--upgrade-only"]) == 2


def test_run_reports_each_check_and_fails_on_a_bad_settings_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "hotline-desk.ini").write_text(
        "[settings]\nserver_url = http://10.1.2.3\n", encoding="utf-8"
    )
    monkeypatch.setenv("HOTLINE_DESK_CONFIG_DIR", str(tmp_path))
    for variable in ("HOTLINE_DESK_DATA_DIR", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    status = selftest.run([])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert any(
        line.startswith("FAILED  settings:") and "https" in line for line in lines
    )
    assert any(line.startswith("ok      database:") for line in lines)
    assert lines[-1].startswith("self-test FAILED: settings")
