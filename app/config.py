"""Workstation settings in layers, and where the workstation keeps its files.

Each layer overrides the one before it:

1. built-in defaults;
2. the machine-wide file IT installs (``hotline-desk.ini`` in ``/etc/hotline-desk/``
   on Linux, ``%ProgramData%\\HotlineDesk\\`` on Windows,
   ``/Library/Application Support/HotlineDesk/`` on macOS, or the folder named by
   ``HOTLINE_DESK_CONFIG_DIR``);
3. the user's own ``hotline-desk.ini`` in the platform's user config folder;
4. environment variables ``HOTLINE_DESK_<KEY>`` (``HOTLINE_DESK_SERVER_URL`` …);
5. command-line flags.

The machine file can lock keys so later layers cannot change them: values written
in its ``[locked]`` section are set and locked, and ``locked = key1, key2`` in its
``[settings]`` section locks keys whose values come from that file or the defaults.
An attempt to override a locked key is ignored with a warning.

Qt-free on purpose: the self-test, the installer tests and the command line read
settings without a display.
"""

from __future__ import annotations

import argparse
import configparser
import ipaddress
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs

logger = logging.getLogger(__name__)

INI_NAME = "hotline-desk.ini"
SETTINGS_SECTION = "settings"
LOCKED_SECTION = "locked"
ENV_PREFIX = "HOTLINE_DESK_"
CONFIG_DIR_ENV = "HOTLINE_DESK_CONFIG_DIR"
DATA_DIR_ENV = "HOTLINE_DESK_DATA_DIR"
CACHE_FILE_NAME = "hotline-desk.sqlite3"

Language = Literal["zh_CN", "en"]

# Windows and macOS show folder names to people; Linux keeps lower-case dot-free names.
_APP_DIR_NAME = "hotline-desk" if sys.platform.startswith("linux") else "HotlineDesk"

SOURCE_DEFAULT = "default"
SOURCE_ARGV = "command line"


@dataclass(frozen=True)
class SettingProblem:
    """One value that cannot be used, with where it came from."""

    key: str
    source: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.key} ({self.source}): {self.message_zh} / {self.message_en}"


class SettingsError(ValueError):
    """Settings that cannot be used; lists every problem found, in both languages."""

    def __init__(self, problems: Sequence[SettingProblem]) -> None:
        self.problems = tuple(problems)
        self.message_zh = "；".join(
            f"{p.key}（{p.source}）：{p.message_zh}" for p in self.problems
        )
        self.message_en = "; ".join(
            f"{p.key} ({p.source}): {p.message_en}" for p in self.problems
        )
        super().__init__(f"{self.message_zh} / {self.message_en}")


class _Invalid(ValueError):
    """Raised by a parser; carries the message in both languages."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Settings:
    """The settings in force, each with the layer it came from."""

    server_url: str = "http://127.0.0.1:8000"
    # None: verify TLS against the operating system's certificate store.
    ca_bundle: Path | None = None
    station_prefix: str = "WS"
    language: Language = "zh_CN"
    idle_lock_minutes: int = 10
    log_level: str = "INFO"
    encrypt_cache: bool = False
    sync_interval_seconds: int = 15
    softphone_port: int = 17345
    sources: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    locked: frozenset[str] = field(default_factory=frozenset, compare=False)
    machine_file: Path | None = field(default=None, compare=False)
    user_file: Path | None = field(default=None, compare=False)

    def source_of(self, key: str) -> str:
        """Where the value of ``key`` came from (for the diagnostics dialog)."""
        if key not in SETTING_KEYS:
            raise KeyError(key)
        return self.sources.get(key, SOURCE_DEFAULT)

    def is_locked(self, key: str) -> bool:
        return key in self.locked

    def as_dict(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in SETTING_KEYS}


# --- parsing of single values -------------------------------------------------------

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parse_server_url(raw: str) -> str:
    value = raw.strip()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise _Invalid(
            f"服务器地址无效：{value!r}", f"not a valid server address: {value!r}"
        ) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Invalid(
            "服务器地址应形如 https://hotline.example.gov.cn",
            "the server address must look like https://hotline.example.gov.cn",
        )
    if parts.username is not None or parts.password is not None:
        # A password in a settings file would be readable by anyone on the seat.
        raise _Invalid(
            "服务器地址中不能包含用户名或密码",
            "the server address must not contain a user name or password",
        )
    if parts.query or parts.fragment:
        raise _Invalid(
            "服务器地址中不能包含查询参数或片段",
            "the server address must not contain a query or fragment",
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise _Invalid(
            "非本机服务器必须使用 https",
            "a server other than this machine must use https",
        )
    if port == 0:
        raise _Invalid("服务器端口无效", "the server port is not valid")
    return value.rstrip("/")


def _parse_ca_bundle(raw: str) -> Path | None:
    value = raw.strip()
    if not value:
        return None
    path = Path(os.path.expandvars(value)).expanduser()
    if not path.is_file():
        raise _Invalid(
            f"找不到 CA 证书文件：{path}", f"the CA bundle file does not exist: {path}"
        )
    return path


_STATION_RE = re.compile(r"[A-Z0-9]{1,12}")


def _parse_station_prefix(raw: str) -> str:
    value = raw.strip().upper()
    if not _STATION_RE.fullmatch(value):
        raise _Invalid(
            "工位前缀应为 1 至 12 个字母或数字",
            "the station prefix must be 1 to 12 letters or digits",
        )
    return value


_LANGUAGES: dict[str, Language] = {
    "zh_cn": "zh_CN",
    "zh-cn": "zh_CN",
    "zh": "zh_CN",
    "zh_hans": "zh_CN",
    "zh-hans": "zh_CN",
    "en": "en",
    "en_us": "en",
    "en-us": "en",
    "en_gb": "en",
    "en-gb": "en",
}


def _parse_language(raw: str) -> Language:
    language = _LANGUAGES.get(raw.strip().lower())
    if language is None:
        raise _Invalid(
            "语言只能是 zh_CN（中文）或 en（英文）",
            "the language must be zh_CN (Chinese) or en (English)",
        )
    return language


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _parse_log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in _LOG_LEVELS:
        raise _Invalid(
            f"日志级别只能是 {'、'.join(_LOG_LEVELS)}",
            f"the log level must be one of {', '.join(_LOG_LEVELS)}",
        )
    return value


_TRUE = {"1", "true", "yes", "on", "是"}
_FALSE = {"0", "false", "no", "off", "否"}


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _Invalid("应为 true 或 false", f"expected true or false, not {raw.strip()!r}")


def _int_parser(
    low: int, high: int, note_zh: str, note_en: str
) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        text = raw.strip()
        try:
            value = int(text, 10)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise _Invalid(
                f"应为 {low} 至 {high} 之间的整数{note_zh}",
                f"expected a whole number from {low} to {high}{note_en}",
            )
        return value

    return parse


_PARSERS: dict[str, Callable[[str], Any]] = {
    "server_url": _parse_server_url,
    "ca_bundle": _parse_ca_bundle,
    "station_prefix": _parse_station_prefix,
    "language": _parse_language,
    "idle_lock_minutes": _int_parser(0, 480, "（0 表示不锁屏）", " (0 never locks)"),
    "log_level": _parse_log_level,
    "encrypt_cache": _parse_bool,
    "sync_interval_seconds": _int_parser(5, 3600, "", ""),
    "softphone_port": _int_parser(
        0, 65535, "（0 表示不监听）", " (0 turns the listener off)"
    ),
}

SETTING_KEYS: tuple[str, ...] = tuple(_PARSERS)


# --- where the files are --------------------------------------------------------------


def machine_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the machine-wide file IT installs."""
    env = os.environ if environ is None else environ
    override = env.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        program_data = (
            env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        )
        return Path(program_data) / "HotlineDesk"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/HotlineDesk")
    return Path("/etc/hotline-desk")


def machine_config_file(environ: Mapping[str, str] | None = None) -> Path:
    return machine_config_dir(environ) / INI_NAME


def user_config_file() -> Path:
    """The user's own settings file (local, not roaming, on Windows)."""
    folder = platformdirs.user_config_dir(_APP_DIR_NAME, appauthor=False, roaming=False)
    return Path(folder) / INI_NAME


def data_dir(*, create: bool = False) -> Path:
    """The user's local data folder: the cache database lives here.

    Local application data on purpose: SQLite's locking is not reliable on network
    shares, and a roaming profile would copy a live database between machines.
    ``HOTLINE_DESK_DATA_DIR`` overrides it for portable installs and tests.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    else:
        path = Path(
            platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False, roaming=False)
        )
    if _looks_like_network_share(path):
        logger.warning(
            "data folder %s looks like a network share; SQLite needs a local disk", path
        )
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def cache_path(*, create_dir: bool = False) -> Path:
    """The local cache database file."""
    return data_dir(create=create_dir) / CACHE_FILE_NAME


def log_dir(*, create: bool = False) -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override) / "logs"
    else:
        path = Path(platformdirs.user_log_dir(_APP_DIR_NAME, appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def _looks_like_network_share(path: Path) -> bool:
    text = str(path)
    # A UNC path (\\server\share) is the usual way a redirected profile shows up.
    return text.startswith(("\\\\", "//"))


# --- reading the layers ---------------------------------------------------------------


@dataclass
class _Layers:
    values: dict[str, Any]
    sources: dict[str, str]
    locked: set[str]
    problems: list[SettingProblem]


def _apply(layers: _Layers, key: str, raw: str, source: str) -> None:
    """Parse one value and put it in force, unless an earlier layer locked the key."""
    if key in layers.locked:
        logger.warning(
            "setting %s is locked by the machine-wide file; ignoring the value from %s",
            key,
            source,
        )
        return
    try:
        layers.values[key] = _PARSERS[key](raw)
    except _Invalid as exc:
        layers.problems.append(
            SettingProblem(key, source, exc.message_zh, exc.message_en)
        )
        return
    layers.sources[key] = source


def _read_ini(path: Path, layers: _Layers, *, machine: bool) -> bool:
    """Read one settings file; returns whether it existed."""
    if not path.is_file():
        return False
    origin = f"{'machine' if machine else 'user'} file {path}"
    parser = configparser.ConfigParser(interpolation=None, default_section="\x00")
    try:
        with path.open(encoding="utf-8-sig") as stream:
            parser.read_file(stream)
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        if machine:
            layers.problems.append(
                SettingProblem(
                    "-",
                    origin,
                    f"无法读取全机设置文件：{exc}",
                    f"cannot read the machine-wide settings file: {exc}",
                )
            )
        else:
            # A broken personal file must not keep an operator from taking calls.
            logger.warning("ignoring unreadable user settings file %s: %s", path, exc)
        return True

    locks: set[str] = set()
    for section in parser.sections():
        if section not in (SETTINGS_SECTION, LOCKED_SECTION):
            logger.warning("ignoring unknown section [%s] in %s", section, path)
            continue
        for key, raw in parser.items(section):
            if section == SETTINGS_SECTION and key == "locked":
                if machine:
                    locks.update(_split_keys(raw, origin, layers))
                else:
                    logger.warning("a user settings file cannot lock keys: %s", path)
                continue
            if key not in _PARSERS:
                logger.warning("ignoring unknown setting %s in %s", key, path)
                continue
            if section == LOCKED_SECTION and not machine:
                logger.warning("a user settings file cannot lock keys: %s", path)
            _apply(layers, key, raw, origin)
            if section == LOCKED_SECTION and machine:
                locks.add(key)

    layers.locked.update(locks)
    return True


def _split_keys(raw: str, origin: str, layers: _Layers) -> set[str]:
    keys = {part.strip() for part in raw.replace(";", ",").split(",") if part.strip()}
    unknown = sorted(keys - set(_PARSERS))
    for key in unknown:
        layers.problems.append(
            SettingProblem(
                "locked",
                origin,
                f"未知的设置项：{key}",
                f"unknown setting named in locked: {key}",
            )
        )
    return keys & set(_PARSERS)


def load_settings(
    argv_overrides: Mapping[str, object | None] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    machine_file: Path | None = None,
    user_file: Path | None = None,
) -> Settings:
    """Read every layer and return the settings in force.

    Args:
        argv_overrides: values given on the command line, by key; ``None`` values
            (flags not given) are skipped. See ``add_arguments``.
        environ: the environment to read (``os.environ`` when not given).
        machine_file, user_file: override the file locations (tests, diagnostics).

    Raises:
        SettingsError: listing every value that cannot be used and its source.
    """
    env = os.environ if environ is None else environ
    machine_path = machine_file or machine_config_file(env)
    user_path = user_file or user_config_file()
    layers = _Layers(values={}, sources={}, locked=set(), problems=[])

    machine_found = _read_ini(machine_path, layers, machine=True)
    user_found = _read_ini(user_path, layers, machine=False)

    for key in SETTING_KEYS:
        name = ENV_PREFIX + key.upper()
        if name in env:
            _apply(layers, key, env[name], f"environment {name}")

    for key, value in (argv_overrides or {}).items():
        if value is None:
            continue
        if key not in _PARSERS:
            raise KeyError(f"unknown setting {key!r}")
        raw = ("true" if value else "false") if isinstance(value, bool) else str(value)
        _apply(layers, key, raw, SOURCE_ARGV)

    if layers.problems:
        raise SettingsError(layers.problems)
    settings = Settings(
        **layers.values,
        sources=MappingProxyType(dict(layers.sources)),
        locked=frozenset(layers.locked),
        machine_file=machine_path if machine_found else None,
        user_file=user_path if user_found else None,
    )
    logger.info(
        "settings loaded (machine file %s, user file %s, locked %s)",
        "found" if machine_found else "absent",
        "found" if user_found else "absent",
        ",".join(sorted(settings.locked)) or "none",
    )
    return settings


# --- command line ---------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one ``--key-name VALUE`` flag per setting (the last settings layer)."""
    group = parser.add_argument_group("settings")
    for key in SETTING_KEYS:
        flag = "--" + key.replace("_", "-")
        if key == "encrypt_cache":
            group.add_argument(
                flag, dest=key, action=argparse.BooleanOptionalAction, default=None
            )
        else:
            group.add_argument(flag, dest=key, metavar=key.upper(), default=None)


def overrides_from_args(namespace: argparse.Namespace) -> dict[str, object | None]:
    """The settings given on the command line, ready for ``load_settings``."""
    return {key: getattr(namespace, key, None) for key in SETTING_KEYS}
