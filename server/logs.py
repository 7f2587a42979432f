"""Logging of the server: one JSON object a line, with the request id, redacted.

The same redaction as the workstation (``app.logs``) sits on every handler, uvicorn's
access log included (a query string can carry a phone number). The request id is
the one the HTTP middleware gives each request and returns in ``X-Request-Id``, so a
line in the log can be matched with the error a user reports.

Uvicorn workers are separate processes; they configure logging from the dict
``logging_config`` returns, so every worker logs the same way.
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.logs import QUIET_LOGGERS, RedactingFilter, install_excepthook

LEVEL_ENV = "HOTLINE_LOG_LEVEL"
FILE_ENV = "HOTLINE_LOG_FILE"
_MAX_BYTES = 10 * 1024 * 1024
_BACKUPS = 10

_request_id: ContextVar[str | None] = ContextVar("hotline_request_id", default=None)

log = logging.getLogger(__name__)


def set_request_id(value: str | None) -> None:
    """Name the request being served in this context (the HTTP middleware calls it)."""
    _request_id.set(value)


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get()
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request id, message."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None),
            "msg": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False)


def resolve(level: str | None, file: str | None) -> tuple[str, str | None]:
    """The level and file in force: the flags, else the environment, else defaults."""
    chosen = (level or os.environ.get(LEVEL_ENV) or "INFO").upper()
    if logging.getLevelName(chosen) == f"Level {chosen}":
        raise ValueError(f"unknown log level {chosen!r}")
    return chosen, file or os.environ.get(FILE_ENV) or None


def logging_config(
    level: str = "INFO", file: str | None = None, *, shared: bool = False
) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict (also uvicorn's ``log_config``).

    Without a file the lines go to stderr (a service manager's journal). A file one
    process writes rotates itself. A file several worker processes share (``shared``)
    is only appended to: a rotation by one worker would pull the file from under the
    others, so it is left to logrotate, and each worker reopens the file once it has
    been moved away.
    """
    handler: dict[str, Any]
    if file and shared:
        Path(file).parent.mkdir(parents=True, exist_ok=True)
        handler = {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": file,
            "encoding": "utf-8",
        }
    elif file:
        Path(file).parent.mkdir(parents=True, exist_ok=True)
        handler = {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": file,
            "maxBytes": _MAX_BYTES,
            "backupCount": _BACKUPS,
            "encoding": "utf-8",
        }
    else:
        handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    # Order matters: the request id is read before the record is rewritten.
    handler.update(formatter="json", filters=["request_id", "redact"])

    loggers: dict[str, Any] = {
        name: {"level": logging.getLevelName(quiet)}
        for name, quiet in QUIET_LOGGERS.items()
    }
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # Uvicorn's own handlers would bypass the redaction: send all to root.
        loggers[name] = {"level": level, "handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLineFormatter}},
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "redact": {"()": RedactingFilter},
        },
        "handlers": {"main": handler},
        "loggers": loggers,
        "root": {"level": level, "handlers": ["main"]},
    }


def setup_logging(
    level: str | None = None, file: str | None = None, *, shared: bool = False
) -> dict[str, Any]:
    """Configure this process's logging; returns the dict for uvicorn's workers.

    ``shared`` says several processes will write the same file (``serve --workers``).
    """
    chosen, path = resolve(level, file)
    config = logging_config(chosen, path, shared=shared)
    logging.config.dictConfig(config)
    install_excepthook(Path(path) if path else None)
    logging.captureWarnings(True)
    log.debug("logging at %s to %s", chosen, path or "stderr")
    return config
