"""What every apply module shares: a page's outcome and the cache's stored forms.

`Applied` counts what one page did. The helpers turn the server's values into what
the cache stores (UTC text for times, compact JSON text) and give NOT NULL columns the
server left out a neutral value. Their underscore names are shared by the apply
modules only (apply.py, apply_cases.py, apply_records.py, apply_reference.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime

from app.models.base import Base, to_utc_text

# The cache's JSONText form (Chinese kept as it is), without json.dumps's set-up.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass
class Applied:
    """What one page did to the cache."""

    applied: int = 0
    ignored: int = 0
    removed: int = 0
    pending: int = 0
    cases: int = 0
    new_conflicts: list[str] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    removed_articles: list[str] = field(default_factory=list)


def _parse_time(value: Any) -> Any:
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


def _is_time(kind: Any) -> bool:
    # The cache keeps times in its own UTC type (a TypeDecorator over text).
    return isinstance(kind, DateTime) or "DateTime" in type(kind).__name__


def _stored_time(value: Any) -> str:
    """The cache's UTC text for a server time; the common UTC forms without parsing."""
    if isinstance(value, str):
        if len(value) == 32 and value.endswith("+00:00") and value[19] == ".":
            return value[:26] + "Z"
        if len(value) == 25 and value.endswith("+00:00"):
            return value[:19] + ".000000Z"
        value = _parse_time(value)
    if not isinstance(value, datetime):
        raise TypeError(f"time expected, got {type(value).__name__}")
    return to_utc_text(value)


def _fill_required(model: type[Base], values: dict[str, Any]) -> None:
    """Give NOT NULL columns the server left out a neutral value, never a guess."""
    for column in model.__table__.columns:
        name = column.key
        if name in values or column.nullable or column.primary_key:
            continue
        if column.default is not None or column.server_default is not None:
            continue
        if _is_time(column.type):
            values[name] = datetime.now(UTC)
        elif column.type.python_type is bool:
            values[name] = False
        elif column.type.python_type is int:
            values[name] = 0
        else:
            values[name] = ""
