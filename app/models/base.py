"""The declarative base of the local cache and the column types every table shares."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import MetaData, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Fixed width so that text order is time order and indexes on times can be ranged.
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# Stable constraint names keep later Alembic migrations able to name what they alter.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone reached the cache; its meaning is unknown."""


def to_utc_text(value: datetime) -> str:
    """The stored form of an aware datetime: fixed-width ISO-8601 in UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError("naive datetime refused; use datetime.now(UTC)")
    return value.astimezone(UTC).strftime(_UTC_FORMAT)


def from_utc_text(value: str) -> datetime:
    return datetime.strptime(value, _UTC_FORMAT).replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC text; naive datetimes are refused."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"datetime expected, got {type(value).__name__}")
        return to_utc_text(value)

    def process_result_value(
        self, value: str | None, dialect: Dialect
    ) -> datetime | None:
        return None if value is None else from_utc_text(value)


class JSONText(TypeDecorator[Any]):
    """JSON kept as readable UTF-8 text: Chinese stays Chinese in the file."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}
