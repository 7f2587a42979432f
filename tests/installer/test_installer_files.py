"""The installers write settings that app/config.py reads as the machine-wide layer.

The Windows installer cannot run here; what can drift silently is the contract
between its [Code] section, the settings template and app/config.py, so that is
what these tests pin down.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import config
from app.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "installer" / "hotline-desk.ini"
ISS = ROOT / "installer" / "windows" / "hotline-desk.iss"


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    machine_dir = tmp_path / "ProgramData" / "HotlineDesk"
    machine_dir.mkdir(parents=True)
    monkeypatch.setenv("HOTLINE_DESK_CONFIG_DIR", str(machine_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user"))
    for key in config.SETTING_KEYS:
        monkeypatch.delenv("HOTLINE_DESK_" + key.upper(), raising=False)
    return machine_dir / config.INI_NAME


def test_template_loads_and_changes_no_default(isolated: Path) -> None:
    isolated.write_bytes(TEMPLATE.read_bytes())

    settings = load_settings()

    assert settings.machine_file == isolated
    assert settings.as_dict() == config.Settings().as_dict()
    assert settings.locked == frozenset()


def test_template_documents_every_setting() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")

    documented = set(re.findall(r"^# (\w+) = ", text, flags=re.MULTILINE))

    assert documented == set(config.SETTING_KEYS) | {"locked"}


def test_windows_installer_writes_only_keys_config_reads() -> None:
    script = ISS.read_text(encoding="utf-8")

    written = set(re.findall(r"SetSetting\(Lines, '(\w+)'", script))
    (section,) = re.findall(r"SettingsSection = '(\w+)';", script)

    assert written == {
        "server_url",
        "ca_bundle",
        "station_prefix",
        "language",
        "locked",
    }
    assert written - {"locked"} <= set(config.SETTING_KEYS)
    assert section == config.SETTINGS_SECTION
    assert r"{commonappdata}\HotlineDesk\hotline-desk.ini" in script
    assert config.INI_NAME == "hotline-desk.ini"


def test_file_as_the_windows_installer_leaves_it_is_read(
    isolated: Path, tmp_path: Path
) -> None:
    # What SetSetting and SaveStringsToUTF8File produce for
    # /SERVER=... /CABUNDLE=... /STATION=gy01 /LOCK=server_url,ca_bundle: the template
    # with the keys added at the end of [settings], saved as UTF-8 with a BOM.
    bundle = tmp_path / "ca-bundle.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    end_of_settings = lines.index("[locked]")
    lines[end_of_settings:end_of_settings] = [
        "server_url = https://12345.example.gov.cn",
        f"ca_bundle = {bundle}",
        "station_prefix = GY01",
        "locked = server_url,ca_bundle",
    ]
    isolated.write_bytes("\r\n".join(lines).encode("utf-8-sig"))

    settings = load_settings({"server_url": "https://elsewhere.example.com"})

    assert settings.server_url == "https://12345.example.gov.cn"
    assert settings.ca_bundle == bundle
    assert settings.station_prefix == "GY01"
    assert settings.locked == {"server_url", "ca_bundle"}
