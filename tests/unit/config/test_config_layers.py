"""Settings layers: defaults, machine file, user file, environment, command line."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from app import config
from app.config import SettingsError, load_settings


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A machine folder named by HOTLINE_DESK_CONFIG_DIR and a private user folder."""
    machine_dir = tmp_path / "machine"
    machine_dir.mkdir()
    monkeypatch.setenv("HOTLINE_DESK_CONFIG_DIR", str(machine_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    for key in config.SETTING_KEYS:
        monkeypatch.delenv("HOTLINE_DESK_" + key.upper(), raising=False)
    user_file = config.user_config_file()
    user_file.parent.mkdir(parents=True)
    return machine_dir / "hotline-desk.ini", user_file


def test_defaults_when_no_file_exists(files: tuple[Path, Path]) -> None:
    settings = load_settings({})

    assert settings.language == "zh_CN"
    assert settings.ca_bundle is None
    assert settings.machine_file is None
    assert settings.user_file is None
    assert all(settings.source_of(key) == "default" for key in config.SETTING_KEYS)


def test_dataclass_fields_and_parsers_name_the_same_keys() -> None:
    defaults = config.Settings()
    assert set(defaults.as_dict()) == set(config.SETTING_KEYS)


def test_each_layer_overrides_the_one_before(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, user = files
    machine.write_text(
        "[settings]\n"
        "server_url = https://hotline.example.gov.cn\n"
        "station_prefix = gy01\n"
        "idle_lock_minutes = 5\n"
        "sync_interval_seconds = 30\n",
        encoding="utf-8",
    )
    user.write_text(
        "[settings]\nidle_lock_minutes = 7\nlanguage = en\nlog_level = debug\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOTLINE_DESK_IDLE_LOCK_MINUTES", "8")
    monkeypatch.setenv("HOTLINE_DESK_ENCRYPT_CACHE", "yes")

    settings = load_settings({"idle_lock_minutes": "9", "softphone_port": None})

    assert settings.server_url == "https://hotline.example.gov.cn"
    assert settings.station_prefix == "GY01"
    assert settings.sync_interval_seconds == 30
    assert settings.language == "en"
    assert settings.log_level == "DEBUG"
    assert settings.encrypt_cache is True
    assert settings.idle_lock_minutes == 9
    assert settings.softphone_port == config.Settings().softphone_port
    assert settings.source_of("server_url") == f"machine file {machine}"
    assert settings.source_of("language") == f"user file {user}"
    assert (
        settings.source_of("encrypt_cache") == "environment HOTLINE_DESK_ENCRYPT_CACHE"
    )
    assert settings.source_of("idle_lock_minutes") == "command line"
    assert settings.source_of("softphone_port") == "default"


def test_locked_section_and_locked_list_keep_it_values(
    files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    machine, user = files
    machine.write_text(
        "[settings]\n"
        "locked = idle_lock_minutes, language\n"
        "idle_lock_minutes = 3\n"
        "[locked]\n"
        "server_url = https://12345.example.gov.cn:8443/\n",
        encoding="utf-8",
    )
    user.write_text(
        "[settings]\nserver_url = https://evil.example.com\nidle_lock_minutes = 0\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOTLINE_DESK_LANGUAGE", "en")

    with caplog.at_level(logging.WARNING, logger="app.config"):
        settings = load_settings({"server_url": "https://other.example.com"})

    assert settings.server_url == "https://12345.example.gov.cn:8443"
    assert settings.idle_lock_minutes == 3
    assert settings.language == "zh_CN"
    assert settings.locked == {"server_url", "idle_lock_minutes", "language"}
    assert settings.is_locked("server_url")
    assert not settings.is_locked("log_level")
    assert settings.source_of("language") == "default"
    locked_warnings = [r for r in caplog.records if "locked" in r.getMessage()]
    assert len(locked_warnings) == 4
    assert all("evil" not in r.getMessage() for r in caplog.records)


def test_user_file_cannot_lock(files: tuple[Path, Path]) -> None:
    _, user = files
    user.write_text("[settings]\nlocked = language\nlanguage = en\n", encoding="utf-8")

    settings = load_settings({"language": "zh_CN"})

    assert settings.locked == frozenset()
    assert settings.language == "zh_CN"


@pytest.mark.parametrize(
    ("key", "value", "fragment_en"),
    [
        ("server_url", "ftp://hotline.example.gov.cn", "must look like"),
        ("server_url", "http://hotline.example.gov.cn", "must use https"),
        ("server_url", "https://user:pw@hotline.example.gov.cn", "user name"),
        ("server_url", "https://hotline.example.gov.cn:99999", "not a valid"),
        ("server_url", "hotline.example.gov.cn", "must look like"),
        ("ca_bundle", "/nonexistent/ca.pem", "does not exist"),
        ("station_prefix", "工位1", "letters or digits"),
        ("station_prefix", "", "letters or digits"),
        ("language", "fr", "zh_CN"),
        ("idle_lock_minutes", "ten", "whole number"),
        ("idle_lock_minutes", "-1", "whole number"),
        ("sync_interval_seconds", "1", "from 5 to 3600"),
        ("softphone_port", "70000", "whole number"),
        ("encrypt_cache", "maybe", "true or false"),
        ("log_level", "verbose", "log level"),
    ],
)
def test_bad_values_are_refused_in_both_languages(
    files: tuple[Path, Path], key: str, value: str, fragment_en: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({key: value})

    (problem,) = caught.value.problems
    assert problem.key == key
    assert problem.source == "command line"
    assert fragment_en in problem.message_en
    assert problem.message_zh
    assert problem.message_zh != problem.message_en
    assert " / " in str(caught.value)


def test_every_bad_value_is_listed_with_its_file(files: tuple[Path, Path]) -> None:
    machine, _ = files
    machine.write_text(
        "[settings]\nserver_url = http://10.0.0.5\nsoftphone_port = x\n"
        "locked = no_such_key\n",
        encoding="utf-8",
    )

    with pytest.raises(SettingsError) as caught:
        load_settings()

    assert {p.key for p in caught.value.problems} == {
        "server_url",
        "softphone_port",
        "locked",
    }
    assert all(str(machine) in p.source for p in caught.value.problems)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://localhost:8000/", "http://[::1]:9000"],
)
def test_plain_http_is_allowed_on_loopback(files: tuple[Path, Path], url: str) -> None:
    settings = load_settings({"server_url": url})

    assert settings.server_url == url.rstrip("/")


def test_ca_bundle_that_exists_is_kept_as_a_path(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    bundle = tmp_path / "centre-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")

    settings = load_settings({"ca_bundle": str(bundle)})

    assert settings.ca_bundle == bundle


def test_unreadable_machine_file_is_an_error_but_user_file_is_skipped(
    files: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    machine, user = files
    user.write_text("this is not an ini file\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="app.config"):
        settings = load_settings()
    assert settings.user_file == user
    assert any("unreadable" in r.getMessage() for r in caplog.records)

    machine.write_text("[settings\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "machine-wide" in caught.value.message_en


def test_machine_file_with_bom_and_chinese_comment_is_read(
    files: tuple[Path, Path],
) -> None:
    machine, _ = files
    machine.write_text(
        "\ufeff# 全市统一配置\n[settings]\nstation_prefix = CD\n", encoding="utf-8"
    )

    assert load_settings().station_prefix == "CD"


def test_command_line_flags_feed_the_last_layer(files: tuple[Path, Path]) -> None:
    parser = argparse.ArgumentParser()
    config.add_arguments(parser)
    namespace = parser.parse_args(
        ["--server-url", "https://a.example.gov.cn", "--no-encrypt-cache"]
    )

    settings = load_settings(config.overrides_from_args(namespace))

    assert settings.server_url == "https://a.example.gov.cn"
    assert settings.encrypt_cache is False
    assert settings.source_of("encrypt_cache") == "command line"
    assert settings.source_of("language") == "default"


def test_source_of_unknown_key_raises(files: tuple[Path, Path]) -> None:
    with pytest.raises(KeyError):
        load_settings().source_of("password")
