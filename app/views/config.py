"""The settings the views use, read from app.config's layered settings.

Not a second settings system: app.config reads and checks the layers; this only
picks what the widgets need and lets the command line's cache and language win.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DeskConfig:
    server_url: str = "http://127.0.0.1:8000"
    station: str = "WS"
    language: str = "zh"
    cache_path: Path | None = None
    ca_bundle: Path | None = None
    idle_lock_minutes: float = 10.0
    screen_pop_port: int = 17345
    autosave_seconds: float = 3.0
    sync_interval_seconds: int = 15
    encrypt_cache: bool = False


def desk_config(
    *, cache: Path | None = None, language: str | None = None, environ=None
) -> DeskConfig:
    """Read app.config's layers; the command line's cache and language win."""
    from app import config

    overrides = {"language": {"zh": "zh_CN", "en": "en"}.get(language or "")}
    settings = config.load_settings(overrides, environ=environ)
    return DeskConfig(
        server_url=settings.server_url,
        station=settings.station_prefix,
        language="en" if settings.language == "en" else "zh",
        cache_path=cache or config.cache_path(create_dir=True),
        ca_bundle=settings.ca_bundle,
        idle_lock_minutes=float(settings.idle_lock_minutes),
        screen_pop_port=settings.softphone_port,
        sync_interval_seconds=settings.sync_interval_seconds,
        encrypt_cache=settings.encrypt_cache,
    )
