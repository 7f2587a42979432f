"""Where the workstation looks for settings and keeps its data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import config


def test_config_dir_variable_moves_the_machine_file(tmp_path: Path) -> None:
    environ = {"HOTLINE_DESK_CONFIG_DIR": str(tmp_path)}

    assert config.machine_config_file(environ) == tmp_path / "hotline-desk.ini"


def test_machine_file_is_in_the_platform_place() -> None:
    expected = {
        "win32": Path(r"C:\ProgramData\HotlineDesk\hotline-desk.ini"),
        "darwin": Path("/Library/Application Support/HotlineDesk/hotline-desk.ini"),
    }.get(sys.platform, Path("/etc/hotline-desk/hotline-desk.ini"))

    assert config.machine_config_file({}) == expected


def test_data_dir_follows_the_platform_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOTLINE_DESK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    folder = config.data_dir(create=True)

    assert folder.is_dir()
    assert folder.is_relative_to(tmp_path)
    assert config.cache_path() == folder / "hotline-desk.sqlite3"
    assert config.log_dir().is_relative_to(tmp_path)


def test_data_dir_variable_for_portable_installs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOTLINE_DESK_DATA_DIR", str(tmp_path / "portable"))

    assert config.cache_path(create_dir=True).parent == tmp_path / "portable"
    assert (tmp_path / "portable").is_dir()
    assert config.log_dir(create=True) == tmp_path / "portable" / "logs"


def test_network_share_data_dir_is_warned_about(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("HOTLINE_DESK_DATA_DIR", "//fileserver/profiles/op7")

    config.data_dir()

    assert any("network share" in r.getMessage() for r in caplog.records)
