"""What the workstation keeps for sync: drafts, the outbox, cursors and counters,
conflicts and rejections the author must see."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, JSONText

_ID = String(36)
_USER = String(64)


class Draft(Base):
    """What the operator has typed, autosaved so a crash or re-login loses nothing."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    owner: Mapped[str] = mapped_column(_USER, index=True)
    # The case being edited, or None for a new case; no foreign key because the case
    # may leave this workstation's scope while the draft is kept.
    case_id: Mapped[str | None] = mapped_column(_ID)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONText)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Outbox(Base):
    """A mutation waiting for (or answered by) the server, in the wire's shape."""

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    client_id: Mapped[str] = mapped_column(_ID)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(_ID, index=True)
    base_version: Mapped[int | None]
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    created_at: Mapped[datetime]
    author: Mapped[str] = mapped_column(_USER)
    # pending, then the server's answer (applied, duplicate, merged, conflict,
    # rejected), or parked when the engine gave up on it.
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("client_id", "seq"),
        Index("ix_outbox_state_seq", "state", "seq"),
    )


class SyncState(Base):
    """Small named values: pull cursors, client id, counters for numbers and seqs."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class Conflict(Base):
    """Both values of a field two people changed; shown to author and supervisor."""

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    case_id: Mapped[str | None] = mapped_column(_ID, index=True)
    mutation_id: Mapped[str | None] = mapped_column(_ID)
    field: Mapped[str] = mapped_column(String(64))
    base_value: Mapped[Any] = mapped_column(JSONText, nullable=True)
    local_value: Mapped[Any] = mapped_column(JSONText, nullable=True)
    server_value: Mapped[Any] = mapped_column(JSONText, nullable=True)
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(_USER)
    server_version: Mapped[int | None]


class Rejection(Base):
    """A mutation the server refused, with its reason, until the author has seen it."""

    __tablename__ = "rejections"

    id: Mapped[str] = mapped_column(_ID, primary_key=True)
    mutation_id: Mapped[str] = mapped_column(_ID, unique=True)
    case_id: Mapped[str | None] = mapped_column(_ID, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    reason_zh: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
