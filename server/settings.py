"""Server settings: defaults, then environment variables, then command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

import platformdirs

_ENV_PREFIX = "HOTLINE_"


def default_database_url() -> str:
    """The embedded default: a SQLite file in the platform's data folder."""
    folder = Path(platformdirs.user_data_dir("hotline-server"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'hotline-server.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = ""
    max_body_bytes: int = 2 * 1024 * 1024
    access_ttl_seconds: int = 15 * 60
    refresh_ttl_seconds: int = 12 * 3600
    retention_days: int = 30
    # When set, overrides retention_days (tests and drills use a horizon of seconds).
    retention_seconds: int = 0
    # How often one server process looks for feed rows past the horizon.
    prune_interval_seconds: float = 300.0
    lockout_failures: int = 5
    lockout_window_seconds: int = 15 * 60
    lockout_seconds: int = 15 * 60
    # Login attempts allowed per client address in the rate window.
    login_rate_limit: int = 30
    login_rate_window_seconds: int = 60
    case_prefix: str = "GY"
    open311_api_keys: tuple[str, ...] = field(default_factory=tuple)
    open311_jurisdiction: str = "12345.guangyuan.gov.cn"
    pull_wait_seconds: float = 0.0

    @property
    def retention(self) -> timedelta:
        if self.retention_seconds > 0:
            return timedelta(seconds=self.retention_seconds)
        return timedelta(days=self.retention_days)

    def with_database(self, url: str | None) -> Settings:
        return replace(self, database_url=url or self.database_url)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        base = cls()
        values: dict[str, object] = {}
        for name, current in base.__dict__.items():
            raw = env.get(_ENV_PREFIX + name.upper())
            if raw is None:
                continue
            if isinstance(current, bool):
                values[name] = raw.lower() in ("1", "true", "yes")
            elif isinstance(current, int):
                values[name] = int(raw)
            elif isinstance(current, float):
                values[name] = float(raw)
            elif isinstance(current, tuple):
                values[name] = tuple(p for p in raw.split(",") if p)
            else:
                values[name] = raw
        settings = replace(base, **values)  # type: ignore[arg-type]
        if not settings.database_url:
            settings = replace(settings, database_url=default_database_url())
        return settings
